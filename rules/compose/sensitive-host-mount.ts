import { defineComposeRule } from '../define';
import { INHERITED_MESSAGE, origin } from './_common';
import { hostMounts } from './_volumes';

/** Host folders whose content is the host's control: mounted whole (or below, for `/root` and Docker's data). */
const EXACT = new Set(['/', '/etc', '/proc', '/sys', '/boot', '/dev', '/usr', '/lib', '/root', '/var/lib/docker', '/run/dbus', '/var/run/dbus']);
const SUBTREES = ['/root/', '/var/lib/docker/', '/proc/', '/sys/', '/boot/'];

export default defineComposeRule({
  id: 'compose/sensitive-host-mount',
  severity: 'error',
  description: 'A service mounts a host system folder (/, /etc, /proc, /sys, /root, /var/lib/docker...).',
  tags: ['security', 'isolation'],
  sources: [
    'CIS Docker Benchmark v1.6.0 5.6', 'KICS Volume Has Sensitive Host Directory (CWE-668)',
  ],
  fix: 'none',
  profile: 'recommended',
  messages: {
    writable: '{service} mounts the host\'s {path} writable{origin}: the container can change the host\'s system files (users, sudoers, cron, SSH keys, kernel settings) and take it over. Mount only the files it needs, read-only (:ro).',
    readOnly: '{service} mounts the host\'s {path} read-only{origin}: the container can still read host secrets (password hashes, SSH and TLS keys, other containers\' data). Mount only the files it needs.',
    dbus: '{service} mounts the host\'s system D-Bus ({path}){origin}: through it the container can ask systemd, NetworkManager or udisks to act on the host. Mount it only for a service that must talk to host daemons (Bluetooth), and keep that service unprivileged.',
    inherited: INHERITED_MESSAGE,
  },
}, (ctx, report) => {
  for (const m of hostMounts(ctx)) {
    if (!EXACT.has(m.path) && !SUBTREES.some((s) => m.path.startsWith(s))) continue;
    // The D-Bus socket is reached, not written: a warning either way.
    const dbus = m.path.endsWith('/dbus');
    report({
      messageId: dbus ? 'dbus' : m.readOnly ? 'readOnly' : 'writable',
      severity: m.readOnly || dbus ? 'warning' : 'error',
      data: { service: m.service.name, path: m.path, origin: origin(ctx, m.item) },
      range: ctx.reportRange(m.item),
    });
  }
});
