// The nginx configuration as nginx reads it: each file parsed once into statements (name, arguments, block) with
// exact token ranges, then the tree of directives nginx builds from the main file, `include`s expanded in place
// (relative to the configuration prefix, globs sorted, missing files and cycles reported) and every directive
// given its context (main, http, server, location, if in location, upstream, ...).
import * as path from 'node:path';
import { SourceText } from '../text';
import type { ScopeFacts } from './inherit';
import type { FileHost, Range } from '../types';
import { globSync } from '../sshd/glob';
import { allowedIn, argCountOk, childContext, directiveSpecs, isBlockDirective, isKnown, NginxContext } from './directives';
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
  private argTokens: WordToken[] | undefined = undefined;

  constructor(
    private readonly table: TokenTable,
    /** Token index of the name; the arguments follow it. */
    private readonly first: number,
    /** Token index of the `;` or `{` that ended it, -1 when none. */
    private readonly ended: number,
    public parent: Statement | undefined,
    public start: number,
    public end: number,
    /** The arguments' values, shared by the directives made from this statement. */
    readonly argValues: string[],
  ) {}

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
    if (!this.argTokens) {
      const out: WordToken[] = new Array(this.argValues.length);
      for (let i = 0; i < out.length; i++) out[i] = this.table.word(this.first + 1 + i);
      this.argTokens = out;
    }
    return this.argTokens;
  }

  get terminator(): Token | undefined {
    return this.ended >= 0 ? this.table.token(this.ended) : undefined;
  }
}

/** A block read from a TokenTable: its brace and Lua tokens are made when asked for. */
class ParsedBlock implements StatementBlock {
  readonly children: Statement[] = [];
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
  children: Statement[];
  /** Column of the line that opened the block, for indentation-based recovery. */
  indent: number;
  openLine: number;
  /** Inside map/types/... or an undocumented block: its lines are entries, not directives to split. */
  entries: boolean;
}

function buildStatements(src: SourceText, table: TokenTable, budget: RecoveryBudget): Pass {
  const text = src.text;
  const { kinds, starts, ends, quotes, values } = table;
  const count = table.count;
  const diagnostics: SyntaxDiagnostic[] = [];
  const statements: Statement[] = [];
  const stack: OpenBlock[] = [];
  // The words of the statement being read: tokens [wordsFrom, wordsFrom + wordCount) of the table.
  let wordsFrom = 0;
  let wordCount = 0;
  let strayCloses = 0;
  let missingLeft = budget.missingCloses;
  let strayLeft = budget.strayCloses;

  const top = (): OpenBlock | undefined => stack[stack.length - 1];
  const lineOf = (offset: number): number => lineAt(src, offset);
  const indentOf = (line: number): number => {
    const start = src.lineStarts[line];
    let i = start;
    while (text[i] === ' ' || text[i] === '\t') i++;
    return i - start;
  };
  const firstOnLine = (offset: number): boolean => {
    for (let i = offset - 1; i >= 0; i--) {
      const c = text[i];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t') return false;
    }
    return true;
  };
  const wordText = (k: number): string => text.slice(starts[k], ends[k]);

  const closeUnclosed = (b: OpenBlock): void => {
    if (!b.statement) return;
    const s = b.statement;
    const block = b.block!;
    const last = b.children[b.children.length - 1];
    s.end = Math.max(last ? last.end : 0, block.luaIndex >= 0 ? ends[block.luaIndex] : 0, ends[block.openIndex]);
    // An unclosed Lua body is already reported by the lexer.
    if (block.luaIndex >= 0) return;
    diagnostics.push({
      code: 'missing-close-brace',
      message: `unexpected end of file, expecting "}" (the block of "${s.nameValue}" is not closed)`,
      start: s.start,
      end: ends[block.openIndex],
    });
  };

  const statement = (first: number, words: number, ended: number, parent: OpenBlock | undefined): ParsedStatement => {
    const last = first + words - 1;
    const s = new ParsedStatement(
      table, first, ended, parent?.statement, starts[first], ended >= 0 ? ends[ended] : ends[last],
      values.slice(first + 1, last + 1) as string[],
    );
    (parent ? parent.children : statements).push(s);
    return s;
  };

  /** Ends the pending words as one or more statements (several when a `;` is evidently missing). */
  const finish = (ended: number): ParsedStatement => {
    const parent = top();
    const cuts = parent?.entries ? undefined : splitMissingSemicolons(wordsFrom, wordCount, ended);
    const wordsEnd = wordsFrom + wordCount;
    wordCount = 0;
    // One statement (nearly always).
    if (!cuts) return statement(wordsFrom, wordsEnd - wordsFrom, ended, parent);
    let last!: ParsedStatement;
    for (let p = 0; p < cuts.length; p++) {
      const isLast = p === cuts.length - 1;
      const pieceEnd = isLast ? wordsEnd : cuts[p + 1];
      last = statement(cuts[p], pieceEnd - cuts[p], isLast ? ended : -1, parent);
      if (!isLast) {
        const w = pieceEnd - 1;
        diagnostics.push({
          code: 'missing-semicolon',
          message: `missing ";" after "${wordText(w)}" (the next line starts the "${values[cuts[p + 1]]}" directive)`,
          start: starts[w],
          end: ends[w],
        });
      }
    }
    return last;
  };

  const closeByIndentation = (offset: number, inclusive: boolean): void => {
    // Recovery pass only: a line indented at or left of the block opener's line ends that block.
    const line = lineOf(offset);
    for (let b = top(); missingLeft > 0 && b && b.statement && line > b.openLine; b = top()) {
      const column = indentOf(line);
      if (!firstOnLine(offset) || (inclusive ? column > b.indent : column >= b.indent)) break;
      missingLeft--;
      stack.pop();
      closeUnclosed(b);
    }
  };

  for (let k = 0; k < count; k++) {
    switch (kinds[k]) {
      case K_WORD:
        if (wordCount === 0) {
          if (missingLeft > 0) closeByIndentation(starts[k], true);
          wordsFrom = k;
        }
        wordCount++;
        break;
      case K_SEMICOLON:
        if (wordCount === 0) {
          diagnostics.push({ code: 'unexpected-semicolon', message: 'unexpected ";"', start: starts[k], end: ends[k] });
        } else finish(k);
        break;
      case K_OPEN: {
        const parent = top();
        const line = lineOf(starts[k]);
        if (wordCount === 0) {
          diagnostics.push({ code: 'unexpected-open-brace', message: 'unexpected "{"', start: starts[k], end: ends[k] });
          stack.push({ children: parent ? parent.children : statements, indent: indentOf(line), openLine: line, entries: !!parent?.entries });
          break;
        }
        const s = finish(k);
        const block = new ParsedBlock(table, k);
        s.block = block;
        if (k + 1 < count && kinds[k + 1] === K_LUA) block.luaIndex = k + 1;
        const name = s.nameValue;
        stack.push({
          statement: s,
          block,
          children: block.children,
          indent: indentOf(lineOf(s.start)),
          openLine: line,
          entries: !!parent?.entries || ENTRY_BLOCKS.has(name) || isBlockDirective(name) !== true,
        });
        break;
      }
      case K_CLOSE: {
        const start = starts[k];
        if (wordCount > 0) {
          const w = wordsFrom + wordCount - 1;
          diagnostics.push({
            code: 'missing-semicolon',
            message: `unexpected "}": missing ";" after "${wordText(w)}"`,
            start: starts[w],
            end: ends[w],
          });
          finish(-1);
        }
        if (missingLeft > 0) closeByIndentation(start, false);
        const b = top();
        if (b && strayLeft > 0 && b.statement && firstOnLine(start) && lineOf(start) > b.openLine
            && indentOf(lineOf(start)) > b.indent) {
          // Recovery pass only: a `}` indented deeper than its block's opener is the extra one.
          strayLeft--;
          diagnostics.push({ code: 'unexpected-close-brace', message: 'unexpected "}" (no block is open here)', start, end: ends[k] });
          break;
        }
        if (!b) {
          strayCloses++;
          diagnostics.push({ code: 'unexpected-close-brace', message: 'unexpected "}" (no block is open here)', start, end: ends[k] });
          break;
        }
        stack.pop();
        if (b.statement) {
          b.block!.closeIndex = k;
          b.statement.end = ends[k];
        }
        break;
      }
      default:
        // A Lua body: taken with its block's `{`.
        break;
    }
  }

  if (wordCount > 0) {
    const w = wordsFrom + wordCount - 1;
    diagnostics.push({
      code: 'unexpected-end-of-file',
      message: `unexpected end of file, expecting ";" or "}" after "${wordText(w)}"`,
      start: starts[w],
      end: ends[w],
    });
    finish(-1);
  }
  const unclosedAtEnd = stack.filter((b) => b.statement).length;
  while (stack.length) closeUnclosed(stack.pop()!);
  return { statements, diagnostics, unclosedAtEnd, strayCloses };

  /**
   * `server_tokens off` newline `add_header X y;` is one statement to nginx ("invalid number of arguments").
   * When the words only make sense as several directives — the whole is invalid, each piece starts a line with a
   * known directive name, and the piece before it is valid on its own — report the missing `;` and split there.
   * Returns the token index where each piece starts, or undefined for one statement.
   */
  function splitMissingSemicolons(from: number, words: number, ended: number): number[] | undefined {
    if (words < 2 || quotes[from] !== 0) return undefined;
    // Only words over several lines can be several directives.
    const to = starts[from + words - 1];
    let newline = ends[from];
    while (newline < to && text.charCodeAt(newline) !== 10) newline++;
    if (newline >= to) return undefined;
    const wantBlock = ended >= 0 ? kinds[ended] === K_OPEN : undefined;
    const end = from + words;
    const cuts = [from];
    let begin = from;
    for (;;) {
      const name = values[begin]!;
      if (!isKnown(name) || fits(name, end - begin - 1, wantBlock)) break;
      let cut = -1;
      for (let k = begin + 1; k < end; k++) {
        if (quotes[k] !== 0 || !isKnown(values[k]!) || !firstOnLine(starts[k])) continue;
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

const wordValue = (w: WordToken): string => w.value;

export function resolveIncludePath(arg: string, prefix: string): string {
  return path.posix.isAbsolute(arg) ? path.posix.normalize(arg) : path.posix.join(prefix, arg);
}

export function loadNginxConfig(root: NginxFile, host: FileHost, options: LoadOptions = {}): NginxConfig {
  const prefix = options.prefix ?? path.posix.dirname(root.path);
  const systemPrefix = options.systemPrefix ?? '/etc/nginx';
  const rootContext = options.rootContext ?? 'main';
  const files = new Map<string, NginxFile>([[root.path, root]]);
  const config: NginxConfig = { root, prefix, files, directives: [], rootContext, facts: undefined };

  const parsed = (p: string): NginxFile | undefined => {
    const known = files.get(p);
    if (known) return known;
    const text = host.readFile(p);
    if (text === undefined) return undefined;
    const cached = options.cache?.get(p);
    const file = cached && cached.src.text === text ? cached : parseNginxFile(p, text);
    options.cache?.set(p, file);
    files.set(p, file);
    return file;
  };

  // A snippet included in every server is looked up once per load, not once per include.
  const directories = new Map<string, boolean>();
  const isDirectory = (p: string): boolean => {
    let known = directories.get(p);
    if (known === undefined) directories.set(p, known = host.isDirectory(p));
    return known;
  };

  /** The paths nginx would open for an include argument. */
  const expand = (resolved: string): { paths: string[]; glob: boolean } => {
    const glob = GLOB_CHARS.test(resolved);
    const mapped = systemPrefix !== prefix && (resolved === systemPrefix || resolved.startsWith(systemPrefix + '/'))
      ? path.posix.join(prefix, resolved.slice(systemPrefix.length)) : undefined;
    if (!glob) {
      if (mapped && (host.readFile(mapped) !== undefined || host.isDirectory(mapped))) return { paths: [mapped], glob };
      return { paths: [resolved], glob };
    }
    const matches = mapped ? globSync(mapped, host) : [];
    return { paths: matches.length ? matches : globSync(resolved, host), glob };
  };

  const lookedUp = new Map<string, { resolved: string; paths: string[]; glob: boolean }>();
  /** Where an include argument points and the files it names, resolved once per load. */
  const lookUp = (arg: string): { resolved: string; paths: string[]; glob: boolean } => {
    let found = lookedUp.get(arg);
    if (!found) {
      const resolved = resolveIncludePath(arg, prefix);
      lookedUp.set(arg, found = { resolved, ...expand(resolved) });
    }
    return found;
  };

  const instantiate = (
    statements: Statement[], file: NginxFile, context: NginxContext, parent: Directive | undefined,
    includedBy: Directive | undefined, stack: string[],
  ): Directive[] => {
    // One directive per statement (an include stays one item): sized once.
    const out: Directive[] = new Array(statements.length);
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i];
      // Every directive has the same fields (one object shape for the rules that read them).
      const d: Directive = {
        name: statementName(s),
        args: s instanceof ParsedStatement ? s.argValues : s.args.map(wordValue),
        statement: s, file, context, parent, children: undefined, include: undefined, includedBy, facts: undefined,
      };
      if (s.block) {
        d.children = instantiate(s.block.children, file, childContext(d.name, context), d, includedBy, stack);
      } else if (d.name === 'include' && d.args.length === 1 && s.terminator?.kind === 'semicolon') {
        const { resolved, paths, glob } = lookUp(d.args[0]);
        d.include = {
          pattern: d.args[0],
          resolved,
          glob,
          targets: paths.map((p): IncludeTarget => {
            if (stack.includes(p)) return { path: p, directives: [], problem: 'cycle' };
            if (stack.length > MAX_INCLUDE_DEPTH) return { path: p, directives: [], problem: 'too-deep' };
            if (isDirectory(p)) return { path: p, directives: [], problem: 'directory' };
            const f = parsed(p);
            if (!f) return { path: p, directives: [], problem: glob ? 'unreadable' : 'missing' };
            return { path: p, file: f, directives: instantiate(f.statements, f, context, parent, d, [...stack, p]) };
          }),
        };
      }
      out[i] = d;
    }
    return out;
  };

  config.directives = instantiate(root.statements, root, rootContext, undefined, undefined, [root.path]);
  return config;
}

/** Parses `text` as the main file at `filePath` and loads its includes. */
export function loadNginx(filePath: string, text: string, host: FileHost, options: LoadOptions = {}): NginxConfig {
  const cached = options.cache?.get(filePath);
  const root = cached && cached.src.text === text ? cached : parseNginxFile(filePath, text);
  options.cache?.set(filePath, root);
  return loadNginxConfig(root, host, options);
}

// ---- walking the tree --------------------------------------------------------------------------------------------

/**
 * The directives nginx sees directly in a block (or at the top level of the config): the block's own ones with
 * every `include` replaced by the included files' top-level directives, recursively.
 */
export function blockItems(scope: Directive | NginxConfig): Directive[] {
  const out: Directive[] = [];
  const add = (list: Directive[]): void => {
    for (const d of list) {
      if (d.include) for (const t of d.include.targets) add(t.directives);
      else out.push(d);
    }
  };
  add(isConfig(scope) ? scope.directives : scope.children ?? []);
  return out;
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
