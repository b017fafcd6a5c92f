// The sshd configuration as sshd reads it: Include expansion, Match blocks, and the two parses sshd makes
// (start-up, then the per-connection re-parse of Match blocks), giving the effective value of every option with
// the line that set it.
import * as path from 'node:path';
import { isNormalAbsolute, isPlainRelative } from '../paths';
import { SourceText } from '../text';
import type { FileHost } from '../types';
import { globSync } from './glob';
import { KeywordInfo, KEYWORDS } from './keywords';
import { Connection, matchApplies, ParsedMatch, parseMatch } from './match';
import { SshdLine, tokenize, tokenizeText } from './tokenizer';

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

/** Not changed once loaded: evaluate() keeps its parses with the configuration. */
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

/**
 * The last parses, by path, when keepRecentParses() asked for them: an editor lints a file again after every
 * keystroke, and the files it includes each time. A text seen before gives its parse back (parses are never
 * changed); an edited one takes over the lines the edit left alone.
 */
const recentParses = new Map<string, SshdFile>();
let recentParsesKept = 0;

/** Keeps the last `count` parses (0: none, the default; a one-shot run would only pay for them). */
export function keepRecentParses(count: number): void {
  recentParsesKept = count;
  recentParses.clear();
}

export function parseFile(filePath: string, text: string): SshdFile {
  if (recentParsesKept === 0) return freshParse(filePath, text);
  const previous = recentParses.get(filePath);
  if (previous !== undefined) {
    recentParses.delete(filePath); // set again below: the most recent last
    if (previous.src.text === text) {
      recentParses.set(filePath, previous);
      return previous;
    }
  }
  let file: SshdFile;
  if (previous === undefined) file = freshParse(filePath, text);
  else {
    const src = new SourceText(text);
    file = { path: filePath, src, lines: tokenize(src, { text: previous.src.text, lines: previous.lines }) };
  }
  recentParses.set(filePath, file);
  if (recentParses.size > recentParsesKept) recentParses.delete(recentParses.keys().next().value!);
  return file;
}

/** A file's text split into lines with no earlier parse to take lines over from. */
function freshParse(filePath: string, text: string): SshdFile {
  const { lineStarts, lines } = tokenizeText(text);
  return { path: filePath, src: new SourceText(text, lineStarts), lines };
}

/** Maps an Include argument onto the workspace: relative to sshdir, and /etc/ssh itself onto sshdir. */
export function resolveIncludePath(arg: string, sshdir: string): string {
  if (arg.startsWith('/')) {
    if (sshdir !== '/etc/ssh' && (arg === '/etc/ssh' || arg.startsWith('/etc/ssh/'))) {
      return joinPosix(sshdir, arg.slice('/etc/ssh'.length));
    }
    return arg;
  }
  return joinPosix(sshdir, arg); // `~` is literal for sshd too: glob(3) gets no GLOB_TILDE
}

/** path.posix.join(dir, rest), without normalising what is already normal (every Include of every file). */
function joinPosix(dir: string, rest: string): string {
  const relative = rest.startsWith('/') ? rest.slice(1) : rest;
  if (!isPlainRelative(relative) || !isNormalAbsolute(dir)) return path.posix.join(dir, rest);
  return dir === '/' ? '/' + relative : `${dir}/${relative}`;
}

/** A keyword as written: its lowercase form and what sshd knows of it. */
interface KnownKeyword {
  lower: string;
  info: KeywordInfo | undefined;
}

/** Keywords as written: the same few spellings on thousands of lines share one lookup of both. */
const writtenKeywords = new Map<string, KnownKeyword>();

function knownKeyword(written: string): KnownKeyword {
  let known = writtenKeywords.get(written);
  if (known === undefined) {
    const lower = written.toLowerCase();
    // Copied: a slice of the file's text would keep the whole text alive.
    known = { lower: lower === written ? detached(lower) : lower, info: KEYWORDS.get(lower) };
    if (writtenKeywords.size < 1024) writtenKeywords.set(detached(written), known);
  }
  return known;
}

/**
 * parseMatch() of Match lines seen before, by their text after the keyword (which the arguments come from too): a
 * file with a thousand blocks, linted again after each keystroke, parses them once. Parses are never changed.
 */
const recentMatches = new Map<string, ParsedMatch>();

function parsedMatch(args: string[], raw: string | undefined): ParsedMatch {
  if (raw === undefined) return parseMatch(args, raw);
  let parsed = recentMatches.get(raw);
  if (parsed === undefined) {
    // Parsed from copies: slices of the file's text (the key, the criteria) would keep the whole text alive.
    const key = detached(raw);
    parsed = parseMatch(args.map(detached), key);
    if (recentMatches.size >= 4096) recentMatches.clear();
    recentMatches.set(key, parsed);
  }
  return parsed;
}

/** A copy of `s` that is not a slice of a longer string. */
function detached(s: string): string {
  return s.split('').join('');
}

export function loadConfig(root: SshdFile, host: FileHost, options: ConfigOptions): SshdConfig {
  const files = new Map<string, SshdFile>();
  files.set(root.path, root);
  const items = new Map<SshdFile, Item[]>();
  // The evaluator slot is there from the start: one object shape whether or not the configuration was evaluated.
  const config = { root, files, items, sshdir: options.sshdir, [EVALUATOR]: undefined } as SshdConfig;

  let anyMatch = false;
  const visit = (file: SshdFile, stack: string[]): void => {
    const list: Item[] = [];
    items.set(file, list);
    let match: MatchDirective | undefined;
    const lines = file.lines;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k];
      if (line.kind !== 'directive' || !line.keyword) continue;
      const known = knownKeyword(line.keyword.value);
      const keyword = known.lower;
      const args = line.values;
      // Every directive has every field, Match and Include ones included: one object shape for all the code (rules
      // above all) that reads directives.
      const d = {
        file, line, keyword, info: known.info, args, match: undefined as MatchDirective | undefined,
        parsed: undefined as ParsedMatch | undefined, patterns: undefined as IncludeDirective['patterns'] | undefined,
      };
      if (keyword === 'match') {
        anyMatch = true;
        const m = d as MatchDirective;
        m.parsed = parsedMatch(d.args, line.rest?.value);
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
  // Known now: evaluate() need not look through every directive for a Match line.
  (config as SshdConfig & { [EVALUATOR]?: Evaluator })[EVALUATOR] = newEvaluator(anyMatch);
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

// The states without a payload, shared (a 2 MB file has 50,000 lines to mark).
const APPLIED: DirectiveState = Object.freeze({ state: 'applied' });
const INACTIVE: DirectiveState = Object.freeze({ state: 'inactive' });
const NOT_ALLOWED_IN_MATCH: DirectiveState = Object.freeze({ state: 'not-allowed-in-match' });

const LEADING_BLANKS = /^[ \t]+/;

/** What one parse made of the lines it read: servconf.c process_server_config_line() for each of them. */
class ParseState {
  readonly values = new Map<string, Setting>();
  /** NO_LISTS until a cumulative option is read (the re-parse of most Match blocks reads none). */
  lists: Map<string, Setting[]> = NO_LISTS;
  /**
   * What the parse made of each line it read. A `shadowsOnly` parse, which reads each line once and is asked only
   * which lines it shadowed (the re-parse of one Match block), keeps just those.
   */
  states: Map<Directive, DirectiveState>;
  /** The directives the parse acted on, in reading order. */
  readonly acted: Directive[] = [];

  constructor(private readonly shadowsOnly = false) {
    this.states = shadowsOnly ? NO_STATES : new Map();
  }

  private mark(d: Directive, state: DirectiveState): void {
    if (this.states === NO_STATES) this.states = new Map();
    this.states.set(d, state);
  }

  /** A line that is neither Match nor Include, allowed where it stands (or active). */
  read(d: Directive, info: KeywordInfo, active: boolean): void {
    const states = this.states;
    if (!active) {
      if (!states.has(d)) this.mark(d, INACTIVE);
      return;
    }
    if (info.rule === 'cumulative') {
      this.acted.push(d);
      const list = this.lists.get(info.option);
      if (list) list.push({ directive: d, args: d.args });
      else {
        if (this.lists === NO_LISTS) this.lists = new Map();
        this.lists.set(info.option, [{ directive: d, args: d.args }]);
      }
      if (!this.shadowsOnly) states.set(d, APPLIED);
    } else if (info.rule === 'single' || info.rule === 'rest') {
      this.acted.push(d);
      const prior = this.values.get(info.option);
      if (prior && LAST_WINS_OPTIONS.has(info.option)) {
        this.mark(prior.directive, { state: 'shadowed', by: d });
        this.values.set(info.option, { directive: d, args: d.args });
        if (!this.shadowsOnly) this.states.set(d, APPLIED);
      } else if (prior) {
        if (!states.has(d)) this.mark(d, { state: 'shadowed', by: prior.directive });
      } else {
        const args = info.rule === 'rest' ? [d.line.rest?.value.replace(LEADING_BLANKS, '') ?? ''] : d.args;
        this.values.set(info.option, { directive: d, args });
        if (!this.shadowsOnly) states.set(d, APPLIED);
      }
    }
  }
}

interface PassResult {
  values: Map<string, Setting>;
  lists: Map<string, Setting[]>;
  states: Map<Directive, DirectiveState>;
  active: Directive[];
}

interface StartupResult extends PassResult {
  order: Directive[];
  /** Lines of included files the start-up parse refuses inside a Match block (see refusedThroughIncludes). */
  refusedIncluded: RefusedReading[];
}

/** A reading of a line inside a Match block where its keyword is not allowed, with the Includes that led to it. */
export interface RefusedReading {
  directive: Directive;
  /** The chain of Include lines from the root file to the directive's file, outermost first. */
  includes: readonly IncludeDirective[];
}

const NO_INCLUDES: readonly IncludeDirective[] = [];

/** One parse of the configuration as servconf.c parse_server_config_depth() runs it. */
function runPass(config: SshdConfig, ci: Connection | null, applies: (m: MatchDirective) => boolean): StartupResult {
  const pass = new ParseState();
  // With no file included, the reading order is the root file's own list (read-only, as evaluations are): shared.
  const rootOnly = config.items.size === 1;
  const order: Directive[] = rootOnly ? config.items.get(config.root) ?? [] : [];
  const refusedIncluded: RefusedReading[] = [];
  const active = { value: ci === null };

  const walk = (file: SshdFile, flagsIn: number, depth: number, via: readonly IncludeDirective[]): void => {
    let flags = flagsIn;
    const items = config.items.get(file) ?? [];
    for (let k = 0; k < items.length; k++) {
      const d = items[k];
      if (!rootOnly) order.push(d);
      if (isMatch(d)) {
        active.value = (flags & FLAG_NEVER_MATCH) !== 0 ? false : applies(d);
        flags &= ~FLAG_MATCH_ONLY;
        continue;
      }
      const info = d.info;
      if (!info || d.line.error) continue;
      if (!active.value && !info.allowedInMatch) {
        // At start-up sshd refuses the file; in the per-connection re-parse it skips what it already processed.
        if (ci === null) {
          const earlier = pass.states.get(d);
          // A file read again inside a Match block keeps the first reading's state; the refusal is kept apart.
          if (earlier === undefined) pass.states.set(d, NOT_ALLOWED_IN_MATCH);
          if (earlier !== NOT_ALLOWED_IN_MATCH && via.length > 0) refusedIncluded.push({ directive: d, includes: via });
        }
        continue;
      }
      if (isInclude(d)) {
        const saved = active.value;
        const childFlags = (flags & FLAG_MATCH_ONLY) !== 0 ? FLAG_MATCH_ONLY : saved ? 0 : FLAG_NEVER_MATCH;
        const chain = ci === null ? [...via, d] : NO_INCLUDES;
        for (const p of d.patterns) {
          for (const t of p.targets) {
            if (t.file && depth + 1 <= MAX_INCLUDE_DEPTH) walk(t.file, childFlags, depth + 1, chain);
            active.value = saved;
          }
        }
        continue;
      }
      pass.read(d, info, active.value);
    }
  };
  walk(config.root, ci === null ? 0 : FLAG_MATCH_ONLY, 0, NO_INCLUDES);
  return { values: pass.values, lists: pass.lists, states: pass.states, order, active: pass.acted, refusedIncluded };
}

/**
 * When a line is active in the per-connection re-parse: when every one of these Match blocks (never `Match all`,
 * which always applies) matches the connection; null when never. A line needs its own block, plus the block
 * holding the Include that brought its file in (sshd's FLAG_NEVER_MATCH).
 */
type Requirement = readonly MatchDirective[] | null;

const ALWAYS: Requirement = [];

interface Occurrence {
  directive: Directive;
  info: KeywordInfo;
  /** Reading position in the re-parse. */
  seq: number;
  /** What earlier readings of the same line (a file included twice) required. */
  earlier?: Requirement[];
}

/**
 * The per-connection re-parse run once for every connection at the same time: each line that parse can act on,
 * with the Match blocks it needs. A connection that matches only `block` (and `Match all`) reads the lines that
 * need nothing or just `block`, so one block's re-parse costs that block's lines plus the `Match all` lines.
 */
interface ReparseIndex {
  always: Occurrence[];
  byBlock: Map<MatchDirective, Occurrence[]>;
  /** Whether an occurrence has earlier readings (a file read twice). */
  readTwice: boolean;
  /** The first-wins options `always` sets, null when it sets one twice: made by blockMayShadow(). */
  alwaysOptions?: Set<string> | null;
}

function conjunction(a: Requirement, b: MatchDirective | undefined): Requirement {
  if (a === null) return null;
  if (b === undefined || a.includes(b)) return a;
  return [...a, b];
}

/** runPass(config, ci, applies) with `applies` left open: the same walk, the flags and `active` made symbolic. */
function indexReparse(config: SshdConfig): ReparseIndex {
  const always: Occurrence[] = [];
  const byBlock = new Map<MatchDirective, Occurrence[]>();
  // What each reading of a line required, kept per file (by item) for the rare file that is read twice.
  const firstReadings = new Map<SshdFile, Requirement[]>();
  const laterReadings = new Map<Directive, Requirement[]>();
  let seq = 0;
  let readTwice = false;
  // The re-parse starts with the lines before the first Match inactive: the start-up parse took them.
  let active: Requirement = null;

  /** `matchOnly`: FLAG_MATCH_ONLY; `guard`: when FLAG_NEVER_MATCH is not set. */
  const walk = (file: SshdFile, matchOnlyIn: boolean, guard: Requirement, depth: number): void => {
    let matchOnly = matchOnlyIn;
    const items = config.items.get(file) ?? [];
    const first = firstReadings.get(file);
    const readings: Requirement[] = first ?? new Array(items.length).fill(null);
    if (!first) firstReadings.set(file, readings);
    for (let k = 0; k < items.length; k++) {
      const d = items[k];
      if (isMatch(d)) {
        const m = d.parsed;
        active = conjunction(guard, m.ok && m.all ? undefined : d);
        matchOnly = false;
        continue;
      }
      const info = d.info;
      if (!info || d.line.error) continue;
      if (isInclude(d)) {
        // Include is allowed in Match (keywords.ts), so sshd follows it whether the block applies or not.
        const saved = active;
        const childGuard = matchOnly ? ALWAYS : saved;
        for (const p of d.patterns) {
          for (const t of p.targets) {
            if (t.file && depth + 1 <= MAX_INCLUDE_DEPTH) walk(t.file, matchOnly, childGuard, depth + 1);
            active = saved;
          }
        }
        continue;
      }
      let earlier: Requirement[] | undefined;
      if (first) {
        const later = laterReadings.get(d);
        earlier = later ? [readings[k], ...later] : [readings[k]];
        if (later) later.push(active); else laterReadings.set(d, [active]);
      } else readings[k] = active;
      if (active === null || active.length > 1) continue; // no single block reaches it
      const occurrence: Occurrence = { directive: d, info, seq: seq++ };
      if (earlier) {
        occurrence.earlier = earlier;
        readTwice = true;
      }
      if (active.length === 0) always.push(occurrence);
      else {
        const list = byBlock.get(active[0]);
        if (list) list.push(occurrence); else byBlock.set(active[0], [occurrence]);
      }
    }
  };
  walk(config.root, true, ALWAYS, 0);
  return { always, byBlock, readTwice, alwaysOptions: undefined };
}

const activeFor = (requires: Requirement, block: MatchDirective | undefined): boolean =>
  requires !== null && requires.every((m) => m === block);

/** The re-parse for a connection that matches `block` (none when undefined) and `Match all`, from the index. */
function replayReparse(index: ReparseIndex, block: MatchDirective | undefined): PassResult {
  const own = block ? index.byBlock.get(block) ?? [] : [];
  // merge() takes only the shadowed states of a re-parse: with every line read once, the others need no keeping.
  const pass = new ParseState(!index.readTwice);
  const always = index.always;
  let i = 0;
  let j = 0;
  while (i < always.length || j < own.length) {
    const o = j >= own.length || (i < always.length && always[i].seq < own[j].seq) ? always[i++] : own[j++];
    const d = o.directive;
    // A skipped earlier reading of the same line marks it inactive, which keeps a later one from marking it shadowed.
    if (o.earlier && o.info.allowedInMatch && !pass.states.has(d) && o.earlier.some((r) => !activeFor(r, block))) {
      pass.states.set(d, INACTIVE);
    }
    pass.read(d, o.info, true);
  }
  return { values: pass.values, lists: pass.lists, states: pass.states, active: pass.acted };
}

interface Evaluator {
  startup?: StartupResult;
  index?: ReparseIndex;
  hasMatch?: boolean;
  /** evaluate() for the empty connection. */
  none?: Evaluation;
}

/**
 * Where a configuration keeps its start-up parse and re-parse index (a configuration is not changed once loaded).
 * A property rather than a WeakMap: thousands of small configurations per run would weigh on the garbage collector.
 */
const EVALUATOR = Symbol('evaluator');

function evaluatorFor(config: SshdConfig): Evaluator {
  const holder = config as SshdConfig & { [EVALUATOR]?: Evaluator };
  return (holder[EVALUATOR] ??= newEvaluator(undefined));
}

/** Every evaluator has every field: one object shape. */
function newEvaluator(hasMatch: boolean | undefined): Evaluator {
  return { startup: undefined, index: undefined, hasMatch, none: undefined };
}

function startupOf(config: SshdConfig): StartupResult {
  const e = evaluatorFor(config);
  return (e.startup ??= runPass(config, null, (m) => matchApplies(m.parsed, null)));
}

/**
 * Lines of included files the start-up parse refuses ("Directive 'X' is not allowed within a Match block"), each
 * with the Includes that led there: also a file included globally and then again inside a Match block, whose
 * evaluation state keeps what the first reading made of its lines.
 */
export function refusedThroughIncludes(config: SshdConfig): readonly RefusedReading[] {
  return startupOf(config).refusedIncluded;
}

/** Whether any file of the configuration has a Match line (most have none: then the re-parse acts on nothing). */
export function hasMatch(config: SshdConfig): boolean {
  const e = evaluatorFor(config);
  if (e.hasMatch === undefined) {
    e.hasMatch = false;
    for (const items of config.items.values()) {
      if (items.some(isMatch)) {
        e.hasMatch = true;
        break;
      }
    }
  }
  return e.hasMatch;
}

function reparseFor(config: SshdConfig, block: MatchDirective | undefined): PassResult {
  const e = evaluatorFor(config);
  return replayReparse((e.index ??= indexReparse(config)), block);
}

/** Whether `ci` says nothing of the connection (spelled out: called once per linted file). */
const isEmptyConnection = (ci: Connection): boolean => ci.user === undefined && ci.host === undefined && ci.addr === undefined
  && ci.laddr === undefined && ci.lport === undefined && ci.rdomain === undefined;

/**
 * The effective configuration for a connection, as `sshd -T [-C ...]` prints it: the start-up parse, then the
 * Match blocks that apply to `ci` (an empty connection matches only `Match all`) override what they set.
 */
export function evaluate(config: SshdConfig, ci: Connection = {}): Evaluation {
  // An empty connection matches `Match all` and nothing else: the same re-parse as a block no connection reaches.
  if (isEmptyConnection(ci)) {
    const e = evaluatorFor(config);
    return (e.none ??= hasMatch(config) ? merge(config, reparseFor(config, undefined), false) : startupEvaluation(config));
  }
  return merge(config, runPass(config, ci, (m) => matchApplies(m.parsed, ci)), false);
}

/** The effective configuration for a connection that matches `block` (and `Match all`), none of the other blocks. */
export function evaluateForBlock(config: SshdConfig, block: MatchDirective): Evaluation {
  // Not kept: a file with thousands of blocks would hold thousands of evaluations for the whole lint.
  return merge(config, reparseFor(config, block), true);
}

/**
 * Whether a line of `block` (one whose `match` it is) can be shadowed in evaluateForBlock(config, block). False is
 * exact: the block is not `Match all`, so sshd's start-up parse leaves its lines inactive, and its re-parse reads no
 * option twice, so it shadows nothing either.
 */
export function blockMayShadow(config: SshdConfig, block: MatchDirective): boolean {
  if (block.parsed.ok && block.parsed.all) return true;
  const e = evaluatorFor(config);
  const index = (e.index ??= indexReparse(config));
  if (index.readTwice) return true;
  const own = index.byBlock.get(block);
  if (own === undefined) return false;
  const alwaysOptions = (index.alwaysOptions ??= firstWinsOptions(index.always));
  if (alwaysOptions === null) return true;
  // A block's few lines are compared pairwise: no set made for each of thousands of blocks.
  if (own.length > 32) return firstWinsOptions(own, alwaysOptions) === null;
  for (let i = 0; i < own.length; i++) {
    const info = own[i].info;
    if (!firstWins(info)) continue;
    if (alwaysOptions.has(info.option)) return true;
    for (let j = 0; j < i; j++) if (firstWins(own[j].info) && own[j].info.option === info.option) return true;
  }
  return false;
}

/** Options whose first value wins (single and rest-of-line): a second line setting one is shadowed. */
const firstWins = (info: KeywordInfo): boolean => info.rule === 'single' || info.rule === 'rest';

/** The first-wins options these occurrences set; null when one is set twice (here, or once here and in `seen`). */
function firstWinsOptions(occurrences: readonly Occurrence[], seen?: ReadonlySet<string>): Set<string> | null {
  const options = new Set<string>();
  for (const o of occurrences) {
    if (!firstWins(o.info)) continue;
    const option = o.info.option;
    if (options.has(option) || seen?.has(option)) return null;
    options.add(option);
  }
  return options;
}

/**
 * Whether the re-parse for a connection that matches `block` reads a line of the block (or of a file it includes)
 * that sets one of `options`. When none does, evaluateForBlock() has the same values and lists for these options as
 * evaluate(): the re-parse reads each option's lines apart from the others'.
 */
export function blockSetsAny(config: SshdConfig, block: MatchDirective, options: readonly string[]): boolean {
  const e = evaluatorFor(config);
  const own = (e.index ??= indexReparse(config)).byBlock.get(block);
  if (own === undefined) return false;
  for (const o of own) if (options.includes(o.info.option)) return true;
  return false;
}

/**
 * merge() of a re-parse that acts on nothing (no Match line anywhere): the start-up parse itself. Its maps are the
 * cached start-up ones, shared rather than copied: evaluations are read-only.
 */
function startupEvaluation(config: SshdConfig): Evaluation {
  const startup = startupOf(config);
  return {
    values: startup.values, lists: startup.lists, states: startup.states, overriddenByMatch: NO_OVERRIDES, order: startup.order,
    active: { startup: startup.active, connection: [] },
  };
}

/**
 * The start-up values with what the re-parse set on top. A start-up map the re-parse changes nothing in is shared as
 * it is (evaluations are read-only); one it changes is copied, or for `layered` (the evaluation of one Match block)
 * read through instead of copied: a copy per Match block would make linting quadratic. `order` and `active.startup`
 * are the cached start-up arrays, shared by every evaluation of the configuration.
 */
function merge(config: SshdConfig, reparse: PassResult, layered: boolean): Evaluation {
  const startup = startupOf(config);
  let values = startup.values;
  let overriddenByMatch: Map<Directive, Directive> = NO_OVERRIDES;
  // forEach rather than for-of here and below: no [key, value] pair allocated per entry.
  reparse.values.forEach((setting, option) => {
    const info = setting.directive.info;
    if (!info?.copiedPerConnection) return;
    if (values === startup.values) values = layered ? new LayeredMap(values) : new Map(values);
    const before = values.get(option);
    if (before && before.directive !== setting.directive) {
      if (overriddenByMatch === NO_OVERRIDES) overriddenByMatch = new Map();
      overriddenByMatch.set(before.directive, setting.directive);
    }
    values.set(option, setting);
  });
  let lists = startup.lists;
  reparse.lists.forEach((list, option) => {
    if (!list[0].directive.info?.copiedPerConnection) return;
    if (lists === startup.lists) lists = layered ? new LayeredMap(lists) : new Map(lists);
    lists.set(option, list);
  });
  // Shadowing inside Match blocks comes from the re-parse (first wins within a matching connection).
  let states = startup.states;
  if (shadowsInMatch(reparse.states)) {
    if (layered) states = new LayeredMap(startup.states);
    else {
      // forEach rather than new Map(iterable): no [key, value] pair allocated per line.
      const copy = new Map<Directive, DirectiveState>();
      startup.states.forEach((s, d) => copy.set(d, s));
      states = copy;
    }
    const target = states;
    reparse.states.forEach((s, d) => {
      if (s.state === 'shadowed' && d.match) target.set(d, s);
    });
  }
  return {
    values, lists, states, overriddenByMatch, order: startup.order,
    active: { startup: startup.active, connection: reparse.active },
  };
}

/** A Map that stays empty: the overriddenByMatch of every evaluation in which no value is replaced. */
class EmptyMap<K, V> extends Map<K, V> {
  override set(): this {
    throw new TypeError('an evaluation is read-only');
  }
}

const NO_OVERRIDES: Map<Directive, Directive> = new EmptyMap();

/** Whether a re-parse marks a line of a Match block shadowed (what merge() writes over the start-up states). */
function shadowsInMatch(states: ReadonlyMap<Directive, DirectiveState>): boolean {
  for (const [d, s] of states) if (s.state === 'shadowed' && d.match) return true;
  return false;
}

/** The lists of a parse that read no cumulative option: shared, so it refuses writes. */
const NO_LISTS: Map<string, Setting[]> = new EmptyMap();
/** The states of a `shadowsOnly` parse that shadowed nothing. */
const NO_STATES: Map<Directive, DirectiveState> = new EmptyMap();

/**
 * A copy of `base` made lazily: reads fall through to `base` (never changed through it), writes stay here. Entries
 * iterate in the order a real copy would give.
 */
class LayeredMap<K, V> extends Map<K, V> {
  constructor(private base: ReadonlyMap<K, V>) {
    super();
  }

  /** Becomes a plain copy before a removal (rare), so that insertion order stays a Map's. */
  private detach(): void {
    if (this.base.size === 0) return;
    const entries = [...this.entries()];
    this.base = new Map();
    super.clear();
    for (const [key, value] of entries) super.set(key, value);
  }

  override get(key: K): V | undefined {
    return super.has(key) ? super.get(key) : this.base.get(key);
  }

  override has(key: K): boolean {
    return super.has(key) || this.base.has(key);
  }

  override delete(key: K): boolean {
    this.detach();
    return super.delete(key);
  }

  override clear(): void {
    this.base = new Map();
    super.clear();
  }

  override get size(): number {
    let added = 0;
    for (const key of super.keys()) if (!this.base.has(key)) added++;
    return this.base.size + added;
  }

  override *entries(): MapIterator<[K, V]> {
    // A key of `base` set again keeps its place; new keys follow in insertion order.
    for (const [key, value] of this.base) yield [key, super.has(key) ? super.get(key) as V : value];
    for (const entry of super.entries()) if (!this.base.has(entry[0])) yield entry;
  }

  override *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  override *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
