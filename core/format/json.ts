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

/**
 * The text before a finding's message, by rule and severity, and a fix's text, by title and safety: the same few
 * strings in every file of a run, quoted once instead of once per finding. Bounded, should a run make many titles.
 */
const findingHeads = new Map<string, string>();
const fixTexts = new Map<string, string>();
const CACHED_TEXTS = 4096;

function findingHead(rule: string, severity: string): string {
  const key = `${rule}\0${severity}`;
  let head = findingHeads.get(key);
  if (head === undefined) {
    head = `        "rule": ${JSON.stringify(rule)},\n        "severity": ${JSON.stringify(severity)},\n        "message": `;
    if (findingHeads.size < CACHED_TEXTS) findingHeads.set(key, head);
  }
  return head;
}

function fixText(title: string, safety: string): string {
  const key = `${title}\0${safety}`;
  let text = fixTexts.get(key);
  if (text === undefined) {
    text = `\n          {\n            "title": ${JSON.stringify(title)},\n            "safety": ${JSON.stringify(safety)}\n          }`;
    if (fixTexts.size < CACHED_TEXTS) fixTexts.set(key, text);
  }
  return text;
}

/**
 * One file's entry as it appears in `--format json`'s output (an element of the top array, indented 2 spaces): the text
 * JSON.stringify(entry, null, 2) gives, written by hand because the indenting stringify was a fifth of a CLI run.
 */
export function jsonFileText(report: FileReport): string {
  const q = JSON.stringify;
  let out = `{\n    "file": ${q(report.file)},\n    "kind": ${q(report.kind)},\n    "findings": `;
  let first = true;
  for (const f of report.findings) {
    if (f.suppressed) continue;
    const { start, end } = f.range;
    out += first ? '[\n      {\n' : ',\n      {\n';
    first = false;
    out += findingHead(f.ruleId, f.severity) + q(f.message) + ',\n        "line": ' + (start.line + 1)
      + ',\n        "column": ' + (start.character + 1) + ',\n        "endLine": ' + (end.line + 1)
      + ',\n        "endColumn": ' + (end.character + 1) + ',\n        "fixes": ';
    const fixes = f.fixes;
    if (fixes.length === 0) {
      out += '[]';
    } else {
      for (let i = 0; i < fixes.length; i++) out += (i === 0 ? '[' : ',') + fixText(fixes[i].title, fixes[i].safety);
      out += '\n        ]';
    }
    out += '\n      }';
  }
  out += first ? '[]\n  }' : '\n    ]\n  }';
  return out;
}
