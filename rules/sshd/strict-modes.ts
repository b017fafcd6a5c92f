import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/strict-modes',
  severity: 'warning',
  description: 'sshd trusts authorized_keys files that other users can write to.',
  tags: ['security', 'authentication'],
  sources: ['dev-sec ssh-baseline sshd-11', 'Lynis SSH-7408', 'ANSSI OpenSSH recommendations'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'sshd does not check file permissions ({keyword} {value}): a key added to a group- or world-writable ~/.ssh/authorized_keys by another user is accepted. Set StrictModes yes.',
    included: 'sshd does not check file permissions: {keyword} {value} is set in {where}. Set it to yes there.',
    fix: 'Set StrictModes yes',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'strictmodes', 'yes');
  if (!state || state.value !== 'no') return;
  reportOption(ctx, report, state, { fix: { value: 'yes', safety: 'safe' } });
});
