import { defineSshdRule } from '../define';
import { matchScopedLines, reportMatchLine } from './_match-lines';
import { optionState, reportOption } from './_option';

const TOO_QUIET = ['quiet', 'fatal', 'error'];

export default defineSshdRule({
  id: 'sshd/log-level',
  severity: 'warning',
  description: 'sshd does not log logins (LogLevel QUIET, FATAL or ERROR).',
  tags: ['security', 'logging'],
  sources: ['CIS Debian 12 5.1.14', 'dev-sec ssh-baseline sshd-13', 'Mozilla OpenSSH guidelines', 'Lynis SSH-7408'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'sshd does not log logins or failed attempts at {keyword} {value}: an intrusion or a password-guessing run leaves no trace, and fail2ban sees nothing. Set LogLevel VERBOSE (logs the key fingerprint of each login) or at least INFO.',
    included: 'sshd does not log logins: {keyword} {value} is set in {where}. Set LogLevel VERBOSE there.',
    match: 'For connections matching "Match {criteria}" (line {line}), sshd does not log logins ({keyword} {value}). Set LogLevel VERBOSE.',
    fix: 'Set LogLevel VERBOSE',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'loglevel', 'INFO');
  if (state && TOO_QUIET.includes(state.value)) reportOption(ctx, report, state, { fix: { value: 'VERBOSE', safety: 'safe' } });
  for (const d of matchScopedLines(ctx, 'loglevel')) {
    if (TOO_QUIET.includes((d.args[0] ?? '').toLowerCase())) {
      reportMatchLine(ctx, report, d, { messageId: 'match', fix: { value: 'VERBOSE', safety: 'safe', messageId: 'fix' } });
    }
  }
});
