// glob(3) with no flags, as sshd's Include uses it: `*`, `?`, `[...]` per path segment, no match for a leading `.`
// unless the pattern has one, results sorted in C-locale byte order.
import * as path from 'node:path';
import { isNormalAbsolute } from '../paths';
import type { FileHost } from '../types';

const META = /[*?[]/;

/** Compiled segment patterns: the same few (`*.conf`) come back for every file linted. */
const segmentRegExps = new Map<string, RegExp>();

function segmentRegExp(segment: string): RegExp {
  let re = segmentRegExps.get(segment);
  if (!re) {
    if (segmentRegExps.size > 1000) segmentRegExps.clear(); // bounds a run over many odd patterns
    segmentRegExps.set(segment, (re = compileSegment(segment)));
  }
  return re;
}

function compileSegment(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) { re += '\\['; continue; }
      let body = segment.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = close;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp('^' + re + '$', 's');
}

export const byteOrder = (a: string, b: string): number => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
};

/** path.posix.join(dir, name), short-cut for a plain name under a normal absolute folder. */
function joinPath(dir: string, name: string): string {
  if (name === '.' || name === '..' || name.includes('/') || !isNormalAbsolute(dir)) return path.posix.join(dir, name);
  return dir === '/' ? '/' + name : dir + '/' + name;
}

/** Expands an absolute pattern; returns matching paths that exist. */
export function globSync(pattern: string, host: FileHost): string[] {
  const parts = pattern.split('/');
  let current = [parts[0] === '' ? '/' : parts[0]];
  // Whether `current` was listed by readDir (so it exists) rather than built from literal segments.
  let listed = false;
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i];
    if (seg === '') continue;
    const next: string[] = [];
    listed = META.test(seg);
    const re = listed ? segmentRegExp(seg) : undefined;
    for (const dir of current) {
      if (!re) { next.push(joinPath(dir, seg)); continue; }
      for (const name of host.readDir(dir) ?? []) {
        if (name.startsWith('.') && !seg.startsWith('.')) continue;
        if (re.test(name)) next.push(joinPath(dir, name));
      }
    }
    current = next;
  }
  const found = listed ? current : current.filter((p) => host.isDirectory(p) || host.readFile(p) !== undefined);
  if (found.length < 2) return found;
  // Sort on the UTF-8 bytes, computed once per path.
  return found.map((p) => ({ p, key: Buffer.from(p) })).sort((a, b) => Buffer.compare(a.key, b.key)).map((e) => e.p);
}
