// Everything the CLI does besides --help and --version: find files, lint or fix them, print a report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { docsPath, docsUrl } from '../core/docs';
import { detectFileKind, expandPaths, findGitRoot, isShellScriptFile } from '../core/files';
import { addSummaries, cliMessage, emptySummary, FormatOptions, ReportStream } from '../core/format';
import { nodeFileHost, runFileHost } from '../core/host';
import { detectKind } from '../core/kinds';
import { Locale, localeFromEnv, ruleDescription } from '../core/l10n';
import { RULES } from '../rules';
import { CliOptions, UsageError } from './args';
import { lintInParallel, ParallelLimits, wantsLintWorker } from './parallel';
import { configResolverOrReport, createSession, lintTarget, ruleMetas, Target, TargetOutcome } from './session';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  readStdin(): Promise<string>;
  /** The installed package (holding docs/). */
  packageRoot: string;
  /** The script a lint worker thread runs (the CLI's own entry point); without it every file is linted here. */
  lintWorker?: string;
  /** When to lint on a worker thread too (tests lower them). */
  parallelLimits?: ParallelLimits;
}

/** Colour: --color/--no-color, then FORCE_COLOR (Node's precedence over NO_COLOR), then NO_COLOR, then a TTY. */
export function colorEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}

/** The folder with package.json above `dir` (dist/ in the package, out/cli/ in tests). */
export function findPackageRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return path.resolve(dir, '..');
  }
}

function readDoc(packageRoot: string, ruleId: string): string | undefined {
  try {
    return fs.readFileSync(docsPath(packageRoot, ruleId), 'utf8');
  } catch {
    return undefined;
  }
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Rule ids close to a mistyped one, best first. */
export function suggestRules(input: string, ids: readonly string[]): string[] {
  const wanted = input.toLowerCase();
  const scored = ids.map((id) => {
    const name = id.slice(id.indexOf('/') + 1);
    const d = Math.min(editDistance(wanted, id), editDistance(wanted, name));
    const contains = id.includes(wanted) || (wanted.length > 3 && wanted.includes(name));
    return { id, d: contains ? 0 : d };
  });
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return scored.filter((s) => s.d <= limit).sort((a, b) => a.d - b.d || a.id.localeCompare(b.id)).slice(0, 3).map((s) => s.id);
}

function listRules(options: CliOptions, io: Io): number {
  const rules = ruleMetas();
  if (options.format === 'json') {
    io.stdout(JSON.stringify(rules.map((m) => ({
      id: m.id, severity: m.severity, fix: m.fix, profile: m.profile, description: m.description, tags: m.tags,
      docs: docsUrl(m.id),
    })), null, 2) + '\n');
    return 0;
  }
  const locale = options.lang ?? localeFromEnv(io.env);
  const columns = (['columnRule', 'columnSeverity', 'columnFix', 'columnProfile', 'columnDescription'] as const)
    .map((id) => cliMessage(locale, id));
  const rows = [columns,
    ...rules.map((m) => [m.id, m.severity, m.fix, m.profile, ruleDescription(locale, m)])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  io.stdout(rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n') + '\n');
  return 0;
}

function explain(input: string, locale: Locale, io: Io): number {
  const ids = RULES.map((r) => r.meta.id);
  // A bare name (`permit-root-login`) is accepted when only one family has it.
  const bare = ids.filter((id) => id.slice(id.indexOf('/') + 1) === input);
  const id = ids.includes(input) ? input : bare.length === 1 ? bare[0] : undefined;
  if (!id) {
    const suggestions = suggestRules(input, ids);
    throw new UsageError(suggestions.length > 0
      ? cliMessage(locale, 'unknownRuleSuggestions', { rule: input, suggestions: suggestions.join(', ') })
      : cliMessage(locale, 'unknownRule', { rule: input }), false);
  }
  const doc = readDoc(io.packageRoot, id);
  if (doc !== undefined) {
    io.stdout(doc.endsWith('\n') ? doc : doc + '\n');
  } else {
    const meta = RULES.find((r) => r.meta.id === id)!.meta;
    io.stdout(`# ${id}\n\n${ruleDescription(locale, meta)}\n\n${cliMessage(locale, 'explainNoDoc', { url: docsUrl(id) })}\n`);
  }
  return 0;
}

function kindHint(locale: Locale, file: string): string {
  return cliMessage(locale, 'unknownKind', { file });
}

export async function run(options: CliOptions, io: Io): Promise<number> {
  if (options.listRules) return listRules(options, io);
  if (options.explain !== undefined) return explain(options.explain, options.lang ?? localeFromEnv(io.env), io);
  if (options.report) return (await import('./report')).runReport(options, io);

  const locale: Locale = options.lang ?? localeFromEnv(io.env);
  /** Reasons for exit status 2, printed at the end (other files are still linted). */
  const failures: string[] = [];
  const notes: string[] = [];
  // An unusable --config stops the run before any file is read.
  const configFor = configResolverOrReport(options, io, locale);
  if (!configFor) return 2;

  const targets: Target[] = [];
  // Expanding the paths (sshd Includes) and linting read through one host: a file or folder is read once per run.
  const host = runFileHost(nodeFileHost());
  /** Scripts read to tell whether they are firewall files: not read again. */
  const sniffed = new Map<string, string>();
  let stdinText: string | undefined;
  if (options.stdin) {
    const name = options.stdinFilename;
    const abs = path.resolve(io.cwd, name ?? '<stdin>');
    stdinText = await io.readStdin();
    const kind = options.kind ?? (name !== undefined ? detectKind(abs, stdinText) : undefined);
    if (!kind) {
      throw new UsageError(name !== undefined ? kindHint(locale, name) : cliMessage(locale, 'unknownStdinKind'), false);
    }
    targets.push({ file: name ?? '<stdin>', abs, named: name !== undefined, kind, explicit: true });
  } else {
    const inputs = options.paths.length > 0 ? options.paths : ['.'];
    // Files a main sshd_config of the run includes are its sshd drop-ins, whatever their names.
    const expansion = expandPaths(inputs, io.cwd, { kind: options.kind, configuredSshdir: (abs) => configFor(abs).sshd.sshdir, host });
    for (const e of expansion.errors) failures.push(cliMessage(locale, 'cannotRead', { file: e.path, error: e.message }));
    const unknown: string[] = [];
    for (const f of expansion.files) {
      const abs = f.abs;
      const kind = options.kind ?? f.kind ?? detectFileKind(abs, (text) => sniffed.set(abs, text));
      if (f.text !== undefined) sniffed.set(abs, f.text);
      // A script that runs no firewall command is not ours (pre-commit passes every *.sh): say so, do not fail.
      if (!kind && isShellScriptFile(abs)) notes.push(cliMessage(locale, 'shellScriptNotLinted', { file: f.file }));
      else if (!kind) unknown.push(f.file);
      else targets.push({ file: f.file, abs, named: true, kind, explicit: f.explicit, ...(f.sshdInclusion ? { sshdInclusion: f.sshdInclusion } : {}) });
    }
    if (unknown.length > 0) throw new UsageError(unknown.map((file) => kindHint(locale, file)).join('\nhardlint: '), false);
    if (targets.length === 0 && expansion.errors.length === 0) {
      notes.push(cliMessage(locale, 'nothingFound', { paths: inputs.join(', ') }));
    }
  }

  // When standard output carries a diff or the fixed text, the report goes to stderr (or --output-file).
  const stdoutTaken = options.fixDryRun || (options.stdin && options.fix);
  const toStderr = stdoutTaken && options.outputFile === undefined;
  const isTTY = options.outputFile !== undefined ? false : toStderr ? io.stderrIsTTY : io.stdoutIsTTY;
  const formatOptions: FormatOptions = {
    color: colorEnabled(options.color, io.env, isTTY),
    locale,
    // Only SARIF lists the rules (sorting them needs the locale's collation: a few ms to load).
    rules: options.format === 'sarif' ? ruleMetas() : [],
    sourceRoot: findGitRoot(io.cwd) ?? io.cwd,
  };
  const session = createSession(options, io.cwd, formatOptions, configFor, stdinText, targets, host);
  for (const [abs, text] of sniffed) session.host.remember(abs, text);
  const packageRoot = io.packageRoot;
  const output = openOutput(options, io, toStderr, failures, locale);
  const report = new ReportStream(
    options.format, { ...formatOptions, ruleHelp: (id) => readDoc(packageRoot, id) }, output.write, output.chunked ? undefined : 0);
  const summary = emptySummary();
  const reportedConfigErrors = new Set<string>();
  const take = (o: TargetOutcome): void => {
    if (o.configError !== undefined && !reportedConfigErrors.has(o.configError)) {
      failures.push(o.configError);
      reportedConfigErrors.add(o.configError);
    }
    if (o.failure !== undefined) failures.push(o.failure);
    if (o.note !== undefined) notes.push(o.note);
    if (o.text !== undefined) {
      addSummaries(summary, o.summary!);
      report.add(o.text, o.summary!);
    }
  };
  if (io.lintWorker !== undefined && !session.fixing && stdinText === undefined && wantsLintWorker(targets.length, io.parallelLimits)) {
    for (const o of (await lintInParallel(targets, session, io.lintWorker, io.parallelLimits)).outcomes) take(o);
  } else {
    // Each file's part of the report is written as soon as it is linted: a big run never holds the whole report.
    for (const target of targets) take(lintTarget(target, session));
  }

  if (options.fixDryRun) io.stdout(session.diffs.join(''));
  if (options.stdin && options.fix) io.stdout(session.fixedStdout ?? stdinText ?? '');
  report.end();
  output.close();

  for (const n of notes) io.stderr(`hardlint: ${n}\n`);
  for (const f of failures) io.stderr(`hardlint: ${f}\n`);
  if (failures.length > 0) return 2;
  if (summary.errors > 0) return 1;
  if (options.maxWarnings !== undefined) {
    if (summary.warnings <= options.maxWarnings) return 0;
    io.stderr(`hardlint: ${cliMessage(locale, 'tooManyWarnings', { count: summary.warnings, maximum: options.maxWarnings })}\n`);
    return 1;
  }
  return summary.warnings > 0 ? 1 : 0;
}

/** Bytes gathered before a write to --output-file: few system calls, and each piece encoded once, straight into it. */
const OUTPUT_BUFFER_BYTES = 1 << 20;

/**
 * Where the report goes: --output-file, else stdout, or stderr when stdout carries a diff or the fixed text (that
 * report is held until the end, so that it follows them as before). A file that cannot be written is one failure.
 * `chunked` says whether the sink wants the report's text in chunks (stdout, stderr) or piece by piece (the file).
 */
function openOutput(
  options: CliOptions, io: Io, toStderr: boolean, failures: string[], locale: Locale,
): { write(text: string): void; close(): void; chunked: boolean } {
  if (options.outputFile === undefined) {
    if (!toStderr) return { write: (text) => io.stdout(text), close: () => undefined, chunked: true };
    const held: string[] = [];
    return { write: (text) => { held.push(text); }, close: () => { for (const t of held) io.stderr(t); }, chunked: true };
  }
  let fd: number | undefined;
  let failed = false;
  const fail = (e: unknown): void => {
    if (!failed) failures.push(cliMessage(locale, 'cannotWrite', { file: options.outputFile!, error: (e as Error).message }));
    failed = true;
  };
  try {
    fd = fs.openSync(path.resolve(io.cwd, options.outputFile), 'w');
  } catch (e) {
    fail(e);
  }
  const buffer = Buffer.allocUnsafe(OUTPUT_BUFFER_BYTES);
  let used = 0;
  const writeAll = (bytes: Uint8Array, length: number): void => {
    for (let at = 0; at < length; ) at += fs.writeSync(fd!, bytes, at, length - at);
  };
  const flush = (): void => {
    if (used > 0 && fd !== undefined && !failed) {
      try {
        writeAll(buffer, used);
      } catch (e) {
        fail(e);
      }
    }
    used = 0;
  };
  return {
    write(text) {
      if (fd === undefined || failed) return;
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      if (used + text.length * 3 > buffer.length) flush();
      if (text.length * 3 > buffer.length) {
        try {
          const bytes = Buffer.from(text, 'utf8');
          writeAll(bytes, bytes.length);
        } catch (e) {
          fail(e);
        }
        return;
      }
      used += buffer.write(text, used, 'utf8');
    },
    close() {
      flush();
      if (fd !== undefined) fs.closeSync(fd);
    },
    chunked: false,
  };
}
