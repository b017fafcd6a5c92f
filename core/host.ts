import * as fs from 'node:fs';
import type { FileHost } from './types';

/** Reads the real file system; `overlay` (e.g. unsaved editor buffers) wins over the disk. */
export function nodeFileHost(overlay?: (path: string) => string | undefined): FileHost {
  return {
    readFile(p) {
      const o = overlay?.(p);
      if (o !== undefined) return o;
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    readDir(p) {
      try {
        return fs.readdirSync(p);
      } catch {
        return undefined;
      }
    },
    isDirectory(p) {
      try {
        return fs.statSync(p).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
