// Small helpers shared by the gixy-derived nginx rules: where to report, how a location matches, what encloses a
// directive.
import { isHere, NginxContext } from '../../core/nginx/context';
import { levels, Scope } from '../../core/nginx/inherit';
import { ancestors, argCount, argRange, Directive, isConfig } from '../../core/nginx/tree';
import type { SourceText } from '../../core/text';
import type { Range, TextEdit } from '../../core/types';

/** The range of argument `i` of `d` when it is in the linted file, else where the linted file brings `d` in. */
export function rangeOfArg(ctx: NginxContext, d: Directive, i: number): Range | undefined {
  if (isHere(ctx, d) && i < argCount(d.statement)) return argRange(d, i);
  return ctx.locate(d);
}

/**
 * The directives this lint reports on, in reading order: the linted file's own, and those of snippets it includes
 * that hardlint would not lint on their own (reported on the include line). Shared by the rules: do not modify.
 */
export function checkedDirectives(ctx: NginxContext): readonly Directive[] {
  return ctx.checked();
}

/** `checkedDirectives` named `name`, from an index built once per lint: rules about one directive skip the others. */
export function checkedNamed(ctx: NginxContext, name: string): readonly Directive[] {
  return ctx.checkedNamed(name);
}

/** `checkedDirectives` with any of `names`, in reading order. Shared: do not modify. */
export function checkedNamedAny(ctx: NginxContext, names: Iterable<string>): readonly Directive[] {
  let only: readonly Directive[] = [];
  let lists = 0;
  for (const n of names) {
    const list = ctx.checkedNamed(n);
    if (list.length > 0) { lists++; only = list; }
  }
  if (lists <= 1) return only;
  // Several names present: keep them interleaved as written.
  const wanted = new Set(names);
  return ctx.checked().filter((d) => wanted.has(d.name));
}

export type LocationModifier = '' | '=' | '~' | '~*' | '^~' | '@';

export interface LocationMatch {
  modifier: LocationModifier;
  /** The prefix, exact URI, regex, or name (without `@`). */
  path: string;
  /** The argument holding the path, and where the path starts in its value (`=/x` → 1). */
  arg: number;
}

/** How a `location` matches: `location /x`, `location = /x`, `location =/x`, `location ~* re`, `location @name`. */
export function locationMatch(d: Directive): LocationMatch {
  const a = d.args;
  if (a.length >= 2) return { modifier: a[0] as LocationModifier, path: a[1], arg: 1 };
  const v = a[0] ?? '';
  for (const m of ['^~', '~*', '~', '=', '@'] as const) {
    if (v.startsWith(m)) return { modifier: m, path: v.slice(m.length), arg: 0 };
  }
  return { modifier: '', path: v, arg: 0 };
}

/** A prefix location (`location /x`, `location ^~ /x`): the part of the URI after the prefix is kept. */
export const isPrefixLocation = (loc: Directive): boolean => {
  const m = locationMatch(loc).modifier;
  return m === '' || m === '^~';
};

/** The innermost `location` around `d`. */
export function enclosingLocation(d: Directive): Directive | undefined {
  return ancestors(d).find((a) => a.name === 'location');
}

/** The block directives around `d` that are not `if`: where its settings belong (an `if` shares its location's). */
export function enclosingBlock(d: Directive): Directive | undefined {
  return ancestors(d).find((a) => a.name !== 'if');
}

/**
 * An edit that appends `text` to the value of argument `i`: inside the quotes of a quoted word, else after it
 * (`"/files"` → `"/files/"`).
 */
export function appendToArg(d: Directive, i: number, text: string): TextEdit {
  const w = d.statement.args[i];
  const at = w.quote ? w.end - 1 : w.end;
  return { start: at, end: at, newText: text };
}

/** The last file asked about: one entry, not a WeakMap (see Directive.notes in core/nginx/tree.ts). */
let tabIndented: { src: SourceText; tabs: boolean } | undefined;

/**
 * The indentation unit of lines a fix inserts inside a new block: a tab when some line of the file is indented with
 * tabs, else four spaces. Looked up once per file (fixes for every server of a large file would rescan it).
 */
export function insertIndentUnit(src: SourceText): string {
  if (tabIndented?.src !== src) tabIndented = { src, tabs: /\n\t+\S/.test(src.text) };
  return tabIndented.tabs ? '\t' : '    ';
}

/** Header names as nginx compares them. */
export const headerName = (name: string): string => lowerCase(name);

/** Strings lower-cased so far: a large file asks about the same few header and variable names thousands of times. */
const lowered = new Map<string, string>();

/** `s.toLowerCase()`, without a new string for a name seen before (each toLowerCase makes one, changed or not). */
export function lowerCase(s: string): string {
  let lower = lowered.get(s);
  if (lower === undefined) {
    lower = s.toLowerCase();
    // Bounded: the names of a few files, not of every file a long-running server has seen. The key is a copy: a name
    // sliced out of a file's text would keep that whole text alive (each edit of a buffer is a new text).
    if (lowered.size >= 1024) lowered.clear();
    if (s.length <= 64) lowered.set([...s].join(''), lower === s ? [...s].join('') : lower);
  }
  return lower;
}

/**
 * The configuration levels of a scope, innermost first, up to the linted file's top level: `levels()` stops at the
 * outermost block, but in a file linted alone the top level (a guessed http or server context) is a level too.
 */
export function levelsUpToFile(ctx: NginxContext, scope: Scope): Scope[] {
  const chain = levels(scope);
  const outer = chain.length === 0 ? scope : chain[chain.length - 1];
  if (isConfig(outer) || outer.parent) return chain;
  const top = levels(ctx.config);
  const out = chain.slice();
  for (let i = 0; i < top.length; i++) out.push(top[i]);
  return out;
}
