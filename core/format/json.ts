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

/** Values by two strings, found without building a key string from them (joining the two cost more than the lookup). */
class PairCache<T> {
  private readonly byFirst = new Map<string, Map<string, T>>();
  private size = 0;

  constructor(private readonly limit: number) {}

  get(first: string, second: string): T | undefined {
    return this.byFirst.get(first)?.get(second);
  }

  set(first: string, second: string, value: T): void {
    if (this.size >= this.limit) return;
    let bySecond = this.byFirst.get(first);
    if (bySecond === undefined) this.byFirst.set(first, bySecond = new Map());
    bySecond.set(second, value);
    this.size++;
  }
}

/**
 * The text before a finding's message, by rule and severity, and a fix's text, by title and safety: the same few
 * strings in every file of a run, quoted once instead of once per finding. Bounded, should a run make many titles.
 */
const CACHED_TEXTS = 4096;
const findingHeads = new PairCache<string>(CACHED_TEXTS);
const fixTexts = new PairCache<string>(CACHED_TEXTS);

function findingHead(rule: string, severity: string): string {
  let head = findingHeads.get(rule, severity);
  if (head === undefined) {
    head = `        "rule": ${JSON.stringify(rule)},\n        "severity": ${JSON.stringify(severity)},\n        "message": `;
    findingHeads.set(rule, severity, head);
  }
  return head;
}

function fixText(title: string, safety: string): string {
  let text = fixTexts.get(title, safety);
  if (text === undefined) {
    text = `\n          {\n            "title": ${JSON.stringify(title)},\n            "safety": ${JSON.stringify(safety)}\n          }`;
    fixTexts.set(title, safety, text);
  }
  return text;
}

/** What JSON.stringify escapes in a string (a surrogate only when unpaired, but any one sends the text to it). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(text): most messages need no escaping, and quoting them is cheaper than the call. */
function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

/**
 * One file's entry as it appears in `--format json`'s output (an element of the top array, indented 2 spaces): the text
 * JSON.stringify(entry, null, 2) gives, written by hand because the indenting stringify was a fifth of a CLI run.
 */
export function jsonFileText(report: FileReport): string {
  let out = `{\n    "file": ${jsonString(report.file)},\n    "kind": ${jsonString(report.kind)},\n    "findings": `;
  let first = true;
  for (const f of report.findings) {
    if (f.suppressed) continue;
    const { start, end } = f.range;
    out += first ? '[\n      {\n' : ',\n      {\n';
    first = false;
    out += findingHead(f.ruleId, f.severity) + jsonString(f.message) + ',\n        "line": ' + (start.line + 1)
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
