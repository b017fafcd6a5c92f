// path.resolve() without its cost in the common case: linting thousands of files spends real time normalising paths
// that are already absolute and normal.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A `//`, or a `.` or `..` segment. */
const UNNORMAL_SEGMENT = /\/\/|\/\.\.?(?:\/|$)/;

/** Whether `p` is an absolute POSIX path that path.resolve() would return unchanged. */
export function isNormalAbsolute(p: string): boolean {
  if (path.sep !== '/' || p.charCodeAt(0) !== 47) return false;
  return p.length === 1 || (p.charCodeAt(p.length - 1) !== 47 && !UNNORMAL_SEGMENT.test(p));
}

/** path.resolve(p). */
export function resolvePath(p: string): string {
  return isNormalAbsolute(p) ? p : path.resolve(p);
}

/** path.relative(from, to) || path.basename(to): how messages name a file, relative to a folder. */
export function relativeName(from: string, to: string): string {
  if (isNormalAbsolute(from) && isNormalAbsolute(to) && from !== '/' && to.startsWith(from) && to.charCodeAt(from.length) === 47) {
    return to.slice(from.length + 1);
  }
  return path.relative(from, to) || path.basename(to);
}

/** A relative path with no `.`/`..` segment, no `//` and no trailing slash: joined onto a folder as it is. */
const PLAIN_RELATIVE = /^(?!\.\.?(?:\/|$))(?:[^/]+)(?:\/(?!\.\.?(?:\/|$))[^/]+)*$/;

/** A relative path path.join() would keep as it is. */
export function isPlainRelative(p: string): boolean {
  return PLAIN_RELATIVE.test(p);
}

/** path.resolve(from, p), without normalising what is already normal (the CLI resolves every file it lints). */
export function resolveFrom(from: string, p: string): string {
  if (isNormalAbsolute(p)) return p;
  if (path.sep === '/' && isNormalAbsolute(from) && PLAIN_RELATIVE.test(p)) return from === '/' ? '/' + p : from + '/' + p;
  return path.resolve(from, p);
}

/** path.dirname(p) of a normal absolute path. */
export function parentOf(p: string): string {
  if (!isNormalAbsolute(p)) return path.dirname(p);
  const slash = p.lastIndexOf('/');
  return slash <= 0 ? '/' : p.slice(0, slash);
}

/** The path with links resolved, or the path itself when it cannot be (an unsaved buffer, a file gone since). */
export function realPathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
