// A purpose-built POSIX/bash command splitter: simple commands with the exact span of every word, here-document
// bodies, function and block structure. It never throws and never loops: every step consumes input.
//
// Why not a shell parser from npm. Measured here (Node 20, 2 shared cores) for this splitter; the other numbers are the
// same comparison made for ../shared/reference/firewall.md §6:
// - robustness: test/firewall-shell.test.ts mutates a script 2,000 times with the characters that matter to a shell
//   parser (quotes, `$(`, here-documents, `fi`/`done`/`esac`, CR, non-ASCII): no throw, no hang, each case well under
//   a second, and the commands after a broken line are still found (unterminated quotes recover at the end of their
//   line). mvdan-sh, sh-syntax and bash-parser throw on 31-54 % of such inputs and on some valid bash (extglob,
//   `( exec 7<>/dev/net/tun )`); web-tree-sitter never throws but splits `--dpo\<newline>rt` into two words.
// - speed: arno-iptables-firewall (218 KB, 6,377 lines) splits in 3.7-4.3 ms CPU (50-57 MB/s), the 5,000-line
//   firewall script of bench/firewall.ts (231 KB) in 4.5-5 ms (45-50 MB/s), median after warm-up, with a load average
//   of 9 on the machine. The main script's tokens go to the parser as they are read, and plain words are made without
//   a parts array: what costs in a long script is the objects each word leaves for the garbage collector.
//   web-tree-sitter parses a 5,000-line script in ~29 ms after a 20-50 ms async start; mvdan-sh takes 1.6-5 s,
//   bash-parser 8-17 s.
// - size: this file is ~1,050 lines (6 KB minified and gzipped) with no dependency, against a 1.4 MB wasm grammar plus
//   runtime (tree-sitter) or a 1.5 MB GopherJS bundle (mvdan-sh); offsets are UTF-16 like the editor's (mvdan-sh gives
//   UTF-8 bytes).
// What it does not do: expansion semantics beyond what firewall commands need (script.ts), aliases, `eval`.

/**
 * A piece of a word: literal `text`, a parameter expansion `$name` (`all` for `${name[@]}`), or something whose value
 * cannot be known statically (`dyn`: command substitution, arithmetic, `${name:-…}`; `name` is the parameter it names).
 * One object shape for every kind keeps the hot loops monomorphic.
 */
export interface WordPart { kind: 'lit' | 'var' | 'dyn'; text: string; name: string; quoted: boolean; all: boolean }

const litPart = (text: string, quoted: boolean): WordPart => ({ kind: 'lit', text, name: '', quoted, all: false });
const varPart = (name: string, quoted: boolean, all: boolean): WordPart => ({ kind: 'var', text: '', name, quoted, all });
const dynPart = (name = ''): WordPart => ({ kind: 'dyn', text: '', name, quoted: false, all: false });

/** Appends literal text to a word, merged into the last part when it is literal with the same quoting. */
function lit(parts: WordPart[], s: string, quoted: boolean): void {
  const last = parts.length > 0 ? parts[parts.length - 1] : undefined;
  if (last !== undefined && last.kind === 'lit' && last.quoted === quoted) last.text += s;
  else parts.push(litPart(s, quoted));
}

/**
 * A word with its exact span. Most words are one literal (`-A`, `INPUT`, `'text'`): they carry it in `value`, and a
 * plain one (unquoted, read by the fast path) has its one-element `parts` built only when asked (wordParts). A long
 * script has tens of thousands of words: what each one allocates, the young-generation collector copies.
 */
export interface Word {
  readonly start: number;
  readonly end: number;
  /**
   * The value when the word is exactly one literal part (plain, quoted or escaped), else undefined. Such a word is its
   * own firewall token (model.ts Tok: value, span, verbatimStart, no variable names).
   */
  readonly value: string | undefined;
  /** The parts; undefined for a plain word until wordParts is asked for them. */
  parts: WordPart[] | undefined;
  /** Offset of the value's first character when the value is the source text verbatim (plain or single-quoted). */
  verbatimStart: number | undefined;
}

function makeWord(start: number, end: number, value: string | undefined, parts: WordPart[] | undefined, verbatimStart: number | undefined): Word {
  return { start, end, value, parts, verbatimStart };
}

/** The parts of a word (a plain word's one literal part is made on the first call). */
export function wordParts(w: Word): WordPart[] {
  let parts = w.parts;
  if (parts === undefined) w.parts = parts = [litPart(w.value!, false)];
  return parts;
}

/** The word is one literal part that is quoted or escaped. */
function quotedLiteral(w: Word): boolean {
  return w.value !== undefined && w.parts !== undefined && w.parts[0].quoted;
}

/** Elements of an array assignment `NAME=( … )` (the word then holds `NAME=` or `NAME+=`). */
export function arrayElements(w: Word): Word[] | undefined {
  return ARRAY_ELEMENTS.get(w);
}

/** Array assignments are rare: their elements live beside the words rather than in a field of every word. */
const ARRAY_ELEMENTS = new WeakMap<Word, Word[]>();

export interface HereDoc {
  delimiter: string;
  /** Quoted delimiter: no expansion in the body. */
  quoted: boolean;
  /** The body, without the delimiter line. */
  bodyStart: number;
  bodyEnd: number;
}

export interface Redirect { op: string; target?: Word; heredoc?: HereDoc }

export interface LoopFrame { name: string; values: Word[] | undefined }

export interface SimpleCommand {
  /** Prefix assignments (`NAME=value cmd`, or a bare assignment when `words` is empty). */
  assigns: Word[];
  words: Word[];
  redirects: Redirect[];
  start: number;
  end: number;
  /** Function body the command is in (0 = main script, -1 = inside a command substitution: not ordered). */
  scope: number;
  /** Straight-line block: commands of one block run in text order, with no control structure between them. */
  block: number;
  /** Enclosing `for` loops, outermost first. */
  loops: LoopFrame[];
  /** Name of the enclosing function, if any. */
  func?: string;
  /** Inside `$( … )`, backticks or `<( … )`. */
  nested: boolean;
  /** Runs only after `||` (a fallback) or `&&` (a follow-up). */
  after?: '&&' | '||';
}

export interface ShellDiagnostic { start: number; end: number; message: string }

export interface ShellScript {
  commands: SimpleCommand[];
  heredocs: HereDoc[];
  diagnostics: ShellDiagnostic[];
  /** Names of the functions the script defines. */
  functions: Set<string>;
}

/** The empty lists of a command without assignments, words or redirections (shared, frozen: the parser replaces them). */
const NO_WORDS = Object.freeze([]) as unknown as Word[];
const NO_REDIRECTS = Object.freeze([]) as unknown as Redirect[];

/** An operator or a newline between words. */
class OpToken {
  constructor(readonly t: 'op' | 'nl', readonly op: string, readonly start: number, readonly end: number) {}
}

type Token = Word | OpToken;

function isWord(t: Token | undefined): t is Word {
  return t !== undefined && !(t instanceof OpToken);
}

function isOp(t: Token | undefined): t is OpToken {
  return t instanceof OpToken && t.t === 'op';
}

function isNl(t: Token | undefined): t is OpToken {
  return t instanceof OpToken && t.t === 'nl';
}

/** The operator at `i`, if the token there is one. */
function opAt(tokens: Tokens, i: number): string | undefined {
  const t = tokens.at(i);
  return t instanceof OpToken && t.t === 'op' ? t.op : undefined;
}

/** Where a token reader stands: nesting it tracks, and a token read ahead (a here-document's delimiter word). */
interface ReadState { stopAtParen: boolean; parens: number; cases: number; atCommandStart: boolean; queued: Token | undefined }

function readState(stopAtParen: boolean): ReadState {
  return { stopAtParen, parens: 0, cases: 0, atCommandStart: true, queued: undefined };
}

/**
 * Tokens by index, for the command parser: the main script's are read from the scanner as the parser asks for them,
 * and only a line's worth is held at a time (the parser looks ahead a few tokens, and past newlines only after
 * `for NAME`); a command substitution's were read in full beforehand. One class for both keeps the parser's calls
 * monomorphic.
 */
class Tokens {
  private readonly buffer: Token[];
  /** Tokens held in `buffer`, from index `base`. */
  private count: number;
  private base = 0;
  private readonly state = readState(false);

  private constructor(private readonly scanner: Scanner | undefined, list: Token[]) {
    this.buffer = list;
    this.count = list.length;
  }

  static stream(scanner: Scanner): Tokens { return new Tokens(scanner, []); }
  static of(list: Token[]): Tokens { return new Tokens(undefined, list); }

  at(i: number): Token | undefined {
    const k = i - this.base;
    if (k < this.count) return this.buffer[k];
    const scanner = this.scanner;
    if (scanner === undefined) return undefined;
    while (k >= this.count) {
      const t = scanner.nextToken(this.state);
      if (t === undefined) return undefined;
      this.buffer[this.count++] = t;
    }
    return this.buffer[k];
  }

  /** Tokens before `i` will not be asked for again. */
  release(i: number): void {
    if (this.scanner !== undefined && i - this.base >= this.count) {
      this.base = i;
      this.count = 0;
    }
  }
}

/** A word from its parts (its literal, when it is exactly one literal part, is lifted into `value`). */
function word(start: number, end: number, parts: WordPart[], verbatimStart?: number): Word {
  return makeWord(start, end, parts.length === 1 && parts[0].kind === 'lit' ? parts[0].text : undefined, parts, verbatimStart);
}

function opToken(t: 'op' | 'nl', op: string, start: number, end: number): OpToken {
  return new OpToken(t, op, start, end);
}

/** Every newline token: the parser reads only their kind (one line's commands end there), never their position. */
const NEWLINE = new OpToken('nl', '', -1, -1);

const SP = 32, TAB = 9, LF = 10, CR = 13;
const SHORT_WORD_MAX = 12;
const SHORT_WORD_SLOTS = 512;
const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
/** Characters that end a run of plain literal characters inside a word (blanks, operators, quotes, `$`, backslash). */
const PLAIN_STOP = new Uint8Array(128);
for (const ch of ' \t\n;&|()<>\'"`$\\\r') PLAIN_STOP[ch.charCodeAt(0)] = 1;

/** Where the run of plain characters from `from` ends (no regular expression call per word). */
function plainRunEnd(text: string, from: number): number {
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128 && PLAIN_STOP[c] === 1) break;
    i++;
  }
  return i;
}

/** `short` is at `from` in `text` (a loop of character codes: startsWith at an offset costs more for a short word). */
function sameChars(short: string, text: string, from: number): boolean {
  for (let i = 0; i < short.length; i++) if (short.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}

/** `${NAME}`, `${NAME[@]}`, the name in `${#NAME}`/`${NAME:-x}`…, and the one-character parameters `$1`, `$@`… */
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ALL_ELEMENTS = /^([A-Za-z_][A-Za-z0-9_]*)\[[@*]\]$/;
const NAMED_PARAMETER = /^[#!]?([A-Za-z_][A-Za-z0-9_]*)/;
const SPECIAL_PARAMETER = /[0-9@*#?$!-]/;

/** `[A-Za-z_]` by character code. */
function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `[A-Za-z0-9_]` by character code. */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

const REDIRECT_OPS = ['<<<', '<<-', '<<', '<&', '<>', '>>', '>&', '>|', '&>>', '&>', '<', '>'];
const CONTROL_OPS = [';;&', ';;', ';&', ';', '&&', '||', '|&', '|', '&', '(', ')'];

class Scanner {
  pos = 0;
  readonly heredocs: HereDoc[] = [];
  readonly diagnostics: ShellDiagnostic[] = [];
  /** Token lists of command substitutions, parsed as nested commands. */
  readonly subs: Token[][] = [];
  /** The here-document each `<<` delimiter word opens. */
  readonly heredocOf = new Map<Word, HereDoc>();
  private pending: { word: Word; strip: boolean; heredoc: HereDoc }[] = [];

  constructor(readonly text: string) {}

  /**
   * Short plain words repeat (`-A`, `INPUT`, `-j`, `ACCEPT`, `allow`, `proto`…): each distinct one is sliced once and
   * shared, keyed by a hash of its characters.
   */
  private readonly shortWords: (string | undefined)[] = new Array(SHORT_WORD_SLOTS).fill(undefined);

  private plainText(start: number, end: number): string {
    const text = this.text;
    if (end - start > SHORT_WORD_MAX) return text.slice(start, end);
    let hash = end - start;
    for (let i = start; i < end; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
    const slot = hash & (SHORT_WORD_SLOTS - 1);
    const known = this.shortWords[slot];
    if (known !== undefined && known.length === end - start && sameChars(known, text, start)) return known;
    const value = text.slice(start, end);
    this.shortWords[slot] = value;
    return value;
  }

  private diag(start: number, end: number, message: string): void {
    this.diagnostics.push({ start, end, message });
  }

  private lineEnd(from: number): number {
    const i = this.text.indexOf('\n', from);
    return i === -1 ? this.text.length : i;
  }

  /** Tokens up to the end of the text, or up to an unmatched `)` when `stopAtParen` (the `)` is left unread). */
  tokens(stopAtParen: boolean): Token[] {
    const state = readState(stopAtParen);
    const out: Token[] = [];
    for (let t = this.nextToken(state); t !== undefined; t = this.nextToken(state)) out.push(t);
    return out;
  }

  /** The next token (undefined at the end, or before the unmatched `)` of a substitution). */
  nextToken(state: ReadState): Token | undefined {
    const queued = state.queued;
    if (queued !== undefined) {
      state.queued = undefined;
      return queued;
    }
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === SP || c === TAB) { this.pos++; continue; }
      if (c === 92 /* \ */ && text.charCodeAt(this.pos + 1) === LF) { this.pos += 2; continue; }
      if (c === 92 && text.charCodeAt(this.pos + 1) === CR && text.charCodeAt(this.pos + 2) === LF) { this.pos += 3; continue; }
      if (c === CR && text.charCodeAt(this.pos + 1) === LF) { this.pos++; continue; }
      if (c === LF) {
        this.pos++;
        this.readHereDocs();
        state.atCommandStart = true;
        return NEWLINE;
      }
      if (c === 35 /* # */) { this.pos = this.lineEnd(this.pos); continue; }
      const ch = text[this.pos];
      if (ch === ')' && state.stopAtParen && state.parens === 0 && state.cases === 0) return undefined;
      // `((` at a command's start (or after `for`) is arithmetic: one opaque word.
      if (ch === '(' && text[this.pos + 1] === '(' && state.atCommandStart) {
        const start = this.pos;
        const end = this.skipBalanced(this.pos, '(', ')');
        this.pos = end;
        state.atCommandStart = false;
        return word(start, end, [dynPart()]);
      }
      if ((ch === '<' || ch === '>') && text[this.pos + 1] === '(') {
        state.atCommandStart = false;
        return this.word();
      }
      const op = this.operator();
      if (op) {
        if (op.op === '(') state.parens++;
        if (op.op === ')') state.parens = Math.max(0, state.parens - 1);
        if (op.op === '<<' || op.op === '<<-') state.queued = this.hereDocWord(op.op === '<<-');
        state.atCommandStart = CONTROL_OPS.includes(op.op);
        return op;
      }
      // A number glued to a redirection is its file descriptor (`2>/dev/null`).
      if (c >= 48 && c <= 57) {
        let j = this.pos + 1;
        while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        if (text[j] === '<' || text[j] === '>') { this.pos = j; continue; }
      }
      const w = this.word();
      const v = w.end - w.start <= 5 ? w.value : undefined;
      if (state.stopAtParen && v !== undefined) {
        if (v === 'case') state.cases++;
        else if (v === 'esac') state.cases = Math.max(0, state.cases - 1);
      }
      state.atCommandStart = v !== undefined && (v === 'for' || v === 'while' || v === 'if' || v === 'then' || v === 'do' || v === 'else' || v === '!');
      return w;
    }
    return undefined;
  }

  private operator(): OpToken | undefined {
    const text = this.text;
    const c = text[this.pos];
    if (c !== ';' && c !== '&' && c !== '|' && c !== '(' && c !== ')' && c !== '<' && c !== '>') return undefined;
    const ops = c === '<' || c === '>' || (c === '&' && text[this.pos + 1] === '>') ? REDIRECT_OPS : CONTROL_OPS;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k];
      if (text.startsWith(op, this.pos)) {
        const start = this.pos;
        this.pos += op.length;
        return opToken('op', op, start, this.pos);
      }
    }
    return undefined;
  }

  /** After `<<`: the delimiter word; the body is read after the end of the line. */
  private hereDocWord(strip: boolean): Word | undefined {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
    if (this.pos >= this.text.length || META.has(this.text[this.pos])) return undefined;
    const w = this.word();
    const raw = this.text.slice(w.start, w.end);
    const delimiter = raw.replace(/\\(.)/g, '$1').replace(/['"]/g, '');
    const heredoc: HereDoc = { delimiter, quoted: /['"\\]/.test(raw), bodyStart: -1, bodyEnd: -1 };
    this.pending.push({ word: w, strip, heredoc });
    this.heredocOf.set(w, heredoc);
    return w;
  }

  private readHereDocs(): void {
    if (this.pending.length === 0) return; // most lines open no here-document
    const text = this.text;
    for (const p of this.pending) {
      const { heredoc } = p;
      const delimiter = heredoc.delimiter;
      heredoc.bodyStart = this.pos;
      let found = false;
      while (this.pos < text.length) {
        const eol = this.lineEnd(this.pos);
        // The line without its CR, and without leading tabs for `<<-`, compared in place.
        let from = this.pos;
        let to = eol;
        if (to > from && text.charCodeAt(to - 1) === CR) to--;
        if (p.strip) while (from < to && text.charCodeAt(from) === TAB) from++;
        if (to - from === delimiter.length && text.startsWith(delimiter, from)) {
          heredoc.bodyEnd = this.pos;
          this.pos = Math.min(text.length, eol + 1);
          found = true;
          break;
        }
        this.pos = Math.min(text.length, eol + 1);
      }
      if (!found) {
        heredoc.bodyEnd = text.length;
        this.diag(p.word.start, p.word.end, `here-document delimited by "${heredoc.delimiter}" is never closed`);
      }
      this.heredocs.push(heredoc);
    }
    this.pending.length = 0;
  }

  /** Skips `open … close` with nesting and quotes; returns the offset after the closing character (or EOF). */
  private skipBalanced(from: number, open: string, close: string): number {
    const text = this.text;
    let depth = 0;
    let i = from;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\') { i += 2; continue; }
      if (ch === "'") {
        const j = text.indexOf("'", i + 1);
        if (j === -1) return text.length;
        i = j + 1;
        continue;
      }
      if (ch === '"') {
        i = this.skipDoubleQuoted(i + 1);
        continue;
      }
      if (ch === open) depth++;
      else if (ch === close) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return text.length;
  }

  private skipDoubleQuoted(from: number): number {
    const text = this.text;
    let i = from;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\') { i += 2; continue; }
      if (ch === '"') return i + 1;
      if (ch === '$' && text[i + 1] === '(') { i = this.skipBalanced(i + 1, '(', ')'); continue; }
      i++;
    }
    return text.length;
  }

  /** One word, from a non-blank, non-operator character. */
  word(): Word {
    const text = this.text;
    const start = this.pos;
    // Fast path: a plain word (no quote, escape or expansion) ending at a blank, an operator or the end.
    const end = plainRunEnd(text, start);
    if (end > start) {
      const c = end < text.length ? text.charCodeAt(end) : 32;
      if (c === 32 || c === 9 || c === 10 || c === 59 /* ; */ || c === 124 /* | */ || c === 38 /* & */ || c === 62 /* > */
        || (c === 41 /* ) */) || (c === 60 /* < */) || (c === 13 && text.charCodeAt(end + 1) === 10)) {
        // (`NAME=(` arrays and extglob `@(` stop at `(`: they take the full scanner below.)
        this.pos = end;
        return makeWord(start, end, this.plainText(start, end), undefined, start);
      }
    }
    const parts: WordPart[] = [];
    let array: Word[] | undefined;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === '\r' && text[this.pos + 1] === '\n') break;
      if (META.has(ch)) {
        // extglob `@(a|b)`, `!(x)` …, process substitution `<( … )` at a word's start
        if (ch === '(' && this.pos > start && '@*+?!'.includes(text[this.pos - 1])) {
          const end = this.skipBalanced(this.pos, '(', ')');
          lit(parts, text.slice(this.pos, end), false);
          this.pos = end;
          continue;
        }
        if (ch === '(' && parts.length > 0 && isAssignmentStart(parts)) {
          array = this.arrayElements();
          continue;
        }
        if ((ch === '<' || ch === '>') && this.pos === start && text[this.pos + 1] === '(') {
          this.pos += 2;
          this.substitution(this.pos - 2);
          parts.push(dynPart());
          continue;
        }
        break;
      }
      if (ch === '\\') {
        const next = text[this.pos + 1];
        if (next === '\n') { this.pos += 2; continue; }
        if (next === '\r' && text[this.pos + 2] === '\n') { this.pos += 3; continue; }
        if (next === undefined) { this.pos++; continue; }
        lit(parts, next, true);
        this.pos += 2;
        continue;
      }
      if (ch === "'") { this.singleQuoted(parts); continue; }
      if (ch === '"') { this.doubleQuoted(parts); continue; }
      if (ch === '`') { this.backticks(); parts.push(dynPart()); continue; }
      if (ch === '$') { this.dollar(parts, false); continue; }
      const runEnd = plainRunEnd(text, this.pos);
      if (runEnd > this.pos) {
        lit(parts, text.slice(this.pos, runEnd), false);
        this.pos = runEnd;
      } else {
        lit(parts, ch, false);
        this.pos++;
      }
    }
    if (this.pos === start) { // defensive: never return an empty word without progress
      lit(parts, text[this.pos], false);
      this.pos++;
    }
    const w = word(start, this.pos, parts);
    if (array) ARRAY_ELEMENTS.set(w, array);
    if (parts.length === 1 && parts[0].kind === 'lit') {
      const value = parts[0].text;
      if (text.startsWith(value, start) && this.pos - start === value.length) w.verbatimStart = start;
      else if (text[start] === "'" && this.pos - start === value.length + 2 && text.startsWith(value, start + 1)) w.verbatimStart = start + 1;
      else if (text[start] === '"' && this.pos - start === value.length + 2 && text.startsWith(value, start + 1)) w.verbatimStart = start + 1;
    }
    return w;
  }

  private singleQuoted(parts: WordPart[]): void {
    const text = this.text;
    const open = this.pos;
    const close = text.indexOf("'", open + 1);
    if (close === -1) {
      const eol = this.lineEnd(open);
      this.diag(open, open + 1, 'unterminated single quote');
      lit(parts, text.slice(open + 1, eol), true);
      this.pos = eol;
      return;
    }
    lit(parts, text.slice(open + 1, close), true);
    this.pos = close + 1;
  }

  private doubleQuoted(parts: WordPart[]): void {
    const text = this.text;
    const open = this.pos;
    // What to undo if the quote is never closed (mark(), without an object per string).
    const heredocs = this.heredocs.length;
    const subs = this.subs.length;
    const pending = this.pending.length;
    const diags = this.diagnostics.length;
    const partsBefore = parts.length;
    this.pos++;
    lit(parts, '', true);
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === '"') { this.pos++; return; }
      if (ch === '\\') {
        const next = text[this.pos + 1];
        if (next === '\n') { this.pos += 2; continue; }
        if (next === '\r' && text[this.pos + 2] === '\n') { this.pos += 3; continue; }
        if (next === '$' || next === '`' || next === '"' || next === '\\') { lit(parts, next, true); this.pos += 2; continue; }
        lit(parts, '\\', true);
        this.pos++;
        continue;
      }
      if (ch === '$') { this.dollar(parts, true); continue; }
      if (ch === '`') { this.backticks(); parts.push(dynPart()); continue; }
      const j = this.nextOf(this.pos);
      lit(parts, text.slice(this.pos, j), true);
      this.pos = j;
    }
    // Never closed: recover at the end of the line the quote opened on, as if it closed there.
    this.reset({ pos: open, heredocs, subs, pending, diags });
    parts.length = partsBefore;
    const eol = this.lineEnd(open);
    this.diag(open, open + 1, 'unterminated double quote');
    lit(parts, text.slice(open + 1, eol), true);
    this.pos = eol;
  }

  private nextOf(from: number): number {
    const text = this.text;
    let i = from;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34 || c === 92 || c === 36 || c === 96) break; // " \ $ `
      i++;
    }
    return i;
  }

  private backticks(): void {
    const text = this.text;
    const open = this.pos;
    let i = open + 1;
    while (i < text.length && text[i] !== '`') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) {
      this.diag(open, open + 1, 'unterminated backquote');
      this.pos = this.lineEnd(open);
      return;
    }
    // The inner commands run too: tokenize them where they are.
    const inner = new Scanner(text.slice(0, i));
    inner.pos = open + 1;
    this.subs.push(inner.tokens(false));
    this.subs.push(...inner.subs);
    this.diagnostics.push(...inner.diagnostics);
    this.pos = i + 1;
  }

  /** `$( … )` from after the `(`; records the inner tokens and leaves pos after the `)`. */
  private substitution(open: number): void {
    const mark = this.mark();
    const inner = this.tokens(true);
    if (this.text[this.pos] === ')') {
      this.pos++;
      this.subs.push(inner);
      return;
    }
    this.reset(mark);
    this.diag(open, open + 2, 'unterminated command substitution');
    this.pos = Math.max(this.pos, this.lineEnd(open));
  }

  private dollar(parts: WordPart[], quoted: boolean): void {
    const text = this.text;
    const at = this.pos;
    const next = text[at + 1];
    if (next === "'" && !quoted) { // $'…' ANSI-C quoting
      let i = at + 2;
      let s = '';
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\' && i + 1 < text.length) {
          const e = text[i + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else s += text[i++];
      }
      if (i >= text.length) {
        this.diag(at, at + 2, 'unterminated $\'…\' string');
        this.pos = this.lineEnd(at);
        lit(parts, text.slice(at + 2, this.pos), true);
        return;
      }
      lit(parts, s, true);
      this.pos = i + 1;
      return;
    }
    if (next === '"' && !quoted) { this.pos++; this.doubleQuoted(parts); return; }
    if (next === '(' && text[at + 2] === '(') {
      this.pos = this.skipBalanced(at + 1, '(', ')');
      parts.push(dynPart());
      return;
    }
    if (next === '(') {
      this.pos = at + 2;
      this.substitution(at);
      parts.push(dynPart());
      return;
    }
    if (next === '{') {
      const end = this.skipBalanced(at + 1, '{', '}');
      if (text[end - 1] !== '}') {
        this.diag(at, at + 2, 'unterminated ${…}');
        this.pos = this.lineEnd(at);
        parts.push(dynPart());
        return;
      }
      const inner = text.slice(at + 2, end - 1);
      this.pos = end;
      let m: RegExpExecArray | null;
      if (PARAMETER_NAME.test(inner)) parts.push(varPart(inner, quoted, false));
      else if ((m = ALL_ELEMENTS.exec(inner))) parts.push(varPart(m[1], quoted, true));
      else {
        const name = NAMED_PARAMETER.exec(inner);
        parts.push(dynPart(name ? name[1] : ''));
      }
      return;
    }
    if (next !== undefined && isNameStart(text.charCodeAt(at + 1))) {
      let end = at + 2;
      while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
      parts.push(varPart(text.slice(at + 1, end), quoted, false));
      this.pos = end;
      return;
    }
    if (next !== undefined && SPECIAL_PARAMETER.test(next)) {
      parts.push(dynPart());
      this.pos = at + 2;
      return;
    }
    lit(parts, '$', quoted);
    this.pos = at + 1;
  }

  /** `NAME=( a b c )`: the elements, from the `(`; leaves pos after the `)`. */
  private arrayElements(): Word[] {
    const text = this.text;
    const open = this.pos;
    this.pos++;
    const out: Word[] = [];
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') { this.pos++; continue; }
      if (ch === '\\' && text[this.pos + 1] === '\n') { this.pos += 2; continue; }
      if (ch === '#') { this.pos = this.lineEnd(this.pos); continue; }
      if (ch === ')') { this.pos++; return out; }
      if (META.has(ch)) { // `;`, `|`, `(`… inside an array: not bash; stop here
        this.diag(open, open + 1, 'unterminated array assignment');
        return out;
      }
      out.push(this.word());
    }
    this.diag(open, open + 1, 'unterminated array assignment');
    return out;
  }

  private mark(): { pos: number; heredocs: number; subs: number; pending: number; diags: number } {
    return { pos: this.pos, heredocs: this.heredocs.length, subs: this.subs.length, pending: this.pending.length, diags: this.diagnostics.length };
  }

  private reset(m: ReturnType<Scanner['mark']>): void {
    this.pos = m.pos;
    this.heredocs.length = m.heredocs;
    this.subs.length = m.subs;
    this.pending.length = m.pending;
    this.diagnostics.length = m.diags;
  }
}

function isAssignmentStart(parts: WordPart[]): boolean {
  if (parts.length !== 1 || parts[0].kind !== 'lit' || parts[0].quoted) return false;
  return /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(parts[0].text);
}

/** The word's text when it is one unquoted-or-quoted literal, else undefined. */
export function literalText(w: Word): string | undefined {
  if (w.value !== undefined) return w.value;
  return wordParts(w).length === 0 ? '' : undefined;
}

/** An unquoted plain word (reserved words must be unquoted). */
function bareText(w: Word): string | undefined {
  return quotedLiteral(w) ? undefined : w.value;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

export function isAssignmentWord(w: Word): boolean {
  if (w.value !== undefined) return !quotedLiteral(w) && w.value.includes('=') && ASSIGNMENT.test(w.value);
  const first = wordParts(w)[0];
  return first !== undefined && first.kind === 'lit' && !first.quoted && first.text.includes('=') && ASSIGNMENT.test(first.text);
}

// ---- structure ------------------------------------------------------------------------------------------------

type Frame =
  | { kind: 'if' | 'while' | 'until' | 'brace' | 'subshell' | 'case'; func?: { name: string; scope: number; outerScope: number } }
  | { kind: 'for'; loop: LoopFrame; func?: undefined };

class CommandParser {
  readonly commands: SimpleCommand[] = [];
  readonly functions = new Set<string>();
  private stack: Frame[] = [];
  private loops: LoopFrame[] = [];
  private scope: number;
  private func: string | undefined;
  private block: number;
  private pendingFunc: string | undefined;
  private current: SimpleCommand | undefined;
  /** The current command's words, gathered here and copied at their exact length when it ends. */
  private readonly words: Word[] = [];
  private wordCount = 0;
  private after: '&&' | '||' | undefined;
  private casePatterns = false;

  constructor(private readonly counters: { block: number; scope: number }, private readonly nested: boolean,
    private readonly diagnostics: ShellDiagnostic[], private readonly heredocOf: Map<Word, HereDoc>) {
    this.scope = nested ? -1 : 0;
    this.block = ++counters.block;
  }

  private newBlock(): void {
    this.block = ++this.counters.block;
  }

  /** Forgets the structure of the previous input (for the next command substitution). */
  restart(): void {
    this.finish();
    this.stack = [];
    this.loops = [];
    this.func = undefined;
    this.pendingFunc = undefined;
    this.after = undefined;
    this.casePatterns = false;
    this.scope = this.nested ? -1 : 0;
    this.newBlock();
  }

  private finish(): void {
    const c = this.current;
    if (c) {
      if (this.wordCount > 0) c.words = this.words.slice(0, this.wordCount);
      this.commands.push(c);
      // A call to a function of this script may change anything: the straight line ends there.
      const name = c.words.length > 0 ? bareText(c.words[0]) : undefined;
      if (name !== undefined && this.functions.has(name)) this.newBlock();
    }
    this.current = undefined;
  }

  private push(frame: Frame): void {
    if (this.pendingFunc !== undefined && frame.kind !== 'for') {
      const scope = ++this.counters.scope;
      frame.func = { name: this.pendingFunc, scope, outerScope: this.scope };
      this.functions.add(this.pendingFunc);
      this.scope = this.nested ? -1 : scope;
      this.func = this.pendingFunc;
      this.pendingFunc = undefined;
    }
    if (frame.kind === 'for') this.loops = [...this.loops, frame.loop];
    this.stack.push(frame);
    this.newBlock();
  }

  private pop(kinds: Frame['kind'][], at: { start: number; end: number }, word: string): void {
    let i = this.stack.length - 1;
    while (i >= 0 && !kinds.includes(this.stack[i].kind)) i--;
    if (i < 0) {
      this.diagnostics.push({ start: at.start, end: at.end, message: `"${word}" without a matching opening` });
      return;
    }
    while (this.stack.length > i) {
      const f = this.stack.pop()!;
      if (f.kind === 'for') this.loops = this.loops.slice(0, -1);
      if (f.func) {
        this.scope = this.nested ? -1 : f.func.outerScope;
        this.func = this.enclosingFunc();
      }
    }
    this.casePatterns = false;
    this.newBlock();
  }

  private enclosingFunc(): string | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i].func) return this.stack[i].func!.name;
    return undefined;
  }

  private addWord(w: Word): void {
    this.words[this.wordCount++] = w;
  }

  private command(start: number): SimpleCommand {
    if (!this.current) {
      this.wordCount = 0;
      this.current = {
        assigns: NO_WORDS, words: NO_WORDS, redirects: NO_REDIRECTS, start, end: start, scope: this.scope, block: this.block,
        loops: this.loops, nested: this.nested, func: this.func, after: this.after,
      };
      this.after = undefined;
    }
    return this.current;
  }

  parse(tokens: Tokens): void {
    let i = 0;
    for (let tok = tokens.at(i); tok !== undefined; tok = tokens.at(i)) {
      if (isNl(tok)) {
        this.finish();
        this.after = undefined;
        i++;
        tokens.release(i);
        continue;
      }
      if (isOp(tok)) {
        i = this.operator(tokens, i, tok);
        continue;
      }
      const w = tok as Word;
      const bare = bareText(w);
      if (this.casePatterns && this.stack[this.stack.length - 1]?.kind === 'case') {
        if (bare === 'esac') this.pop(['case'], w, 'esac');
        i++;
        continue;
      }
      if (!this.current && bare !== undefined) {
        const next = this.reserved(tokens, i, bare, w);
        if (next !== undefined) { i = next; continue; }
      }
      if (this.pendingFunc !== undefined && !this.current) this.pendingFunc = undefined;
      const c = this.command(w.start);
      if (this.wordCount === 0 && isAssignmentWord(w)) {
        if (c.assigns === NO_WORDS) c.assigns = [];
        c.assigns.push(w);
      } else this.addWord(w);
      c.end = w.end;
      i++;
    }
    this.finish();
  }

  private operator(tokens: Tokens, i: number, tok: { op: string; start: number; end: number }): number {
    const op = tok.op;
    if (REDIRECT_OPS.includes(op)) {
      const c = this.command(tok.start);
      const next = tokens.at(i + 1);
      const target: Word | undefined = isWord(next) ? next : undefined;
      if (c.redirects === NO_REDIRECTS) c.redirects = [];
      c.redirects.push({ op, target, heredoc: target && this.heredocOf.get(target) });
      c.end = target ? target.end : tok.end;
      return target ? i + 2 : i + 1;
    }
    const top = this.stack[this.stack.length - 1];
    if (top?.kind === 'case' && this.casePatterns && (op === '(' || op === '|')) return i + 1; // `(pat|pat)`
    if (op === '(') {
      const c = this.current;
      if (c && this.wordCount === 1 && c.assigns.length === 0 && opAt(tokens, i + 1) === ')') {
        const name = bareText(this.words[0]);
        this.current = undefined;
        this.pendingFunc = name;
        return i + 2;
      }
      this.finish();
      this.push({ kind: 'subshell' });
      return i + 1;
    }
    if (op === ')') {
      if (top?.kind === 'case' && this.casePatterns) {
        this.casePatterns = false;
        this.newBlock();
        return i + 1;
      }
      this.finish();
      this.pop(['subshell'], tok, ')');
      return i + 1;
    }
    this.finish();
    if (op === ';;' || op === ';&' || op === ';;&') {
      if (this.stack[this.stack.length - 1]?.kind === 'case') this.casePatterns = true;
      this.newBlock();
    } else if (op === '&&' || op === '||') {
      this.after = op;
    } else if (op === '&') {
      this.newBlock(); // a background job runs concurrently: no order with what follows
    }
    return i + 1;
  }

  /** Handles a reserved word at a command's start; returns the next token index, or undefined for a normal word. */
  private reserved(tokens: Tokens, i: number, word: string, w: Word): number | undefined {
    switch (word) {
      case 'if': case 'while': case 'until':
        this.push({ kind: word });
        return i + 1;
      case 'then': case 'do': case 'else': case 'elif':
        this.newBlock();
        return i + 1;
      case 'fi':
        this.pop(['if'], w, word);
        return i + 1;
      case 'done':
        this.pop(['while', 'until', 'for'], w, word);
        return i + 1;
      case 'esac':
        this.pop(['case'], w, word);
        return i + 1;
      case '{':
        this.push({ kind: 'brace' });
        return i + 1;
      case '}':
        this.pop(['brace'], w, word);
        return i + 1;
      case '!': case 'time': case 'coproc':
        return i + 1;
      case 'function': {
        const name = tokens.at(i + 1);
        if (!isWord(name)) return i + 1;
        this.pendingFunc = bareText(name) ?? '';
        let j = i + 2;
        if (opAt(tokens, j) === '(' && isOp(tokens.at(j + 1))) j += 2;
        return j;
      }
      case 'case': {
        this.push({ kind: 'case' });
        let j = i + 1;
        while (isWord(tokens.at(j)) && bareText(tokens.at(j) as Word) !== 'in') j++;
        this.casePatterns = true;
        return isWord(tokens.at(j)) ? j + 1 : j;
      }
      case 'for': case 'select': {
        const nameTok = tokens.at(i + 1);
        const name = isWord(nameTok) ? bareText(nameTok) : undefined;
        let j = i + 2;
        let values: Word[] | undefined;
        if (name === undefined || !/^[A-Za-z_]\w*$/.test(name)) {
          // `for ((…))` or garbage: a loop whose variable is unknown
          j = isWord(nameTok) ? i + 2 : i + 1;
        } else {
          while (isNl(tokens.at(j))) j++;
          const maybeIn = tokens.at(j);
          if (isWord(maybeIn) && bareText(maybeIn) === 'in') {
            values = [];
            j++;
            while (isWord(tokens.at(j))) values.push(tokens.at(j++) as Word);
          }
        }
        this.push({ kind: 'for', loop: { name: name ?? '', values } });
        return j;
      }
      case '[[': {
        let j = i + 1;
        for (let t = tokens.at(j); t !== undefined && !(isWord(t) && bareText(t as Word) === ']]'); t = tokens.at(j)) {
          if (isNl(t)) break;
          j++;
        }
        const c = this.command(w.start);
        this.addWord(w);
        const endTok = tokens.at(j);
        c.end = isWord(endTok) ? endTok.end : w.end;
        return isWord(endTok) ? j + 1 : j;
      }
      default:
        return undefined;
    }
  }
}

/** Splits a shell script into simple commands with exact word spans. Never throws. */
export function parseShell(text: string): ShellScript {
  const scanner = new Scanner(text);
  const counters = { block: 0, scope: 0 };
  // The parser reads while the scanner is still scanning: its diagnostics follow the scanner's, as if it ran after.
  const structure: ShellDiagnostic[] = [];
  const diagnostics = () => (structure.length === 0 ? scanner.diagnostics : [...scanner.diagnostics, ...structure]);
  const main = new CommandParser(counters, false, structure, scanner.heredocOf);
  main.parse(Tokens.stream(scanner));
  if (scanner.subs.length === 0) {
    return { commands: main.commands, heredocs: scanner.heredocs, diagnostics: diagnostics(), functions: main.functions };
  }
  // Commands of substitutions: one parser, a fresh state for each, then merged into text order.
  const nested = new CommandParser(counters, true, structure, scanner.heredocOf);
  for (const sub of scanner.subs) {
    nested.restart();
    nested.parse(Tokens.of(sub));
  }
  const inner = nested.commands.sort((a, b) => a.start - b.start);
  const commands: SimpleCommand[] = [];
  let i = 0;
  for (const c of main.commands) {
    while (i < inner.length && inner[i].start < c.start) commands.push(inner[i++]);
    commands.push(c);
  }
  while (i < inner.length) commands.push(inner[i++]);
  const functions = new Set([...main.functions, ...nested.functions]);
  return { commands, heredocs: scanner.heredocs, diagnostics: diagnostics(), functions };
}
