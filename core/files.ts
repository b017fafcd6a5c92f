// Expands the paths given on the command line into the files to lint: folders are walked (skipping node_modules,
// .git and whatever .gitignore files exclude) and keep only the files whose kind hardlint recognises, or that the
// Include lines of a main sshd config among them reach.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { Ignore } from 'ignore';
import { nodeFileHost, RunFileHost, runFileHost } from './host';
import { detectKind, textConfirmsKind } from './kinds';
import { realPathOr, resolveFrom } from './paths';
import type { Kind } from './types';
import { findIncludingMain, findSshdInclusions, mayBeSshdMain, SshdInclusion, SshdMainCandidate } from './workspace/sshd-includes';

/** Never walked into: dependencies and VCS data hold no configs of the project's own. */
export const SKIPPED_DIRS: readonly string[] = ['node_modules', '.git'];

export interface FoundFile {
  /** The path as given, or joined onto the folder as given (relative when that was relative). */
  file: string;
  /** `file` resolved against the working folder. */
  abs: string;
  /** Named on the command line (rather than found in a folder). */
  explicit: boolean;
  /** Found in a folder: its kind (detectFileKind), and its text when that had to be read to tell. */
  kind?: Kind;
  text?: string;
  /** A main sshd config of the files includes it (expandPaths with `sshd` options): an sshd drop-in of that file. */
  sshdInclusion?: SshdInclusion;
}

export interface Expansion {
  files: FoundFile[];
  /** Paths that do not exist or cannot be read, with the reason. */
  errors: { path: string; message: string }[];
}

/** The folder holding `.git` (a folder, or a file for worktrees) at or above `dir`. */
export function findGitRoot(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * The .gitignore rules in force in a folder, all rebased onto one base folder (the git root, or the walked folder
 * outside a repository). One rule list, outer files first, reproduces git's precedence: deeper files override
 * shallower ones, the last matching pattern wins, and nothing under an excluded folder can be re-included.
 */
interface IgnoreState { base: string; rules?: Ignore }

function escapeGlob(segment: string): string {
  return segment.replace(/[\\*?[\]]/g, '\\$&');
}

/** A pattern of the .gitignore in `prefix` (relative to the base, `/`-separated, '' for the base) as a base pattern. */
export function rebasePattern(line: string, prefix: string): string | undefined {
  let pattern = line.replace(/\r$/, '');
  if (pattern.trim() === '' || pattern.startsWith('#')) return undefined;
  if (prefix === '') return pattern;
  let negation = '';
  if (pattern.startsWith('!')) {
    negation = '!';
    pattern = pattern.slice(1);
  }
  // A leading # or ! of the folder name would read as a comment or a negation.
  const dir = prefix.split('/').map(escapeGlob).join('/').replace(/^[#!]/, '\\$&');
  // A slash at the start or in the middle anchors the pattern to its file's folder; otherwise it matches at any depth.
  const anchored = pattern.replace(/\/+$/, '').includes('/');
  return `${negation}${dir}/${anchored ? pattern.replace(/^\//, '') : `**/${pattern}`}`;
}

function withIgnoreFile(state: IgnoreState, dir: string, file: string): IgnoreState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return state;
  }
  const prefix = path.relative(state.base, dir).split(path.sep).join('/');
  const patterns = text.split('\n').map((l) => rebasePattern(l, prefix)).filter((p): p is string => p !== undefined);
  if (patterns.length === 0) return state;
  // Git compares paths case-sensitively unless core.ignoreCase is set (only on case-insensitive file systems).
  const rules = ignore({ ignorecase: false });
  if (state.rules) rules.add(state.rules);
  return { base: state.base, rules: rules.add(patterns) };
}

/** The rules that apply to `dir` from above it: .git/info/exclude and the .gitignore files up to the git root. */
function inheritedIgnores(dir: string): IgnoreState {
  const root = findGitRoot(dir);
  if (!root) return { base: dir };
  let state = withIgnoreFile({ base: root }, root, path.join(root, '.git', 'info', 'exclude'));
  const chain: string[] = [];
  for (let d = path.dirname(dir); !path.relative(root, d).startsWith('..'); d = path.dirname(d)) {
    chain.unshift(d);
    if (d === root) break;
  }
  for (const d of chain) state = withIgnoreFile(state, d, path.join(d, '.gitignore'));
  return state;
}

function isGitIgnored(state: IgnoreState, abs: string, isDir: boolean): boolean {
  if (!state.rules) return false;
  const rel = path.relative(state.base, abs).split(path.sep).join('/');
  return state.rules.test(isDir ? `${rel}/` : rel).ignored;
}

/** A file found in a folder whose kind its path and text do not tell (kept only to be matched against Includes). */
const UNRECOGNISED = Symbol('unrecognised');
/** A symlink found in a folder: the file it points to (one file under two names is linted once). */
const LINK_TARGET = Symbol('link target');
type WalkedFile = FoundFile & { [UNRECOGNISED]?: true; [LINK_TARGET]?: string };

function walk(display: string, abs: string, inherited: IgnoreState, out: WalkedFile[], keepUnrecognised: boolean): void {
  const active = withIgnoreFile(inherited, abs, path.join(abs, '.gitignore'));
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (SKIPPED_DIRS.includes(entry.name)) continue;
    const childAbs = path.join(abs, entry.name);
    const childDisplay = path.join(display, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    let target: string | undefined;
    if (entry.isSymbolicLink()) {
      // Linked files are linted (e.g. /etc/ssh/sshd_config managed elsewhere); linked folders are not walked,
      // which also rules out loops.
      try {
        isFile = fs.statSync(childAbs).isFile();
        if (isFile) target = fs.realpathSync(childAbs);
      } catch {
        isFile = false;
      }
      isDir = false;
    }
    if (!isDir && !isFile) continue;
    if (isGitIgnored(active, childAbs, isDir)) continue;
    if (isDir) walk(childDisplay, childAbs, active, out, keepUnrecognised);
    else {
      let text: string | undefined;
      const kind = detectFileKind(childAbs, (t) => { text = t; });
      const link = target !== undefined ? { [LINK_TARGET]: target } : {};
      if (kind) out.push({ file: childDisplay, abs: childAbs, explicit: false, kind, ...(text !== undefined ? { text } : {}), ...link });
      else if (keepUnrecognised) out.push({ file: childDisplay, abs: childAbs, explicit: false, [UNRECOGNISED]: true, ...link });
    }
  }
}

/**
 * The real paths of the files found that are not links and that hardlint reads (the kind of file a link may stand
 * for), resolved through their folders once per folder (/etc may itself be a link).
 */
function realPathsOf(files: readonly WalkedFile[]): Set<string> {
  const folders = new Map<string, string>();
  const out = new Set<string>();
  for (const f of files) {
    if (f[LINK_TARGET] !== undefined || f[UNRECOGNISED]) continue;
    const dir = path.dirname(f.abs);
    let real = folders.get(dir);
    if (real === undefined) folders.set(dir, (real = realPathOr(dir)));
    out.add(path.join(real, path.basename(f.abs)));
  }
  return out;
}

/** How a lint run reads its files' kinds: what expandPaths() needs to follow the Includes of sshd configs. */
export interface SshdExpansionOptions {
  /** --kind: every file is of this kind. */
  kind?: Kind;
  /** `sshd.sshdir` of the configuration that applies to a file, if it sets one. */
  configuredSshdir(abs: string): string | undefined;
  /** The run's file host: what following the Includes reads or lists, the lint then finds there. */
  host?: RunFileHost;
}

/** The text of a path named on the command line, or undefined when it is not a readable file (a folder, missing). */
function readNamedFile(abs: string): string | undefined {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The files to lint for the given paths, in a stable order, each once. With `sshd`, the files the Include lines of a
 * main sshd config among them reach are sshd drop-ins of it (`sshdInclusion`), of kind sshd unless --kind says
 * otherwise, also when found in a folder under a name hardlint would not recognise or would take for another kind.
 */
export function expandPaths(inputs: readonly string[], cwd = process.cwd(), sshd?: SshdExpansionOptions): Expansion {
  const files: WalkedFile[] = [];
  const errors: Expansion['errors'] = [];
  for (const input of inputs) {
    const abs = resolveFrom(cwd, input);
    // An sshd config is read to follow its Includes (a main file, or a drop-in a main file reaches) and then linted:
    // read at once, a file needs no stat (and no existence check) first. What cannot be read this way (a folder, a
    // missing path) is told apart by stat below.
    if (sshd && (sshd.kind ?? detectKind(abs)) === 'sshd') {
      const text = readNamedFile(abs);
      if (text !== undefined) {
        files.push({ file: input, abs, explicit: true, text });
        continue;
      }
    }
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs, { throwIfNoEntry: false });
    } catch (e) {
      errors.push({ path: input, message: (e as Error).message });
      continue;
    }
    if (stat === undefined) errors.push({ path: input, message: 'no such file or directory' });
    else if (stat.isDirectory()) walk(input, abs, inheritedIgnores(abs), files, sshd !== undefined);
    else files.push({ file: input, abs, explicit: true });
  }
  // A symlink found in a folder to a file the run lints anyway (sites-enabled/x → sites-available/x) would report
  // every finding twice: such a file is linted under its own name, or under the first link to it.
  const real = files.some((f) => f[LINK_TARGET] !== undefined) ? realPathsOf(files) : new Set<string>();
  const seen = new Set<string>();
  // Files kept only in case an sshd Include reaches them are counted apart: they must not hide a link to them.
  const seenUnrecognised = new Set<string>();
  const unique = files.filter((f) => {
    const target = f[LINK_TARGET];
    if (target !== undefined && target !== f.abs && real.has(target)) return false;
    const key = target ?? f.abs;
    const keys = f[UNRECOGNISED] ? seenUnrecognised : seen;
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
  if (sshd) followSshdIncludes(unique, sshd);
  return { files: unique.filter((f) => !f[UNRECOGNISED]), errors };
}

/**
 * Marks the files the main sshd configs among `files` include (see findSshdInclusions): their kind becomes sshd
 * (without --kind) and they get their `sshdInclusion`. The texts read on the way are kept on the files (`text`), so
 * that the run does not read them again.
 */
function followSshdIncludes(files: WalkedFile[], options: SshdExpansionOptions): void {
  const host = options.host ?? runFileHost(nodeFileHost());
  // Texts already read are not read again when an Include reaches their files.
  for (const f of files) if (f.text !== undefined) host.remember(f.abs, f.text);
  const candidates: SshdMainCandidate[] = [];
  for (const f of files) {
    if (f[UNRECOGNISED] || !mayBeSshdMain(f.abs, options.kind ?? f.kind ?? detectKind(f.abs))) continue;
    const text = f.text ?? host.readFile(f.abs);
    if (text === undefined) continue;
    let configuredSshdir: string | undefined;
    try {
      configuredSshdir = options.configuredSshdir(f.abs);
    } catch {
      // An unusable configuration is reported when the file is linted.
    }
    candidates.push({ path: f.abs, text, ...(configuredSshdir ? { configuredSshdir } : {}) });
  }
  const inclusions = candidates.length > 0 ? findSshdInclusions(candidates, host) : undefined;
  // A file of no kind (or a folder-name guess) that the sshd_config next to it, or a folder up, includes: a drop-in
  // of that file even when the run does not hold it (`hardlint /etc/ssh/conf.d`, `hardlint sshd_config.local`).
  const nearbyMains = new Map<string, ReadonlyMap<string, SshdInclusion>>();
  const nearbyMainOf = (f: WalkedFile): SshdInclusion | undefined => {
    if (options.kind !== undefined && options.kind !== 'sshd') return undefined;
    // With --kind sshd, any file may be a drop-in; otherwise an sshd file, or one whose path says nothing sure.
    const byPath = f[UNRECOGNISED] || options.kind === 'sshd' ? undefined : f.kind ?? detectKind(f.abs);
    if (byPath !== undefined && byPath !== 'sshd' && !textConfirmsKind(f.abs, byPath)) return undefined;
    let configuredSshdir: string | undefined;
    try {
      configuredSshdir = options.configuredSshdir(f.abs);
    } catch {
      // reported when the file is linted
    }
    return findIncludingMain(f.abs, host, configuredSshdir, nearbyMains);
  };
  for (const f of files) {
    const inclusion = inclusions?.get(f.abs) ?? nearbyMainOf(f);
    if (inclusion) {
      f.sshdInclusion = inclusion;
      if (options.kind === undefined) f.kind = 'sshd';
      delete f[UNRECOGNISED];
    }
    if (f.text === undefined && !f[UNRECOGNISED]) {
      const text = host.known(f.abs);
      if (text !== undefined) f.text = text;
    }
  }
}

const SNIFF_LIMIT = 1024 * 1024;

/**
 * The kind of a file on disk: from its path, else (for shell scripts: `*.sh` or a `#!` first line) from its content,
 * since a script is a firewall file only when it runs ufw, iptables, nft or firewall-cmd. `read` is given the text
 * when it had to be read.
 */
export function detectFileKind(abs: string, read?: (text: string) => void): Kind | undefined {
  const byPath = detectKind(abs);
  // A conf.d/*.conf outside any nginx folder, a *.rules file: their texts tell (fontconfig keeps XML in conf.d).
  const confirm = textConfirmsKind(abs, byPath);
  if (byPath && !confirm) return byPath;
  const base = path.basename(abs);
  const ext = path.extname(base);
  if (!confirm && ext !== '.sh' && ext !== '.bash' && ext !== '') return undefined;
  try {
    const fd = fs.openSync(abs, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size === 0 || size > SNIFF_LIMIT) return confirm ? byPath : undefined;
      const head = Buffer.alloc(2);
      fs.readSync(fd, head, 0, 2, 0);
      if (!confirm && ext === '' && head.toString('latin1') !== '#!') return undefined;
      const buf = Buffer.alloc(size);
      fs.readSync(fd, buf, 0, size, 0);
      const text = buf.toString('utf8');
      // What the caller would read next: handed over, so that a run reads the file once.
      read?.(text);
      return detectKind(abs, text);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** A shell script (by name or `#!` line): hardlint reads it only when it runs a firewall command. */
export function isShellScriptFile(abs: string): boolean {
  const ext = path.extname(abs);
  if (ext === '.sh' || ext === '.bash') return true;
  try {
    const fd = fs.openSync(abs, 'r');
    try {
      const head = Buffer.alloc(128);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      return /^#![ \t]*\S*\/(env[ \t]+)?(ba|da|k|z|a)?sh\b/.test(head.subarray(0, n).toString('latin1'));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}
