import { flagOn } from './_auth-methods';
import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/agent-forwarding',
  severity: 'info',
  description: 'Users can forward their SSH agent to this server.',
  tags: ['security', 'forwarding'],
  sources: ['dev-sec ssh-baseline sshd-40', 'Lynis SSH-7408', 'ANSSI OpenSSH recommendations'],
  fix: 'none',
  profile: 'strict',
  messages: {
    here: 'Users can forward their SSH agent here ({keyword} {value}): while they are logged in, root on this server can use their keys to reach other hosts. If nobody needs it, set AllowAgentForwarding no (breaks git over SSH and hops that rely on a forwarded agent, including from VS Code Remote-SSH).',
    included: 'Users can forward their SSH agent here: {keyword} {value} is set in {where}. If nobody needs it, set it to no there.',
    default: 'Users can forward their SSH agent here: AllowAgentForwarding is not set and defaults to yes, so root on this server can use a logged-in user\'s keys. If nobody needs it, set AllowAgentForwarding no (breaks git over SSH and hops that rely on a forwarded agent).',
  },
}, (ctx, report) => {
  if (flagOn(ctx.ev, 'disableforwarding', 'no')) return;
  const state = optionState(ctx, 'allowagentforwarding', 'yes');
  if (!state || state.value !== 'yes') return;
  reportOption(ctx, report, state);
});
