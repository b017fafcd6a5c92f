import { blockMayShadow, Directive, evaluateForBlock, Evaluation, MatchDirective } from '../../core/sshd/config';
import { deleteLine, includeLeadingTo, insertionOffset, SshdContext, where } from '../../core/sshd/context';
import type { FixSpec, Range, Report } from '../../core/types';
import { defineSshdRule } from '../define';

/** Offsets of the keyword and its arguments as written, without a trailing comment. */
function settingSpan(d: Directive): { start: number; end: number } {
  const end = d.line.args.length > 0 ? d.line.args[d.line.args.length - 1].end : d.line.keyword!.end;
  return { start: d.line.keyword!.start, end };
}

function settingRange(d: Directive): Range {
  const { start, end } = settingSpan(d);
  return d.file.src.range(start, end);
}

function settingText(d: Directive): string {
  const { start, end } = settingSpan(d);
  return d.file.src.text.slice(start, end);
}

/** Both lines give the option the same value (yes/no and other keywords from a fixed list compare case-insensitively). */
function sameValue(a: Directive, b: Directive): boolean {
  const fold = a.info?.value.type === 'flag' || a.info?.value.type === 'enum';
  const norm = (d: Directive) => d.args.map((x) => (fold ? x.toLowerCase() : x)).join(' ');
  return norm(a) === norm(b);
}

/**
 * The line that wins over `d`, or undefined when `d` is not ignored. Lines in a Match block are judged in the
 * per-connection parse of their own block: there a global line never wins, an earlier line of the block (or of
 * `Match all`) does.
 */
function winnerOver(d: Directive, ev: Evaluation): Directive | undefined {
  const state = ev.states.get(d);
  if (state?.state !== 'shadowed') return undefined;
  // At start-up a `Match all` line loses to an earlier global line, yet it overrides it for every connection.
  if (d.match && ev.values.get(d.info!.option)?.directive === d) return undefined;
  return state.by;
}

export default defineSshdRule({
  id: 'sshd/shadowed-directive',
  severity: 'warning',
  description: 'A line that sshd ignores because the same keyword was already set earlier (first value wins).',
  tags: ['security', 'correctness', 'include'],
  sources: ['sshd_config(5): "the first obtained value will be used"', 'CIS Debian 12 5.1 (remediation text)',
    'hetzneronline/community-content#1177', 'geerlingguy/ansible-role-security#117'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    shadowedHere: 'sshd ignores this line: line {line} already sets {winner}, and the first value wins. The effective value is "{value}"; delete this line or change line {line}.',
    duplicateHere: 'Duplicate line: line {line} already sets {winner}, so sshd ignores this one.',
    shadowedIncluded: 'sshd ignores this line: {where} already sets {winner}, read earlier through the Include on line {line}, and the first value wins. The effective value is "{value}". Move this line above the Include, or change the value in {where}.',
    duplicateIncluded: 'sshd ignores this line: {where} already sets the same value ({winner}), read earlier through the Include on line {line}. Move this line above the Include so the setting does not depend on the drop-in.',
    shadowedEarlier: 'sshd ignores this line: {where} already sets {winner}, and sshd reads it before this file; the first value wins. The effective value is "{value}". Delete this line, or change the value in {where}.',
    duplicateEarlier: 'sshd ignores this line: {where} already sets the same value ({winner}), and sshd reads it before this file.',
    overriddenByMatch: 'sshd ignores this line for every connection: the Match all block sets {winner} at {where}. The effective value is "{value}".',
    fixDelete: 'Delete the ignored line',
    fixMove: 'Move this line above the Include (changes the effective {keyword} from "{value}" to "{ours}")',
    fixMoveSame: 'Move this line above the Include',
  },
}, (ctx, report) => {
  // A block's lines follow one another: only the evaluation of the block being read is kept, and none is made for a
  // block in which no line can be shadowed (most of them).
  let block: MatchDirective | undefined;
  let blockEv: Evaluation | undefined;
  const evaluationFor = (d: Directive): Evaluation | undefined => {
    if (!d.match) return ctx.ev;
    if (d.match !== block) {
      block = d.match;
      blockEv = blockMayShadow(ctx.config, block) ? evaluateForBlock(ctx.config, block) : undefined;
    }
    return blockEv;
  };
  const directives = ctx.directives;
  for (let k = 0; k < directives.length; k++) {
    const d = directives[k];
    const info = d.info;
    if (!info || (info.rule !== 'single' && info.rule !== 'rest')) continue;
    const ev = evaluationFor(d);
    if (ev === undefined) continue;
    const winner = winnerOver(d, ev);
    if (winner) reportShadowed(ctx, report, d, winner, (ev.values.get(info.option)?.args ?? winner.args).join(' '));
    else if (!d.match) {
      const replacement = ctx.ev.overriddenByMatch.get(d);
      if (replacement) {
        report({
          messageId: 'overriddenByMatch',
          data: { winner: settingText(replacement), where: where(ctx, replacement), value: replacement.args.join(' ') },
          severity: sameValue(d, replacement) ? 'info' : undefined,
          range: settingRange(d),
        });
      }
    }
  }
});

function reportShadowed(
  ctx: SshdContext, report: (r: Report) => void, d: Directive, winner: Directive, effectiveValue: string,
): void {
  const same = sameValue(d, winner);
  const data = {
    winner: settingText(winner),
    value: effectiveValue,
    ours: d.args.join(' '),
    keyword: d.line.keyword!.value,
    where: where(ctx, winner),
    line: String(winner.line.index + 1),
  };
  const range = settingRange(d);
  const severity = same ? 'info' as const : undefined;
  if (winner.file === ctx.file) {
    // Every connection that reads this line read the winner first: deleting it changes nothing.
    const fixes: FixSpec[] = [{ messageId: 'fixDelete', safety: 'safe', edits: [deleteLine(d)] }];
    report({ messageId: same ? 'duplicateHere' : 'shadowedHere', data, severity, range, fixes });
    return;
  }
  const include = includeLeadingTo(ctx, winner.file);
  if (!include) {
    // A drop-in read as part of its main file: the winner is in a file sshd reads first (the main file, an earlier
    // drop-in). Deleting this line changes nothing sshd does with it.
    const fixes: FixSpec[] = [{ messageId: 'fixDelete', safety: 'safe', edits: [deleteLine(d)] }];
    report({ messageId: same ? 'duplicateEarlier' : 'shadowedEarlier', data, severity, range, fixes });
    return;
  }
  data.line = String(include.line.index + 1);
  const fixes: FixSpec[] = [];
  // A global line can move above the first Include/Match; a line in a Match block has nowhere else to go.
  if (!d.match) {
    const text = settingText(d) + trailingComment(d);
    const at = insertionOffset(ctx);
    fixes.push({
      messageId: same ? 'fixMoveSame' : 'fixMove',
      data,
      // Same value: the effective configuration does not change.
      safety: same ? 'safe' : 'unsafe',
      edits: [{ start: at, end: at, newText: text + ctx.src.eol }, deleteLine(d)],
    });
  }
  report({ messageId: same ? 'duplicateIncluded' : 'shadowedIncluded', data, severity, range, fixes });
}

function trailingComment(d: Directive): string {
  const c = d.line.trailingComment;
  return c ? ' ' + d.file.src.text.slice(c.start, c.end) : '';
}
