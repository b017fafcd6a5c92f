// Which files of a run (or of an editor's workspace) sshd reads through the Include lines of a main sshd_config of
// that run: they are sshd configs whatever their name or folder, and drop-ins (a part of that main file), not main
// files. Found by loading each main file's Include tree as the sshd evaluator does.
import * as path from 'node:path';
import { isSshdDropIn } from '../kinds';
import { parentOf } from '../paths';
import type { FileHost, Kind } from '../types';
import { loadConfig } from '../sshd/config';
import { tokenize } from '../sshd/tokenizer';
import { SourceText } from '../text';
import { sshdirFor } from '../sshd/context';

/** A file a main sshd config includes (directly or through other included files). */
export interface SshdInclusion {
  /** The main file (absolute). */
  main: string;
  /** The sshd config dir that main file's Includes resolve against: the drop-in's own Includes resolve against it too. */
  sshdir: string;
}

/** By absolute path. */
export type SshdInclusions = ReadonlyMap<string, SshdInclusion>;

/**
 * A file that may be a main sshd config: of kind sshd (named sshd_config, or given as sshd) and not in a
 * sshd_config.d/ folder. It is one unless another such file includes it.
 */
export function mayBeSshdMain(filePath: string, kind: Kind | undefined): boolean {
  return kind === 'sshd' && !isSshdDropIn(filePath);
}

export interface SshdMainCandidate {
  /** Absolute. */
  path: string;
  text: string;
  /** `sshd.sshdir` of the configuration that applies to the file, if it sets one. */
  configuredSshdir?: string;
}

/**
 * "include" in any case, as sshd can read it as a keyword: `include`, `"Include"`, `Inc"lude"` (strdelim keeps a
 * word's unquoted start and its quoted rest). Every Include line has one.
 */
const INCLUDE_WORD = /i"?n"?c"?l"?u"?d"?e/gi;

/**
 * The lines of `text` that may be Include lines, or undefined when none can be. sshd splits each line on its own,
 * so these lines alone reach the files the whole text reaches: the long main files (mostly comments) are not
 * tokenized twice in a run, once here and once when linted.
 */
export function includeLines(text: string): string | undefined {
  INCLUDE_WORD.lastIndex = 0;
  let lines: string | undefined;
  for (let m = INCLUDE_WORD.exec(text); m; m = INCLUDE_WORD.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    const end = text.indexOf('\n', m.index);
    const lineEnd = end === -1 ? text.length : end;
    const line = text.slice(start, lineEnd);
    lines = lines === undefined ? line : `${lines}\n${line}`;
    INCLUDE_WORD.lastIndex = lineEnd;
  }
  return lines;
}

/**
 * The files the main sshd configs among `candidates` include, each with the main file that reaches it (the first in
 * the given order). A candidate another candidate includes is not a main file; files two candidates include of each
 * other (a cycle) are neither. Reads through `host` (included files, Include globs).
 */
export function findSshdInclusions(candidates: readonly SshdMainCandidate[], host: FileHost): Map<string, SshdInclusion> {
  const trees: { main: SshdMainCandidate; sshdir: string; reached: string[] }[] = [];
  const includedByAny = new Set<string>();
  for (const c of candidates) {
    const lines = includeLines(c.text);
    if (lines === undefined) continue;
    const sshdir = sshdirFor(c.path, c.configuredSshdir);
    // Not parseFile(): the server keeps its recent parses by path, and these lines are not the file's text.
    const src = new SourceText(lines);
    const config = loadConfig({ path: c.path, src, lines: tokenize(src) }, host, { sshdir });
    const reached = [...config.files.keys()].filter((p) => p !== c.path);
    if (reached.length === 0) continue;
    trees.push({ main: c, sshdir, reached });
    for (const p of reached) includedByAny.add(p);
  }
  const inclusions = new Map<string, SshdInclusion>();
  for (const t of trees) {
    if (includedByAny.has(t.main.path)) continue;
    for (const p of t.reached) if (!inclusions.has(p)) inclusions.set(p, { main: t.main.path, sshdir: t.sshdir });
  }
  return inclusions;
}

/** Folders looked in for the main sshd_config of a file: its own, and the one above (`/etc/ssh/sshd_config.d/x.conf`). */
const MAIN_SEARCH_DEPTH = 2;

/**
 * The main file of a drop-in linted without one: the `sshd_config` in the file's folder or the folder above whose
 * Include lines reach it (`/etc/ssh/sshd_config` for `/etc/ssh/sshd_config.d/x.conf`, `conf.d/x.conf`,
 * `sshd_config.local`), as an editor opening the drop-in alone or `hardlint conf.d/x.conf` needs. Undefined for a file
 * named sshd_config (a main file itself) or when no such file includes it.
 */
export function findIncludingMain(
  file: string, host: FileHost, configuredSshdir?: string, cache?: Map<string, ReadonlyMap<string, SshdInclusion>>,
): SshdInclusion | undefined {
  if (path.basename(file) === 'sshd_config') return undefined;
  let dir = parentOf(file);
  for (let depth = 0; depth < MAIN_SEARCH_DEPTH; depth++) {
    // `dir` comes normalised from parentOf(): joined by hand (path.join was most of this function's time in a CLI run).
    const main = dir.endsWith(path.sep) ? `${dir}sshd_config` : `${dir}${path.sep}sshd_config`;
    let reached = cache?.get(main);
    if (reached === undefined) {
      const text = host.readFile(main);
      reached = text !== undefined && includeLines(text) !== undefined
        ? findSshdInclusions([{ path: main, text, ...(configuredSshdir ? { configuredSshdir } : {}) }], host)
        : new Map();
      cache?.set(main, reached);
    }
    const found = reached.get(file);
    if (found) return found;
    const parent = parentOf(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
