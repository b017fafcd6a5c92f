// The front ends' own words in other languages (l10n/bundle.l10n.<lang>.json: keys "cli:<id>" and "core:<id>"),
// without the rule messages (rules.l10n.<lang>.json, large): what `hardlint --help` and the VS Code extension load.
import frFrontEnd from '../l10n/bundle.l10n.fr.json';
import type { Locale } from './locale';

const FRONT_END: Record<Locale, Record<string, string | undefined>> = { en: {}, fr: frFrontEnd };

/** The translation of a front-end key, or undefined (then the English template applies). */
export function frontEndTranslation(locale: Locale, key: string): string | undefined {
  return FRONT_END[locale][key];
}

/** `{name}` placeholders filled from `data`; one without data stays as it is, and data is never searched for them. */
export function fillTemplate(template: string, data?: Record<string, string | number>): string {
  return data ? template.replace(/\{(\w+)\}/g, (whole, k: string) => (k in data ? String(data[k]) : whole)) : template;
}
