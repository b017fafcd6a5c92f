// Runs rules over one file and applies fixes. Free of any editor or LSP import.
import { HardlintConfig, ruleSetting } from './config';
import { coreMessage, formatData, hasTranslations, Locale, translation } from './l10n';
import { findSuppression, parseSuppressions } from './suppress';
import { SourceText } from './text';
import type {
  Family, FileHost, Finding, Fix, FixSafety, Kind, MessageData, MessageRef, RelatedLocation, Report, Rule, Severity,
} from './types';
import { createSshdContext } from './sshd/context';
import { createNginxContext } from './nginx/context';
import { createFirewallContext } from './firewall/context';
import { createComposeContext } from './compose/context';
import { createCrossContext } from './workspace/cross';
import type { Workspace } from './workspace/model';
import type { SshdInclusions } from './workspace/sshd-includes';

export interface LintInput {
  /** Absolute path (used to resolve includes and to find the config); may name an unsaved buffer. */
  path: string;
  text: string;
  kind: Kind;
}

export interface LintEnv {
  host: FileHost;
  config: HardlintConfig;
  locale: Locale;
  rules: readonly Rule<any>[];
  /** The host's other config files (a CLI run's files, the editor's workspace): the cross-file rules run only with it. */
  workspace?: Workspace;
  /**
   * Files a main sshd config of the run or workspace includes: linted as drop-ins, in that file's sshd config dir.
   * Without it (or for a file it does not name) the role comes from the path (`sshd_config.d/` holds drop-ins).
   */
  sshdIncluded?: SshdInclusions;
  /**
   * Set when `sshdIncluded` already names every file a nearby sshd_config includes (the CLI looked while expanding its
   * paths): the sshd family does not look next to each file again.
   */
  sshdIncludedComplete?: boolean;
}

export interface LintOutput {
  findings: Finding[];
  /** Family-specific model (e.g. the sshd evaluation), for hovers. */
  context: unknown;
}

function createContext(input: LintInput, env: LintEnv): unknown {
  switch (input.kind) {
    case 'sshd': return createSshdContext(input, env);
    case 'nginx': return createNginxContext(input, env);
    case 'firewall': return createFirewallContext(input, env);
    case 'compose': return createComposeContext(input);
  }
}

type Translator = (messageId: string, data?: Record<string, MessageData>) => string;

interface EnabledRule {
  rule: Rule<any>;
  setting: Severity | undefined;
  /** The rule's messages rendered in each locale asked for; made once, not per file. */
  translators: Map<Locale, Translator>;
}

function translatorFor(enabled: EnabledRule, locale: Locale): Translator {
  let t = enabled.translators.get(locale);
  if (!t) {
    const { meta } = enabled.rule;
    const english = meta.messages;
    const render = (ref: MessageRef): string => translator(ref.messageId, ref.data);
    let translator: Translator;
    if (!hasTranslations(locale)) {
      translator = (key, data) => formatData(english[key] ?? key, data, render);
    } else {
      // Message id → template in this locale (catalogue key `<rule id>:<message id>`), looked up once, not per finding.
      const templates = new Map<string, string>();
      translator = (key, data) => {
        let template = templates.get(key);
        if (template === undefined) templates.set(key, (template = translation(locale, `${meta.id}:${key}`) ?? english[key] ?? key));
        return formatData(template, data, render);
      };
    }
    enabled.translators.set(locale, (t = translator));
  }
  return t;
}

/** The rules that run on a kind of file under a configuration, with their configured severity: computed once per run. */
const enabledRuleCache = new WeakMap<HardlintConfig, Map<readonly Rule<any>[], Map<Family, EnabledRule[]>>>();

function enabledRules(env: LintEnv, kind: Family): EnabledRule[] {
  let byRules = enabledRuleCache.get(env.config);
  if (!byRules) enabledRuleCache.set(env.config, (byRules = new Map()));
  let byKind = byRules.get(env.rules);
  if (!byKind) byRules.set(env.rules, (byKind = new Map()));
  let enabled = byKind.get(kind);
  if (!enabled) {
    const strict = env.config.profile === 'strict';
    enabled = [];
    for (const rule of env.rules) {
      const { meta } = rule;
      if (meta.family !== kind) continue;
      const setting = ruleSetting(env.config, meta.id);
      if (setting === 'off') continue;
      if (meta.profile === 'strict' && !strict && setting === undefined) continue;
      enabled.push({ rule, setting, translators: new Map() });
    }
    byKind.set(kind, enabled);
  }
  return enabled;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
export const severityRank = (s: Severity): number => SEVERITY_RANK[s];

/**
 * The order of rule ids among findings at the same place: localeCompare's, computed once per rule list rather than
 * for every pair the sort compares.
 */
const ruleRanks = new WeakMap<readonly Rule<any>[], Map<string, number>>();

/** Where a character of a plain rule id sorts in localeCompare's (ICU root) order: '-', '/', digits, then letters. */
const idCharRank = (c: number): number => (c === 45 ? 0 : c === 47 ? 1 : c <= 57 ? c - 46 : c - 85);
const PLAIN_ID = /^[a-z0-9/-]+$/;

/**
 * localeCompare's order for ids made of lowercase letters, digits, '-' and '/' (every rule id): loading the
 * collator for it took 10 ms of a CLI run.
 */
export function compareRuleIds(a: string, b: string): number {
  if (!PLAIN_ID.test(a) || !PLAIN_ID.test(b)) return a.localeCompare(b);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = idCharRank(a.charCodeAt(i)) - idCharRank(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function ruleRank(rules: readonly Rule<any>[]): Map<string, number> {
  let ranks = ruleRanks.get(rules);
  if (!ranks) {
    const ids = [...new Set(rules.map((r) => r.meta.id))].sort(compareRuleIds);
    ruleRanks.set(rules, (ranks = new Map(ids.map((id, i) => [id, i]))));
  }
  return ranks;
}

function byPlaceThenRule(ranks: Map<string, number>): (a: Finding, b: Finding) => number {
  return (a, b) => {
    const d = a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
    if (d !== 0 || a.ruleId === b.ruleId) return d;
    const ra = ranks.get(a.ruleId);
    const rb = ranks.get(b.ruleId);
    return ra !== undefined && rb !== undefined && ra !== rb ? ra - rb : compareRuleIds(a.ruleId, b.ruleId);
  };
}

const sortOrders = new WeakMap<Map<string, number>, (a: Finding, b: Finding) => number>();

/** Lints one file; suppressed findings are returned with `suppressed` set so reports can show them. */
export function lint(input: LintInput, env: LintEnv): LintOutput {
  const context = createContext(input, env);
  // Most files have no suppression comment: spare them a second line index.
  const suppressions = input.text.includes('hardlint-disable') ? parseSuppressions(new SourceText(input.text)) : [];
  const findings: Finding[] = [];
  const strict = env.config.profile === 'strict';
  // One report function for the file, reading the rule that runs (checks report synchronously).
  let current: EnabledRule | undefined;
  let t: Translator | undefined;
  const report = (r: Report): void => {
    if (r.strictOnly && !strict) return;
    const { rule, setting } = current!;
    const meta = rule.meta;
    const specs = r.fixes;
    const fixes: Fix[] = [];
    if (specs !== undefined) for (const f of specs) fixes.push({ title: t!(f.messageId, f.data), safety: f.safety, edits: f.edits });
    const related: RelatedLocation[] = [];
    if (r.related !== undefined) {
      for (const rel of r.related) related.push({ file: rel.file, range: rel.range, message: t!(rel.message.messageId, rel.message.data) });
    }
    const finding: Finding = {
      ruleId: meta.id,
      severity: setting ?? r.severity ?? meta.severity,
      message: t!(r.messageId, r.data),
      range: r.range,
      fixes,
      related,
    };
    if (suppressions.length > 0) {
      const s = findSuppression(suppressions, meta.id, r.range.start.line);
      if (s) finding.suppressed = { justification: s.reason };
    }
    findings.push(finding);
  };
  // Cross-file rules run on every file with the workspace model, and report only what lies in this file.
  const cross = env.workspace ? enabledRules(env, 'cross') : [];
  const crossContext = cross.length > 0 ? createCrossContext(input, env.workspace!) : undefined;
  const own = enabledRules(env, input.kind);
  for (const enabled of cross.length > 0 ? [...own, ...cross] : own) {
    const { meta } = enabled.rule;
    current = enabled;
    t = translatorFor(enabled, env.locale);
    try {
      enabled.rule.check(meta.family === 'cross' ? crossContext : context, report);
    } catch (e) {
      // One broken rule must not hide the other findings; surface it as a finding on the first line.
      findings.push({
        ruleId: meta.id,
        severity: 'error',
        message: coreMessage(env.locale, 'ruleInternalError', { rule: meta.id, error: (e as Error).message }),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        fixes: [],
        related: [],
      });
    }
  }
  const ranks = ruleRank(env.rules);
  let order = sortOrders.get(ranks);
  if (!order) sortOrders.set(ranks, (order = byPlaceThenRule(ranks)));
  findings.sort(order);
  return { findings, context };
}

/** Applies fixes in order, skipping any fix that overlaps one already taken. Returns the new text and the count. */
export function applyFixes(text: string, fixes: Fix[]): { text: string; applied: Fix[] } {
  const taken: { start: number; end: number }[] = [];
  const applied: Fix[] = [];
  const edits: { start: number; end: number; newText: string }[] = [];
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
    a.start < b.end && b.start < a.end || (a.start === a.end && b.start === b.end && a.start === b.start);
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
    edits.push(...fix.edits);
    applied.push(fix);
  }
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied };
}

export function allowedSafeties(unsafe: boolean): FixSafety[] {
  return unsafe ? ['safe', 'unsafe'] : ['safe'];
}

/** The fix `--fix` would take for a finding: its first fix of an allowed safety. */
export function pickFix(finding: Finding, safeties: FixSafety[]): Fix | undefined {
  if (finding.suppressed) return undefined;
  return finding.fixes.find((f) => safeties.includes(f.safety));
}

export interface FixResult { text: string; passes: number; applied: { ruleId: string; title: string }[] }

/** Applies fixes and re-lints until nothing changes (at most 10 passes, like ESLint). */
export function fixUntilStable(input: LintInput, env: LintEnv, safeties: FixSafety[]): FixResult {
  let text = input.text;
  const applied: { ruleId: string; title: string }[] = [];
  let passes = 0;
  for (; passes < 10; passes++) {
    const { findings } = lint({ ...input, text }, env);
    const candidates: { fix: Fix; ruleId: string }[] = [];
    for (const f of findings) {
      const fix = pickFix(f, safeties);
      if (fix && fix.edits.length > 0) candidates.push({ fix, ruleId: f.ruleId });
    }
    if (candidates.length === 0) break;
    const result = applyFixes(text, candidates.map((c) => c.fix));
    if (result.text === text) break;
    for (const fix of result.applied) {
      const c = candidates.find((x) => x.fix === fix)!;
      applied.push({ ruleId: c.ruleId, title: fix.title });
    }
    text = result.text;
  }
  return { text, passes, applied };
}
