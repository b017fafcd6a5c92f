// The nginx configuration as nginx reads it: each file parsed once into statements (name, arguments, block) with
// exact token ranges, then the tree of directives nginx builds from the main file, `include`s expanded in place
// (relative to the configuration prefix, globs sorted, missing files and cycles reported) and every directive
// given its context (main, http, server, location, if in location, upstream, ...).
import * as path from 'node:path';
import { SourceText } from '../text';
import type { ScopeFacts } from './inherit';
import type { FileHost, Range } from '../types';
import { globSync } from '../sshd/glob';
import { allowedIn, argCountOk, canonicalName, childContext, directiveSpecs, isBlockDirective, isKnown, NginxContext } from './directives';
import { K_COMMENT, K_LUA, K_OPEN, K_SPACE, K_WORD, K_CLOSE, K_SEMICOLON, scanTokens, SyntaxDiagnostic, Token, TokenTable, WordToken } from './tokenizer';

export const MAX_INCLUDE_DEPTH = 32;

/** One directive as written in a file: `name args... ;` or `name args... { ... }`. */
export interface Statement {
  name: WordToken;
  args: WordToken[];
  /** The `;` or `{` that ended it; absent when a syntax error cut it short. */
  terminator?: Token;
  block?: StatementBlock;
  /** The enclosing block statement in the same file. */
  parent?: Statement;
  /** From the name to the `;`, the block's `}`, or the last word when cut short. */
  start: number;
  end: number;
}

export interface StatementBlock {
  open: Token;
  /** Absent when the block is never closed. */
  close?: Token;
  children: Statement[];
  /** The raw body of a `*_by_lua_block`. */
  lua?: Token;
}

export interface NginxFile {
  path: string;
  src: SourceText;
  /** Contiguous tokens covering the whole text (made on first use: the parser needs no blanks or comments). */
  readonly tokens: Token[];
  /** Top-level statements. */
  statements: Statement[];
  /** Syntax errors, in file order. */
  diagnostics: SyntaxDiagnostic[];
}

// ---- one file ----------------------------------------------------------------------------------------------------

/** Blocks whose entries are not directives, or that nginx does not document: no missing-`;` guesses inside. */
const ENTRY_BLOCKS: ReadonlySet<string> = new Set(['map', 'geo', 'types', 'split_clients', 'charset_map', 'match']);

export function parseNginxFile(filePath: string, text: string): NginxFile {
  const src = new SourceText(text);
  const table = scanTokens(text, false);
  let pass = buildStatements(src, table, { missingCloses: 0, strayCloses: 0 });
  if (pass.unclosedAtEnd > 0 || pass.strayCloses > 0) {
    // Unbalanced braces: parse again, letting indentation say where a `}` is missing or extra.
    pass = buildStatements(src, table, { missingCloses: pass.unclosedAtEnd, strayCloses: pass.strayCloses });
  }
  const lexical = table.diagnostics;
  const diagnostics = lexical.length === 0 && pass.diagnostics.length === 0 ? []
    : [...lexical, ...pass.diagnostics].sort((a, b) => a.start - b.start);
  let tokens: Token[] | undefined;
  return {
    path: filePath,
    src,
    get tokens(): Token[] {
      return tokens ??= withTrivia(text, table);
    },
    statements: pass.statements,
    diagnostics,
  };
}

/** All tokens of the text; the parser's own Token objects (those statements hand out) for the significant ones. */
function withTrivia(text: string, significant: TokenTable): Token[] {
  const all = scanTokens(text, true);
  const tokens: Token[] = new Array(all.count);
  let k = 0;
  for (let i = 0; i < all.count; i++) {
    const kind = all.kinds[i];
    tokens[i] = kind === K_SPACE || kind === K_COMMENT ? all.newToken(i) : significant.token(k++);
  }
  return tokens;
}

/**
 * A statement read from a TokenTable. Its words are consecutive tokens of the table: the Token objects of the name,
 * arguments and terminator are only made when asked for (a lint reads a few of them, the parser none).
 */
class ParsedStatement implements Statement {
  block: StatementBlock | undefined = undefined;

  constructor(
    private readonly table: TokenTable,
    /** Token index of the name; the arguments follow it. */
    private readonly first: number,
    /** Token index of the `;` or `{` that ended it, -1 when none. */
    private readonly ended: number,
    public parent: Statement | undefined,
    public end: number,
    /** The arguments' values, shared by the directives made from this statement. */
    readonly argValues: string[],
  ) {}

  /** Where the name starts (read from the table: a large file has tens of thousands of statements to keep small). */
  get start(): number {
    return this.table.starts[this.first];
  }

  get nameValue(): string {
    return this.table.value(this.first);
  }

  get headEnd(): number {
    return this.table.ends[this.first + this.argValues.length];
  }

  /** Offsets of word `i` (0 the name, then the arguments); past the last one, the token's own error. */
  wordStart(i: number): number {
    return i >= 0 && i <= this.argValues.length ? this.table.starts[this.first + i] : this.args[i - 1].start;
  }

  wordEnd(i: number): number {
    return i >= 0 && i <= this.argValues.length ? this.table.ends[this.first + i] : this.args[i - 1].end;
  }

  get name(): WordToken {
    return this.table.word(this.first);
  }

  get args(): WordToken[] {
    return this.table.wordList(this.first + 1, this.argValues.length);
  }

  get terminator(): Token | undefined {
    return this.ended >= 0 ? this.table.token(this.ended) : undefined;
  }
}

/** A block read from a TokenTable: its brace and Lua tokens are made when asked for. */
class ParsedBlock implements StatementBlock {
  /** Set when the block is closed (StatementBuilder keeps the statements of open blocks on one list until then). */
  children: Statement[] = NO_STATEMENTS;
  /** Token index of the `}`, -1 while (or when never) closed. */
  closeIndex = -1;
  /** Token index of a Lua body, -1 when none. */
  luaIndex = -1;

  constructor(private readonly table: TokenTable, readonly openIndex: number) {}

  get open(): Token {
    return this.table.token(this.openIndex);
  }

  get close(): Token | undefined {
    return this.closeIndex >= 0 ? this.table.token(this.closeIndex) : undefined;
  }

  get lua(): Token | undefined {
    return this.luaIndex >= 0 ? this.table.token(this.luaIndex) : undefined;
  }
}

/** A statement's name (the value of its first word), without making its token. */
export const statementName = (s: Statement): string => (s instanceof ParsedStatement ? s.nameValue : s.name.value);

/** How many arguments a statement has, without making their tokens. */
export const argCount = (s: Statement): number => (s instanceof ParsedStatement ? s.argValues.length : s.args.length);

/** Where a statement's name and arguments end (before its `;` or block), without making their tokens. */
export function headEnd(s: Statement): number {
  if (s instanceof ParsedStatement) return s.headEnd;
  return (s.args.length > 0 ? s.args[s.args.length - 1] : s.name).end;
}

interface RecoveryBudget {
  /** How many blocks may be closed because indentation says their `}` is missing. */
  missingCloses: number;
  /** How many `}` may be dropped because indentation says they are extra. */
  strayCloses: number;
}

interface Pass {
  statements: Statement[];
  diagnostics: SyntaxDiagnostic[];
  unclosedAtEnd: number;
  strayCloses: number;
}

interface OpenBlock {
  /** Undefined for a `{` with no directive before it: its content goes to the enclosing block. */
  statement?: ParsedStatement;
  block?: ParsedBlock;
  /** Where the block's statements start on the builder's list of pending statements (-1 without a statement). */
  from: number;
  /** Column and line of the line that opened the block, for indentation-based recovery (the recovery pass only). */
  indent: number;
  openLine: number;
  /** Inside map/types/... or an undocumented block: its lines are entries, not directives to split. */
  entries: boolean;
}

const NO_STATEMENTS: Statement[] = [];

/** OpenBlock as a class: see Loader for why the parse makes no long-lived objects from literals. */
class OpenBlockRecord implements OpenBlock {
  constructor(
    readonly statement: ParsedStatement | undefined,
    readonly block: ParsedBlock | undefined,
    readonly from: number,
    readonly indent: number,
    readonly openLine: number,
    readonly entries: boolean,
  ) {}
}

function buildStatements(src: SourceText, table: TokenTable, budget: RecoveryBudget): Pass {
  return new StatementBuilder(src, table, budget).build();
}

/**
 * One pass of the parser over a token table. A class rather than closures in a function: V8's optimized code for
 * a function embeds the closures it calls, and with them the state of one parse, which the young-generation
 * collector then keeps (and copies) long after that parse is done.
 */
class StatementBuilder {
  private readonly text: string;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly quotes: Uint8Array;
  private readonly values: (string | undefined)[];
  private readonly diagnostics: SyntaxDiagnostic[] = [];
  /**
   * The statements of the top level and of the open blocks, innermost last. A `{` with no directive before it has
   * no region: its content goes to the enclosing block.
   */
  private readonly pending: Statement[] = Array.of<Statement>();
  private readonly stack = Array.of<OpenBlock>();
  // The words of the statement being read: tokens [wordsFrom, wordsFrom + wordCount) of the table.
  private wordsFrom = 0;
  private wordCount = 0;
  private strayCloses = 0;
  private missingLeft: number;
  private strayLeft: number;
  /** The recovery pass: lines and indentation only matter to it. */
  private readonly recovering: boolean;

  constructor(private readonly src: SourceText, private readonly table: TokenTable, budget: RecoveryBudget) {
    this.text = src.text;
    this.kinds = table.kinds;
    this.starts = table.starts;
    this.ends = table.ends;
    this.quotes = table.quotes;
    this.values = table.values;
    this.missingLeft = budget.missingCloses;
    this.strayLeft = budget.strayCloses;
    this.recovering = this.missingLeft > 0 || this.strayLeft > 0;
  }

  build(): Pass {
    const { kinds, starts, ends, diagnostics, stack, recovering } = this;
    const count = this.table.count;
    for (let k = 0; k < count; k++) {
      switch (kinds[k]) {
        case K_WORD:
          if (this.wordCount === 0) {
            if (this.missingLeft > 0) this.closeByIndentation(starts[k], true);
            this.wordsFrom = k;
          }
          this.wordCount++;
          break;
        case K_SEMICOLON:
          if (this.wordCount === 0) {
            diagnostics.push({ code: 'unexpected-semicolon', message: 'unexpected ";"', start: starts[k], end: ends[k] });
          } else this.finish(k);
          break;
        case K_OPEN: {
          const parent = this.top();
          const line = recovering ? this.lineOf(starts[k]) : -1;
          if (this.wordCount === 0) {
            diagnostics.push({ code: 'unexpected-open-brace', message: 'unexpected "{"', start: starts[k], end: ends[k] });
            stack.push(new OpenBlockRecord(
              undefined, undefined, -1, recovering ? this.indentOf(line) : 0, line,
              !!parent?.entries,
            ));
            break;
          }
          const s = this.finish(k);
          const block = new ParsedBlock(this.table, k);
          s.block = block;
          if (k + 1 < count && kinds[k + 1] === K_LUA) block.luaIndex = k + 1;
          const name = s.nameValue;
          stack.push(new OpenBlockRecord(
            s, block, this.pending.length, recovering ? this.indentOf(this.lineOf(s.start)) : 0, line,
            !!parent?.entries || ENTRY_BLOCKS.has(name) || isBlockDirective(name) !== true,
          ));
          break;
        }
        case K_CLOSE: {
          const start = starts[k];
          if (this.wordCount > 0) {
            const w = this.wordsFrom + this.wordCount - 1;
            diagnostics.push({
              code: 'missing-semicolon',
              message: `unexpected "}": missing ";" after "${this.wordText(w)}"`,
              start: starts[w],
              end: ends[w],
            });
            this.finish(-1);
          }
          if (this.missingLeft > 0) this.closeByIndentation(start, false);
          const b = this.top();
          if (b && this.strayLeft > 0 && b.statement && this.firstOnLine(start) && this.lineOf(start) > b.openLine
              && this.indentOf(this.lineOf(start)) > b.indent) {
            // Recovery pass only: a `}` indented deeper than its block's opener is the extra one.
            this.strayLeft--;
            diagnostics.push({ code: 'unexpected-close-brace', message: 'unexpected "}" (no block is open here)', start, end: ends[k] });
            break;
          }
          if (!b) {
            this.strayCloses++;
            diagnostics.push({ code: 'unexpected-close-brace', message: 'unexpected "}" (no block is open here)', start, end: ends[k] });
            break;
          }
          stack.pop();
          if (b.statement) {
            b.block!.closeIndex = k;
            b.statement.end = ends[k];
            this.closeRegion(b);
          }
          break;
        }
        default:
          // A Lua body: taken with its block's `{`.
          break;
      }
    }

    if (this.wordCount > 0) {
      const w = this.wordsFrom + this.wordCount - 1;
      diagnostics.push({
        code: 'unexpected-end-of-file',
        message: `unexpected end of file, expecting ";" or "}" after "${this.wordText(w)}"`,
        start: starts[w],
        end: ends[w],
      });
      this.finish(-1);
    }
    let unclosedAtEnd = 0;
    for (const b of stack) if (b.statement) unclosedAtEnd++;
    while (stack.length) this.closeUnclosed(stack.pop()!);
    // What is left pending is the top level.
    return { statements: this.pending, diagnostics, unclosedAtEnd, strayCloses: this.strayCloses };
  }

  private top(): OpenBlock | undefined {
    return this.stack[this.stack.length - 1];
  }

  private lineOf(offset: number): number {
    return lineAt(this.src, offset);
  }

  private indentOf(line: number): number {
    const text = this.text;
    const start = this.src.lineStarts[line];
    let i = start;
    while (text[i] === ' ' || text[i] === '\t') i++;
    return i - start;
  }

  private firstOnLine(offset: number): boolean {
    const text = this.text;
    for (let i = offset - 1; i >= 0; i--) {
      const c = text[i];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t') return false;
    }
    return true;
  }

  private wordText(k: number): string {
    return this.text.slice(this.starts[k], this.ends[k]);
  }

  /** Moves the statements of a block being closed from the pending list to the block, in a list of their number. */
  private closeRegion(b: OpenBlock): void {
    const pending = this.pending;
    b.block!.children = pending.slice(b.from);
    pending.length = b.from;
  }

  private closeUnclosed(b: OpenBlock): void {
    if (!b.statement) return;
    this.closeRegion(b);
    const s = b.statement;
    const block = b.block!;
    const ends = this.ends;
    const last = block.children[block.children.length - 1];
    s.end = Math.max(last ? last.end : 0, block.luaIndex >= 0 ? ends[block.luaIndex] : 0, ends[block.openIndex]);
    // An unclosed Lua body is already reported by the lexer.
    if (block.luaIndex >= 0) return;
    this.diagnostics.push({
      code: 'missing-close-brace',
      message: `unexpected end of file, expecting "}" (the block of "${s.nameValue}" is not closed)`,
      start: s.start,
      end: ends[block.openIndex],
    });
  }

  private statement(first: number, words: number, ended: number, parent: OpenBlock | undefined): ParsedStatement {
    const { values, ends } = this;
    const last = first + words - 1;
    values[first] = canonicalName(values[first]!);
    const s = new ParsedStatement(
      this.table, first, ended, parent?.statement, ended >= 0 ? ends[ended] : ends[last], values.slice(first + 1, last + 1) as string[],
    );
    // A block's statements wait on one list until it is closed (then they get a list of their own, of their number).
    this.pending.push(s);
    return s;
  }

  /** Ends the pending words as one or more statements (several when a `;` is evidently missing). */
  private finish(ended: number): ParsedStatement {
    const parent = this.top();
    const wordsFrom = this.wordsFrom;
    const cuts = parent?.entries ? undefined : this.splitMissingSemicolons(wordsFrom, this.wordCount, ended);
    const wordsEnd = wordsFrom + this.wordCount;
    this.wordCount = 0;
    // One statement (nearly always).
    if (!cuts) return this.statement(wordsFrom, wordsEnd - wordsFrom, ended, parent);
    let last!: ParsedStatement;
    for (let p = 0; p < cuts.length; p++) {
      const isLast = p === cuts.length - 1;
      const pieceEnd = isLast ? wordsEnd : cuts[p + 1];
      last = this.statement(cuts[p], pieceEnd - cuts[p], isLast ? ended : -1, parent);
      if (!isLast) {
        const w = pieceEnd - 1;
        this.diagnostics.push({
          code: 'missing-semicolon',
          message: `missing ";" after "${this.wordText(w)}" (the next line starts the "${this.values[cuts[p + 1]]}" directive)`,
          start: this.starts[w],
          end: this.ends[w],
        });
      }
    }
    return last;
  }

  private closeByIndentation(offset: number, inclusive: boolean): void {
    // Recovery pass only: a line indented at or left of the block opener's line ends that block.
    const line = this.lineOf(offset);
    for (let b = this.top(); this.missingLeft > 0 && b && b.statement && line > b.openLine; b = this.top()) {
      const column = this.indentOf(line);
      if (!this.firstOnLine(offset) || (inclusive ? column > b.indent : column >= b.indent)) break;
      this.missingLeft--;
      this.stack.pop();
      this.closeUnclosed(b);
    }
  }

  /**
   * `server_tokens off` newline `add_header X y;` is one statement to nginx ("invalid number of arguments").
   * When the words only make sense as several directives — the whole is invalid, each piece starts a line with a
   * known directive name, and the piece before it is valid on its own — report the missing `;` and split there.
   * Returns the token index where each piece starts, or undefined for one statement.
   */
  private splitMissingSemicolons(from: number, words: number, ended: number): number[] | undefined {
    const { quotes, starts, ends, values, kinds } = this;
    if (words < 2 || quotes[from] !== 0) return undefined;
    // Only words over several lines can be several directives.
    const newline = this.text.indexOf('\n', ends[from]);
    if (newline < 0 || newline >= starts[from + words - 1]) return undefined;
    const wantBlock = ended >= 0 ? kinds[ended] === K_OPEN : undefined;
    const end = from + words;
    const cuts = [from];
    let begin = from;
    for (;;) {
      const name = values[begin]!;
      if (!isKnown(name) || fits(name, end - begin - 1, wantBlock)) break;
      let cut = -1;
      for (let k = begin + 1; k < end; k++) {
        if (quotes[k] !== 0 || !isKnown(values[k]!) || !this.firstOnLine(starts[k])) continue;
        if (fits(name, k - begin - 1, undefined)) cut = k;
        break;
      }
      if (cut < 0) break;
      cuts.push(cut);
      begin = cut;
    }
    return cuts.length > 1 ? cuts : undefined;
  }
}

/** The line of an offset (SourceText.positionAt without the object). */
function lineAt(src: SourceText, offset: number): number {
  const starts = src.lineStarts;
  const o = Math.max(0, Math.min(offset, src.text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= o) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/**
 * Whether `name` with `args` arguments is acceptable to nginx, ended by a `{` (wantBlock true), a `;` (false) or
 * unknown (undefined).
 */
function fits(name: string, args: number, wantBlock: boolean | undefined): boolean {
  if (wantBlock === undefined) return argCountOk(name, args);
  // `server` is a block in http and a plain directive in upstream: check the variant the terminator asks for.
  return directiveSpecs(name).some((s) => s.block === wantBlock && args >= s.minArgs && args <= s.maxArgs);
}

// ---- the configuration tree --------------------------------------------------------------------------------------

/** A directive in the configuration tree nginx builds; a file included twice gives two sets of directives. */
export interface Directive {
  name: string;
  /** Argument values as nginx stores them (shared by every instance of the statement: do not modify). */
  args: string[];
  statement: Statement;
  file: NginxFile;
  /** The context the directive sits in. */
  context: NginxContext;
  /** The enclosing block directive, across includes. */
  parent?: Directive;
  /** Block contents as written (an `include` stays one item; its files are under `include`). */
  children?: Directive[];
  /** For an `include` directive: what it pulled in. */
  include?: IncludeResolution;
  /** The `include` that brought this directive's file in; undefined in the main file. */
  includedBy?: Directive;
  /** What inherit.ts works out about the directive as a scope, on first use; not part of the configuration. */
  facts?: ScopeFacts;
  /**
   * What rule helpers work out about the directive (rules/nginx/_util.ts), on first use; not part of the
   * configuration. Kept on the directive rather than in a WeakMap: V8's young-generation collector keeps WeakMap
   * entries alive, so a lint's whole tree would survive it and be copied.
   */
  notes?: object;
}

export type IncludeProblem = 'missing' | 'unreadable' | 'directory' | 'cycle' | 'too-deep';

export interface IncludeTarget {
  path: string;
  file?: NginxFile;
  /** The file's top-level directives in this inclusion (context of the include). */
  directives: Directive[];
  problem?: IncludeProblem;
}

export interface IncludeResolution {
  /** The argument as written. */
  pattern: string;
  /** The absolute path or pattern looked up. */
  resolved: string;
  glob: boolean;
  /** Files in glob order; empty when a glob matches nothing (fine for nginx). */
  targets: IncludeTarget[];
}

export interface NginxConfig {
  root: NginxFile;
  /** The directory relative includes resolve against. */
  prefix: string;
  /** Every file read, parsed once, by path. */
  files: Map<string, NginxFile>;
  /** Top-level directives of the main file. */
  directives: Directive[];
  /** The context of the main file's top level (`main` for a real nginx.conf). */
  rootContext: NginxContext;
  /** What inherit.ts works out about the top level as a scope, on first use; not part of the configuration. */
  facts?: ScopeFacts;
  /** What rule helpers work out about the top level, like Directive.notes. */
  notes?: object;
}

export interface LoadOptions {
  /** nginx's conf prefix: the directory of the main nginx.conf (the default) or a configured one. */
  prefix?: string;
  /**
   * Absolute includes under this directory are looked up under `prefix` first, so a tree checked out of
   * /etc/nginx resolves its own `include /etc/nginx/...` lines. Default `/etc/nginx`.
   */
  systemPrefix?: string;
  /** Context of the main file's top level; `guessContext` helps for a snippet linted alone. Default `main`. */
  rootContext?: NginxContext;
  /** Parsed files to reuse when their text is unchanged (the language server keeps one across edits). */
  cache?: Map<string, NginxFile>;
}

const GLOB_CHARS = /[*?[]/;

/**
 * The directives loadNginxConfig makes: every one has the same fields (one object shape for the rules that read
 * them). The fields are assigned in the constructor, not declared as class fields: V8 sizes an instance by the
 * constructor's assignments, and declared fields landed in a separate, regrown property store (twice the memory).
 */
class TreeDirective implements Directive {
  declare readonly name: string;
  declare readonly args: string[];
  declare readonly statement: Statement;
  declare readonly file: NginxFile;
  declare readonly context: NginxContext;
  declare readonly parent: Directive | undefined;
  declare readonly includedBy: Directive | undefined;
  declare children: Directive[] | undefined;
  declare include: IncludeResolution | undefined;
  declare facts: ScopeFacts | undefined;
  declare notes: object | undefined;

  constructor(
    name: string, args: string[], statement: Statement, file: NginxFile, context: NginxContext,
    parent: Directive | undefined, includedBy: Directive | undefined,
  ) {
    this.name = name;
    this.args = args;
    this.statement = statement;
    this.file = file;
    this.context = context;
    this.parent = parent;
    this.includedBy = includedBy;
    this.children = undefined;
    this.include = undefined;
    this.facts = undefined;
    this.notes = undefined;
  }
}

const wordValue = (w: WordToken): string => w.value;

export function resolveIncludePath(arg: string, prefix: string): string {
  return path.posix.isAbsolute(arg) ? path.posix.normalize(arg) : path.posix.join(prefix, arg);
}

export function loadNginxConfig(root: NginxFile, host: FileHost, options: LoadOptions = {}): NginxConfig {
  return new Loader(root, host, options).load();
}

interface IncludeLookup { resolved: string; paths: string[]; glob: boolean }

/**
 * One load of a configuration. A class rather than closures in a function, for the reason StatementBuilder gives;
 * its lists are made with Array.of, not `[]`: V8 may allocate the arrays of an array literal that usually survives
 * straight in the old generation, and an old array pointing to young directives keeps them (and the whole tree)
 * alive through every young-generation collection until a full one.
 */
class Loader {
  private readonly prefix: string;
  private readonly systemPrefix: string;
  private readonly rootContext: NginxContext;
  private readonly files = new Map<string, NginxFile>();
  /** A snippet included in every server is looked up once per load, not once per include. */
  private readonly directories = new Map<string, boolean>();
  private readonly lookedUp = new Map<string, IncludeLookup>();

  constructor(private readonly root: NginxFile, private readonly host: FileHost, private readonly options: LoadOptions) {
    this.prefix = options.prefix ?? path.posix.dirname(root.path);
    this.systemPrefix = options.systemPrefix ?? '/etc/nginx';
    this.rootContext = options.rootContext ?? 'main';
    this.files.set(root.path, root);
  }

  load(): NginxConfig {
    const { root, prefix, files, rootContext } = this;
    const config: NginxConfig = { root, prefix, files, directives: NO_DIRECTIVES, rootContext, facts: undefined, notes: undefined };
    config.directives = this.instantiate(root.statements, root, rootContext, undefined, undefined, [root.path]);
    return config;
  }

  private parsed(p: string): NginxFile | undefined {
    const known = this.files.get(p);
    if (known) return known;
    const text = this.host.readFile(p);
    if (text === undefined) return undefined;
    const file = cachedParse(this.options.cache, p, text);
    this.files.set(p, file);
    return file;
  }

  private isDirectory(p: string): boolean {
    let known = this.directories.get(p);
    if (known === undefined) this.directories.set(p, known = this.host.isDirectory(p));
    return known;
  }

  /** The paths nginx would open for an include argument. */
  private expand(resolved: string): { paths: string[]; glob: boolean } {
    const { host, prefix, systemPrefix } = this;
    const glob = GLOB_CHARS.test(resolved);
    const mapped = systemPrefix !== prefix && (resolved === systemPrefix || resolved.startsWith(systemPrefix + '/'))
      ? path.posix.join(prefix, resolved.slice(systemPrefix.length)) : undefined;
    if (!glob) {
      if (mapped && (host.readFile(mapped) !== undefined || host.isDirectory(mapped))) return { paths: [mapped], glob };
      return { paths: [resolved], glob };
    }
    const matches = mapped ? globSync(mapped, host) : [];
    return { paths: matches.length ? matches : globSync(resolved, host), glob };
  }

  /** Where an include argument points and the files it names, resolved once per load. */
  private lookUp(arg: string): IncludeLookup {
    let found = this.lookedUp.get(arg);
    if (!found) {
      const resolved = resolveIncludePath(arg, this.prefix);
      this.lookedUp.set(arg, found = { resolved, ...this.expand(resolved) });
    }
    return found;
  }

  private instantiate(
    statements: Statement[], file: NginxFile, context: NginxContext, parent: Directive | undefined,
    includedBy: Directive | undefined, stack: string[],
  ): Directive[] {
    // One directive per statement (an include stays one item): a copy of the statement list, each item then
    // replaced, is an array of the right size that no array literal allocated.
    const out = statements.slice() as unknown[] as Directive[];
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i];
      const d: Directive = new TreeDirective(
        statementName(s), s instanceof ParsedStatement ? s.argValues : s.args.map(wordValue), s, file, context, parent, includedBy,
      );
      if (s.block) {
        d.children = this.instantiate(s.block.children, file, childContext(d.name, context), d, includedBy, stack);
      } else if (d.name === 'include' && d.args.length === 1 && s.terminator?.kind === 'semicolon') {
        d.include = this.resolveInclude(d, context, parent, stack);
      }
      out[i] = d;
    }
    return out;
  }

  private resolveInclude(d: Directive, context: NginxContext, parent: Directive | undefined, stack: string[]): IncludeResolution {
    const { resolved, paths, glob } = this.lookUp(d.args[0]);
    const targets = Array.of<IncludeTarget>();
    for (const p of paths) {
      if (stack.includes(p)) targets.push({ path: p, directives: [], problem: 'cycle' });
      else if (stack.length > MAX_INCLUDE_DEPTH) targets.push({ path: p, directives: [], problem: 'too-deep' });
      else if (this.isDirectory(p)) targets.push({ path: p, directives: [], problem: 'directory' });
      else {
        const f = this.parsed(p);
        if (!f) targets.push({ path: p, directives: [], problem: glob ? 'unreadable' : 'missing' });
        else targets.push(new LoadedTarget(p, f, this.instantiate(f.statements, f, context, parent, d, [...stack, p])));
      }
    }
    return new Resolution(d.args[0], resolved, glob, targets);
  }
}

class LoadedTarget implements IncludeTarget {
  constructor(readonly path: string, readonly file: NginxFile, readonly directives: Directive[]) {}
}

class Resolution implements IncludeResolution {
  constructor(readonly pattern: string, readonly resolved: string, readonly glob: boolean, readonly targets: IncludeTarget[]) {}
}

/** The top level of a configuration while it is made. */
const NO_DIRECTIVES: Directive[] = [];

/** Parses `text` as the main file at `filePath` and loads its includes. */
export function loadNginx(filePath: string, text: string, host: FileHost, options: LoadOptions = {}): NginxConfig {
  return loadNginxConfig(cachedParse(options.cache, filePath, text), host, options);
}

/**
 * For each parse cache, the paths whose text changed between two loads (an editor buffer being typed in, a file
 * being rewritten), with the last text seen. Their parses are kept only once the same text is loaded a second time:
 * a kept parse lives until the next load of its path, and a young-generation collection meanwhile copies all of it.
 */
const changingPaths = new WeakMap<Map<string, NginxFile>, Map<string, string>>();

/** The cached parse of `text` at `filePath`, else a new one (cached unless the path's text keeps changing). */
function cachedParse(cache: Map<string, NginxFile> | undefined, filePath: string, text: string): NginxFile {
  if (!cache) return parseNginxFile(filePath, text);
  const cached = cache.get(filePath);
  if (cached && cached.src.text === text) return cached;
  let changing = changingPaths.get(cache);
  if (cached) {
    // Dropped before the new parse is made (it would be copied by the collections meanwhile).
    cache.delete(filePath);
    if (!changing) changingPaths.set(cache, changing = new Map());
    if (changing.size > 10_000) changing.clear();
    changing.set(filePath, text);
    return parseNginxFile(filePath, text);
  }
  const seen = changing?.get(filePath);
  const file = parseNginxFile(filePath, text);
  if (seen === undefined || seen === text) cache.set(filePath, file);
  else changing!.set(filePath, text);
  return file;
}

// ---- walking the tree --------------------------------------------------------------------------------------------

/**
 * The directives nginx sees directly in a block (or at the top level of the config): the block's own ones with
 * every `include` replaced by the included files' top-level directives, recursively. Without an include, the
 * block's own list: do not modify.
 */
export function blockItems(scope: Directive | NginxConfig): Directive[] {
  const list = isConfig(scope) ? scope.directives : scope.children ?? NO_ITEMS;
  for (let i = 0; i < list.length; i++) {
    if (list[i].include) {
      const out = Array.of<Directive>();
      addExpanded(list, out);
      return out;
    }
  }
  return list;
}

const NO_ITEMS: Directive[] = [];

function addExpanded(list: Directive[], out: Directive[]): void {
  for (const d of list) {
    if (d.include) for (const t of d.include.targets) addExpanded(t.directives, out);
    else out.push(d);
  }
}

export const isConfig = (x: Directive | NginxConfig): x is NginxConfig => (x as NginxConfig).root !== undefined;

/**
 * Visits every directive of the tree in reading order, includes expanded (the `include` directive itself is
 * visited before its files' directives). Return `false` from `visit` to skip a directive's block.
 */
export function walk(config: NginxConfig, visit: (d: Directive) => boolean | void): void {
  const go = (list: Directive[]): void => {
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (visit(d) === false) continue;
      if (d.include) {
        const targets = d.include.targets;
        for (let t = 0; t < targets.length; t++) go(targets[t].directives);
      }
      if (d.children) go(d.children);
    }
  };
  go(config.directives);
}

/** Every directive named `name` in the tree, in reading order. */
export function findAll(config: NginxConfig, name: string): Directive[] {
  const out: Directive[] = [];
  walk(config, (d) => { if (d.name === name) out.push(d); });
  return out;
}

/** The enclosing block directives, innermost first. */
export function ancestors(d: Directive): Directive[] {
  const out: Directive[] = [];
  for (let p = d.parent; p; p = p.parent) out.push(p);
  return out;
}

/** The chain of `include` directives that brought `d` in, outermost (in the main file) first. */
export function includeChain(d: Directive): Directive[] {
  const out: Directive[] = [];
  for (let inc = d.includedBy; inc; inc = inc.includedBy) out.unshift(inc);
  return out;
}

export const nameRange = (d: Directive): Range => d.file.src.range(wordStart(d.statement, 0), wordEnd(d.statement, 0));
export const argRange = (d: Directive, i: number): Range => d.file.src.range(wordStart(d.statement, i + 1), wordEnd(d.statement, i + 1));
export const statementRange = (d: Directive): Range => d.file.src.range(d.statement.start, d.statement.end);

/** The range of the arguments (first to last), or of the name when there are none. */
export function argsRange(d: Directive): Range {
  const s = d.statement;
  const count = s instanceof ParsedStatement ? s.argValues.length : s.args.length;
  if (count === 0) return nameRange(d);
  return d.file.src.range(wordStart(s, 1), wordEnd(s, count));
}

/** Where word `i` of a statement (0 the name, then the arguments) starts and ends, without making its token. */
function wordStart(s: Statement, i: number): number {
  if (s instanceof ParsedStatement) return s.wordStart(i);
  return (i === 0 ? s.name : s.args[i - 1]).start;
}

function wordEnd(s: Statement, i: number): number {
  if (s instanceof ParsedStatement) return s.wordEnd(i);
  return (i === 0 ? s.name : s.args[i - 1]).end;
}

/**
 * The context a file's top level most likely has when it is linted without the nginx.conf that includes it
 * (a conf.d/ snippet, a file included inside a location): the outermost of main, http, server, location that
 * accepts all its known top-level directives, else the one that accepts most of them.
 */
export function guessContext(file: NginxFile): NginxContext {
  const names = file.statements.map(statementName).filter((n) => isKnown(n) && n !== 'include');
  let best: NginxContext = 'http';
  let bestCount = -1;
  for (const context of ['main', 'http', 'server', 'location'] as const) {
    const count = names.filter((n) => allowedIn(n, context)).length;
    if (count === names.length && names.length > 0) return context;
    if (count > bestCount) { best = context; bestCount = count; }
  }
  return names.length === 0 ? 'http' : best;
}
