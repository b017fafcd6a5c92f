import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/gateway-ports',
  severity: 'warning',
  description: 'Remote port forwards listen on every network interface, not just on localhost.',
  tags: ['security', 'network', 'forwarding'],
  sources: ['dev-sec ssh-baseline sshd-41', 'Lynis SSH-7408'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'Remote forwards (ssh -R) can listen on every interface ({keyword} {value}): a user can publish an internal service to the whole network. Set GatewayPorts no so they bind to localhost only.',
    included: 'Remote forwards can listen on every interface: {keyword} {value} is set in {where}. Set it to no there.',
    fix: 'Set GatewayPorts no',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'gatewayports', 'no');
  if (!state || (state.value !== 'yes' && state.value !== 'clientspecified')) return;
  reportOption(ctx, report, state, { fix: { value: 'no', safety: 'safe' } });
});
