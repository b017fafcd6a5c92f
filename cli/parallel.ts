// Linting many files on two threads: the main thread and one worker thread take batches of files in turn from a
// shared counter, so that neither waits for the other whatever the files cost, and each formats its own files' parts of
// the report. The main thread puts the parts back in file order: the output is the one a single thread gives.
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ruleMetas, configResolver, createSession, lintTarget, LintSession, Target, TargetOutcome } from './session';
import type { CliOptions } from './args';
import type { FileFormatOptions } from '../core/format';

/**
 * Below this many files a second thread does not pay for itself: starting it and loading the linter into it costs
 * about as much as linting a hundred small files.
 */
export const PARALLEL_MIN_FILES = 150;

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
export async function lintInParallel(targets: Target[], session: LintSession, script: string): Promise<TargetOutcome[]> {
  const outcomes: (TargetOutcome | undefined)[] = new Array(targets.length).fill(undefined);
  const next = new SharedArrayBuffer(4);
  let finished: Promise<void> = Promise.resolve();
  if (os.availableParallelism() > 1) {
    const { rules: _, ...formatOptions } = session.formatOptions;
    const workerData: LintWorkerData = {
      hardlintLintWorker: true, options: session.options, cwd: session.cwd, formatOptions, targets, next,
    };
    try {
      const worker = new Worker(script, { workerData, stdout: false, stderr: false });
      finished = new Promise((resolve) => {
        worker.on('message', (m: BatchMessage) => {
          for (let k = 0; k < m.outcomes.length; k++) outcomes[m.start + k] = m.outcomes[k];
        });
        worker.on('error', () => { /* its files are linted below */ });
        worker.on('exit', () => resolve());
      });
    } catch {
      // No worker (e.g. thread limits): this thread lints everything.
    }
  }
  const counter = new Int32Array(next);
  takeBatches(targets, counter, (start, end) => {
    for (let i = start; i < end; i++) outcomes[i] = lintTarget(targets[i], session);
  });
  await finished;
  return outcomes.map((o, i) => o ?? lintTarget(targets[i], session));
}

/** The worker's side: lints batches until none is left, posting each batch's outcomes. */
export function serveLintWorker(data: LintWorkerData, post: (message: BatchMessage) => void): void {
  const session = createSession(data.options, data.cwd, { ...data.formatOptions, rules: ruleMetas() }, configResolver(data.options, data.cwd), undefined, data.targets);
  const counter = new Int32Array(data.next);
  takeBatches(data.targets, counter, (start, end) => {
    const batch: TargetOutcome[] = [];
    for (let i = start; i < end; i++) batch.push(lintTarget(data.targets[i], session));
    post({ start, outcomes: batch });
  });
}
