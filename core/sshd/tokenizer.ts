// A port of OpenSSH 9.2's line splitting (servconf.c strdelim + misc.c argv_split): every byte of the file stays
// addressable, so fixes are edits on exact token ranges and the file is never re-serialised.
import { SourceText } from '../text';

export interface Token {
  /** The value sshd sees: quotes and escapes removed. */
  value: string;
  /** Offsets in the file text of the raw token, quotes included. */
  start: number;
  end: number;
}

export type LineError = 'invalid-quotes' | 'no-argument';

export interface SshdLine {
  /** Zero-based line number. */
  index: number;
  /** Offsets of the line without its EOL. */
  start: number;
  end: number;
  kind: 'blank' | 'comment' | 'directive';
  keyword?: Token;
  /** Arguments as argv_split sees them; a `#` at the start of a token ends them. */
  args: Token[];
  /** Raw remainder after the keyword and its separator (what rest-of-line keywords take), trailing blanks stripped. */
  rest?: Token;
  /** A `# comment` after the arguments (at the start of a token). */
  trailingComment?: Token;
  error?: LineError;
}

const WS = ' \t\r\n';
const isWs = (c: string | undefined) => c !== undefined && WS.includes(c);

export function tokenizeLine(text: string, lineStart: number, index: number): SshdLine {
  // sshd strips trailing whitespace and \f; the stripped part is not part of any token.
  let len = text.length;
  while (len > 0 && (WS + '\f').includes(text[len - 1])) len--;
  const s = text.slice(0, len);
  const line: SshdLine = { index, start: lineStart, end: lineStart + text.length, kind: 'blank', args: [] };
  if (s.length === 0) return line;

  // strdelim with '=' splitting, on a copy, tracking raw offsets.
  let pos = 0;
  const delim = (): { tok: Token; next: number | null } | null => {
    let i = pos;
    const from = i;
    let value = '';
    while (i < s.length && !(WS + '"=').includes(s[i])) value += s[i++];
    if (i >= s.length) return { tok: { value, start: lineStart + from, end: lineStart + i }, next: null };
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1);
      if (close === -1) return null;
      value += s.slice(i + 1, close);
      let j = close + 1;
      while (j < s.length && isWs(s[j])) j++;
      return { tok: { value, start: lineStart + from, end: lineStart + close + 1 }, next: j };
    }
    const tokEnd = i;
    const sawEquals = s[i] === '=';
    let j = i + 1;
    while (j < s.length && isWs(s[j])) j++;
    if (s[j] === '=' && !sawEquals) {
      j++;
      while (j < s.length && isWs(s[j])) j++;
    }
    return { tok: { value, start: lineStart + from, end: lineStart + tokEnd }, next: j };
  };

  let d = delim();
  if (d && d.tok.value === '' && d.next !== null) {
    pos = d.next;
    d = delim();
  }
  if (d === null) {
    // An unterminated quote in the keyword: sshd sees no keyword and ignores the line; we flag it.
    line.kind = 'directive';
    line.keyword = { value: s.trim(), start: lineStart + (s.length - s.trimStart().length), end: lineStart + s.length };
    line.error = 'invalid-quotes';
    return line;
  }
  if (d.tok.value === '' || d.tok.value.startsWith('#')) {
    line.kind = d.tok.value === '' ? 'blank' : 'comment';
    return line;
  }
  line.kind = 'directive';
  line.keyword = d.tok;
  if (d.next === null || d.next >= s.length) {
    line.error = 'no-argument';
    return line;
  }
  const restStart = d.next;
  line.rest = { value: s.slice(restStart), start: lineStart + restStart, end: lineStart + s.length };
  splitArgs(s, restStart, lineStart, line);
  return line;
}

/** misc.c argv_split(..., terminate_on_comment = 1). */
function splitArgs(s: string, from: number, base: number, line: SshdLine): void {
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#') {
      line.trailingComment = { value: s.slice(i), start: base + i, end: base + s.length };
      return;
    }
    const start = i;
    let quote = '';
    let value = '';
    for (; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\\') {
        const n = s[i + 1];
        if (n === "'" || n === '"' || n === '\\' || (quote === '' && n === ' ')) { i++; value += n; }
        else value += ch;
      } else if (quote === '' && (ch === ' ' || ch === '\t')) break;
      else if (quote === '' && (ch === '"' || ch === "'")) quote = ch;
      else if (quote !== '' && ch === quote) quote = '';
      else value += ch;
    }
    if (quote !== '') {
      line.error = 'invalid-quotes';
      line.args.push({ value, start: base + start, end: base + i });
      return;
    }
    line.args.push({ value, start: base + start, end: base + i });
  }
}

export function tokenize(src: SourceText): SshdLine[] {
  const lines: SshdLine[] = [];
  for (let n = 0; n < src.lineCount; n++) {
    const start = src.lineStarts[n];
    const end = src.lineEnd(n);
    // sshd keeps the \r of a CRLF line in the buffer and strips it as trailing whitespace.
    lines.push(tokenizeLine(src.text.slice(start, end), start, n));
  }
  return lines;
}
