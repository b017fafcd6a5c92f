// `--format stylish` (the default): findings grouped per file, aligned columns, a summary with fix hints.
// Prints nothing at all when there is nothing to show, like ESLint.
import { coreMessage, Locale } from '../l10n';
import type { Severity } from '../types';
import { cliMessage, counted } from './messages';
import { FileReport, Summary, toPosition1, visibleFindings } from './report';

export interface StylishOptions {
  color: boolean;
  locale: Locale;
}

const SGR = { reset: 0, bold: 1, dim: 2, underline: 4, red: 31, yellow: 33, blue: 34 } as const;
type Style = keyof typeof SGR;

function painter(color: boolean) {
  return (text: string, ...styles: Style[]): string =>
    color && styles.length > 0 ? `\u001b[${styles.map((s) => SGR[s]).join(';')}m${text}\u001b[0m` : text;
}

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue' };
// The severity column is read by people, in their language; JSON and SARIF keep the English names.
const SEVERITY_WORD = { error: 'severityError', warning: 'severityWarning', info: 'severityInfo' } as const;

/**
 * Control characters (other than tab) and bidirectional overrides quoted from a file, shown as escapes: a terminal
 * would run an ESC sequence in a keyword, a carriage return would overwrite the line, a bidi override would reorder it.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The same characters, to look for one: most texts have none, and a look is cheaper than a replace that finds none. */
const HAS_UNPRINTABLE = new RegExp(UNPRINTABLE.source);

export function printable(text: string): string {
  if (!HAS_UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** The severity column's words, by locale (the catalogue is looked up once, not once per finding). */
const severityWords = new Map<Locale, Record<Severity, string>>();

function severityWordsFor(locale: Locale): Record<Severity, string> {
  let words = severityWords.get(locale);
  if (words === undefined) {
    words = {
      error: coreMessage(locale, SEVERITY_WORD.error),
      warning: coreMessage(locale, SEVERITY_WORD.warning),
      info: coreMessage(locale, SEVERITY_WORD.info),
    };
    severityWords.set(locale, words);
  }
  return words;
}

/** A message on one line; most have no line break, and the regex costs more than the look for one. */
function oneLine(message: string): string {
  return message.includes('\n') ? message.replace(/\s*\n\s*/g, ' ') : message;
}

/** One file's block of the stylish report ('' when it has nothing to show). */
export function stylishFileText(report: FileReport, options: StylishOptions): string {
  const findings = visibleFindings(report);
  if (findings.length === 0) return '';
  const paint = painter(options.color);
  const words = severityWordsFor(options.locale);
  const rows = findings.map((f) => {
    const p = toPosition1(f.range);
    return {
      where: `${p.line}:${p.column}`,
      severity: words[f.severity],
      style: SEVERITY_STYLE[f.severity],
      message: printable(oneLine(f.message)),
      rule: f.ruleId,
    };
  });
  const width = (key: 'where' | 'severity' | 'message') => Math.max(...rows.map((r) => r[key].length));
  const [w, s, longest] = [width('where'), width('severity'), width('message')];
  // Aligning rule ids after long messages would leave a wall of spaces; only short messages are padded.
  const m = longest <= 80 ? longest : 0;
  let out = `\n${paint(printable(report.file), 'underline')}\n`;
  for (const r of rows) {
    out += `  ${paint(r.where.padEnd(w), 'dim')}  ${paint(r.severity.padEnd(s), r.style)}  `
      + `${r.message.padEnd(m)}  ${paint(r.rule, 'dim')}\n`;
  }
  return out;
}

/** The summary lines that end the stylish report. */
export function stylishSummary(sum: Summary, options: StylishOptions): string {
  const paint = painter(options.color);
  const { locale } = options;
  let out = '';
  const total = sum.errors + sum.warnings + sum.infos;
  const line = cliMessage(locale, 'summary', {
    problems: counted(locale, total, 'problem', 'problems'),
    errors: counted(locale, sum.errors, 'error', 'errors'),
    warnings: counted(locale, sum.warnings, 'warning', 'warnings'),
    infos: counted(locale, sum.infos, 'info', 'infos'),
  });
  const summaryStyle: Style = sum.errors > 0 ? 'red' : sum.warnings > 0 ? 'yellow' : 'blue';
  out += `\n${paint(line, 'bold', summaryStyle)}\n`;
  if (sum.safeFixable > 0) out += `  ${cliMessage(locale, 'fixableSafe', { count: sum.safeFixable })}\n`;
  if (sum.unsafeFixable > 0) {
    const id = sum.safeFixable > 0 ? 'fixableUnsafeMore' : 'fixableUnsafeOnly';
    out += `  ${cliMessage(locale, id, { count: sum.unsafeFixable })}\n`;
  }
  return out + '\n';
}
