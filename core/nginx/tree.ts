// The nginx configuration as nginx reads it: each file parsed once into statements (name, arguments, block) with
// exact token ranges, then the tree of directives nginx builds from the main file, `include`s expanded in place
// (relative to the configuration prefix, globs sorted, missing files and cycles reported) and every directive
// given its context (main, http, server, location, if in location, upstream, ...).
import * as path from 'node:path';
import { SourceText } from '../text';
import type { FileHost, Range } from '../types';
import { globSync } from '../sshd/glob';
import { allowedIn, argCountOk, childContext, directiveSpecs, isBlockDirective, isKnown, NginxContext } from './directives';
import { SyntaxDiagnostic, Token, tokenize, tokenizeSignificant, WordToken } from './tokenizer';

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
  const { tokens: significant, diagnostics: lexical } = tokenizeSignificant(text);
  let pass = buildStatements(src, significant, { missingCloses: 0, strayCloses: 0 });
  if (pass.unclosedAtEnd > 0 || pass.strayCloses > 0) {
    // Unbalanced braces: parse again, letting indentation say where a `}` is missing or extra.
    pass = buildStatements(src, significant, { missingCloses: pass.unclosedAtEnd, strayCloses: pass.strayCloses });
  }
  const diagnostics = lexical.length === 0 && pass.diagnostics.length === 0 ? lexical
    : [...lexical, ...pass.diagnostics].sort((a, b) => a.start - b.start);
  let tokens: Token[] | undefined;
  return {
    path: filePath,
    src,
    get tokens(): Token[] {
      return tokens ??= withTrivia(text, significant);
    },
    statements: pass.statements,
    diagnostics,
  };
}

/** All tokens of the text, the statements' own token objects in place of the re-read significant ones. */
function withTrivia(text: string, significant: readonly Token[]): Token[] {
  const all = tokenize(text).tokens;
  let k = 0;
  for (let i = 0; i < all.length; i++) if (all[i].kind !== 'space' && all[i].kind !== 'comment') all[i] = significant[k++];
  return all;
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
  statement?: Statement;
  children: Statement[];
  /** Column of the line that opened the block, for indentation-based recovery. */
  indent: number;
  openLine: number;
  /** Inside map/types/... or an undocumented block: its lines are entries, not directives to split. */
  entries: boolean;
}

function buildStatements(src: SourceText, tokens: Token[], budget: RecoveryBudget): Pass {
  const text = src.text;
  const diagnostics: SyntaxDiagnostic[] = [];
  const statements: Statement[] = [];
  const stack: OpenBlock[] = [];
  // The words of the statement being read; emptied (not replaced) when a statement ends.
  const words: WordToken[] = [];
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

  const closeUnclosed = (b: OpenBlock): void => {
    if (!b.statement) return;
    const s = b.statement;
    const last = b.children[b.children.length - 1];
    s.end = Math.max(last ? last.end : 0, s.block!.lua ? s.block!.lua.end : 0, s.block!.open.end);
    // An unclosed Lua body is already reported by the lexer.
    if (s.block!.lua) return;
    diagnostics.push({
      code: 'missing-close-brace',
      message: `unexpected end of file, expecting "}" (the block of "${s.name.value}" is not closed)`,
      start: s.name.start,
      end: b.statement.block!.open.end,
    });
  };

  /** Ends the pending words as one or more statements (several when a `;` is evidently missing). */
  const finish = (terminator: Token | undefined): Statement => {
    const parent = top();
    const pieces = parent?.entries ? undefined : splitMissingSemicolons(words, terminator);
    if (!pieces) {
      // One statement (nearly always): no list of pieces to build.
      const s: Statement = {
        name: words[0],
        args: words.slice(1),
        terminator,
        // Every statement has the same fields (one object shape for the code that reads them).
        block: undefined,
        parent: parent?.statement,
        start: words[0].start,
        end: terminator ? terminator.end : words[words.length - 1].end,
      };
      (parent ? parent.children : statements).push(s);
      words.length = 0;
      return s;
    }
    let last!: Statement;
    for (let p = 0; p < pieces.length; p++) {
      const ws = pieces[p];
      const isLast = p === pieces.length - 1;
      const end = isLast && terminator ? terminator : undefined;
      const s: Statement = {
        name: ws[0],
        args: ws.slice(1),
        terminator: end,
        block: undefined,
        parent: parent?.statement,
        start: ws[0].start,
        end: end ? end.end : ws[ws.length - 1].end,
      };
      if (!isLast) {
        const w = ws[ws.length - 1];
        diagnostics.push({
          code: 'missing-semicolon',
          message: `missing ";" after "${text.slice(w.start, w.end)}" (the next line starts the "${pieces[p + 1][0].value}" directive)`,
          start: w.start,
          end: w.end,
        });
      }
      (parent ? parent.children : statements).push(s);
      last = s;
    }
    words.length = 0;
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

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    switch (t.kind) {
      case 'space':
      case 'comment':
      case 'lua':
        break;
      case 'word':
        if (words.length === 0 && missingLeft > 0) closeByIndentation(t.start, true);
        words.push(t as WordToken);
        break;
      case 'semicolon':
        if (words.length === 0) {
          diagnostics.push({ code: 'unexpected-semicolon', message: 'unexpected ";"', start: t.start, end: t.end });
        } else finish(t);
        break;
      case 'open': {
        const parent = top();
        const line = lineOf(t.start);
        if (words.length === 0) {
          diagnostics.push({ code: 'unexpected-open-brace', message: 'unexpected "{"', start: t.start, end: t.end });
          stack.push({ children: parent ? parent.children : statements, indent: indentOf(line), openLine: line, entries: !!parent?.entries });
          break;
        }
        const s = finish(t);
        s.block = { open: t, children: [] };
        const next = tokens[k + 1];
        if (next && next.kind === 'lua') s.block.lua = next;
        stack.push({
          statement: s,
          children: s.block.children,
          indent: indentOf(lineOf(s.name.start)),
          openLine: line,
          entries: !!parent?.entries || ENTRY_BLOCKS.has(s.name.value) || isBlockDirective(s.name.value) !== true,
        });
        break;
      }
      case 'close': {
        if (words.length > 0) {
          const w = words[words.length - 1];
          diagnostics.push({
            code: 'missing-semicolon',
            message: `unexpected "}": missing ";" after "${text.slice(w.start, w.end)}"`,
            start: w.start,
            end: w.end,
          });
          finish(undefined);
        }
        if (missingLeft > 0) closeByIndentation(t.start, false);
        const b = top();
        if (b && strayLeft > 0 && b.statement && firstOnLine(t.start) && lineOf(t.start) > b.openLine
            && indentOf(lineOf(t.start)) > b.indent) {
          // Recovery pass only: a `}` indented deeper than its block's opener is the extra one.
          strayLeft--;
          diagnostics.push({ code: 'unexpected-close-brace', message: 'unexpected "}" (no block is open here)', start: t.start, end: t.end });
          break;
        }
        if (!b) {
          strayCloses++;
          diagnostics.push({ code: 'unexpected-close-brace', message: 'unexpected "}" (no block is open here)', start: t.start, end: t.end });
          break;
        }
        stack.pop();
        if (b.statement) {
          b.statement.block!.close = t;
          b.statement.end = t.end;
        }
        break;
      }
    }
  }

  if (words.length > 0) {
    const w = words[words.length - 1];
    diagnostics.push({
      code: 'unexpected-end-of-file',
      message: `unexpected end of file, expecting ";" or "}" after "${text.slice(w.start, w.end)}"`,
      start: w.start,
      end: w.end,
    });
    finish(undefined);
  }
  const unclosedAtEnd = stack.filter((b) => b.statement).length;
  while (stack.length) closeUnclosed(stack.pop()!);
  return { statements, diagnostics, unclosedAtEnd, strayCloses };

  /**
   * `server_tokens off` newline `add_header X y;` is one statement to nginx ("invalid number of arguments").
   * When the words only make sense as several directives — the whole is invalid, each piece starts a line with a
   * known directive name, and the piece before it is valid on its own — report the missing `;` and split there.
   */
  function splitMissingSemicolons(ws: WordToken[], terminator: Token | undefined): WordToken[][] | undefined {
    if (ws.length < 2 || ws[0].quote !== '') return undefined;
    // Only words over several lines can be several directives.
    const to = ws[ws.length - 1].start;
    let newline = ws[0].end;
    while (newline < to && text.charCodeAt(newline) !== 10) newline++;
    if (newline >= to) return undefined;
    const pieces: WordToken[][] = [];
    let begin = 0;
    for (;;) {
      const name = ws[begin].value;
      if (!isKnown(name) || fits(name, ws.length - begin - 1, terminator)) break;
      let cut = -1;
      for (let k = begin + 1; k < ws.length; k++) {
        const w = ws[k];
        if (w.quote !== '' || !isKnown(w.value) || !firstOnLine(w.start)) continue;
        if (fits(name, k - begin - 1, undefined)) cut = k;
        break;
      }
      if (cut < 0) break;
      pieces.push(ws.slice(begin, cut));
      begin = cut;
    }
    if (begin === 0) return undefined;
    pieces.push(ws.slice(begin));
    return pieces;
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

/** Whether `name` with `args` arguments ended by `terminator` (`;`, `{`, or unknown) is acceptable to nginx. */
function fits(name: string, args: number, terminator: Token | undefined): boolean {
  if (!terminator) return argCountOk(name, args);
  // `server` is a block in http and a plain directive in upstream: check the variant the terminator asks for.
  const wantBlock = terminator.kind === 'open';
  return directiveSpecs(name).some((s) => s.block === wantBlock && args >= s.minArgs && args <= s.maxArgs);
}

// ---- the configuration tree --------------------------------------------------------------------------------------

/** A directive in the configuration tree nginx builds; a file included twice gives two sets of directives. */
export interface Directive {
  name: string;
  /** Argument values as nginx stores them. */
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

export function resolveIncludePath(arg: string, prefix: string): string {
  return path.posix.isAbsolute(arg) ? path.posix.normalize(arg) : path.posix.join(prefix, arg);
}

export function loadNginxConfig(root: NginxFile, host: FileHost, options: LoadOptions = {}): NginxConfig {
  const prefix = options.prefix ?? path.posix.dirname(root.path);
  const systemPrefix = options.systemPrefix ?? '/etc/nginx';
  const rootContext = options.rootContext ?? 'main';
  const files = new Map<string, NginxFile>([[root.path, root]]);
  const config: NginxConfig = { root, prefix, files, directives: [], rootContext };

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
    const out: Directive[] = [];
    for (const s of statements) {
      const args: string[] = [];
      for (let i = 0; i < s.args.length; i++) args.push(s.args[i].value);
      // Every directive has the same fields (one object shape for the rules that read them).
      const d: Directive = {
        name: s.name.value, args, statement: s, file, context, parent, children: undefined, include: undefined, includedBy,
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
      out.push(d);
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
    for (const d of list) {
      if (visit(d) === false) continue;
      if (d.include) for (const t of d.include.targets) go(t.directives);
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

export const nameRange = (d: Directive): Range => d.file.src.range(d.statement.name.start, d.statement.name.end);
export const argRange = (d: Directive, i: number): Range => d.file.src.range(d.statement.args[i].start, d.statement.args[i].end);
export const statementRange = (d: Directive): Range => d.file.src.range(d.statement.start, d.statement.end);

/** The range of the arguments (first to last), or of the name when there are none. */
export function argsRange(d: Directive): Range {
  const a = d.statement.args;
  if (a.length === 0) return nameRange(d);
  return d.file.src.range(a[0].start, a[a.length - 1].end);
}

/**
 * The context a file's top level most likely has when it is linted without the nginx.conf that includes it
 * (a conf.d/ snippet, a file included inside a location): the outermost of main, http, server, location that
 * accepts all its known top-level directives, else the one that accepts most of them.
 */
export function guessContext(file: NginxFile): NginxContext {
  const names = file.statements.map((s) => s.name.value).filter((n) => isKnown(n) && n !== 'include');
  let best: NginxContext = 'http';
  let bestCount = -1;
  for (const context of ['main', 'http', 'server', 'location'] as const) {
    const count = names.filter((n) => allowedIn(n, context)).length;
    if (count === names.length && names.length > 0) return context;
    if (count > bestCount) { best = context; bestCount = count; }
  }
  return names.length === 0 ? 'http' : best;
}
