// The front ends' own words in other languages (l10n/bundle.l10n.<lang>.json: keys "cli:<id>" and "core:<id>"),
// without the rule messages (rules.l10n.<lang>.json, large): what `hardlint --help` and the VS Code extension load.
import frFrontEnd from '../l10n/bundle.l10n.fr.json';
import type { Locale } from './locale';

const FRONT_END: Record<Locale, Record<string, string | undefined>> = { en: {}, fr: frFrontEnd };

/** The translation of a front-end key, or undefined (then the English template applies). */
export function frontEndTranslation(locale: Locale, key: string): string | undefined {
  return FRONT_END[locale][key];
}

/** Templates split once into text and placeholder names (odd indices): every finding formats one. */
const compiledTemplates = new Map<string, string[]>();

export function templateParts(template: string): string[] {
  let parts = compiledTemplates.get(template);
  if (!parts) {
    if (compiledTemplates.size > 10000) compiledTemplates.clear(); // templates are a fixed set; this only bounds misuse
    parts = template.split(/\{(\w+)\}/);
    compiledTemplates.set(template, parts);
  }
  return parts;
}

/** `{name}` placeholders filled from `data`; one without data stays as it is, and data is never searched for them. */
export function format(template: string, data?: Record<string, string | number>): string {
  if (!data) return template;
  const parts = templateParts(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    out += (k in data ? String(data[k]) : `{${k}}`) + parts[i + 1];
  }
  return out;
}
