// Words the formatters and the CLI print around findings. Translations use keys "cli:<id>" in l10n/ bundles.
import { Locale, translate } from '../l10n';

export const CLI_MESSAGES = {
  problem: '{count} problem',
  problems: '{count} problems',
  error: '{count} error',
  errors: '{count} errors',
  warning: '{count} warning',
  warnings: '{count} warnings',
  info: '{count} info',
  infos: '{count} infos',
  summary: '✖ {problems} ({errors}, {warnings}, {infos})',
  fixableSafe: '{count} fixable with --fix',
  fixableUnsafeMore: '{count} more with --fix --unsafe-fixes',
  fixableUnsafeOnly: '{count} fixable with --fix --unsafe-fixes',
  explainNoDoc: 'No documentation page is installed with this copy of hardlint; see {url}',
} as const;

export type CliMessageId = keyof typeof CLI_MESSAGES;

export function cliMessage(locale: Locale, id: CliMessageId, data?: Record<string, string | number>): string {
  return translate(locale, `cli:${id}`, CLI_MESSAGES[id], data);
}

/** "1 error" / "2 errors": singular for exactly one in English, for 0 and 1 in French ("0 erreur"). */
export function counted(locale: Locale, count: number, one: CliMessageId, many: CliMessageId): string {
  const singular = locale === 'fr' ? count <= 1 : count === 1;
  return cliMessage(locale, singular ? one : many, { count });
}
