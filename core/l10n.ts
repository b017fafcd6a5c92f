// Message catalogue: English templates live with the rules (meta.messages, meta.description) and the engine
// (CORE_MESSAGES); translations are JSON bundles (front-end strings in bundle.l10n.<lang>.json, rule messages and
// descriptions in rules.l10n.<lang>.json) keyed "<rule id>:<message id>", "<rule id>:description" or "core:<message id>".
import frCore from '../l10n/bundle.l10n.fr.json';
import frRules from '../l10n/rules.l10n.fr.json';
import { format, templateParts } from './front-end-l10n';
import type { Locale } from './locale';
import type { MessageData, MessageRef, RuleMeta } from './types';

export { format } from './front-end-l10n';
export { localeFromEnv, normalizeLocale } from './locale';
export type { Locale } from './locale';

const BUNDLES: Record<Locale, Record<string, string>> = { en: {}, fr: { ...frCore, ...frRules } };

export function translate(locale: Locale, key: string, english: string, data?: Record<string, string | number>): string {
  return format(BUNDLES[locale][key] ?? english, data);
}

/** One piece of report data as text (see renderData). */
function dataText(v: MessageData, render: (ref: MessageRef) => string): string | number {
  if (typeof v !== 'object') return v;
  if (!Array.isArray(v)) return render(v);
  let out = '';
  for (const x of v) if (x !== undefined) out += dataText(x, render); // as join(''): a hole adds nothing
  return out;
}

/** format(template, renderData(data, render)), rendering only the pieces the template uses. */
export function formatData(
  template: string, data: Record<string, MessageData> | undefined, render: (ref: MessageRef) => string,
): string {
  if (!data) return template;
  const parts = templateParts(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    out += (k in data ? String(dataText(data[k], render)) : `{${k}}`) + parts[i + 1];
  }
  return out;
}

/** The translation of a catalogue key, or undefined (then the English template applies). */
export function translation(locale: Locale, key: string): string | undefined {
  return BUNDLES[locale][key];
}

/** Whether `locale` translates anything (English templates are used as they are). */
export function hasTranslations(locale: Locale): boolean {
  for (const _ in BUNDLES[locale]) return true;
  return false;
}

/** Report data as text: nested message references go through `render` (in the caller's language), lists are joined. */
export function renderData(
  data: Record<string, MessageData>, render: (ref: MessageRef) => string,
): Record<string, string | number> {
  const text = (v: MessageData): string | number =>
    Array.isArray(v) ? v.map(text).join('') : typeof v === 'object' ? render(v) : v;
  const out: Record<string, string | number> = {};
  for (const k in data) out[k] = text(data[k]);
  return out;
}

/** A rule's one-line description for people (list of rules, hovers); SARIF keeps `meta.description` in English. */
export function ruleDescription(locale: Locale, meta: Pick<RuleMeta, 'id' | 'description'>): string {
  return translate(locale, `${meta.id}:description`, meta.description);
}

export { CORE_MESSAGES, coreMessage } from './core-messages';

export function bundleKeys(locale: Locale): string[] {
  return Object.keys(BUNDLES[locale]);
}
