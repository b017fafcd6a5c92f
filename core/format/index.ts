// The report formats the CLI offers (`-f/--format`), by name.
import type { Locale } from '../l10n';
import type { RuleMeta } from '../types';
import { formatGithub } from './github';
import { formatJson } from './json';
import type { FormatName } from './names';
import type { FileReport } from './report';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';

export { formatGithub } from './github';
export { formatJson, toJson } from './json';
export type { JsonFileResult, JsonFinding } from './json';
export { cliMessage, CLI_MESSAGES } from './messages';
export { summarize, toPosition1, visibleFindings } from './report';
export type { FileReport, Summary } from './report';
export { formatSarif, SARIF_SCHEMA, toSarif } from './sarif';
export { formatStylish } from './stylish';
export { FORMATS, isFormatName } from './names';
export type { FormatName } from './names';

export interface FormatOptions {
  color: boolean;
  locale: Locale;
  rules: readonly RuleMeta[];
  sourceRoot: string;
  ruleHelp?: (ruleId: string) => string | undefined;
}

export function formatReports(format: FormatName, reports: readonly FileReport[], options: FormatOptions): string {
  switch (format) {
    case 'stylish': return formatStylish(reports, options);
    case 'json': return formatJson(reports);
    case 'sarif': return formatSarif(reports, options);
    case 'github': return formatGithub(reports);
  }
}
