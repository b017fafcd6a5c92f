import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/x11-forwarding',
  severity: 'warning',
  description: 'X11 forwarding is on, exposing the client\'s display to the server.',
  tags: ['security', 'forwarding'],
  sources: ['dev-sec ssh-baseline sshd-42', 'Lynis SSH-7408', 'ANSSI R28', 'CIS Debian 12 5.1.8'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'X11 forwarding is on ({keyword} {value}): root, or anyone with the user\'s rights on this server, can reach the display of a client that forwards it, and with trusted forwarding (ssh -Y) read its keystrokes and screen. Set X11Forwarding no unless users run graphical programs over SSH.',
    included: 'X11 forwarding is on: {keyword} {value} is set in {where}. Set it to no there.',
    fix: 'Set X11Forwarding no',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'x11forwarding', 'no');
  if (!state || state.value !== 'yes') return;
  reportOption(ctx, report, state, { fix: { value: 'no', safety: 'safe' } });
});
