import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/permit-empty-passwords',
  severity: 'error',
  description: 'Accounts with an empty password can log in over SSH.',
  tags: ['security', 'authentication'],
  sources: ['CIS Debian 12 5.1.19', 'dev-sec ssh-baseline sshd-28', 'ANSSI OpenSSH recommendations'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'Accounts with an empty password can log in ({keyword} {value}): anyone who knows the user name gets a shell. Set PermitEmptyPasswords no.',
    included: 'Accounts with an empty password can log in: {keyword} {value} is set in {where}. Set it to no there.',
    fix: 'Set PermitEmptyPasswords no',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'permitemptypasswords', 'no');
  if (!state || state.value !== 'yes') return;
  reportOption(ctx, report, state, { fix: { value: 'no', safety: 'safe' } });
});
