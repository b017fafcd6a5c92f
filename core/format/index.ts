// The report formats the CLI offers (`-f/--format`), by name.
import type { Locale } from '../l10n';
import type { RuleMeta } from '../types';
import { githubFileText } from './github';
import { jsonFileText } from './json';
import type { FormatName } from './names';
import { addSummaries, emptySummary, FileReport, Summary, summarize } from './report';
import { sarifFileText, sarifFrame } from './sarif';
import { stylishFileText, stylishSummary } from './stylish';

export { formatGithub } from './github';
export { toJson } from './json';
export type { JsonFileResult, JsonFinding } from './json';
export { cliMessage, CLI_MESSAGES } from './messages';
export { addSummaries, addToSummary, emptySummary, summarize, toPosition1, visibleFindings } from './report';
export type { FileReport, Summary } from './report';
export { formatSarif, SARIF_SCHEMA, toSarif } from './sarif';
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

/** Text is written in chunks of about this length: few writes, and no single string as long as a big report. */
const CHUNK_LENGTH = 1 << 16;

/**
 * A report written while the files are linted: add() each file's formatFileText() and its summary, in file order, then
 * end(). `write` receives, in chunks, the text joinFileTexts() gives for the same files, without a run holding the
 * whole report in memory. A sink that buffers bytes itself passes `chunkLength` 0 and gets the pieces as they come
 * (joining them into a string first only to encode it again cost a CLI run 15 ms).
 */
export class ReportStream {
  private buffer = '';
  private files = 0;
  private readonly summary = emptySummary();
  /** stylish prints nothing when no file has a finding to show: its texts wait until one has. */
  private held: string[] | undefined;
  private sarif?: ReturnType<typeof sarifFrame>;

  constructor(
    private readonly format: FormatName, private readonly options: FormatOptions, private readonly write: (chunk: string) => void,
    private readonly chunkLength = CHUNK_LENGTH,
  ) {
    if (format === 'stylish') this.held = [];
  }

  add(text: string, summary: Summary): void {
    addSummaries(this.summary, summary);
    switch (this.format) {
      case 'json':
        // One piece: a sink that encodes each piece (--output-file) makes one call instead of two.
        this.put((this.files === 0 ? '[\n  ' : ',\n  ') + text);
        break;
      case 'sarif':
        if (text === '') break;
        if (!this.sarif) {
          this.sarif = sarifFrame(this.options);
          this.put(this.sarif.head);
        } else {
          this.put(this.sarif.separator);
        }
        this.put(text);
        break;
      case 'stylish':
        if (this.held && this.summary.errors + this.summary.warnings + this.summary.infos > 0) {
          for (const t of this.held) this.put(t);
          this.held = undefined;
        }
        if (this.held) this.held.push(text); else this.put(text);
        break;
      case 'github':
        this.put(text);
        break;
    }
    this.files++;
  }

  end(): void {
    switch (this.format) {
      case 'json': this.put(this.files === 0 ? '[]\n' : '\n]\n'); break;
      case 'sarif': this.put(this.sarif ? this.sarif.tail : sarifFrame(this.options).empty); break;
      case 'stylish': if (!this.held) this.put(stylishSummary(this.summary, this.options)); break;
      case 'github': break;
    }
    if (this.buffer !== '') this.write(this.buffer);
    this.buffer = '';
  }

  private put(text: string): void {
    if (this.chunkLength === 0) {
      if (text !== '') this.write(text);
      return;
    }
    this.buffer += text;
    if (this.buffer.length >= this.chunkLength) {
      this.write(this.buffer);
      this.buffer = '';
    }
  }
}

/** joinFileTexts() as pieces to write one after the other (none empty). */
export function reportPieces(format: FormatName, texts: readonly string[], summary: Summary, options: FormatOptions): string[] {
  const pieces: string[] = [];
  const stream = new ReportStream(format, options, (chunk) => pieces.push(chunk));
  // The summary of all files is counted as the first file's: stylish only needs to know whether any has a finding.
  texts.forEach((text, i) => stream.add(text, i === 0 ? summary : emptySummary()));
  stream.end();
  return pieces;
}

export function formatReports(format: FormatName, reports: readonly FileReport[], options: FormatOptions): string {
  return joinFileTexts(format, reports.map((r) => formatFileText(format, r, options)), summarize(reports), options);
}
