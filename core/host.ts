import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileHost } from './types';

/** A host for one batch run: asks `host` once per path. The run's own writes go through `remember`. */
export interface RunFileHost extends FileHost {
  /** The text the run read or wrote at `path`. */
  remember(path: string, text: string): void;
  /** The text already read at `path` in this run, without reading it (undefined when not read or unreadable). */
  known(path: string): string | undefined;
}

export function runFileHost(host: FileHost): RunFileHost {
  const files = new Map<string, string | undefined>();
  const dirs = new Map<string, string[] | undefined>();
  const folders = new Map<string, boolean>();
  return {
    readFile(p) {
      if (!files.has(p)) files.set(p, host.readFile(p));
      return files.get(p);
    },
    readDir(p) {
      if (!dirs.has(p)) dirs.set(p, host.readDir(p));
      return dirs.get(p)?.slice();
    },
    isDirectory(p) {
      // A path read as a file is not a folder (the files an Include glob finds were often read already).
      if (typeof files.get(p) === 'string') return false;
      let is = folders.get(p);
      if (is === undefined) folders.set(p, (is = host.isDirectory(p)));
      return is;
    },
    remember(p, text) {
      files.set(p, text);
    },
    known(p) {
      return files.get(p);
    },
  };
}

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

/** A FileHost over an in-memory tree, `{ '/etc/ssh/sshd_config': '...' }`: for tests and benchmarks. */
export function memoryHost(files: Record<string, string>): FileHost {
  const dirs = new Map<string, Set<string>>();
  for (const p of Object.keys(files)) {
    for (let child = p, dir = path.posix.dirname(p); child !== dir; child = dir, dir = path.posix.dirname(dir)) {
      if (!dirs.has(dir)) dirs.set(dir, new Set());
      dirs.get(dir)!.add(path.posix.basename(child));
    }
  }
  return {
    readFile: (p) => files[p],
    readDir: (p) => (dirs.has(p) ? [...dirs.get(p)!] : undefined),
    isDirectory: (p) => dirs.has(p),
  };
}
