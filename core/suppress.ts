// Suppression comments, the same in every family (all of them use `#` comments):
//   # hardlint-disable-next-line sshd/permit-root-login, sshd/x11-forwarding -- reason
//   # hardlint-disable-file sshd/default-port -- reason
// With no rule list, every rule is disabled.
import type { SourceText } from './text';

export interface Suppression {
  kind: 'next-line' | 'file';
  /** Zero-based line of the comment. */
  line: number;
  /** Line the suppression applies to (next-line), else -1. */
  target: number;
  rules: string[];
  reason: string;
}

const DIRECTIVE = /^\s*#\s*hardlint-disable-(next-line|file)\b(.*)$/;

export function parseSuppressions(src: SourceText): Suppression[] {
  const out: Suppression[] = [];
  if (!src.text.includes('hardlint-disable')) return out;
  for (let n = 0; n < src.lineCount; n++) {
    const m = DIRECTIVE.exec(src.lineText(n));
    if (!m) continue;
    const [rulesPart, ...reasonParts] = m[2].split(/\s--\s?/);
    const rules = rulesPart.split(/[\s,]+/).filter(Boolean);
    const reason = reasonParts.join(' -- ').trim();
    let target = -1;
    if (m[1] === 'next-line') {
      target = n + 1;
      // Further suppression comments stacked on the following lines apply to the same line.
      while (target < src.lineCount && DIRECTIVE.test(src.lineText(target))) target++;
    }
    out.push({ kind: m[1] === 'file' ? 'file' : 'next-line', line: n, target, rules, reason });
  }
  return out;
}

export function findSuppression(list: Suppression[], ruleId: string, line: number): Suppression | undefined {
  return list.find((s) => (s.kind === 'file' || s.target === line) && (s.rules.length === 0 || s.rules.includes(ruleId)));
}
