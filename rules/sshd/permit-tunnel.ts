import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

const TUNNEL_VALUES = ['yes', 'point-to-point', 'ethernet'];

export default defineSshdRule({
  id: 'sshd/permit-tunnel',
  severity: 'warning',
  description: 'Users can open tun/tap VPN tunnels through SSH.',
  tags: ['security', 'network', 'forwarding'],
  sources: ['dev-sec ssh-baseline sshd-38', 'Lynis SSH-7408'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    here: 'Users can open VPN tunnels through SSH ({keyword} {value}): a tun/tap device bridges their network into this host\'s, past the firewall. Set PermitTunnel no unless this host is a VPN endpoint.',
    included: 'Users can open VPN tunnels through SSH: {keyword} {value} is set in {where}. Set it to no there unless this host is a VPN endpoint.',
    fix: 'Set PermitTunnel no (cuts VPN-over-SSH users)',
  },
}, (ctx, report) => {
  // sshd compares these values case-sensitively; anything else is refused at start-up (another rule's finding).
  const state = optionState(ctx, 'permittunnel', 'no');
  if (!state || !TUNNEL_VALUES.includes(state.raw)) return;
  reportOption(ctx, report, state, { fix: { value: 'no', safety: 'unsafe' } });
});
