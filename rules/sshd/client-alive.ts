import { where } from '../../core/sshd/context';
import { parseInteger, parseTime } from '../../core/sshd/values';
import type { TextEdit } from '../../core/types';
import { defineSshdRule } from '../define';
import { matchScopedLines, reportMatchLine } from './_match-lines';
import { optionEdit, optionState, reportOption } from './_option';

const INTERVAL = '300';
const COUNT_MAX = '3';

/** Two additions at the same place become one, so the lines keep their order. */
function mergeEdits(edits: TextEdit[]): TextEdit[] {
  if (edits.length === 2 && edits.every((e) => e.start === e.end) && edits[0].start === edits[1].start) {
    return [{ start: edits[0].start, end: edits[0].end, newText: edits[0].newText + edits[1].newText }];
  }
  return edits;
}

export default defineSshdRule({
  id: 'sshd/client-alive',
  severity: 'info',
  description: 'sshd never checks whether an idle client is still there, so dead sessions stay open.',
  tags: ['security', 'session'],
  sources: ['CIS Debian 12 5.1.7', 'dev-sec ssh-baseline sshd-36', 'dev-sec ssh-baseline sshd-37', 'Lynis SSH-7408'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'sshd never probes idle clients ({keyword} {value}): sessions of clients that vanished (laptop closed, network gone) stay open and logged in. Set ClientAliveInterval 300 and ClientAliveCountMax 3 to close them after 15 minutes without an answer.',
    included: 'sshd never probes idle clients: {keyword} {value} is set in {where}. Set ClientAliveInterval 300 there.',
    default: 'ClientAliveInterval is not set (default 0): sshd never probes idle clients, so sessions of clients that vanished stay open. Set ClientAliveInterval 300 and ClientAliveCountMax 3.',
    countMaxZero: 'ClientAliveCountMax 0 never closes a session: since OpenSSH 8.2 it only sends the probes of ClientAliveInterval. Set ClientAliveCountMax 3.',
    countMaxZeroIncluded: 'ClientAliveCountMax 0 (set in {where}) never closes a session: since OpenSSH 8.2 it only sends probes. Set it to 3 there.',
    match: 'For connections matching "Match {criteria}" (line {line}), sshd never probes idle clients ({keyword} {value}). Set ClientAliveInterval 300.',
    fix: 'Set ClientAliveInterval 300',
    fixBoth: 'Set ClientAliveInterval 300 and ClientAliveCountMax 3',
    fixCountMax: 'Set ClientAliveCountMax 3',
  },
}, (ctx, report) => {
  const interval = optionState(ctx, 'clientaliveinterval', '0');
  const countMax = optionState(ctx, 'clientalivecountmax', COUNT_MAX);
  const seconds = interval && parseTime(interval.raw);
  const count = countMax && parseInteger(countMax.raw);
  const countIsZero = count !== undefined && 'value' in count && count.value === 0;

  if (interval && seconds === 0) {
    if (interval.loc.kind === 'included') {
      reportOption(ctx, report, interval);
    } else {
      const edits = [optionEdit(ctx, interval, INTERVAL)];
      if (countIsZero) edits.push(countMax && optionEdit(ctx, countMax, COUNT_MAX));
      const usable = edits.every((e): e is TextEdit => e !== undefined);
      report({
        messageId: interval.loc.kind,
        data: { keyword: interval.keyword, value: interval.raw },
        range: interval.loc.range,
        fixes: usable ? [{ messageId: countIsZero ? 'fixBoth' : 'fix', safety: 'safe', edits: mergeEdits(edits) }] : [],
      });
    }
  } else if (seconds !== undefined && seconds > 0 && countMax && countIsZero) {
    if (countMax.loc.kind === 'included') {
      report({ messageId: 'countMaxZeroIncluded', data: { where: where(ctx, countMax.loc.directive) }, range: countMax.loc.range });
    } else {
      const edit = optionEdit(ctx, countMax, COUNT_MAX);
      report({
        messageId: 'countMaxZero',
        range: countMax.loc.range,
        fixes: edit ? [{ messageId: 'fixCountMax', safety: 'safe', edits: [edit] }] : [],
      });
    }
  }
  for (const d of matchScopedLines(ctx, 'clientaliveinterval')) {
    if (parseTime(d.args[0] ?? '') === 0) {
      reportMatchLine(ctx, report, d, { messageId: 'match', fix: { value: INTERVAL, safety: 'safe', messageId: 'fix' } });
    }
  }
});
