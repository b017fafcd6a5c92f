// The report formats the CLI offers (`-f/--format`), by name.
import type { Locale } from '../l10n';
import type { RuleMeta } from '../types';
import { githubFileText } from './github';
import { joinJson, jsonFileText } from './json';
import type { FormatName } from './names';
import { FileReport, Summary, summarize } from './report';
import { joinSarif, sarifFileText } from './sarif';
import { joinStylish, stylishFileText } from './stylish';

export { formatGithub } from './github';
export { formatJson, toJson } from './json';
export type { JsonFileResult, JsonFinding } from './json';
export { cliMessage, CLI_MESSAGES } from './messages';
export { addSummaries, addToSummary, emptySummary, summarize, toPosition1, visibleFindings } from './report';
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

/** What formatting one file needs (plain data, so that a worker thread can be given it). */
export type FileFormatOptions = Omit<FormatOptions, 'ruleHelp'>;

/**
 * One file's part of a report. The CLI formats each file as soon as it is linted, in the thread that linted it, and
 * joins the parts at the end with joinFileTexts(): the same text as formatReports() over all the files.
 */
export function formatFileText(format: FormatName, report: FileReport, options: FileFormatOptions): string {
  switch (format) {
    case 'stylish': return stylishFileText(report, options);
    case 'json': return jsonFileText(report);
    case 'sarif': return sarifFileText(report, options);
    case 'github': return githubFileText(report);
  }
}

/** The whole report from formatFileText() of every file, in order, and the summary of all of them. */
export function joinFileTexts(format: FormatName, texts: readonly string[], summary: Summary, options: FormatOptions): string {
  switch (format) {
    case 'stylish': return joinStylish(texts, summary, options);
    case 'json': return joinJson(texts);
    case 'sarif': return joinSarif(texts, options);
    case 'github': return texts.join('');
  }
}

export function formatReports(format: FormatName, reports: readonly FileReport[], options: FormatOptions): string {
  return joinFileTexts(format, reports.map((r) => formatFileText(format, r, options)), summarize(reports), options);
}
