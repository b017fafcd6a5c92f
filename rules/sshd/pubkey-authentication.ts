import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/pubkey-authentication',
  severity: 'warning',
  description: 'Key login is turned off, which leaves only weaker ways in.',
  tags: ['security', 'authentication'],
  sources: ['dev-sec ssh-baseline sshd-22'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'Key login is off ({keyword} {value}): users are pushed to passwords, which can be guessed. Set PubkeyAuthentication yes.',
    included: 'Key login is off: {keyword} {value} is set in {where}. Set it to yes there.',
    fix: 'Set {keyword} yes',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'pubkeyauthentication', 'yes');
  if (!state || state.value !== 'no') return;
  reportOption(ctx, report, state, { fix: { value: 'yes', safety: 'safe' } });
});
