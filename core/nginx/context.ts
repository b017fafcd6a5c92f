// What nginx rules see: the linted file placed in the configuration nginx would read it in.
//
// ---- README for rule authors -------------------------------------------------------------------------------------
// Define a rule with `defineNginxRule(meta, (ctx, report) => ...)` (rules/define.ts); `ctx` is an `NginxContext`:
//   ctx.file        the linted file (NginxFile: src, tokens, statements, diagnostics); ctx.src = ctx.file.src
//   ctx.config      the loaded tree (core/nginx/tree.ts). When the linted file is not a main nginx.conf, the
//                   nginx.conf above it that includes it is loaded instead (with the editor's text for the linted
//                   file), so a site file's servers sit in `http` and inherit from it. Else the file is parsed
//                   alone with a guessed top-level context (`http` for sites-*/conf.d files).
//   ctx.role        'main' (the file is the main nginx.conf), 'included' (found the nginx.conf that includes it),
//                   'standalone' (no enclosing nginx.conf: what the main file sets is unknown; rules about settings
//                   that could be set there, e.g. `server_tokens` missing in http, must stay silent).
//   ctx.contextKnown false when the top-level context was guessed from the file's own directives.
//   ctx.strict      profile: strict is on (the engine drops `strictOnly` reports otherwise; skip costly work for them).
//   ctx.directives  every directive instance of the linted file in the tree, reading order (a file included twice
//                   gives two instances per statement; identical reports are merged by defineNginxRule).
//   ctx.servers     `server` blocks in http context whose `server` line is in the linted file.
//   ctx.walkHere(fn) visits the tree like tree.walk but only calls fn for directives of the linted file.
//   ctx.named(name), ctx.checked(), ctx.checkedNamed(name): the lists above by directive name, and the directives
//                   this lint reports on (see checkedDirectives below), all made in one walk per lint. Prefer them
//                   to walking the tree in a rule: a large file has tens of thousands of directives. Shared lists
//                   (like `effective()` results and the memos of rules/nginx/_util.ts): never modify them.
// Reporting: every range must be in the linted file. `ctx.locate(d)` gives the range to report a directive on:
// its own text when it is in the linted file, the linted file's `include` line that brought it in when the
// included file would not be linted on its own (detectKind says no), else undefined (its own file reports it).
// To also check directives of included files hardlint does not lint on their own, iterate `checkedDirectives(ctx)`
// (rules/nginx/_common.ts) or `serversToCheck(ctx)` (rules/nginx/_util.ts) and range them with `rangeFor(ctx, d, ...)`.
// Ranges: nameRange/argRange/argsRange/statementRange (tree.ts) are file-relative: use them for `d.file === ctx.file`.
// Edits (TextEdit, offsets of the linted file; only for directives with `isHere(ctx, d)`):
//   replaceArg(d, i, text), replaceArgs(d, text), appendArg(d, text), deleteDirective(ctx, d),
//   insertInBlock(ctx, block, 'start' | 'end', 'name args;') — a new line indented like the block's children,
//   with the file's EOL; insertSetting(ctx, block, 'name args;') — after the block's own lines of that name, else
//   before its first nested block, else at its end; insertBefore/insertAfter(ctx, d, 'name args;') — indented like d.
//   Edits must stay inside the linted file: check `isHere(ctx, d)` first.
// ctx.complete is false for a snippet linted alone: a rule about an absent setting stays silent then.
// `where(ctx, d)` → `path:line` relative to the linted file, for messages about other files.
// Inheritance: core/nginx/inherit.ts (`effective(scope, name)`, `droppedByRedefinition`, `levels`).
// Directive knowledge: core/nginx/directives.ts (`isKnown`, `allowedIn`, `specIn`, `defaultValue`).
// Fixtures: test/fixtures/nginx/<rule>/<case>/nginx.conf (+ included files), expectations `# expect: nginx/x "text"`.
// Fix goldens are checked with the real `nginx -t` by test/nginx-fixes.test.ts (certificates: use
// /etc/ssl/hardlint/cert.pem and /etc/ssl/hardlint/key.pem, see test/nginx-oracle.ts).
// -----------------------------------------------------------------------------------------------------------------
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintEnv, LintInput } from '../engine';
import { detectKind } from '../kinds';
import type { SourceText } from '../text';
import type { FileHost, Range, TextEdit } from '../types';
import type { NginxContext as DirectiveContext } from './directives';
import {
  Directive, guessContext, headEnd, loadNginx, loadNginxConfig, NginxConfig, NginxFile, parseNginxFile, statementName, walk,
} from './tree';

export type NginxRole = 'main' | 'included' | 'standalone';

export interface NginxContext {
  file: NginxFile;
  src: SourceText;
  config: NginxConfig;
  role: NginxRole;
  /**
   * Whether the enclosing levels are known: false for a snippet linted alone (no nginx.conf found), where http
   * may set anything. Rules about a setting being absent stay silent then, unless the block itself replaces it.
   */
  complete: boolean;
  /**
   * Whether the top-level context is known (a main file, a file found through its nginx.conf, a sites-* or conf.d
   * file) rather than guessed from the file's own directives: rules about contexts stay silent when guessed.
   */
  contextKnown: boolean;
  /** The strict profile is on: rules may skip the work behind `strictOnly` reports otherwise. */
  strict: boolean;
  /** Directive instances of the linted file, in reading order. */
  directives: Directive[];
  /** http `server` blocks written in the linted file. */
  servers: Directive[];
  /** Visits the tree in reading order, calling `visit` only for directives of the linted file. */
  walkHere(visit: (d: Directive) => void): void;
  /** The range to report `d` on in the linted file, or undefined when it is another file's business. */
  locate(d: Directive): Range | undefined;
  relPath(file: string): string;
  /** Directives of the linted file named `name`, in reading order (indexed on first use). Shared: do not modify. */
  named(name: string): readonly Directive[];
  /**
   * The directives this lint reports on, in reading order: the linted file's own, and those of included files
   * hardlint does not lint on their own (`locate` gives their include line). Computed once. Shared: do not modify.
   */
  checked(): readonly Directive[];
  /** `checked()` restricted to directives named `name` (indexed on first use). Shared: do not modify. */
  checkedNamed(name: string): readonly Directive[];
  /**
   * A value worked out once per lint for rule helpers: `make()` on the first call with `key` (an object the helper
   * owns), the same value after. Dropped with the context (a WeakMap keyed by the context would keep the lint's
   * tree alive through young-generation collections).
   */
  memo<T>(key: object, make: () => T): T;
}

/** How many folders above the linted file to look for the nginx.conf that includes it (h5bp/tls/x.conf → 2). */
const MAX_UPWARD = 4;

/** Parsed files reused across lints while their text is unchanged (a CLI run loads the same nginx.conf per site). */
const parseCache = new Map<string, NginxFile>();

export function createNginxContext(input: LintInput, env: LintEnv): NginxContext {
  const filePath = path.resolve(input.path);
  const { config, file, role } = loadFor(filePath, input.text, env.host);
  return new LintContext(filePath, file, config, role, env.config.profile === 'strict');
}

const NO_DIRECTIVES: Directive[] = [];

/**
 * The context of one lint. A class rather than an object of closures: V8's optimized code can embed the per-lint
 * closures it calls (seen with the parser's), and with them the lint's whole tree, which the young-generation
 * collector then keeps and copies long after the lint. Its lists are made with Array.of, not `[]` (see Loader in
 * tree.ts).
 */
class LintContext implements NginxContext {
  readonly src: SourceText;
  readonly complete: boolean;
  readonly contextKnown: boolean;
  readonly directives: Directive[];
  readonly servers: Directive[];
  /** Own property, not a method: callers pass it around on its own (core/workspace/model.ts). */
  readonly locate: (d: Directive) => Range | undefined;
  private readonly checkedList: Directive[];
  private readonly checkedByName: Map<string, Directive[]>;
  /** How many checked directives come from other files. */
  private readonly foreign: number;
  private ownByName: Map<string, Directive[]> | undefined = undefined;
  private memos: Map<object, unknown> | undefined = undefined;
  private readonly base: string;

  constructor(
    filePath: string, readonly file: NginxFile, readonly config: NginxConfig, readonly role: NginxRole, readonly strict: boolean,
  ) {
    this.src = file.src;
    this.complete = role !== 'standalone' || config.rootContext === 'main';
    this.contextKnown = role !== 'standalone' || config.rootContext === 'main' || folderContext(filePath) !== undefined;
    this.base = path.dirname(filePath);
    this.locate = (d) => locateIn(this, d);
    // One walk for the lists every rule asks for: the directives this lint reports on (the file's own, and those its
    // includes bring in from files not linted on their own), indexed by name, and the file's own among them.
    const checked = Array.of<Directive>();
    const checkedByName = new Map<string, Directive[]>();
    this.foreign = collectChecked(config.directives, file, checked, checkedByName);
    this.checkedList = checked;
    this.checkedByName = checkedByName;
    // Usually the same list: shared then.
    this.directives = this.foreign === 0 ? checked : ownDirectivesOf(checked, file);
    const servers = Array.of<Directive>();
    for (const d of this.named('server')) if (d.context === 'http' && d.children) servers.push(d);
    this.servers = servers;
  }

  walkHere(visit: (d: Directive) => void): void {
    const file = this.file;
    walk(this.config, (d) => { if (d.file === file) visit(d); });
  }

  relPath(p: string): string {
    return path.relative(this.base, p) || path.basename(p);
  }

  named(name: string): readonly Directive[] {
    const all = this.checkedByName.get(name) ?? NO_DIRECTIVES;
    if (this.foreign === 0) return all;
    const ownByName = this.ownByName ??= new Map();
    let own = ownByName.get(name);
    if (!own) ownByName.set(name, own = ownDirectivesOf(all, this.file));
    return own;
  }

  checked(): readonly Directive[] {
    return this.checkedList;
  }

  checkedNamed(name: string): readonly Directive[] {
    return this.checkedByName.get(name) ?? NO_DIRECTIVES;
  }

  memo<T>(key: object, make: () => T): T {
    const memos = this.memos ??= new Map();
    let value = memos.get(key) as T | undefined;
    if (value === undefined && !memos.has(key)) memos.set(key, value = make());
    return value as T;
  }
}

/** The directives of `list` written in `file`. */
function ownDirectivesOf(list: readonly Directive[], file: NginxFile): Directive[] {
  let count = 0;
  for (let i = 0; i < list.length; i++) if (list[i].file === file) count++;
  // A copy of the list's first items, then overwritten: an array of the right size that no array literal allocated
  // (see Loader in tree.ts), rather than one grown item by item.
  const out = list.slice(0, count);
  let k = 0;
  for (let i = 0; i < list.length && k < count; i++) if (list[i].file === file) out[k++] = list[i];
  return out;
}

/**
 * Adds the directives of `list` (includes expanded, in reading order) that a lint of `file` reports on to `out` and
 * `byName`; returns how many of them are other files'.
 */
function collectChecked(list: Directive[], file: NginxFile, out: Directive[], byName: Map<string, Directive[]>): number {
  let foreign = 0;
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    let take = true;
    if (d.file !== file) {
      if (bringingInclude(file, d) === undefined) take = false;
      else foreign++;
    }
    if (take) {
      out.push(d);
      const same = byName.get(d.name);
      if (same) same.push(d); else byName.set(d.name, Array.of(d));
    }
    if (d.include) {
      const targets = d.include.targets;
      for (let t = 0; t < targets.length; t++) foreign += collectChecked(targets[t].directives, file, out, byName);
    }
    if (d.children) foreign += collectChecked(d.children, file, out, byName);
  }
  return foreign;
}

/** Debian's conf prefix, which checked-out trees name in absolute includes. */
const SYSTEM_PREFIX = '/etc/nginx';

/**
 * For a tree outside /etc/nginx, `include /etc/nginx/sites-enabled/*` is looked up in the tree (tree.ts maps it);
 * the machine's own /etc/nginx folders must not fill the globs with unrelated sites. Literal files still fall back to
 * the system (a deployed tree may rely on /etc/nginx/mime.types).
 */
function isolated(host: FileHost, prefix: string): FileHost {
  if (prefix === SYSTEM_PREFIX || prefix.startsWith(SYSTEM_PREFIX + '/')) return host;
  return {
    readFile: (p) => host.readFile(p),
    readDir: (p) => (p === SYSTEM_PREFIX || p.startsWith(SYSTEM_PREFIX + '/') ? undefined : host.readDir(p)),
    isDirectory: (p) => host.isDirectory(p),
  };
}

function loadFor(filePath: string, text: string, rawHost: FileHost): { config: NginxConfig; file: NginxFile; role: NginxRole } {
  if (path.basename(filePath) === 'nginx.conf') {
    const config = loadNginx(filePath, text, isolated(rawHost, path.dirname(filePath)), { cache: parseCache });
    return { config, file: config.root, role: 'main' };
  }
  // Not a main file: find the nginx.conf that includes it and read it from there.
  const aliases = aliasesOf(filePath);
  // A site being edited in sites-available/ is read as if enabled: nginx.conf includes `sites-enabled/*`.
  const enabled = enabledTwin(filePath);
  if (enabled) aliases.add(enabled);
  const enabledDir = enabled && path.dirname(enabled);
  const overlay: FileHost = {
    readFile: (p) => (aliases.has(p) ? text : rawHost.readFile(p)),
    readDir: (p) => {
      const names = rawHost.readDir(p);
      if (p !== enabledDir) return names;
      const name = path.basename(enabled!);
      return names?.includes(name) ? names : [...(names ?? []), name];
    },
    isDirectory: (p) => p === enabledDir || rawHost.isDirectory(p),
  };
  let dir = path.dirname(filePath);
  let nearestMain: string | undefined;
  for (let up = 0; up < MAX_UPWARD; up++) {
    const candidate = path.join(dir, 'nginx.conf');
    const mainText = rawHost.readFile(candidate);
    if (mainText !== undefined) {
      nearestMain ??= dir;
      const config = loadNginx(candidate, mainText, isolated(overlay, dir), { cache: parseCache });
      const file = [...aliases].map((a) => config.files.get(a)).find((f) => f !== undefined);
      if (file) return { config, file, role: 'included' };
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const file = parseNginxFile(filePath, text);
  // Not included (a template, a disabled site): its includes still resolve like the tree's nginx.conf would.
  const prefix = nearestMain ?? guessPrefix(filePath);
  const config = loadNginxConfig(file, isolated(rawHost, prefix), { rootContext: standaloneContext(filePath, file), prefix });
  return { config, file, role: 'standalone' };
}

/** The paths nginx may read the linted file under: itself, or the target of a symlink to it (sites-enabled/x). */
function aliasesOf(filePath: string): Set<string> {
  const out = new Set([filePath]);
  try {
    out.add(fs.realpathSync(filePath));
  } catch {
    // An unsaved buffer: only its own name.
  }
  return out;
}

/**
 * For `sites-available/x`: `sites-enabled/x`, the name nginx reads it under once enabled (Debian enables a site
 * with a symlink there; nginx.conf includes `sites-enabled/*`). Undefined when a different file already has that
 * name.
 */
function enabledTwin(filePath: string): string | undefined {
  const dir = path.dirname(filePath);
  if (path.basename(dir) !== 'sites-available') return undefined;
  const enabled = path.join(path.dirname(dir), 'sites-enabled', path.basename(filePath));
  try {
    if (fs.realpathSync(enabled) !== fs.realpathSync(filePath)) return undefined;
  } catch {
    // Not enabled yet (or not on disk): read it as nginx will once it is.
  }
  return enabled;
}

/** Files of a `sites-*` or `conf.d` folder sit in http (nginx.conf includes them there). */
function folderContext(filePath: string): DirectiveContext | undefined {
  const parent = path.basename(path.dirname(filePath));
  return parent === 'sites-available' || parent === 'sites-enabled' || parent === 'conf.d' ? 'http' : undefined;
}

/** The top-level context of a file linted alone: its folder's, else the one its directives suggest. */
function standaloneContext(filePath: string, file: NginxFile): DirectiveContext {
  return folderContext(filePath) ?? guessContext(file);
}

/** Includes in a file linted alone resolve against the folder a main nginx.conf would be in. */
function guessPrefix(filePath: string): string {
  const dir = path.dirname(filePath);
  const parent = path.basename(dir);
  if (parent === 'sites-available' || parent === 'sites-enabled' || parent === 'conf.d') return path.dirname(dir);
  return dir;
}

// ---- locating ------------------------------------------------------------------------------------------------

export const isHere = (ctx: NginxContext, d: Directive): boolean => d.file === ctx.file;

function locateIn(ctx: NginxContext, d: Directive): Range | undefined {
  if (d.file === ctx.file) return headRange(d);
  const include = bringingInclude(ctx.file, d);
  return include ? headRange(include) : undefined;
}

/**
 * The include line of the linted file that brings `d` in (the innermost when several do) when `d`'s file is not
 * linted on its own, else undefined.
 */
function bringingInclude(linted: NginxFile, d: Directive): Directive | undefined {
  let include: Directive | undefined;
  for (let inc = d.includedBy; inc; inc = inc.includedBy) {
    if (inc.file === linted) { include = inc; break; }
  }
  if (!include) return undefined;
  // A file hardlint also lints on its own reports its directives itself.
  return lintedOnItsOwn(d.file) ? undefined : include;
}

/** By path (a WeakMap keyed by the file would keep its parse alive through young-generation collections). */
const lintedAlone = new Map<string, boolean>();

function lintedOnItsOwn(file: NginxFile): boolean {
  let known = lintedAlone.get(file.path);
  if (known === undefined) {
    if (lintedAlone.size > 10_000) lintedAlone.clear();
    lintedAlone.set(file.path, known = detectKind(file.path) !== undefined);
  }
  return known;
}

/** A directive's name and arguments (without the block body). */
export function headRange(d: Directive): Range {
  const s = d.statement;
  return d.file.src.range(s.start, headEnd(s));
}

/** `path:line` of a directive, relative to the linted file. */
export function where(ctx: NginxContext, d: Directive): string {
  return `${ctx.relPath(d.file.path)}:${d.file.src.positionAt(d.statement.start).line + 1}`;
}

// ---- edits ---------------------------------------------------------------------------------------------------

/** Replaces argument `i` (quotes included) with `text`. */
export function replaceArg(d: Directive, i: number, text: string): TextEdit {
  const a = d.statement.args[i];
  return { start: a.start, end: a.end, newText: text };
}

/** Replaces all arguments with `text` (or adds it after the name when there are none). */
export function replaceArgs(d: Directive, text: string): TextEdit {
  const a = d.statement.args;
  if (a.length === 0) return { start: d.statement.name.end, end: d.statement.name.end, newText: ' ' + text };
  return { start: a[0].start, end: a[a.length - 1].end, newText: text };
}

/** Adds an argument after the last one (`add_header X y` → `add_header X y always`). */
export function appendArg(d: Directive, text: string): TextEdit {
  const s = d.statement;
  const end = s.args.length > 0 ? s.args[s.args.length - 1].end : s.name.end;
  return { start: end, end, newText: ' ' + text };
}

/** Deletes a directive: its whole line(s) when nothing else is written on them, else just its text. */
export function deleteDirective(ctx: NginxContext, d: Directive): TextEdit {
  const src = ctx.src;
  const text = src.text;
  const s = d.statement;
  const startLine = src.positionAt(s.start).line;
  const endLine = src.positionAt(s.end).line;
  const lineStart = src.lineStarts[startLine];
  const before = text.slice(lineStart, s.start);
  const after = text.slice(s.end, src.lineEnd(endLine));
  if (before.trim() === '' && (after.trim() === '' || after.trim().startsWith('#'))) {
    return { start: lineStart, end: src.lineEnd(endLine, true), newText: '' };
  }
  let end = s.end;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return { start: s.start, end, newText: '' };
}

/** The last file asked about (fixes for every server of a file ask again): no WeakMap, see Directive.notes. */
let indentUnitOf: { src: SourceText; unit: string } | undefined;

/** The file's indentation unit: a tab when lines are indented with tabs, else the smallest space indent (4 by default). */
export function indentUnit(src: SourceText): string {
  if (indentUnitOf?.src !== src) indentUnitOf = { src, unit: computeIndentUnit(src) };
  return indentUnitOf.unit;
}

function computeIndentUnit(src: SourceText): string {
  let smallest = 0;
  for (let line = 0; line < src.lineCount; line++) {
    const t = src.lineText(line);
    if (t.startsWith('\t')) return '\t';
    const m = /^( +)\S/.exec(t);
    if (m && (smallest === 0 || m[1].length < smallest)) smallest = m[1].length;
  }
  return ' '.repeat(smallest || 4);
}

const indentOfLine = (src: SourceText, line: number): string => /^[ \t]*/.exec(src.lineText(line))![0];
const lineOf = (src: SourceText, offset: number): number => src.positionAt(offset).line;

/** The indentation of a block's children: the first child's, else the block's own plus one unit. */
export function childIndent(ctx: NginxContext, block: Directive): string {
  const first = block.statement.block?.children[0];
  if (first && lineOf(ctx.src, first.start) !== lineOf(ctx.src, block.statement.block!.open.start)) {
    return indentOfLine(ctx.src, lineOf(ctx.src, first.start));
  }
  return indentOfLine(ctx.src, lineOf(ctx.src, block.statement.start)) + indentUnit(ctx.src);
}

/**
 * Inserts `line` (a directive with its `;`, e.g. `server_tokens off;`) as the first or last entry of a block of
 * the linted file, on its own line with the children's indentation and the file's EOL.
 */
export function insertInBlock(ctx: NginxContext, block: Directive, at: 'start' | 'end', line: string): TextEdit {
  const src = ctx.src;
  const eol = src.eol;
  const b = block.statement.block!;
  const indent = childIndent(ctx, block);
  if (at === 'start') {
    const openLine = lineOf(src, b.open.start);
    const restOfLine = src.text.slice(b.open.end, src.lineEnd(openLine));
    if (restOfLine.trim() === '' || restOfLine.trim().startsWith('#')) {
      const next = src.lineEnd(openLine, true);
      const needsEol = next === src.text.length && !src.text.endsWith('\n');
      return { start: next, end: next, newText: (needsEol ? eol : '') + indent + line + eol };
    }
    return { start: b.open.end, end: b.open.end, newText: eol + indent + line + eol + indentOfLine(src, openLine) };
  }
  const close = b.close;
  if (!close) {
    const end = src.text.length;
    const needsEol = end > 0 && !src.text.endsWith('\n');
    return { start: end, end, newText: (needsEol ? eol : '') + indent + line + eol };
  }
  const closeLine = lineOf(src, close.start);
  const lineStart = src.lineStarts[closeLine];
  if (src.text.slice(lineStart, close.start).trim() === '') {
    return { start: lineStart, end: lineStart, newText: indent + line + eol };
  }
  // `server { listen 80; }` on one line: break it before the `}`.
  let start = close.start;
  while (start > lineStart && (src.text[start - 1] === ' ' || src.text[start - 1] === '\t')) start--;
  return { start, end: close.start, newText: eol + indent + line + eol + indentOfLine(src, closeLine) };
}

/**
 * Inserts a setting (`add_header X y always;`) in a block of the linted file where settings usually go: after the
 * block's own `lines` of the same name when it has some, else before its first nested block (location, if), else
 * at the end. `line` may hold several lines separated by `\n`: each gets the indentation and the file's EOL.
 */
export function insertSetting(ctx: NginxContext, block: Directive, line: string): TextEdit {
  const name = /^\s*(\S+)/.exec(line)?.[1];
  const children = block.statement.block?.children ?? [];
  const same = children.filter((c) => !c.block && statementName(c) === name);
  const multi = (indent: string): string => line.split('\n').map((l, i) => (i === 0 ? l : indent + l)).join(ctx.src.eol);
  if (same.length > 0) {
    const last = same[same.length - 1];
    return insertAfter(ctx, statementDirective(block, last), multi(indentOfLine(ctx.src, lineOf(ctx.src, last.start))));
  }
  const firstBlock = children.find((c) => c.block && lineOf(ctx.src, c.start) !== lineOf(ctx.src, block.statement.block!.open.start));
  if (firstBlock) {
    return insertBefore(ctx, statementDirective(block, firstBlock), multi(indentOfLine(ctx.src, lineOf(ctx.src, firstBlock.start))));
  }
  return insertInBlock(ctx, block, 'end', multi(childIndent(ctx, block)));
}

/** The directive of `block` written as `statement` (edits only need its statement). */
function statementDirective(block: Directive, statement: Directive['statement']): Directive {
  return block.children?.find((d) => d.statement === statement)
    ?? { name: statement.name.value, args: [], statement, file: block.file, context: block.context };
}

/** Inserts `line` on a new line just before directive `d`, indented like it. */
export function insertBefore(ctx: NginxContext, d: Directive, line: string): TextEdit {
  const src = ctx.src;
  const l = lineOf(src, d.statement.start);
  const lineStart = src.lineStarts[l];
  const indent = indentOfLine(src, l);
  if (src.text.slice(lineStart, d.statement.start).trim() === '') {
    return { start: lineStart, end: lineStart, newText: indent + line + src.eol };
  }
  return { start: d.statement.start, end: d.statement.start, newText: line + ' ' };
}

/** Inserts `line` on a new line just after directive `d` (after its `;` or `}`), indented like it. */
export function insertAfter(ctx: NginxContext, d: Directive, line: string): TextEdit {
  const src = ctx.src;
  const l = lineOf(src, d.statement.end);
  const indent = indentOfLine(src, lineOf(src, d.statement.start));
  const rest = src.text.slice(d.statement.end, src.lineEnd(l));
  if (rest.trim() === '' || rest.trim().startsWith('#')) {
    const next = src.lineEnd(l, true);
    const needsEol = next === src.text.length && !src.text.endsWith('\n');
    return { start: next, end: next, newText: (needsEol ? src.eol : '') + indent + line + src.eol };
  }
  return { start: d.statement.end, end: d.statement.end, newText: ' ' + line };
}
