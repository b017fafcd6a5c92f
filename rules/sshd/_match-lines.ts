// Lines of the linted file that set an option only for the connections a Match block matches: the global value
// (see _option.ts) does not show them, yet they apply to every user, host or address the block names.
import type { Directive } from '../../core/sshd/config';
import { directivesFor, replaceValue, SshdContext, valueRange } from '../../core/sshd/context';
import type { FixSafety, Report } from '../../core/types';

/** This file's lines setting `option` inside a Match block other than `Match all` (ignored duplicates left out). */
export function matchScopedLines(ctx: SshdContext, option: string): readonly Directive[] {
  let lines: Directive[] | undefined;
  // Most files set the option globally or not at all: no array made for them.
  for (const d of directivesFor(ctx, option)) {
    if (d.match === undefined || d.line.error || ctx.ev.states.get(d)?.state !== 'inactive') continue;
    (lines ??= []).push(d);
  }
  return lines ?? NO_LINES;
}

const NO_LINES: readonly Directive[] = Object.freeze([]);

/** The criteria of a line's Match block as written, for messages: `User alice`. */
export function matchCriteria(d: Directive): string {
  return d.match!.line.args.map((a) => a.value).join(' ');
}

/**
 * Reports a Match-scoped line (message data: keyword, value, criteria, line — the Match line's number) with a fix
 * that replaces its value.
 */
export function reportMatchLine(
  ctx: SshdContext,
  report: (r: Report) => void,
  d: Directive,
  opts: { messageId: string; fix?: { value: string; safety: FixSafety; messageId: string }; data?: Record<string, string> },
): void {
  const data = {
    keyword: d.line.keyword!.value, value: d.args.join(' '), criteria: matchCriteria(d),
    line: String(d.match!.line.index + 1), ...opts.data,
  };
  report({
    messageId: opts.messageId,
    data,
    range: valueRange(ctx, d),
    fixes: opts.fix ? [{ messageId: opts.fix.messageId, data, safety: opts.fix.safety, edits: [replaceValue(d, opts.fix.value)] }] : [],
  });
}
