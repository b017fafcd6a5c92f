// What every formatter reads: one entry per linted file. Formatters are pure functions of these, so the CLI, the
// language server and the tests share them.
import { pickFix } from '../engine';
import type { Finding, Kind, Range, Severity } from '../types';

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

export function summarize(reports: readonly FileReport[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, infos: 0, safeFixable: 0, unsafeFixable: 0 };
  const count: Record<Severity, 'errors' | 'warnings' | 'infos'> = { error: 'errors', warning: 'warnings', info: 'infos' };
  for (const report of reports) {
    for (const f of visibleFindings(report)) {
      s[count[f.severity]]++;
      if (pickFix(f, ['safe'])) s.safeFixable++;
      else if (pickFix(f, ['unsafe'])) s.unsafeFixable++;
    }
  }
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
