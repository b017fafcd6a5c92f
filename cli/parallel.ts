// Linting many files on two threads: the main thread and one worker thread take batches of files in turn from a
// shared counter, so that neither waits for the other whatever the files cost, and each formats its own files' parts of
// the report. The main thread puts the parts back in file order: the output is the one a single thread gives.
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ruleMetas, configResolver, createSession, lintTarget, LintSession, Target, TargetOutcome } from './session';
import type { CliOptions } from './args';
import type { FileFormatOptions } from '../core/format';

/**
 * When a second lint thread pays for itself. It loads and warms up the linter again (its own JIT compilation: on the
 * bench's 2,300 small files the two threads used 1.4 times the CPU time of one), while V8 already compiles and collects
 * garbage on other cores for a single thread. Measured on 2 cores: no faster than one thread, even on 4 times the
 * bench's files; so a worker is only started when there are cores to spare for both.
 */
export interface ParallelLimits {
  minFiles: number;
  minCpus: number;
  /** False: the main thread only lints what the worker did not deliver (tests check the worker that way). */
  mainThreadLints?: boolean;
}

export const PARALLEL_LIMITS: ParallelLimits = { minFiles: 200, minCpus: 4 };

export function wantsLintWorker(files: number, limits: ParallelLimits = PARALLEL_LIMITS): boolean {
  return files >= limits.minFiles && os.availableParallelism() >= limits.minCpus;
}

/** Files taken from the counter at a time: small enough that both threads finish together. */
const BATCH = 8;

/** What the CLI gives its lint worker (plain data: it is copied into the worker). */
export interface LintWorkerData {
  hardlintLintWorker: true;
  options: CliOptions;
  cwd: string;
  formatOptions: Omit<FileFormatOptions, 'rules'>;
  targets: Target[];
  /** One Int32: the index of the next file nobody has taken. */
  next: SharedArrayBuffer;
}

interface BatchMessage { start: number; outcomes: TargetOutcome[] }

function takeBatches(targets: readonly Target[], next: Int32Array, lintBatch: (start: number, end: number) => void): void {
  for (;;) {
    const start = Atomics.add(next, 0, BATCH);
    if (start >= targets.length) return;
    lintBatch(start, Math.min(start + BATCH, targets.length));
  }
}

/**
 * Lints `targets` on this thread and on a worker running `script` (the CLI entry point, which hands over to
 * serveLintWorker()). Whatever the worker did not deliver (it failed to start or stopped) is linted here, so an
 * error in the engine surfaces as it would on one thread.
 */
export async function lintInParallel(
  targets: Target[], session: LintSession, script: string, limits: ParallelLimits = PARALLEL_LIMITS,
): Promise<{ outcomes: TargetOutcome[]; byWorker: number }> {
  const outcomes: (TargetOutcome | undefined)[] = new Array(targets.length).fill(undefined);
  let byWorker = 0;
  const next = new SharedArrayBuffer(4);
  let finished: Promise<void> = Promise.resolve();
  const { rules: _, ...formatOptions } = session.formatOptions;
  const workerData: LintWorkerData = {
    hardlintLintWorker: true, options: session.options, cwd: session.cwd, formatOptions, targets, next,
  };
  try {
    const worker = new Worker(script, { workerData, stdout: false, stderr: false });
    finished = new Promise((resolve) => {
      worker.on('message', (m: BatchMessage) => {
        for (let k = 0; k < m.outcomes.length; k++) outcomes[m.start + k] = m.outcomes[k];
        byWorker += m.outcomes.length;
      });
      worker.on('error', () => { /* its files are linted below */ });
      worker.on('exit', () => resolve());
    });
  } catch {
    // No worker (e.g. thread limits): this thread lints everything.
  }
  if (limits.mainThreadLints !== false) {
    takeBatches(targets, new Int32Array(next), (start, end) => {
      for (let i = start; i < end; i++) outcomes[i] = lintTarget(targets[i], session);
    });
  }
  await finished;
  return { outcomes: outcomes.map((o, i) => o ?? lintTarget(targets[i], session)), byWorker };
}

/** The worker's side: lints batches until none is left, posting each batch's outcomes. */
export function serveLintWorker(data: LintWorkerData, post: (message: BatchMessage) => void): void {
  const rules = data.options.format === 'sarif' ? ruleMetas() : [];
  const configFor = configResolver(data.options, data.cwd);
  const session = createSession(data.options, data.cwd, { ...data.formatOptions, rules }, configFor, undefined, data.targets);
  const counter = new Int32Array(data.next);
  takeBatches(data.targets, counter, (start, end) => {
    const batch: TargetOutcome[] = [];
    for (let i = start; i < end; i++) batch.push(lintTarget(data.targets[i], session));
    post({ start, outcomes: batch });
  });
}
