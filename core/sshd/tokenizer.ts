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

/** skipWs() from `from`, not past `end`. */
function skipWs(s: string, from: number, end: number): number {
  WS_CHARS.lastIndex = from;
  WS_CHARS.test(s);
  const i = WS_CHARS.lastIndex;
  return i < end ? i : end;
}

/** Where the word after the last delim() call starts (null at the end of the line). */
let delimNext: number | null = null;

/**
 * misc.c strdelim() on the line of `s` that ends at `end` (trailing blanks stripped), from `pos`: a word ends at
 * whitespace, `"` or `=`; a quoted word runs to the next `"`. Offsets are the text's: the line is not cut out of it.
 * Returns the word (where the next one starts is left in `delimNext`), or null for an unclosed quote.
 */
function delim(s: string, pos: number, end: number): Token | null {
  WORD_CHARS.lastIndex = pos;
  WORD_CHARS.test(s);
  let i = WORD_CHARS.lastIndex;
  if (i >= end) {
    i = end;
    delimNext = null;
    return { value: s.slice(pos, i), start: pos, end: i };
  }
  const c = s.charCodeAt(i);
  if (c === QUOTE) {
    const close = s.indexOf('"', i + 1);
    if (close === -1 || close >= end) return null;
    delimNext = skipWs(s, close + 1, end);
    return { value: s.slice(pos, i) + s.slice(i + 1, close), start: pos, end: close + 1 };
  }
  let j = skipWs(s, i + 1, end);
  if (c !== EQUALS && j < end && s.charCodeAt(j) === EQUALS) j = skipWs(s, j + 1, end);
  delimNext = j;
  return { value: s.slice(pos, i), start: pos, end: i };
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

/** Where line [start, end) of `text` ends once sshd has stripped its trailing whitespace and \f. */
function trimmedEnd(text: string, start: number, end: number): number {
  let last = end;
  while (last > start) {
    const c = text.charCodeAt(last - 1);
    if (!isWs(c) && c !== FF) break;
    last--;
  }
  return last;
}

/**
 * Splits line `index`, [start, end) of `text`, whose trailing whitespace ends at `last`, as sshd does; the line is
 * read in place (its tokens' offsets are the text's).
 */
function splitLine(text: string, start: number, end: number, last: number, index: number): SshdLine {
  const line = newLine(index, start, end, 'blank', NO_ARGS, NO_VALUES);
  if (last === start) return line;
  // Fast path for comment lines: with no `"` to open a quoted word, a line whose first word starts with `#` is one.
  const first = skipWs(text, start, last);
  if (text.charCodeAt(first) === HASH) {
    NO_QUOTE.lastIndex = first;
    NO_QUOTE.test(text);
    if (NO_QUOTE.lastIndex >= last) {
      line.kind = 'comment';
      return line;
    }
  }

  let tok = delim(text, start, last);
  if (tok && tok.value === '' && delimNext !== null) tok = delim(text, delimNext, last);
  if (tok === null) {
    // An unterminated quote in the keyword: sshd sees no keyword and ignores the line; we flag it.
    const s = text.slice(start, last);
    const trimmed = s.trimStart();
    line.kind = 'directive';
    line.keyword = { value: trimmed, start: start + (s.length - trimmed.length), end: last };
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
  if (next === null || next >= last) {
    line.error = 'no-argument';
    return line;
  }
  splitArgs(text, next, last, line);
  // Most directives have one plain argument, which is their whole rest: its string serves both.
  const only = line.args.length === 1 ? line.args[0] : undefined;
  const whole = only !== undefined && only.start === next && only.end === last && only.value.length === last - next;
  line.rest = { value: whole ? only.value : text.slice(next, last), start: next, end: last };
  return line;
}

/** The rest of a line up to a `"` (the scan stops at the line's end). */
const NO_QUOTE = /[^"\n]*/y;

/** A blank line and its line feed: only whitespace and \f, which sshd strips. */
const BLANK_LINE = /[ \t\r\f]*(?:\n|$)/y;
/** A comment line and its line feed; one holding a `"` is split in full (a quote can open a quoted word). */
const COMMENT_LINE = /[ \t\r]*#[^\n"]*(?:\n|$)/y;

/**
 * The lines of a whole text and where each starts (SourceText's line index), in one pass: blank and comment lines,
 * most of a real sshd_config, are recognised with their line feed by one native scan each, and only directive lines
 * are looked at in JavaScript.
 */
export function tokenizeText(text: string): { lineStarts: number[]; lines: SshdLine[] } {
  const lineStarts: number[] = [];
  const lines: SshdLine[] = [];
  const length = text.length;
  let pos = 0;
  for (let n = 0; ; n++) {
    lineStarts[n] = pos;
    let kind: SshdLine['kind'] = 'directive';
    /** After the line feed ending the line, or the end of the text. */
    let stop = length;
    const c = pos < length ? text.charCodeAt(pos) : -1;
    if (c === LF) {
      kind = 'blank';
      stop = pos + 1;
    } else if (c === HASH) {
      COMMENT_LINE.lastIndex = pos;
      if (COMMENT_LINE.test(text)) {
        kind = 'comment';
        stop = COMMENT_LINE.lastIndex;
      }
    } else if (c === SPACE || c === TAB || c === CR || c === FF || c === -1) {
      BLANK_LINE.lastIndex = pos;
      COMMENT_LINE.lastIndex = pos;
      if (BLANK_LINE.test(text)) {
        kind = 'blank';
        stop = BLANK_LINE.lastIndex;
      } else if (COMMENT_LINE.test(text)) {
        kind = 'comment';
        stop = COMMENT_LINE.lastIndex;
      }
    }
    if (kind === 'directive') {
      const lineFeed = text.indexOf('\n', pos);
      if (lineFeed !== -1) stop = lineFeed + 1;
    }
    const more = stop > pos && text.charCodeAt(stop - 1) === LF;
    let end = stop;
    if (more) {
      end = stop - 1;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    }
    // Stored at `n` rather than pushed: no builtin call per line. newLine() spelled out: most lines are these.
    lines[n] = kind === 'directive' ? splitLine(text, pos, end, trimmedEnd(text, pos, end), n) : {
      index: n, start: pos, end, kind, keyword: undefined, args: NO_ARGS, values: NO_VALUES, rest: undefined,
      trailingComment: undefined, error: undefined,
    };
    if (!more) return { lineStarts, lines };
    pos = stop;
  }
}

/** Blanks between arguments. */
const ARG_BLANKS = /[ \t]*/y;
/**
 * A plain argument: no quote, no backslash. Nor a line feed: the scan runs in the whole text, and must stop at the end
 * of the line (a file of `Key=value` lines would otherwise be scanned to its end from every line).
 */
const PLAIN_ARG = /[^ \t"'\\\n]*/y;

/**
 * The arguments of the line being split, copied out at their exact count: an array grown by push keeps spare room,
 * and thousands of lines keep their arrays. Emptied after each line (never `length = 0`, which frees its storage).
 */
const scratchArgs: Token[] = [];
let scratchCount = 0;

/** misc.c argv_split(..., terminate_on_comment = 1) on the line of `s` from `from` to `end`. */
function splitArgs(s: string, from: number, end: number, line: SshdLine): void {
  scratchCount = 0;
  splitArgsInto(scratchArgs, s, from, end, line);
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

function splitArgsInto(args: Token[], s: string, from: number, n: number, line: SshdLine): void {
  let i = from;
  for (;;) {
    ARG_BLANKS.lastIndex = i;
    ARG_BLANKS.test(s);
    i = ARG_BLANKS.lastIndex;
    if (i >= n) return;
    if (s.charCodeAt(i) === HASH) {
      line.trailingComment = { value: s.slice(i, n), start: i, end: n };
      return;
    }
    const start = i;
    // Fast path: a plain word (no quote, no backslash) is its own value.
    PLAIN_ARG.lastIndex = i;
    PLAIN_ARG.test(s);
    i = PLAIN_ARG.lastIndex;
    if (i >= n || s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB) {
      if (i > n) i = n; // the scan ran on into the stripped end of the line
      args[scratchCount++] = { value: s.slice(start, i), start, end: i };
      continue;
    }
    let quote = 0;
    let value = s.slice(start, i);
    for (; i < n; i++) {
      const ch = s.charCodeAt(i);
      if (ch === BACKSLASH) {
        // The line ends at `n`: what follows it in the text is not escaped.
        const next = i + 1 < n ? s.charCodeAt(i + 1) : -1;
        if (next === APOSTROPHE || next === QUOTE || next === BACKSLASH || (quote === 0 && next === SPACE)) {
          i++;
          value += s[i];
        } else value += '\\';
      } else if (quote === 0 && (ch === SPACE || ch === TAB)) break;
      else if (quote === 0 && (ch === QUOTE || ch === APOSTROPHE)) quote = ch;
      else if (quote !== 0 && ch === quote) quote = 0;
      else value += s[i];
    }
    args[scratchCount++] = { value, start, end: i };
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
  // With nothing to take over, the one-pass split is the faster (it gives the same lines: test/sshd-model.test.ts).
  if (previous === undefined) return tokenizeText(src.text).lines;
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
  for (let n = from; n < to; n++) {
    const start = starts[n];
    // The empty line after a final EOL ends where it starts (lineEnd() has it end before its start).
    const end = Math.max(start, src.lineEnd(n));
    // sshd keeps the \r of a CRLF line in the buffer and strips it as trailing whitespace.
    lines[n] = splitLine(text, start, end, trimmedEnd(text, start, end), n);
  }
  return lines;
}
