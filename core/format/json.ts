// `--format json`: the public contract, one entry per linted file (findings possibly empty).
import type { FileReport } from './report';

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
  const findings: JsonFinding[] = [];
  for (const f of r.findings) {
    if (f.suppressed) continue;
    const { start, end } = f.range;
    const fixes: JsonFinding['fixes'] = [];
    for (const x of f.fixes) fixes.push({ title: x.title, safety: x.safety });
    // The keys in the order of the public contract (toPosition1's fields after the message).
    findings.push({
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      fixes,
    });
  }
  return { file: r.file, kind: r.kind, findings };
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
  return jsonPieces(fileTexts).join('');
}

/** joinJson() in pieces, to be written one after the other. */
export function jsonPieces(fileTexts: readonly string[]): string[] {
  if (fileTexts.length === 0) return ['[]\n'];
  const pieces = ['[\n  '];
  fileTexts.forEach((text, i) => pieces.push(i === 0 ? text : `,\n  ${text}`));
  pieces.push('\n]\n');
  return pieces;
}
