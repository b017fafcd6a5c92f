import * as fs from 'node:fs';
import type { FileHost } from './types';

/**
 * Reads the real file system; `overlay` (e.g. unsaved editor buffers) wins over the disk. Missing paths are common
 * (config files looked for in every parent folder, Include globs on absent folders): they are answered without the
 * cost of a thrown error.
 */
export function nodeFileHost(overlay?: (path: string) => string | undefined): FileHost {
  return {
    readFile(p) {
      const o = overlay?.(p);
      if (o !== undefined) return o;
      if (!fs.existsSync(p)) return undefined;
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    readDir(p) {
      if (!fs.existsSync(p)) return undefined;
      try {
        return fs.readdirSync(p);
      } catch {
        return undefined;
      }
    },
    isDirectory(p) {
      try {
        return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
      } catch {
        return false;
      }
    },
  };
}
