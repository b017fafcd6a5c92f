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

export function toJson(reports: readonly FileReport[]): JsonFileResult[] {
  return reports.map((r) => ({
    file: r.file,
    kind: r.kind,
    findings: visibleFindings(r).map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      ...toPosition1(f.range),
      fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety })),
    })),
  }));
}

export function formatJson(reports: readonly FileReport[]): string {
  return JSON.stringify(toJson(reports), null, 2) + '\n';
}
