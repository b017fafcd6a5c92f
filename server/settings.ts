// Client settings (`hardlint.*`) and how they combine with `.hardlint.yaml`: settings win for the profile and for
// each rule's severity; everything else (ignore globs, sshd options) comes from the file.
import { HardlintConfig, RuleSetting, ruleSetting } from '../core/config';
import type { Profile } from '../core/types';

export type RunMode = 'onType' | 'onSave';

export interface ClientSettings {
  enable: boolean;
  /** Undefined: the profile of `.hardlint.yaml` (or the default) applies. */
  profile?: Profile;
  run: RunMode;
  /** Rule id, `family/*` or `*` → severity or off. */
  rules: Record<string, RuleSetting>;
}

export const DEFAULT_SETTINGS: ClientSettings = Object.freeze({ enable: true, run: 'onType', rules: {} }) as ClientSettings;

const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

function ruleSettingFrom(value: unknown): RuleSetting | undefined {
  if (value === false) return 'off';
  if (value === 'warn') return 'warning';
  return RULE_SETTINGS.includes(value as RuleSetting) ? value as RuleSetting : undefined;
}

/** Reads whatever the client sent (null, partial objects, wrong types) into complete settings. */
export function normalizeSettings(raw: unknown): ClientSettings {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_SETTINGS, rules: {} };
  const r = raw as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (typeof r.rules === 'object' && r.rules !== null && !Array.isArray(r.rules)) {
    for (const [id, value] of Object.entries(r.rules as Record<string, unknown>)) {
      const s = ruleSettingFrom(value);
      if (s) rules[id] = s;
    }
  }
  return {
    enable: r.enable !== false,
    profile: r.profile === 'recommended' || r.profile === 'strict' ? r.profile : undefined,
    run: r.run === 'onSave' ? 'onSave' : 'onType',
    rules,
  };
}

/**
 * The configuration a lint uses: the file's, with the client's profile and rule severities on top. A setting that
 * matches a rule (by id, `family/*` or `*`) beats any entry of the file for that rule.
 */
export function mergeSettings(file: HardlintConfig, settings: ClientSettings, ruleIds: readonly string[]): HardlintConfig {
  const rules: Record<string, RuleSetting> = { ...file.rules };
  const fromSettings = { ...file, rules: settings.rules };
  for (const id of ruleIds) {
    const s = ruleSetting(fromSettings, id);
    if (s) rules[id] = s;
  }
  return { ...file, profile: settings.profile ?? file.profile, rules };
}
