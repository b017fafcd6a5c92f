// Shared by the rules about one option's effective value: what sshd uses, where the finding goes, how to fix it.
import { effective, insertSetting, locateOption, replaceValue, SshdContext, where, Where } from '../../core/sshd/context';
import { optionName } from '../../core/sshd/keywords';
import type { FixSafety, FixSpec, MessageData, Report, Severity, TextEdit } from '../../core/types';

export interface OptionState {
  option: string;
  loc: Where;
  /** The effective value as written (arguments joined by a space), or the default. */
  raw: string;
  /** `raw` lowercased, for keywords whose values sshd compares case-insensitively. */
  value: string;
  /** The keyword as written on the line that sets it (an alias stays an alias), or the canonical name. */
  keyword: string;
}

/** The effective value of `option` and where a finding about it belongs; undefined when not this file's business. */
export function optionState(ctx: SshdContext, option: string, defaultValue: string): OptionState | undefined {
  const loc = locateOption(ctx, option);
  if (!loc) return undefined;
  const s = effective(ctx, option);
  const raw = s ? s.args.join(' ') : defaultValue;
  const keyword = s ? s.directive.line.keyword!.value : optionName(option);
  return { option, loc, raw, value: raw.toLowerCase(), keyword };
}

/**
 * The edit that makes the option effectively `value`: the value of the line in this file that sets it (a global
 * line or a `Match all` line), or a new line above the first Include/Match when the default applies. None when the
 * value comes from another file: the fix belongs there.
 */
export function optionEdit(ctx: SshdContext, state: OptionState, value: string): TextEdit | undefined {
  if (state.loc.kind === 'here') return replaceValue(state.loc.directive, value);
  if (state.loc.kind === 'default') return insertSetting(ctx, state.option, value);
  return undefined;
}

export interface OptionReport {
  /** Message ids for a value set in this file, in an included file, and for the default. */
  messages?: { here?: string; included?: string; default?: string };
  /** The value the fix writes, and how risky that is. */
  fix?: { value: string; safety: FixSafety; messageId?: string };
  severity?: Severity;
  strictOnly?: boolean;
  data?: Record<string, MessageData>;
}

/**
 * Reports an option whose effective value is bad, with the message ids `here`, `included` and `default` (data:
 * keyword, value, where) and the fix message id `fix` (data: keyword, value).
 */
export function reportOption(ctx: SshdContext, report: (r: Report) => void, state: OptionState, opts: OptionReport = {}): void {
  // No object spread here: fed objects of a different shape by every rule, spreads become slow megamorphic copies.
  const messages = opts.messages;
  const data: Record<string, MessageData> = { keyword: state.keyword, value: state.raw };
  copyInto(data, opts.data);
  const fixes: FixSpec[] = [];
  if (opts.fix) {
    const edit = optionEdit(ctx, state, opts.fix.value);
    if (edit) fixes.push({ messageId: opts.fix.messageId ?? 'fix', data, safety: opts.fix.safety, edits: [edit] });
  }
  const range = state.loc.range;
  const { severity, strictOnly } = opts;
  switch (state.loc.kind) {
    case 'here':
      report({ range, severity, strictOnly, messageId: messageIdFor(messages, 'here'), data, fixes });
      break;
    case 'included': {
      const withWhere: Record<string, MessageData> = {};
      copyInto(withWhere, data);
      withWhere.where = where(ctx, state.loc.directive);
      report({ range, severity, strictOnly, messageId: messageIdFor(messages, 'included'), data: withWhere });
      break;
    }
    case 'default':
      report({ range, severity, strictOnly, messageId: messageIdFor(messages, 'default'), data, fixes });
      break;
  }
}

/** The rule's message id for a kind of place (the kind itself when left out); a function, not a closure per report. */
function messageIdFor(messages: OptionReport['messages'], kind: 'here' | 'included' | 'default'): string {
  return messages?.[kind] ?? kind;
}

/** `Object.assign(target, source)` for message data, as a plain loop. */
function copyInto(target: Record<string, MessageData>, source: Record<string, MessageData> | undefined): void {
  if (source === undefined) return;
  for (const key of Object.keys(source)) target[key] = source[key];
}
