import * as path from 'node:path';
import { firstLineRange } from '../../core/sshd/context';
import { defineSshdRule } from '../define';

export default defineSshdRule({
  id: 'sshd/drop-in-not-included',
  severity: 'warning',
  description: 'A file of sshd_config.d/ that the sshd_config beside it never includes: sshd never reads it.',
  tags: ['correctness', 'security', 'include'],
  sources: ['sshd_config(5), OpenSSH 9.2: Include', 'Debian openssh-server 1:9.2p1-2 sshd_config (Include /etc/ssh/sshd_config.d/*.conf)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    notIncluded: 'sshd never reads this file: {main} has no Include that reaches it, so none of the settings here apply. Add `Include /etc/ssh/sshd_config.d/*.conf` near the top of {main} (as Debian and Ubuntu do: sshd keeps the first value it reads), or move these settings into {main}; then check with `sshd -T`.',
    notConf: 'sshd never reads this file: {main} has no Include that reaches it, so none of the settings here apply. Its name does not end in .conf, and `Include /etc/ssh/sshd_config.d/*.conf` (Debian, Ubuntu) reads only those: rename it {suggestion}, and check that {main} has that Include near its top; then check with `sshd -T`.',
  },
}, (ctx, report) => {
  // A drop-in with no setting (comments only) changes nothing whether it is read or not.
  if (ctx.unreadBy === undefined || ctx.directives.length === 0) return;
  const name = path.basename(ctx.file.path);
  // `hardening.cfg` → `hardening.conf`, `99-hardening` → `99-hardening.conf`.
  const data = { main: ctx.relPath(ctx.unreadBy), suggestion: `${name.replace(/\.(?:cfg|config|cnf|ini)$/i, '')}.conf` };
  report({ messageId: name.endsWith('.conf') ? 'notIncluded' : 'notConf', data, range: firstLineRange(ctx) });
});
