// Runs rules over one file and applies fixes. Free of any editor or LSP import.
import { HardlintConfig, ruleSetting } from './config';
import { coreMessage, Locale, renderData, translate } from './l10n';
import { findSuppression, parseSuppressions } from './suppress';
import { SourceText } from './text';
import type { FileHost, Finding, Fix, FixSafety, Kind, MessageData, MessageRef, Report, Rule, Severity } from './types';
import { createSshdContext } from './sshd/context';
import { createNginxContext } from './nginx/context';
import { createFirewallContext } from './firewall/context';
import { createComposeContext } from './compose/context';

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
    // Message id → catalogue key (`<rule id>:<message id>`), built once rather than per finding.
    const keys = new Map<string, string>();
    const catalogueKey = (key: string): string => {
      let full = keys.get(key);
      if (full === undefined) keys.set(key, (full = `${meta.id}:${key}`));
      return full;
    };
    const render = (ref: MessageRef): string => translator(ref.messageId, ref.data);
    const translator: Translator = (key, data) =>
      translate(locale, catalogueKey(key), meta.messages[key] ?? key, data && renderData(data, render));
    enabled.translators.set(locale, (t = translator));
  }
  return t;
}

/** The rules that run on a kind of file under a configuration, with their configured severity: computed once per run. */
const enabledRuleCache = new WeakMap<HardlintConfig, Map<readonly Rule<any>[], Map<Kind, EnabledRule[]>>>();

function enabledRules(env: LintEnv, kind: Kind): EnabledRule[] {
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

/** Lints one file; suppressed findings are returned with `suppressed` set so reports can show them. */
export function lint(input: LintInput, env: LintEnv): LintOutput {
  const context = createContext(input, env);
  // Most files have no suppression comment: spare them a second line index.
  const suppressions = input.text.includes('hardlint-disable') ? parseSuppressions(new SourceText(input.text)) : [];
  const findings: Finding[] = [];
  const strict = env.config.profile === 'strict';
  for (const enabled of enabledRules(env, input.kind)) {
    const { rule, setting } = enabled;
    const { meta } = rule;
    const t = translatorFor(enabled, env.locale);
    const report = (r: Report): void => {
      if (r.strictOnly && !strict) return;
      const fixes: Fix[] = (r.fixes ?? []).map((f) => ({ title: t(f.messageId, f.data), safety: f.safety, edits: f.edits }));
      const finding: Finding = {
        ruleId: meta.id,
        severity: setting ?? r.severity ?? meta.severity,
        message: t(r.messageId, r.data),
        range: r.range,
        fixes,
        related: (r.related ?? []).map((rel) => ({ file: rel.file, range: rel.range, message: t(rel.message.messageId, rel.message.data) })),
      };
      const s = findSuppression(suppressions, meta.id, r.range.start.line);
      if (s) finding.suppressed = { justification: s.reason };
      findings.push(finding);
    };
    try {
      rule.check(context, report);
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
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
    || a.ruleId.localeCompare(b.ruleId));
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
