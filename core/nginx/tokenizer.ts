// nginx's configuration lexer, ported from ngx_conf_read_token() (src/core/ngx_conf_file.c). Tokens are contiguous
// and cover every character of the text, so joining their raw slices gives the file back byte for byte and every
// fix can be an edit on an exact token range. Errors become diagnostics; the lexer never throws.

export type TokenKind = 'space' | 'comment' | 'word' | 'semicolon' | 'open' | 'close' | 'lua';

export interface Token {
  kind: TokenKind;
  /** UTF-16 offsets of the raw text, [start, end). A quoted word includes its quotes. */
  start: number;
  end: number;
}

export interface WordToken extends Token {
  kind: 'word';
  /** What nginx stores: quotes removed, `\"` `\'` `\\` `\t` `\r` `\n` unescaped, any other `\x` kept as is. */
  value: string;
  /** The quote character when the word is a quoted string. */
  quote: '' | '"' | "'";
}

export type SyntaxErrorCode =
  | 'unterminated-quote'
  | 'unexpected-after-quote'
  | 'too-long-parameter'
  | 'unterminated-lua-block'
  | 'unexpected-semicolon'
  | 'unexpected-open-brace'
  | 'unexpected-close-brace'
  | 'unexpected-end-of-file'
  | 'missing-close-brace'
  | 'missing-semicolon';

export interface SyntaxDiagnostic {
  code: SyntaxErrorCode;
  /** What went wrong, in nginx's words where nginx has some (`unexpected "}"`). */
  message: string;
  start: number;
  end: number;
}

export interface Tokenized {
  tokens: Token[];
  diagnostics: SyntaxDiagnostic[];
}

/** NGX_CONF_BUFFER: nginx reads a file through a 4096-byte buffer that must hold a whole parameter. */
export const CONF_BUFFER_BYTES = 4096;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const SQUOTE = 39;
const RPAREN = 41;
const MINUS = 45;
const SEMICOLON = 59;
const EQUALS = 61;
const LBRACKET = 91;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LOWER_N = 110;
const LOWER_R = 114;
const LOWER_T = 116;

const isSpace = (c: number): boolean => c === SPACE || c === TAB || c === LF || c === CR;

/** Directives whose `{ ... }` body is Lua source read by lua-nginx-module's own lexer (content_by_lua_block, ...). */
export const isLuaBlockDirective = (name: string): boolean => name.endsWith('_by_lua_block');

/** The value nginx stores for a raw word body (without quotes). */
export function unescapeWord(body: string): string {
  let k = body.indexOf('\\');
  if (k === -1) return body;
  // Built from slices between the escapes nginx recognises (`\.` in a regex is kept as is, like most escapes).
  let out = '';
  let from = 0;
  while (k !== -1 && k + 1 < body.length) {
    const n = body.charCodeAt(k + 1);
    const replacement = n === DQUOTE || n === SQUOTE || n === BACKSLASH ? body[k + 1]
      : n === LOWER_T ? '\t' : n === LOWER_R ? '\r' : n === LOWER_N ? '\n' : undefined;
    if (replacement === undefined) {
      k = body.indexOf('\\', k + 1);
      continue;
    }
    out += body.slice(from, k) + replacement;
    from = k + 2;
    k = body.indexOf('\\', from);
  }
  return from === 0 ? body : out + body.slice(from);
}

/**
 * The longest parameter nginx accepts, in bytes. Its buffer must hold the parameter plus what nginx reads before it
 * forgets where the parameter started: the terminator (`;`, `{`), or the blank after it and one more character; for
 * a quoted one also the closing quote. A file smaller than the buffer is read in one go and has no limit.
 */
export function maxParameterBytes(quoted: boolean, next: number): number {
  const endsStatement = next === SEMICOLON || next === LBRACE || (quoted && next === RPAREN);
  return CONF_BUFFER_BYTES - 1 - (quoted ? 1 : 0) - (endsStatement ? 0 : 1);
}

function byteLength(text: string, start: number, end: number): number {
  // Only long parameters can exceed the limit; most words skip the encoding.
  if ((end - start) * 3 < CONF_BUFFER_BYTES - 3) return end - start;
  return Buffer.byteLength(text.slice(start, end), 'utf8');
}

const show = (c: string): string => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c);

export function tokenize(text: string): Tokenized {
  const table = scanTokens(text, true);
  const tokens: Token[] = new Array(table.count);
  for (let i = 0; i < table.count; i++) tokens[i] = table.newToken(i);
  return { tokens, diagnostics: table.diagnostics };
}

// Token kinds in a TokenTable.
export const K_WORD = 0;
export const K_SEMICOLON = 1;
export const K_OPEN = 2;
export const K_CLOSE = 3;
export const K_LUA = 4;
export const K_SPACE = 5;
export const K_COMMENT = 6;
const KIND_NAMES: readonly TokenKind[] = ['word', 'semicolon', 'open', 'close', 'lua', 'space', 'comment'];
const QUOTES: readonly WordToken['quote'][] = ['', '"', "'"];

/**
 * A file's tokens as parallel arrays rather than one object each: a large file has tens of thousands of tokens and
 * the parser only needs their kinds and offsets (objects would keep the garbage collector busy copying them).
 * `token(i)` makes the Token object of one token when something asks for it, the same object every time.
 */
export class TokenTable {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** 0 unquoted, 1 `"`, 2 `'`; words only. */
  quotes: Uint8Array;
  /** The stored value of each word, by token index (undefined for other tokens). */
  readonly values: (string | undefined)[];
  readonly diagnostics: SyntaxDiagnostic[] = [];
  /** The text's size in UTF-8 bytes, once a long word needs it (-1 before). */
  byteSize = -1;
  /** Token objects handed out, made on first request. */
  private made: Map<number, Token> | undefined = undefined;
  /** Lists of word tokens handed out, by the index of their first word. */
  private wordLists: Map<number, WordToken[]> | undefined = undefined;

  constructor(capacity: number) {
    // Sized like the other columns (with holes) rather than grown one word at a time.
    this.values = new Array(capacity);
    [this.starts, this.ends, this.kinds, this.quotes] = columns(capacity);
  }

  /** Adds a token; `value` for a word. Returns its index. */
  push(kind: number, start: number, end: number, value?: string): number {
    const i = this.count;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    if (value !== undefined) this.values[i] = value;
    this.count = i + 1;
    return i;
  }

  /** The stored value of word `i`. */
  value(i: number): string {
    return this.values[i] ?? '';
  }

  /** The Token object of token `i`: made on first request, then the same object. */
  token(i: number): Token {
    const made = this.made ??= new Map();
    let t = made.get(i);
    if (!t) made.set(i, t = this.newToken(i));
    return t;
  }

  word(i: number): WordToken {
    return this.token(i) as WordToken;
  }

  /** The WordToken objects of the `count` words from `i` (a statement's arguments): made once, then the same list. */
  wordList(i: number, count: number): WordToken[] {
    const lists = this.wordLists ??= new Map();
    let list = lists.get(i);
    if (!list) {
      list = [];
      for (let k = 0; k < count; k++) list.push(this.word(i + k));
      lists.set(i, list);
    }
    return list;
  }

  /** A new Token object for token `i`. */
  newToken(i: number): Token {
    const kind = this.kinds[i];
    if (kind === K_WORD) {
      const word: WordToken = { kind: 'word', start: this.starts[i], end: this.ends[i], value: this.values[i]!, quote: QUOTES[this.quotes[i]] };
      return word;
    }
    return { kind: KIND_NAMES[kind], start: this.starts[i], end: this.ends[i] };
  }

  private grow(): void {
    const [starts, ends, kinds, quotes] = columns(this.kinds.length * 2 + 16);
    starts.set(this.starts);
    ends.set(this.ends);
    kinds.set(this.kinds);
    quotes.set(this.quotes);
    [this.starts, this.ends, this.kinds, this.quotes] = [starts, ends, kinds, quotes];
  }
}

/** The four numeric columns of a table in one buffer: one allocation per file rather than four. */
function columns(capacity: number): [Int32Array, Int32Array, Uint8Array, Uint8Array] {
  const buffer = new ArrayBuffer(capacity * 10);
  return [
    new Int32Array(buffer, 0, capacity),
    new Int32Array(buffer, capacity * 4, capacity),
    new Uint8Array(buffer, capacity * 8, capacity),
    new Uint8Array(buffer, capacity * 9, capacity),
  ];
}

// The character runs a word is made of, matched by the regex engine (native code from the first file on, where a
// loop over characters would run in the interpreter until it is optimized). Sticky: they match at `lastIndex`.
// Blank runs are short (a newline and an indentation): a loop is cheaper than a regex call for them.
/** Characters of an unquoted word up to the next blank, `;`, `{`, `\\` or `$`. */
const PLAIN_RUN = /[^ \t\r\n;{\\$]*/y;
/** A quoted string's body up to its closing quote (or the end of the text when none). */
const DOUBLE_QUOTED = /[^"\\]*(?:\\[\s\S]?[^"\\]*)*/y;
const SINGLE_QUOTED = /[^'\\]*(?:\\[\s\S]?[^'\\]*)*/y;

/** Adds the word [start, end) with body [bodyStart, bodyEnd) to the table; reports a parameter nginx finds too long. */
function addWord(
  table: TokenTable, text: string, start: number, end: number, bodyStart: number, bodyEnd: number, quote: number, escaped: boolean,
): string {
  const body = text.slice(bodyStart, bodyEnd);
  const value = escaped ? unescapeWord(body) : body;
  const k = table.push(K_WORD, start, end, value);
  table.quotes[k] = quote;
  // Only a word of more than a third of the buffer can exceed it, whatever its characters.
  if (end >= text.length || (bodyEnd - bodyStart) * 3 < CONF_BUFFER_BYTES - 3) return value;
  if (byteLength(text, bodyStart, bodyEnd) <= maxParameterBytes(quote !== 0, text.charCodeAt(end))) return value;
  if (table.byteSize < 0) table.byteSize = Buffer.byteLength(text, 'utf8');
  if (table.byteSize > CONF_BUFFER_BYTES) {
    table.diagnostics.push({
      code: 'too-long-parameter',
      message: `too long parameter "${text.slice(bodyStart, bodyStart + 10)}..." started`,
      start, end,
    });
  }
  return value;
}

/**
 * Lexes `text` into a TokenTable: every token, or with `trivia` false only what the parser needs (words, `;`,
 * braces, Lua bodies: no blanks and comments). Diagnostics are the same either way.
 */
export function scanTokens(text: string, trivia: boolean): TokenTable {
  const n = text.length;
  // About one significant token per 12 characters in usual configurations (one per 7 with blanks and comments);
  // the table grows when needed.
  const table = new TokenTable(Math.floor(n / (trivia ? 6 : 11)) + 64);
  const diagnostics = table.diagnostics;
  // The first word of the statement being read: a `{` after `*_by_lua_block` opens a Lua body.
  let statementName: string | undefined;
  let i = 0;
  // After `"a"b` or `"a"#b` (errors), the rest is read as a plain word, `#` included: not as a comment.
  let gluedToQuote = false;

  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    const glued = gluedToQuote;
    gluedToQuote = false;

    if (glued) {
      // Falls through to the plain word below.
    } else if (c === SPACE || c === TAB || c === LF || c === CR) {
      i++;
      for (let b = text.charCodeAt(i); b === SPACE || b === TAB || b === LF || b === CR; b = text.charCodeAt(i)) i++;
      if (trivia) table.push(K_SPACE, start, i);
      continue;
    } else if (c === HASH) {
      // A comment runs to the end of the line; a CR before the LF is left to the following space token.
      let end = text.indexOf('\n', i);
      if (end === -1) end = n;
      if (end > i + 1 && text.charCodeAt(end - 1) === CR) end--;
      i = end;
      if (trivia) table.push(K_COMMENT, start, end);
      continue;
    } else if (c === SEMICOLON || c === RBRACE) {
      i++;
      table.push(c === SEMICOLON ? K_SEMICOLON : K_CLOSE, start, i);
      statementName = undefined;
      continue;
    } else if (c === LBRACE) {
      i++;
      table.push(K_OPEN, start, i);
      if (statementName !== undefined && isLuaBlockDirective(statementName)) i = readLuaBody(text, i, table);
      statementName = undefined;
      continue;
    } else if (c === DQUOTE || c === SQUOTE) {
      // Up to the closing quote; a backslash protects the next character.
      const body = c === DQUOTE ? DOUBLE_QUOTED : SINGLE_QUOTED;
      body.lastIndex = i + 1;
      body.test(text);
      const j = body.lastIndex;
      const quote = c === DQUOTE ? 1 : 2;
      if (j >= n) {
        // nginx would read to the end of the file; ending the string at the end of its line keeps the rest usable.
        let end = text.indexOf('\n', i);
        if (end === -1) end = n;
        if (end > i + 1 && text.charCodeAt(end - 1) === CR) end--;
        diagnostics.push({ code: 'unterminated-quote', message: `unterminated ${QUOTES[quote]}-quoted string`, start, end });
        const value = addWord(table, text, start, end, start + 1, end, quote, true);
        if (statementName === undefined) statementName = value;
        i = end;
        continue;
      }
      i = j + 1;
      // unescapeWord looks for a backslash in the body itself.
      const value = addWord(table, text, start, i, start + 1, j, quote, true);
      if (statementName === undefined) statementName = value;
      if (i < n) {
        const next = text.charCodeAt(i);
        // After a closing quote nginx wants a blank, `;`, `{`, or `)` (which starts the next word: `if ($a = "x")`).
        if (!isSpace(next) && next !== SEMICOLON && next !== LBRACE && next !== RPAREN) {
          diagnostics.push({ code: 'unexpected-after-quote', message: `unexpected "${show(text[i])}"`, start: i, end: i + 1 });
          gluedToQuote = next !== RBRACE && next !== DQUOTE && next !== SQUOTE;
        }
      }
      continue;
    }

    // An unquoted word: ends at a blank, `;` or `{`, except a `{` right after `$` (`${var}`); `}` and `#` are
    // ordinary characters inside it, and a backslash protects the next character.
    let j = i;
    let escaped = false;
    while (j < n) {
      PLAIN_RUN.lastIndex = j;
      PLAIN_RUN.test(text);
      j = PLAIN_RUN.lastIndex;
      if (j >= n) break;
      const ch = text.charCodeAt(j);
      if (ch === BACKSLASH) { j += 2; escaped = true; }
      else if (ch === DOLLAR) j += text.charCodeAt(j + 1) === LBRACE ? 2 : 1;
      else break;
    }
    if (j > n) j = n;
    i = j;
    const value = addWord(table, text, start, j, start, j, 0, escaped);
    if (statementName === undefined) statementName = value;
  }
  return table;
}

/**
 * Reads a `*_by_lua_block` body up to its matching `}` the way lua-nginx-module does: braces inside Lua strings,
 * long brackets and comments do not count. Pushes the body as one `lua` token and the `}` as a `close` token.
 */
function readLuaBody(text: string, from: number, table: TokenTable): number {
  const n = text.length;
  let depth = 1;
  let j = from;
  while (j < n) {
    const ch = text.charCodeAt(j);
    if (ch === MINUS && text.charCodeAt(j + 1) === MINUS) {
      const level = longBracketLevel(text, j + 2);
      if (level >= 0) j = closeLongBracket(text, j + 2, level);
      else {
        const eol = text.indexOf('\n', j);
        j = eol === -1 ? n : eol;
      }
    } else if (ch === DQUOTE || ch === SQUOTE) {
      j++;
      while (j < n) {
        const q = text.charCodeAt(j);
        if (q === BACKSLASH) j += 2;
        else if (q === ch) { j++; break; }
        else j++;
      }
    } else if (ch === LBRACKET && longBracketLevel(text, j) >= 0) {
      j = closeLongBracket(text, j, longBracketLevel(text, j));
    } else if (ch === LBRACE) {
      depth++;
      j++;
    } else if (ch === RBRACE) {
      depth--;
      if (depth === 0) break;
      j++;
    } else j++;
  }
  if (j > n) j = n;
  if (j > from) table.push(K_LUA, from, j);
  if (j >= n) {
    table.diagnostics.push({
      code: 'unterminated-lua-block',
      message: 'unexpected end of file in a Lua block, expecting "}"',
      start: from - 1,
      end: from,
    });
    return n;
  }
  table.push(K_CLOSE, j, j + 1);
  return j + 1;
}

/** For `[[`, `[=[`, `[==[` ... at `at`, the number of `=`; otherwise -1. */
function longBracketLevel(text: string, at: number): number {
  if (text.charCodeAt(at) !== LBRACKET) return -1;
  let k = at + 1;
  while (text.charCodeAt(k) === EQUALS) k++;
  return text.charCodeAt(k) === LBRACKET ? k - at - 1 : -1;
}

/** The offset after the `]=*]` closing a long bracket of `level` opened at `at`, or the end of the text. */
function closeLongBracket(text: string, at: number, level: number): number {
  const close = ']' + '='.repeat(level) + ']';
  const end = text.indexOf(close, at + level + 2);
  return end === -1 ? text.length : end + close.length;
}

/** Concatenates the raw text of tokens: equal to the input for any `tokenize` result. */
export function reprint(text: string, tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) out += text.slice(t.start, t.end);
  return out;
}

export const isWord = (t: Token): t is WordToken => t.kind === 'word';
