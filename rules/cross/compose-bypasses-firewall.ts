import { denyingFirewalls, fileName, publishedPorts } from '../../core/workspace/cross';
import { hasPort } from '../../core/firewall/ports';
import { CrossReport, defineCrossRule } from '../define';

export default defineCrossRule({
  id: 'cross/compose-bypasses-firewall',
  severity: 'warning',
  description: 'A compose file publishes a port on every interface that the default-deny firewall does not open: Docker exposes it anyway.',
  tags: ['security', 'network', 'docker', 'cross-file'],
  sources: ['Docker docs, "Packet filtering and firewalls": Docker and ufw', 'Compose file reference: ports (host IP)',
    'CIS Docker Benchmark 5.14 (bind incoming container traffic to a specific host interface)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    bypass: 'Docker publishes {port} on every interface of the host, and its NAT rules come before the firewall in {firewall}, which drops what it does not accept and does not open this port: the port is reachable from the Internet anyway. Bind it to 127.0.0.1 (put a reverse proxy in front), or open it in the firewall on purpose.',
    firewallDenies: 'The firewall drops incoming connections it does not accept, but never sees Docker\'s published ports',
  },
}, (ws) => {
  const out: CrossReport[] = [];
  const firewalls = denyingFirewalls(ws);
  if (firewalls.length === 0) return out;
  for (const p of publishedPorts(ws)) {
    if (!p.everywhere || p.protocol !== 'tcp') continue;
    // A port the firewall opens from anywhere is exposed on purpose.
    const host = p.host;
    if (host && firewalls.some((fw) => fw.openings.some((o) => o.anywhere && hasPort(o.ports, host.from)))) continue;
    const fw = firewalls[0];
    out.push({
      file: p.loc.file, range: p.loc.range, messageId: 'bypass', data: { port: p.label, firewall: fileName(p.loc, fw.file) },
      related: firewalls.flatMap((f) => (f.policyLoc ? [{ file: f.policyLoc.file, range: f.policyLoc.range, message: { messageId: 'firewallDenies' } }] : [])),
    });
  }
  return out;
});
