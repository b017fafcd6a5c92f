import { effective, locateOption, setOption, where } from '../../core/sshd/context';
import { defineSshdRule } from '../define';

export default defineSshdRule({
  id: 'sshd/permit-root-login',
  severity: 'error',
  description: 'Root can log in over SSH.',
  tags: ['security', 'authentication', 'lockout-risk'],
  sources: ['CIS Debian 12 5.1.20', 'dev-sec ssh-baseline sshd-06', 'ANSSI R21', 'Mozilla OpenSSH guidelines', 'Lynis SSH-7412'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    yes: 'Root can log in with a password or a key (PermitRootLogin {value}). Log in as a normal user and use sudo: set PermitRootLogin no.',
    yesIncluded: 'Root can log in (PermitRootLogin {value}, set in {where}). Set PermitRootLogin no there.',
    keyOnly: 'Root can log in with a key (PermitRootLogin {value}). Prefer a normal user with sudo: PermitRootLogin no.',
    keyOnlyDefault: 'Root can log in with a key: PermitRootLogin is not set and defaults to prohibit-password. Prefer PermitRootLogin no.',
    fixNo: 'Set PermitRootLogin no (make sure a sudo user can log in first)',
  },
}, (ctx, report) => {
  const loc = locateOption(ctx, 'permitrootlogin');
  if (!loc) return;
  const value = (effective(ctx, 'permitrootlogin')?.args[0] ?? 'prohibit-password').toLowerCase();
  // The fix is worked out only for a finding that offers it.
  const fixes = () => {
    const edit = setOption(ctx, 'permitrootlogin', 'no');
    return edit ? [{ messageId: 'fixNo', safety: 'unsafe' as const, edits: [edit] }] : [];
  };
  if (value === 'yes') {
    if (loc.kind === 'included') {
      report({ messageId: 'yesIncluded', data: { value, where: where(ctx, loc.directive) }, range: loc.range });
    } else {
      report({ messageId: 'yes', data: { value }, range: loc.range, fixes: fixes() });
    }
  } else if (value === 'prohibit-password' || value === 'without-password') {
    if (loc.kind === 'included') return; // reported in the drop-in itself
    if (!ctx.strict) return; // a strict-profile finding: the engine would drop it
    report({
      messageId: loc.kind === 'default' ? 'keyOnlyDefault' : 'keyOnly',
      data: { value },
      range: loc.range,
      severity: 'info',
      strictOnly: true,
      fixes: fixes(),
    });
  }
});
