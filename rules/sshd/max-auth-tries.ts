import { parseInteger } from '../../core/sshd/values';
import { defineSshdRule } from '../define';
import { matchScopedLines, reportMatchLine } from './_match-lines';
import { optionState, reportOption } from './_option';

const LIMIT = 4;

const tooMany = (value: string): boolean => {
  const n = parseInteger(value);
  return 'value' in n && n.value > LIMIT;
};

export default defineSshdRule({
  id: 'sshd/max-auth-tries',
  severity: 'info',
  description: 'sshd allows more than 4 authentication attempts per connection.',
  tags: ['security', 'authentication', 'brute-force'],
  sources: ['CIS Debian 12 5.1.16', 'dev-sec ssh-baseline sshd-19', 'Lynis SSH-7408', 'ANSSI OpenSSH recommendations'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'Each connection may try {value} passwords or keys ({keyword} {value}), which helps password guessing. Set MaxAuthTries 4 (at most 4, as CIS asks; 2 or less breaks agents that offer several keys).',
    included: 'Each connection may try {value} passwords or keys: {keyword} {value} is set in {where}. Set MaxAuthTries 4 there.',
    default: 'MaxAuthTries is not set: each connection may try 6 passwords or keys (the default), which helps password guessing. Set MaxAuthTries 4.',
    match: 'Connections matching "Match {criteria}" (line {line}) may try {value} passwords or keys ({keyword} {value}). Set it to 4.',
    fix: 'Set MaxAuthTries 4',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'maxauthtries', '6');
  if (state && tooMany(state.raw)) reportOption(ctx, report, state, { fix: { value: String(LIMIT), safety: 'safe' } });
  for (const d of matchScopedLines(ctx, 'maxauthtries')) {
    if (tooMany(d.args[0] ?? '')) {
      reportMatchLine(ctx, report, d, { messageId: 'match', fix: { value: String(LIMIT), safety: 'safe', messageId: 'fix' } });
    }
  }
});
