import { parseInteger } from '../../core/sshd/values';
import { defineSshdRule } from '../define';
import { matchScopedLines, reportMatchLine } from './_match-lines';
import { optionState, reportOption } from './_option';

const LIMIT = 10;

const tooMany = (value: string): boolean => {
  const n = parseInteger(value);
  return 'value' in n && n.value > LIMIT;
};

export default defineSshdRule({
  id: 'sshd/max-sessions',
  severity: 'info',
  description: 'One SSH connection may open more than 10 sessions.',
  tags: ['security', 'resource-limits'],
  sources: ['CIS Debian 12 5.1.17', 'dev-sec ssh-baseline sshd-20', 'Lynis SSH-7408'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'One connection may open {value} shell, exec or subsystem sessions ({keyword} {value}): a stolen connection (for example a hijacked ControlMaster socket) carries that many sessions. Set MaxSessions 10 or less.',
    included: 'One connection may open {value} sessions: {keyword} {value} is set in {where}. Set MaxSessions 10 or less there.',
    match: 'Connections matching "Match {criteria}" (line {line}) may open {value} sessions ({keyword} {value}). Set it to 10 or less.',
    fix: 'Set MaxSessions 10',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'maxsessions', '10');
  if (state && tooMany(state.raw)) reportOption(ctx, report, state, { fix: { value: String(LIMIT), safety: 'safe' } });
  for (const d of matchScopedLines(ctx, 'maxsessions')) {
    if (tooMany(d.args[0] ?? '')) {
      reportMatchLine(ctx, report, d, { messageId: 'match', fix: { value: String(LIMIT), safety: 'safe', messageId: 'fix' } });
    }
  }
});
