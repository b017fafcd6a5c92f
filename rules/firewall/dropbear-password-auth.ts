import { uciBool } from '../../core/firewall/uci';
import type { FixSpec } from '../../core/types';
import { defineFirewallRule } from '../define';
import { rangeOf, replaceSpan, uciAddOption } from './_shared';

export default defineFirewallRule({
  id: 'firewall/dropbear-password-auth',
  severity: 'error',
  description: 'The OpenWrt SSH server (dropbear) accepts passwords, for root too.',
  tags: ['security', 'authentication', 'router', 'openwrt', 'lockout-risk'],
  sources: ['OpenWrt documentation: Dropbear configuration (PasswordAuth, RootPasswordAuth, Interface)',
    'OpenWrt /etc/init.d/dropbear (both default to on)', 'NIST SP 800-63B 5.1.1 (memorized secrets are guessable online)'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    password: 'dropbear accepts password logins ({value}): anyone who reaches port {port} can guess passwords. Log in with a key (/etc/dropbear/authorized_keys) and set PasswordAuth \'0\'.',
    passwordDefault: 'dropbear accepts password logins: PasswordAuth is not set and OpenWrt turns it on. Log in with a key (/etc/dropbear/authorized_keys) and set PasswordAuth \'0\'.',
    rootPassword: 'root can log in with a password ({value}), and root is the only account of most routers. Use a key and set RootPasswordAuth \'0\'.',
    rootPasswordDefault: 'root can log in with a password: RootPasswordAuth is not set and OpenWrt turns it on. Use a key and set RootPasswordAuth \'0\'.',
    fixPassword: 'Set PasswordAuth \'0\' (install your public key in /etc/dropbear/authorized_keys first, or you lock yourself out)',
    fixRootPassword: 'Set RootPasswordAuth \'0\' (install your public key in /etc/dropbear/authorized_keys first, or you lock yourself out)',
  },
}, (ctx, report) => {
  if (ctx.format !== 'uci-dropbear') return;
  for (const s of ctx.uci?.sections ?? []) {
    if (s.type !== 'dropbear' || uciBool(s.options.get('enable')?.value) === false) continue;
    // Reachable only from one interface (usually lan): a smaller audience, still a password to guess.
    const severity = s.options.has('Interface') ? 'warning' as const : undefined;
    const port = s.options.get('Port')?.value ?? '22';
    const password = s.options.get('PasswordAuth');
    if (password && uciBool(password.value) === false) continue; // no password login at all (dropbear -s)
    const setting = (key: string, option: typeof password): FixSpec =>
      ({ messageId: key === 'PasswordAuth' ? 'fixPassword' : 'fixRootPassword', safety: 'unsafe',
        edits: [option ? replaceSpan(option.inner, '0') : uciAddOption(ctx, s, key, '0')] });
    report({
      messageId: password ? 'password' : 'passwordDefault', data: { value: password ? `PasswordAuth '${password.value}'` : '', port },
      range: rangeOf(ctx, password ? password.span : s.header), severity, fixes: [setting('PasswordAuth', password)],
    });
    const root = s.options.get('RootPasswordAuth');
    if (root && uciBool(root.value) === false) continue;
    if (uciBool(s.options.get('RootLogin')?.value) === false) continue;
    report({
      messageId: root ? 'rootPassword' : 'rootPasswordDefault', data: { value: root ? `RootPasswordAuth '${root.value}'` : '' },
      range: rangeOf(ctx, root ? root.span : s.header), severity, fixes: [setting('RootPasswordAuth', root)],
    });
  }
});

