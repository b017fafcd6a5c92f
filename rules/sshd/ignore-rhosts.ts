import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/ignore-rhosts',
  severity: 'warning',
  description: 'sshd honours users\' own .rhosts or .shosts files for host-based login.',
  tags: ['security', 'authentication'],
  sources: ['CIS Debian 12 5.1.11', 'dev-sec ssh-baseline sshd-23', 'Lynis SSH-7408'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'sshd honours users\' trust files ({keyword} {value}): any user can write a {files} file that lets other hosts in as them without a password (with host-based login on). Set IgnoreRhosts yes.',
    included: 'sshd honours users\' trust files: {keyword} {value} is set in {where}. Set it to yes there.',
    fix: 'Set IgnoreRhosts yes',
    rhostsOrShosts: '.rhosts or .shosts',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'ignorerhosts', 'yes');
  if (!state || state.value === 'yes') return;
  if (state.value !== 'no' && state.value !== 'shosts-only') return; // invalid: sshd refuses the file, another rule's job
  reportOption(ctx, report, state, {
    fix: { value: 'yes', safety: 'safe' },
    data: { files: state.value === 'no' ? { messageId: 'rhostsOrShosts' } : '.shosts' },
  });
});
