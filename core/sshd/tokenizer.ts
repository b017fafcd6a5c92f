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
  /** The arguments' values (`args[k].value`), made once: every reading of the line shares them. */
  values: string[];
  /** Raw remainder after the keyword and its separator (what rest-of-line keywords take), trailing blanks stripped. */
  rest?: Token;
  /** A `# comment` after the arguments (at the start of a token). */
  trailingComment?: Token;
  error?: LineError;
}

// Character codes: the hot loops below compare codes instead of building one-character strings.
const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const FF = 12;
const QUOTE = 34;
const APOSTROPHE = 39;
const EQUALS = 61;
const HASH = 35;
const BACKSLASH = 92;

/** servconf.c WHITESPACE: space, tab, CR, LF. */
const isWs = (c: number) => c === SPACE || c === TAB || c === CR || c === LF;

// Sticky scanners: set lastIndex, test(), read lastIndex. Native scanning beats a character loop, above all in the
// CLI, where most code runs before the JIT has optimised it.
/** The rest of a strdelim() word: up to whitespace, `"` or `=`. */
const WORD_CHARS = /[^ \t\r\n"=]*/y;
/** servconf.c WHITESPACE. */
const WS_CHARS = /[ \t\r\n]*/y;

function skipWs(s: string, from: number): number {
  WS_CHARS.lastIndex = from;
  WS_CHARS.test(s);
  return WS_CHARS.lastIndex;
}

/** Where the word after the last delim() call starts (null at the end of the text). */
let delimNext: number | null = null;

/**
 * misc.c strdelim() on `s` from `pos`: a word ends at whitespace, `"` or `=`; a quoted word runs to the next `"`.
 * Returns the word (where the next one starts is left in `delimNext`), or null for an unclosed quote.
 */
function delim(s: string, pos: number, lineStart: number): Token | null {
  const n = s.length;
  WORD_CHARS.lastIndex = pos;
  WORD_CHARS.test(s);
  const i = WORD_CHARS.lastIndex;
  if (i >= n) {
    delimNext = null;
    return { value: s.slice(pos, i), start: lineStart + pos, end: lineStart + i };
  }
  const c = s.charCodeAt(i);
  if (c === QUOTE) {
    const close = s.indexOf('"', i + 1);
    if (close === -1) return null;
    delimNext = skipWs(s, close + 1);
    return { value: s.slice(pos, i) + s.slice(i + 1, close), start: lineStart + pos, end: lineStart + close + 1 };
  }
  let j = skipWs(s, i + 1);
  if (c !== EQUALS && s.charCodeAt(j) === EQUALS) j = skipWs(s, j + 1);
  delimNext = j;
  return { value: s.slice(pos, i), start: lineStart + pos, end: lineStart + i };
}

/** The arguments of every line that has none (blank and comment lines among them): shared, never written to. */
const NO_ARGS: Token[] = Object.freeze([]) as unknown as Token[];
const NO_VALUES: string[] = Object.freeze([]) as unknown as string[];

/** Every line has every field (one object shape for all the code that reads lines). */
function newLine(
  index: number, start: number, end: number, kind: SshdLine['kind'], args: Token[], values: string[],
): SshdLine {
  return {
    index, start, end, kind, keyword: undefined, args, values, rest: undefined, trailingComment: undefined, error: undefined,
  };
}

export function tokenizeLine(text: string, lineStart: number, index: number): SshdLine {
  // sshd strips trailing whitespace and \f; the stripped part is not part of any token.
  let len = text.length;
  while (len > 0) {
    const c = text.charCodeAt(len - 1);
    if (!isWs(c) && c !== FF) break;
    len--;
  }
  const line = newLine(index, lineStart, lineStart + text.length, 'blank', NO_ARGS, NO_VALUES);
  if (len === 0) return line;
  const s = len === text.length ? text : text.slice(0, len);
  // Fast path for comment lines: with no `"` to open a quoted word, a line whose first word starts with `#` is one.
  if (s.charCodeAt(skipWs(s, 0)) === HASH && s.indexOf('"') === -1) {
    line.kind = 'comment';
    return line;
  }

  let tok = delim(s, 0, lineStart);
  if (tok && tok.value === '' && delimNext !== null) tok = delim(s, delimNext, lineStart);
  if (tok === null) {
    // An unterminated quote in the keyword: sshd sees no keyword and ignores the line; we flag it.
    const trimmed = s.trimStart();
    line.kind = 'directive';
    line.keyword = { value: trimmed, start: lineStart + (s.length - trimmed.length), end: lineStart + s.length };
    line.error = 'invalid-quotes';
    return line;
  }
  if (tok.value === '' || tok.value.charCodeAt(0) === HASH) {
    line.kind = tok.value === '' ? 'blank' : 'comment';
    return line;
  }
  line.kind = 'directive';
  line.keyword = tok;
  const next = delimNext;
  if (next === null || next >= s.length) {
    line.error = 'no-argument';
    return line;
  }
  line.rest = { value: s.slice(next), start: lineStart + next, end: lineStart + s.length };
  splitArgs(s, next, lineStart, line);
  return line;
}

/** Blanks between arguments. */
const ARG_BLANKS = /[ \t]*/y;
/** A plain argument: no quote, no backslash. */
const PLAIN_ARG = /[^ \t"'\\]*/y;

/**
 * The arguments of the line being split, copied out at their exact count: an array grown by push keeps spare room,
 * and thousands of lines keep their arrays. Emptied after each line (never `length = 0`, which frees its storage).
 */
const scratchArgs: Token[] = [];
let scratchCount = 0;

/** misc.c argv_split(..., terminate_on_comment = 1). */
function splitArgs(s: string, from: number, base: number, line: SshdLine): void {
  scratchCount = 0;
  splitArgsInto(scratchArgs, s, from, base, line);
  const count = scratchCount;
  if (count === 0) return;
  const args: Token[] = new Array(count);
  const values: string[] = new Array(count);
  for (let k = 0; k < count; k++) {
    args[k] = scratchArgs[k];
    values[k] = args[k].value;
    scratchArgs[k] = EMPTY_TOKEN; // the tokens' strings would keep the file's text alive
  }
  line.args = args;
  line.values = values;
}

const EMPTY_TOKEN: Token = Object.freeze({ value: '', start: 0, end: 0 });

function splitArgsInto(args: Token[], s: string, from: number, base: number, line: SshdLine): void {
  const n = s.length;
  let i = from;
  for (;;) {
    ARG_BLANKS.lastIndex = i;
    ARG_BLANKS.test(s);
    i = ARG_BLANKS.lastIndex;
    if (i >= n) return;
    if (s.charCodeAt(i) === HASH) {
      line.trailingComment = { value: s.slice(i), start: base + i, end: base + n };
      return;
    }
    const start = i;
    // Fast path: a plain word (no quote, no backslash) is its own value.
    PLAIN_ARG.lastIndex = i;
    PLAIN_ARG.test(s);
    i = PLAIN_ARG.lastIndex;
    if (i >= n || s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB) {
      args[scratchCount++] = { value: s.slice(start, i), start: base + start, end: base + i };
      continue;
    }
    let quote = 0;
    let value = s.slice(start, i);
    for (; i < n; i++) {
      const ch = s.charCodeAt(i);
      if (ch === BACKSLASH) {
        const next = s.charCodeAt(i + 1);
        if (next === APOSTROPHE || next === QUOTE || next === BACKSLASH || (quote === 0 && next === SPACE)) {
          i++;
          value += s[i];
        } else value += '\\';
      } else if (quote === 0 && (ch === SPACE || ch === TAB)) break;
      else if (quote === 0 && (ch === QUOTE || ch === APOSTROPHE)) quote = ch;
      else if (quote !== 0 && ch === quote) quote = 0;
      else value += s[i];
    }
    args[scratchCount++] = { value, start: base + start, end: base + i };
    if (quote !== 0) {
      line.error = 'invalid-quotes';
      return;
    }
  }
}

/** An earlier tokenization of the file, whose lines an edit left alone are taken over instead of split again. */
export interface PreviousLines {
  text: string;
  lines: readonly SshdLine[];
}

/** A token `by` code units further on (a line after an edit that changed the length of the text). */
function movedToken(t: Token, by: number): Token {
  return { value: t.value, start: t.start + by, end: t.end + by };
}

/** `line` as line `index`, `by` code units further on: what splitting it again there would give. */
function movedLine(line: SshdLine, index: number, by: number): SshdLine {
  if (by === 0 && index === line.index) return line; // lines are never changed once made: shared
  let args = line.args;
  if (args.length > 0) {
    const moved: Token[] = new Array(args.length);
    for (let k = 0; k < args.length; k++) moved[k] = movedToken(args[k], by);
    args = moved;
  }
  const out = newLine(index, line.start + by, line.end + by, line.kind, args, line.values);
  if (line.keyword) out.keyword = movedToken(line.keyword, by);
  if (line.rest) out.rest = movedToken(line.rest, by);
  if (line.trailingComment) out.trailingComment = movedToken(line.trailingComment, by);
  out.error = line.error;
  return out;
}

/** Characters compared at once while looking for the first and last change. */
const COMPARE_CHUNK = 2048;

interface UnchangedLines {
  /** Lines [0, before) are unchanged and in place. */
  before: number;
  /** Lines [after, count) are unchanged, `by` code units and `lineShift` lines from where they were. */
  after: number;
  by: number;
  lineShift: number;
}

/**
 * The lines `previous` has in common with `src`: those before the first changed character, taken as they are, and
 * those after the last one, moved by what the edit added or removed. A line counts as unchanged only when its
 * text and the line feeds around it are.
 */
function unchangedLines(src: SourceText, previous: PreviousLines): UnchangedLines {
  const text = src.text;
  const old = previous.text;
  const starts = src.lineStarts;
  const count = starts.length;
  const min = Math.min(old.length, text.length);
  // Whole chunks are compared natively first, then the characters of the chunk that differs.
  const same = (a: number, b: number, length: number): boolean => old.substring(a, a + length) === text.substring(b, b + length);
  let p = 0;
  while (p + COMPARE_CHUNK <= min && same(p, p, COMPARE_CHUNK)) p += COMPARE_CHUNK;
  while (p < min && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  // The common end, not reaching into the common start.
  let q = 0;
  const oldEnd = old.length;
  const end = text.length;
  while (q + COMPARE_CHUNK <= min - p && same(oldEnd - q - COMPARE_CHUNK, end - q - COMPARE_CHUNK, COMPARE_CHUNK)) q += COMPARE_CHUNK;
  while (q < min - p && old.charCodeAt(oldEnd - 1 - q) === text.charCodeAt(end - 1 - q)) q++;
  // Line n is unchanged before the edit when the line feed ending it comes before the first difference.
  let before = 0;
  while (before + 1 < count && starts[before + 1] <= p && before < previous.lines.length) before++;
  // ... and after it when the line feed starting it lies in the common end of both texts.
  const suffix = text.length - q;
  let after = count;
  while (after - 1 > before && after - 1 > 0 && starts[after - 1] - 1 >= suffix) after--;
  return { before, after, by: text.length - old.length, lineShift: count - previous.lines.length };
}

export function tokenize(src: SourceText, previous?: PreviousLines): SshdLine[] {
  const text = src.text;
  const starts = src.lineStarts;
  const count = starts.length;
  const lines: SshdLine[] = new Array(count);
  let from = 0;
  let to = count;
  if (previous !== undefined) {
    const same = unchangedLines(src, previous);
    for (let n = 0; n < same.before; n++) lines[n] = previous.lines[n];
    from = same.before;
    to = same.after;
    for (let n = same.after; n < count; n++) {
      const line = previous.lines[n - same.lineShift];
      // Checked, not assumed: a moved line must start where this text has it (else the rest is split again).
      if (line === undefined || line.start + same.by !== starts[n]) {
        to = count;
        break;
      }
      lines[n] = movedLine(line, n, same.by);
    }
  }
  // Where the next `"` at or after the current line is (text.length when none): found once for the whole file, since
  // a comment line holding one must take the slow path.
  let quote = -1;
  for (let n = from; n < to; n++) {
    const start = starts[n];
    const end = src.lineEnd(n);
    // Blank and comment lines are most of a real sshd_config: they are classified here, without cutting the line out.
    let last = end;
    while (last > start) {
      const c = text.charCodeAt(last - 1);
      if (!isWs(c) && c !== FF) break;
      last--;
    }
    if (last === start) {
      lines[n] = newLine(n, start, end, 'blank', NO_ARGS, NO_VALUES);
      continue;
    }
    let first = start;
    while (isWs(text.charCodeAt(first))) first++;
    if (text.charCodeAt(first) === HASH) {
      if (quote < first) {
        quote = text.indexOf('"', first);
        if (quote === -1) quote = text.length;
      }
      if (quote >= last) {
        lines[n] = newLine(n, start, end, 'comment', NO_ARGS, NO_VALUES);
        continue;
      }
    }
    // sshd keeps the \r of a CRLF line in the buffer and strips it as trailing whitespace.
    lines[n] = tokenizeLine(text.slice(start, end), start, n);
  }
  return lines;
}
