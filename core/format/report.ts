// What every formatter reads: one entry per linted file. Formatters are pure functions of these, so the CLI, the
// language server and the tests share them.
import type { Finding, Kind, Range } from '../types';

export interface FileReport {
  /** The path as the user gave it or as it was found (relative when given relative); `<stdin>` for unnamed input. */
  file: string;
  /** Absolute path, when the input has one (SARIF makes it relative to the source root). */
  path?: string;
  kind: Kind;
  /** The text the findings refer to (after fixes, when fixing). */
  text: string;
  /** Every finding, suppressed ones included (only SARIF shows those). */
  findings: Finding[];
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  /** Findings `--fix` would fix. */
  safeFixable: number;
  /** Findings only `--fix --unsafe-fixes` would fix. */
  unsafeFixable: number;
}

/** Findings shown to the user: suppressed ones never count. */
export function visibleFindings(report: FileReport): Finding[] {
  return report.findings.filter((f) => !f.suppressed);
}

export function emptySummary(): Summary {
  return { errors: 0, warnings: 0, infos: 0, safeFixable: 0, unsafeFixable: 0 };
}

/** Adds one file's visible findings to `s`. */
export function addToSummary(s: Summary, report: FileReport): Summary {
  for (const f of report.findings) {
    if (f.suppressed) continue;
    if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else s.infos++;
    // What pickFix() would take under --fix, else under --fix --unsafe-fixes.
    if (f.fixes.some((x) => x.safety === 'safe')) s.safeFixable++;
    else if (f.fixes.some((x) => x.safety === 'unsafe')) s.unsafeFixable++;
  }
  return s;
}

export function addSummaries(into: Summary, from: Summary): Summary {
  into.errors += from.errors;
  into.warnings += from.warnings;
  into.infos += from.infos;
  into.safeFixable += from.safeFixable;
  into.unsafeFixable += from.unsafeFixable;
  return into;
}

export function summarize(reports: readonly FileReport[]): Summary {
  const s = emptySummary();
  for (const report of reports) addToSummary(s, report);
  return s;
}

/** 1-based line and column (UTF-16 code unit + 1); the end column is exclusive, as in ESLint and SARIF. */
export interface Position1 { line: number; column: number; endLine: number; endColumn: number }

export function toPosition1(range: Range): Position1 {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}
