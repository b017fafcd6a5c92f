import { firstLineRange } from '../../core/sshd/context';
import { defineSshdRule } from '../define';

export default defineSshdRule({
  id: 'sshd/no-user-allowlist',
  severity: 'info',
  description: 'No AllowUsers or AllowGroups limits which accounts may log in over SSH.',
  tags: ['security', 'access-control', 'lockout-risk'],
  sources: ['CIS Debian 12 5.1.4', 'Lynis SSH-7440', 'ANSSI R22'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    missing: 'Every account with a password or a key can log in over SSH: neither AllowUsers nor AllowGroups is set. List the people who need it, e.g. AllowGroups ssh-users (create the group and add yourself first, then test in a second session).',
  },
}, (ctx, report) => {
  // The lists add up across files: only the main file sees them all.
  if (ctx.role !== 'main') return;
  if ((ctx.ev.lists.get('allowusers') ?? []).length > 0 || (ctx.ev.lists.get('allowgroups') ?? []).length > 0) return;
  report({ messageId: 'missing', range: firstLineRange(ctx) });
});
