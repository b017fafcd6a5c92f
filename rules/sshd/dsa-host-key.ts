import * as path from 'node:path';
import { deleteLine, directivesFor, valueRange } from '../../core/sshd/context';
import { defineSshdRule } from '../define';

/** `ssh_host_dsa_key` and the like; `ssh_host_ecdsa_key` is not DSA. */
export function looksLikeDsaKey(file: string): boolean {
  return /(^|[^a-z])dsa([^a-z]|$)/i.test(path.posix.basename(file)) && !/ecdsa/i.test(path.posix.basename(file));
}

export default defineSshdRule({
  id: 'sshd/dsa-host-key',
  severity: 'error',
  description: 'HostKey loads a DSA host key.',
  tags: ['security', 'crypto'],
  sources: ['ssh-audit 3.4 policy database (ssh-dss: fail)', 'dev-sec ssh-baseline sshd-14', 'Mozilla OpenSSH guidelines',
    'OpenSSH 7.0 release notes (ssh-dss disabled by default)'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    dsa: 'HostKey {file} is a DSA key: DSA is limited to 1024 bits and SHA-1, OpenSSH has not offered it since 7.0 and later releases drop it. Delete this line; keep Ed25519 and RSA (3072 bits or more) host keys.',
    fixDelete: 'Delete the DSA HostKey line',
    fixDeleteLast: 'Delete the DSA HostKey line (no other HostKey is set: sshd falls back to its default key files, which must exist or sshd will not start)',
  },
}, (ctx, report) => {
  /** Whether a HostKey that is not DSA is loaded: deleting a DSA line then leaves sshd a key. Worked out once. */
  let otherKeyLoaded: boolean | undefined;
  for (const d of directivesFor(ctx, 'hostkey')) {
    if (d.line.error || ctx.ev.states.get(d)?.state !== 'applied') continue;
    const file = d.args[0] ?? '';
    if (!looksLikeDsaKey(file)) continue;
    const othersRemain = (otherKeyLoaded ??= (ctx.ev.lists.get('hostkey') ?? []).some((s) => !looksLikeDsaKey(s.directive.args[0] ?? '')));
    report({
      messageId: 'dsa',
      data: { file },
      range: valueRange(ctx, d),
      fixes: [{ messageId: othersRemain ? 'fixDelete' : 'fixDeleteLast', safety: othersRemain ? 'safe' : 'unsafe', edits: [deleteLine(d)] }],
    });
  }
});
