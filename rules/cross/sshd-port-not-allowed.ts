import { hasPort } from '../../core/firewall/ports';
import { denyingFirewalls, fileName, opensExactly } from '../../core/workspace/cross';
import { CrossReport, defineCrossRule } from '../define';

export default defineCrossRule({
  id: 'cross/sshd-port-not-allowed',
  severity: 'error',
  description: 'sshd listens on a port the firewall does not open, or the firewall keeps port 22 open after sshd moved away.',
  tags: ['security', 'network', 'lockout-risk', 'cross-file'],
  sources: ['ufw(8): default deny incoming, allow', 'sshd_config(5), OpenSSH 9.2: Port, ListenAddress',
    'CIS Ubuntu Linux 24.04 4.2.x (firewall rules for open ports)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    notOpen: 'sshd listens on port {port}, but the firewall in {firewall} drops incoming connections it does not accept and no rule accepts port {port}: after the next firewall reload or reboot nobody can log in over SSH. Allow TCP port {port} in {firewall} before reloading either.',
    staleHole: 'This rule keeps port 22 open, but sshd ({sshd}) listens on {ports} only: whatever listens on 22 next is reachable from the Internet. Open the port sshd uses and remove 22 here.',
    firewallDenies: 'The firewall drops incoming connections it does not accept',
    sshdListens: 'sshd listens on port {port}',
  },
}, (ws) => {
  const out: CrossReport[] = [];
  const firewalls = denyingFirewalls(ws);
  if (firewalls.length === 0 || ws.sshd.length === 0) return out;
  const listeners = ws.sshd.flatMap((s) => s.listeners.filter((l) => !l.local));
  for (const l of listeners) {
    // Any accepting rule of any firewall file will do (one firewall is often split over files), even from some
    // sources only: the admin's network is enough to log in.
    if (ws.firewalls.some((fw) => fw.openings.some((o) => hasPort(o.ports, l.port)))) continue;
    const closed = firewalls;
    out.push({
      file: l.loc.file, range: l.loc.range, messageId: 'notOpen', data: { port: l.port, firewall: fileName(l.loc, closed[0].file) },
      related: closed.flatMap((fw) => (fw.policyLoc ? [{ file: fw.policyLoc.file, range: fw.policyLoc.range, message: { messageId: 'firewallDenies' } }] : [])),
    });
  }
  for (const fw of firewalls) {
    if (listeners.length === 0 || listeners.some((l) => l.port === 22)) continue;
    for (const o of fw.openings) {
      if (!o.anywhere || !opensExactly(o, 22)) continue;
      out.push({
        file: o.loc.file, range: o.loc.range, messageId: 'staleHole',
        data: { sshd: fileName(o.loc, listeners[0].loc.file), ports: listeners.map((l) => l.port).join(', ') },
        related: listeners.map((l) => ({ file: l.loc.file, range: l.loc.range, message: { messageId: 'sshdListens', data: { port: l.port } } })),
      });
    }
  }
  return out;
});
