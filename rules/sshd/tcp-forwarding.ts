import { flagOn } from './_auth-methods';
import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/tcp-forwarding',
  severity: 'info',
  description: 'Users can forward TCP ports through SSH.',
  tags: ['security', 'network', 'forwarding'],
  sources: ['CIS Debian 12 5.1.8', 'dev-sec ssh-baseline sshd-39', 'Lynis SSH-7408', 'ANSSI R27'],
  fix: 'none',
  profile: 'strict',
  messages: {
    here: 'Users can forward TCP ports ({keyword} {value}): a login becomes a tunnel into the networks this host reaches. If nobody needs it, set AllowTcpForwarding no or DisableForwarding yes; this breaks VS Code Remote-SSH, ProxyJump through this host and ssh -L/-R.',
    included: 'Users can forward TCP ports: {keyword} {value} is set in {where}. If nobody needs it, set it to no there (this breaks VS Code Remote-SSH and ProxyJump).',
    default: 'Users can forward TCP ports: AllowTcpForwarding is not set and defaults to yes. If nobody needs it, set AllowTcpForwarding no or DisableForwarding yes; this breaks VS Code Remote-SSH, ProxyJump through this host and ssh -L/-R.',
  },
}, (ctx, report) => {
  // DisableForwarding yes wins over AllowTcpForwarding (even though sshd -T still prints allowtcpforwarding yes).
  if (flagOn(ctx.ev, 'disableforwarding', 'no')) return;
  const state = optionState(ctx, 'allowtcpforwarding', 'yes');
  if (!state || state.value === 'no') return;
  reportOption(ctx, report, state);
});
