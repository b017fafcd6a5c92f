// What sshd rules see: the linted file, the whole Include tree it reads, and the effective configuration.
import * as path from 'node:path';
import { parentOf, relativeName, resolvePath } from '../paths';
import type { LintEnv, LintInput } from '../engine';
import { lineRange, SourceText } from '../text';
import type { RunFileHost } from '../host';
import type { FileHost, MessageRef, Range, TextEdit } from '../types';
import { findIncludingMain, type SshdInclusion } from '../workspace/sshd-includes';
import {
  Directive, evaluate, Evaluation, IncludeDirective, isInclude, isMatch, loadConfig, MatchDirective, parseFile,
  Setting, SshdConfig, SshdFile,
} from './config';
import { keywordInfo, optionName } from './keywords';

export interface SshdContext {
  file: SshdFile;
  src: SourceText;
  /**
   * A main sshd_config knows every setting; a drop-in linted alone does not know what the main file sets. A drop-in
   * is a file in a `sshd_config.d/` folder, or one a main file of the run or workspace includes (LintEnv.sshdIncluded).
   * A drop-in whose main file is known is read as part of it: `config` is then the main file's.
   */
  role: 'main' | 'dropin';
  vendor: 'debian' | 'upstream';
  /** Whether strict-profile findings are reported (the engine drops them otherwise): rules can spare that work. */
  strict: boolean;
  /** What sshd reads: from this file, or from its main file when it is a drop-in of a known main file. */
  config: SshdConfig;
  /** The effective configuration for a connection no Match block (but `Match all`) applies to. */
  ev: Evaluation;
  /** This file's directives, in file order. */
  directives: Directive[];
  matches: MatchDirective[];
  relPath(file: string): string;
  /**
   * The `sshd_config` beside this file's `sshd_config.d/` folder, when that main file reaches no Include of this file:
   * sshd never reads the drop-in. Undefined otherwise (included, or no such main file to tell).
   */
  unreadBy: string | undefined;
}

/** What a context works out once, on first use, for every rule that asks. */
interface ContextCache {
  /** The first line's range (findings about absent keywords all point at it; ranges are never changed). */
  firstLine: Range | undefined;
  /** locateOption() of an option no file sets. */
  defaultWhere: Where | undefined;
  /** insertionOffset(), -1 until known. */
  insertAt: number;
  /** This file's directives by option. */
  byOption: Map<string, Directive[]> | undefined;
}

const CACHE = Symbol('cache');

function cacheOf(ctx: SshdContext): ContextCache {
  const holder = ctx as SshdContext & { [CACHE]?: ContextCache };
  return (holder[CACHE] ??= { firstLine: undefined, defaultWhere: undefined, insertAt: -1, byOption: undefined });
}

/** isSshdDropIn() of an absolute path, from its folder. */
const DROP_IN_FOLDER = 'sshd_config.d';
const isDropInFolder = (dir: string): boolean => path.basename(dir) === DROP_IN_FOLDER;

export function sshdirFor(filePath: string, configured: string | undefined): string {
  if (configured) return configured;
  const dir = parentOf(resolvePath(filePath));
  return isDropInFolder(dir) ? parentOf(dir) : dir;
}

/**
 * Configurations a run has loaded, by root file and sshdir: a main file and each of its drop-ins are judged in the same
 * configuration, loaded and evaluated once. Kept only for a run's host, whose answers (directory listings above all)
 * hold for the whole run, and given back only while every file it read still has the text it was read with (a fix
 * written in the run changes a file's text). The last few only: a run's files come folder by folder, a main file next
 * to its drop-ins, and thousands of kept configurations would weigh on the garbage collector.
 */
const KEPT_CONFIGS = 8;
const runConfigs = new WeakMap<FileHost, Map<string, SshdConfig>>();

const isRunHost = (host: FileHost): host is RunFileHost => typeof (host as Partial<RunFileHost>).known === 'function';

/** The configuration rooted at `rootPath` with `override` read as its text (the linted buffer), loaded once per run. */
function configRootedAt(rootPath: string, sshdir: string, host: FileHost, override: { path: string; text: string }): SshdConfig | undefined {
  const readAs = (p: string): string | undefined => (p === override.path ? override.text : host.readFile(p));
  const byKey = isRunHost(host) ? (runConfigs.get(host) ?? runConfigs.set(host, new Map()).get(host)!) : undefined;
  const key = `${sshdir}\0${rootPath}`;
  const known = byKey?.get(key);
  if (known !== undefined && [...known.files].every(([p, f]) => readAs(p) === f.src.text)) return known;
  const rootText = readAs(rootPath);
  if (rootText === undefined) return undefined;
  const withText: FileHost = {
    readFile: readAs,
    readDir: (p) => host.readDir(p),
    isDirectory: (p) => host.isDirectory(p),
  };
  const config = loadConfig(parseFile(rootPath, rootText), withText, { sshdir });
  if (byKey !== undefined) {
    byKey.delete(key);
    byKey.set(key, config);
    if (byKey.size > KEPT_CONFIGS) byKey.delete(byKey.keys().next().value!);
  }
  return config;
}

/**
 * The configuration a drop-in is part of: its main file's, with the drop-in read as `text` (an editor buffer, a fixed
 * text), so that the drop-in's lines are judged where sshd reads them (a line the main file already set is ignored,
 * a Match block weakens what the main file sets). Undefined when the main file cannot be read or no longer reaches
 * the drop-in: it is then read on its own.
 */
function mainConfigOf(abs: string, text: string, inclusion: SshdInclusion, host: FileHost): { config: SshdConfig; file: SshdFile } | undefined {
  if (inclusion.main === abs) return undefined;
  const config = configRootedAt(inclusion.main, inclusion.sshdir, host, { path: abs, text });
  const file = config?.files.get(abs);
  return config && file && config.items.has(file) ? { config, file } : undefined;
}

export function createSshdContext(input: LintInput, env: LintEnv): SshdContext {
  const abs = resolvePath(input.path);
  const base = parentOf(abs);
  // A file a main sshd_config of the run or workspace includes is read as that file's part, in its sshd config dir;
  // so is one the sshd_config next to it (or a folder up) includes, when the run or workspace does not say.
  const inclusion = env.sshdIncluded?.get(abs)
    ?? (env.sshdIncludedComplete ? undefined : findIncludingMain(abs, env.host, env.config.sshd.sshdir || undefined));
  const inDropInFolder = isDropInFolder(base);
  const dropIn = inclusion !== undefined || inDropInFolder;
  const besideMain = inDropInFolder && inclusion === undefined ? path.join(parentOf(base), 'sshd_config') : undefined;
  const unreadBy = besideMain !== undefined && env.host.readFile(besideMain) !== undefined ? besideMain : undefined;
  const inMain = inclusion ? mainConfigOf(abs, input.text, inclusion, env.host) : undefined;
  const sshdir = env.config.sshd.sshdir || inclusion?.sshdir || (inDropInFolder ? parentOf(base) : base);
  const config = inMain?.config ?? configRootedAt(abs, sshdir, env.host, { path: abs, text: input.text })!;
  const file = inMain?.file ?? config.root;
  const ev = evaluate(config);
  const directives = config.items.get(file) ?? [];
  return {
    file,
    src: file.src,
    role: dropIn ? 'dropin' : 'main',
    vendor: env.config.sshd.vendor,
    strict: env.config.profile === 'strict',
    config,
    ev,
    directives,
    matches: directives.filter(isMatch),
    relPath: (p) => relativeName(base, p),
    unreadBy,
    [CACHE]: { firstLine: undefined, defaultWhere: undefined, insertAt: -1, byOption: undefined },
  } as SshdContext;
}

// ---- ranges ---------------------------------------------------------------------------------------------------

export function keywordRange(ctx: SshdContext, d: Directive): Range {
  const k = d.line.keyword!;
  return d.file.src.range(k.start, k.end);
}

/** The value tokens of a directive (or the keyword when it has none). */
export function valueRange(ctx: SshdContext, d: Directive): Range {
  const args = d.line.args;
  if (args.length === 0) return keywordRange(ctx, d);
  return d.file.src.range(args[0].start, args[args.length - 1].end);
}

export function directiveRange(d: Directive): Range {
  return d.file.src.range(d.line.start, d.line.start + d.file.src.lineText(d.line.index).trimEnd().length);
}

export function firstLineRange(ctx: SshdContext): Range {
  const cache = cacheOf(ctx);
  return (cache.firstLine ??= lineRange(ctx.src, 0));
}

const NO_DIRECTIVES: readonly Directive[] = Object.freeze([]);

/** This file's directives for `option` (aliases folded), in file order. */
export function directivesFor(ctx: SshdContext, option: string): readonly Directive[] {
  const cache = cacheOf(ctx);
  let byOption = cache.byOption;
  if (!byOption) {
    byOption = cache.byOption = new Map();
    for (const d of ctx.directives) {
      const o = d.info?.option;
      if (o === undefined) continue;
      const list = byOption.get(o);
      if (list) list.push(d); else byOption.set(o, [d]);
    }
  }
  return byOption.get(option) ?? NO_DIRECTIVES;
}

/** The Include line of this file through which sshd reached `target` (a directive of another file). */
export function includeLeadingTo(ctx: SshdContext, target: SshdFile): IncludeDirective | undefined {
  const reaches = (file: SshdFile, seen: Set<SshdFile>): boolean => {
    if (file === target) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    return (ctx.config.items.get(file) ?? []).some(
      (d) => isInclude(d) && (d.patterns ?? []).some((p) => p.targets.some((t) => t.file && reaches(t.file, seen))));
  };
  return ctx.directives.find(
    // An Include line sshd rejects (no argument, bad quotes) has no patterns.
    (d): d is IncludeDirective => isInclude(d) && (d.patterns ?? []).some((p) => p.targets.some((t) => t.file && reaches(t.file, new Set()))));
}

export type Where =
  | { kind: 'here'; directive: Directive; range: Range }
  | { kind: 'included'; directive: Directive; include: IncludeDirective; range: Range }
  | { kind: 'default'; range: Range };

/**
 * Where a finding about an option's effective value belongs in this file: on the value that set it, on the Include
 * that brought it in, or (for a default, main files only) on the first line. Undefined when not this file's business.
 */
export function locateOption(ctx: SshdContext, option: string): Where | undefined {
  const s = ctx.ev.values.get(option);
  if (!s) {
    if (ctx.role !== 'main') return undefined;
    const cache = cacheOf(ctx);
    return (cache.defaultWhere ??= { kind: 'default', range: firstLineRange(ctx) });
  }
  if (s.directive.file === ctx.file) return { kind: 'here', directive: s.directive, range: valueRange(ctx, s.directive) };
  const include = includeLeadingTo(ctx, s.directive.file);
  if (!include) return undefined;
  return { kind: 'included', directive: s.directive, include, range: valueRange(ctx, include) };
}

export function effective(ctx: SshdContext, option: string): Setting | undefined {
  return ctx.ev.values.get(option);
}

/** `path:line` of a directive, relative to the linted file. */
export function where(ctx: SshdContext, d: Directive): string {
  return `${ctx.relPath(d.file.path)}:${d.line.index + 1}`;
}

// ---- edits ----------------------------------------------------------------------------------------------------

/** Replaces a directive's whole value (all argument tokens) with `value`. */
export function replaceValue(d: Directive, value: string): TextEdit {
  const args = d.line.args;
  if (args.length === 0) return { start: d.line.keyword!.end, end: d.line.keyword!.end, newText: ' ' + value };
  return { start: args[0].start, end: args[args.length - 1].end, newText: value };
}

/** Deletes a directive's line, EOL included. */
export function deleteLine(d: Directive): TextEdit {
  const src = d.file.src;
  return { start: src.lineStarts[d.line.index], end: src.lineEnd(d.line.index, true), newText: '' };
}

/**
 * Where new global lines go: above the first Include and the first Match of the file (so they win over drop-ins
 * and never land inside a trailing Match block), else at the end.
 */
export function insertionOffset(ctx: SshdContext): number {
  const cache = cacheOf(ctx);
  if (cache.insertAt === -1) {
    const first = ctx.directives.find((d) => isInclude(d) || isMatch(d));
    cache.insertAt = first ? ctx.src.lineStarts[first.line.index] : ctx.src.text.length;
  }
  return cache.insertAt;
}

/** Inserts `Keyword value` as a new global line. */
export function insertSetting(ctx: SshdContext, option: string, value: string): TextEdit {
  const at = insertionOffset(ctx);
  const eol = ctx.src.eol;
  const line = `${optionName(option)} ${value}`;
  const text = ctx.src.text;
  if (at === text.length) {
    const needsEol = text.length > 0 && !text.endsWith('\n');
    return { start: at, end: at, newText: (needsEol ? eol : '') + line + eol };
  }
  return { start: at, end: at, newText: line + eol };
}

/**
 * Makes `option` effectively `value` globally, with the smallest edit: change the line that sets it when it is in
 * this file and global; add a line above the first Include/Match when the default applies. Undefined when the value
 * comes from another file or a Match block (the fix belongs there).
 */
export function setOption(ctx: SshdContext, option: string, value: string): TextEdit | undefined {
  const s = ctx.ev.values.get(option);
  if (!s) return ctx.role === 'main' ? insertSetting(ctx, option, value) : undefined;
  if (s.directive.file !== ctx.file || s.directive.match) return undefined;
  return replaceValue(s.directive, value);
}

export function keywordDisplay(keyword: string): string {
  return keywordInfo(keyword)?.name ?? keyword;
}

export function related(ctx: SshdContext, d: Directive, message: MessageRef): { file: string; range: Range; message: MessageRef } {
  return { file: d.file.path, range: directiveRange(d), message };
}
