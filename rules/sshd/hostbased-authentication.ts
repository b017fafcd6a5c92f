import { satisfiableWithout } from './_auth-methods';
import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/hostbased-authentication',
  severity: 'warning',
  description: 'Host-based login lets any user of a trusted machine in without a key or password of their own.',
  tags: ['security', 'authentication'],
  sources: ['CIS Debian 12 5.1.10', 'dev-sec ssh-baseline sshd-25'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'Host-based login is on ({keyword} {value}): a user of any host listed in .shosts or shosts.equiv logs in without a key or password of their own, so one compromised host opens this one. Set HostbasedAuthentication no.',
    included: 'Host-based login is on: {keyword} {value} is set in {where}. Set it to no there.',
    fix: 'Set HostbasedAuthentication no',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'hostbasedauthentication', 'no');
  if (!state || state.value !== 'yes') return;
  // When AuthenticationMethods only accepts host-based login, turning it off stops sshd from starting.
  const fixable = satisfiableWithout(ctx.ev, 'hostbasedauthentication');
  reportOption(ctx, report, state, { fix: fixable ? { value: 'no', safety: 'safe' } : undefined });
});
