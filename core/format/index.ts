// The report formats the CLI offers (`-f/--format`), by name.
import type { Locale } from '../l10n';
import type { RuleMeta } from '../types';
import { githubFileText } from './github';
import { jsonFileText, jsonPieces } from './json';
import type { FormatName } from './names';
import { FileReport, Summary, summarize } from './report';
import { sarifFileText, sarifPieces } from './sarif';
import { stylishFileText, stylishPieces } from './stylish';

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
  return reportPieces(format, texts, summary, options).join('');
}

/** Pieces are merged up to this length: few writes, and no single string as long as a big report. */
const PIECE_LENGTH = 1 << 20;

/** joinFileTexts() as pieces to write one after the other (none empty). */
export function reportPieces(format: FormatName, texts: readonly string[], summary: Summary, options: FormatOptions): string[] {
  let pieces: readonly string[];
  switch (format) {
    case 'stylish': pieces = stylishPieces(texts, summary, options); break;
    case 'json': pieces = jsonPieces(texts); break;
    case 'sarif': pieces = sarifPieces(texts, options); break;
    case 'github': pieces = texts; break;
  }
  const merged: string[] = [];
  let current = '';
  for (const piece of pieces) {
    current += piece;
    if (current.length >= PIECE_LENGTH) {
      merged.push(current);
      current = '';
    }
  }
  if (current !== '') merged.push(current);
  return merged;
}

export function formatReports(format: FormatName, reports: readonly FileReport[], options: FormatOptions): string {
  return joinFileTexts(format, reports.map((r) => formatFileText(format, r, options)), summarize(reports), options);
}
