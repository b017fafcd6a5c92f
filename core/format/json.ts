// `--format json`: the public contract, one entry per linted file (findings possibly empty).
import { FileReport, toPosition1, visibleFindings } from './report';

export interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: { title: string; safety: string }[];
}

export interface JsonFileResult { file: string; kind: string; findings: JsonFinding[] }

function toJsonFile(r: FileReport): JsonFileResult {
  return {
    file: r.file,
    kind: r.kind,
    findings: visibleFindings(r).map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      ...toPosition1(f.range),
      fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety })),
    })),
  };
}

export function toJson(reports: readonly FileReport[]): JsonFileResult[] {
  return reports.map(toJsonFile);
}

export function formatJson(reports: readonly FileReport[]): string {
  return joinJson(reports.map(jsonFileText));
}

/** One file's entry as it appears in formatJson()'s output (an element of the top array, indented 2 spaces). */
export function jsonFileText(report: FileReport): string {
  return JSON.stringify([toJsonFile(report)], null, 2).slice(4, -2);
}

/** formatJson() from the files' texts of jsonFileText(), in order: what JSON.stringify(entries, null, 2) prints. */
export function joinJson(fileTexts: readonly string[]): string {
  return fileTexts.length === 0 ? '[]\n' : `[\n  ${fileTexts.join(',\n  ')}\n]\n`;
}
