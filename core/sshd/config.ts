// The sshd configuration as sshd reads it: Include expansion, Match blocks, and the two parses sshd makes
// (start-up, then the per-connection re-parse of Match blocks), giving the effective value of every option with
// the line that set it.
import * as path from 'node:path';
import { SourceText } from '../text';
import type { FileHost } from '../types';
import { globSync } from './glob';
import { KeywordInfo, keywordInfo } from './keywords';
import { Connection, matchApplies, ParsedMatch, parseMatch } from './match';
import { SshdLine, tokenize } from './tokenizer';

export const MAX_INCLUDE_DEPTH = 16;

export interface SshdFile {
  path: string;
  src: SourceText;
  lines: SshdLine[];
}

export interface Directive {
  file: SshdFile;
  line: SshdLine;
  /** Lowercase keyword as written. */
  keyword: string;
  info?: KeywordInfo;
  /** Argument values as sshd sees them. */
  args: string[];
  /** The Match line opening the block this directive sits in, in its own file. */
  match?: MatchDirective;
}

export interface MatchDirective extends Directive { parsed: ParsedMatch }

export interface IncludeTarget { path: string; file?: SshdFile; problem?: 'cycle' | 'too-deep' | 'unreadable' }

export interface IncludeDirective extends Directive {
  patterns: { pattern: string; resolved: string; targets: IncludeTarget[] }[];
}

export type Item = Directive | IncludeDirective;

export interface ConfigOptions {
  /** The directory sshd's relative Includes resolve against (sshd's compiled-in /etc/ssh). */
  sshdir: string;
}

export interface SshdConfig {
  root: SshdFile;
  files: Map<string, SshdFile>;
  /** Items per file, in file order. */
  items: Map<SshdFile, Item[]>;
  sshdir: string;
}

export function isInclude(d: Directive): d is IncludeDirective {
  return d.keyword === 'include';
}
export function isMatch(d: Directive): d is MatchDirective {
  return d.keyword === 'match';
}

export function parseFile(filePath: string, text: string): SshdFile {
  const src = new SourceText(text);
  return { path: filePath, src, lines: tokenize(src) };
}

/** Maps an Include argument onto the workspace: relative to sshdir, and /etc/ssh itself onto sshdir. */
export function resolveIncludePath(arg: string, sshdir: string): string {
  if (arg.startsWith('/')) {
    if (sshdir !== '/etc/ssh' && (arg === '/etc/ssh' || arg.startsWith('/etc/ssh/'))) {
      return path.posix.join(sshdir, arg.slice('/etc/ssh'.length));
    }
    return arg;
  }
  return path.posix.join(sshdir, arg); // `~` is literal for sshd too: glob(3) gets no GLOB_TILDE
}

export function loadConfig(root: SshdFile, host: FileHost, options: ConfigOptions): SshdConfig {
  const files = new Map<string, SshdFile>([[root.path, root]]);
  const items = new Map<SshdFile, Item[]>();
  const config: SshdConfig = { root, files, items, sshdir: options.sshdir };

  const visit = (file: SshdFile, stack: string[]): void => {
    const list: Item[] = [];
    items.set(file, list);
    let match: MatchDirective | undefined;
    for (const line of file.lines) {
      if (line.kind !== 'directive' || !line.keyword) continue;
      const keyword = line.keyword.value.toLowerCase();
      const d: Directive = { file, line, keyword, info: keywordInfo(keyword), args: line.args.map((a) => a.value) };
      if (keyword === 'match') {
        const m = d as MatchDirective;
        m.parsed = parseMatch(d.args, line.rest?.value);
        match = m;
        list.push(m);
        continue;
      }
      if (match) d.match = match;
      if (keyword === 'include' && !line.error) {
        const inc = d as IncludeDirective;
        inc.patterns = d.args.map((pattern) => {
          const resolved = resolveIncludePath(pattern, options.sshdir);
          const targets: IncludeTarget[] = globSync(resolved, host)
            .filter((p) => !host.isDirectory(p))
            .map((p) => {
              if (stack.includes(p)) return { path: p, problem: 'cycle' };
              if (stack.length > MAX_INCLUDE_DEPTH) return { path: p, problem: 'too-deep' };
              let f = files.get(p);
              if (!f) {
                const text = host.readFile(p);
                if (text === undefined) return { path: p, problem: 'unreadable' };
                f = parseFile(p, text);
                files.set(p, f);
              }
              if (!items.has(f)) visit(f, [...stack, p]);
              return { path: p, file: f };
            });
          return { pattern, resolved, targets };
        });
        list.push(inc);
        continue;
      }
      list.push(d);
    }
  };
  visit(root, [root.path]);
  return config;
}

export interface Setting {
  directive: Directive;
  args: string[];
}

export type DirectiveState =
  | { state: 'applied' }
  | { state: 'shadowed'; by: Directive }
  | { state: 'inactive' }
  | { state: 'not-allowed-in-match' };

export interface Evaluation {
  /** Effective first-wins options, keyed by lowercase option name (aliases folded). */
  values: Map<string, Setting>;
  /** Cumulative options, every applied line in reading order. */
  lists: Map<string, Setting[]>;
  /** What sshd made of each directive in the start-up parse. */
  states: Map<Directive, DirectiveState>;
  /** Directives whose effective value was replaced by a Match block that applies (e.g. `Match all`). */
  overriddenByMatch: Map<Directive, Directive>;
  /** Every directive in sshd's reading order (a file included twice appears twice). */
  order: Directive[];
  /**
   * The directives each parse acted on, in reading order: the start-up parse, then the per-connection re-parse of
   * the matching Match blocks. For options whose value is built line by line (RekeyLimit, MaxStartups, ...).
   */
  active: { startup: Directive[]; connection: Directive[] };
}

const FLAG_MATCH_ONLY = 1;
const FLAG_NEVER_MATCH = 2;

/** Options servconf.c assigns on every active line (no "already set" check): the last line wins. */
export const LAST_WINS_OPTIONS: ReadonlySet<string> = new Set([
  'fingerprinthash', 'ipqos', 'maxstartups', 'persourcemaxstartups', 'persourcenetblocksize', 'streamlocalbindmask',
]);

interface PassResult {
  values: Map<string, Setting>;
  lists: Map<string, Setting[]>;
  states: Map<Directive, DirectiveState>;
  order: Directive[];
  active: Directive[];
}

/** One parse of the configuration as servconf.c parse_server_config_depth() runs it. */
function runPass(config: SshdConfig, ci: Connection | null, applies: (m: MatchDirective) => boolean): PassResult {
  const values = new Map<string, Setting>();
  const lists = new Map<string, Setting[]>();
  const states = new Map<Directive, DirectiveState>();
  const order: Directive[] = [];
  const acted: Directive[] = [];
  const active = { value: ci === null };

  const walk = (file: SshdFile, flagsIn: number, depth: number): void => {
    let flags = flagsIn;
    for (const d of config.items.get(file) ?? []) {
      order.push(d);
      if (isMatch(d)) {
        active.value = (flags & FLAG_NEVER_MATCH) !== 0 ? false : applies(d);
        flags &= ~FLAG_MATCH_ONLY;
        continue;
      }
      const info = d.info;
      if (!info || d.line.error) continue;
      if (!active.value && !info.allowedInMatch) {
        // At start-up sshd refuses the file; in the per-connection re-parse it skips what it already processed.
        if (ci === null && !states.has(d)) states.set(d, { state: 'not-allowed-in-match' });
        continue;
      }
      if (isInclude(d)) {
        const saved = active.value;
        const childFlags = (flags & FLAG_MATCH_ONLY) !== 0 ? FLAG_MATCH_ONLY : saved ? 0 : FLAG_NEVER_MATCH;
        for (const p of d.patterns) {
          for (const t of p.targets) {
            if (t.file && depth + 1 <= MAX_INCLUDE_DEPTH) walk(t.file, childFlags, depth + 1);
            active.value = saved;
          }
        }
        continue;
      }
      if (!active.value) {
        if (!states.has(d)) states.set(d, { state: 'inactive' });
        continue;
      }
      if (info.rule === 'cumulative' || info.rule === 'single' || info.rule === 'rest') acted.push(d);
      if (info.rule === 'cumulative') {
        const list = lists.get(info.option) ?? [];
        list.push({ directive: d, args: d.args });
        lists.set(info.option, list);
        states.set(d, { state: 'applied' });
      } else if (info.rule === 'single' || info.rule === 'rest') {
        const prior = values.get(info.option);
        if (prior && LAST_WINS_OPTIONS.has(info.option)) {
          states.set(prior.directive, { state: 'shadowed', by: d });
          values.set(info.option, { directive: d, args: d.args });
          states.set(d, { state: 'applied' });
        } else if (prior) {
          if (!states.has(d)) states.set(d, { state: 'shadowed', by: prior.directive });
        } else {
          const args = info.rule === 'rest' ? [d.line.rest?.value.replace(/^[ \t]+/, '') ?? ''] : d.args;
          values.set(info.option, { directive: d, args });
          states.set(d, { state: 'applied' });
        }
      }
    }
  };
  walk(config.root, ci === null ? 0 : FLAG_MATCH_ONLY, 0);
  return { values, lists, states, order, active: acted };
}

/**
 * The effective configuration for a connection, as `sshd -T [-C ...]` prints it: the start-up parse, then the
 * Match blocks that apply to `ci` (an empty connection matches only `Match all`) override what they set.
 */
export function evaluate(config: SshdConfig, ci: Connection = {}): Evaluation {
  return evaluateWith(config, ci, (m) => matchApplies(m.parsed, ci));
}

/** The effective configuration for a connection that matches `block` (and `Match all`), none of the other blocks. */
export function evaluateForBlock(config: SshdConfig, block: MatchDirective): Evaluation {
  return evaluateWith(config, {}, (m) => m === block || matchApplies(m.parsed, null));
}

function evaluateWith(config: SshdConfig, ci: Connection, applies: (m: MatchDirective) => boolean): Evaluation {
  const startup = runPass(config, null, (m) => matchApplies(m.parsed, null));
  const reparse = runPass(config, ci, applies);
  const values = new Map(startup.values);
  const lists = new Map(startup.lists);
  const overriddenByMatch = new Map<Directive, Directive>();
  for (const [option, setting] of reparse.values) {
    const info = setting.directive.info;
    if (!info?.allowedInMatch) continue;
    const before = values.get(option);
    if (before && before.directive !== setting.directive) overriddenByMatch.set(before.directive, setting.directive);
    values.set(option, setting);
  }
  for (const [option, list] of reparse.lists) {
    if (list[0].directive.info?.allowedInMatch) lists.set(option, list);
  }
  // Shadowing inside Match blocks comes from the re-parse (first wins within a matching connection).
  const states = new Map(startup.states);
  for (const [d, s] of reparse.states) if (s.state === 'shadowed' && d.match) states.set(d, s);
  return {
    values, lists, states, overriddenByMatch, order: startup.order,
    active: { startup: startup.active, connection: reparse.active },
  };
}
