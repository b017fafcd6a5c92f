import { BROAD_RANGE, formatPorts } from '../../core/firewall/ports';
import { defineFirewallRule } from '../define';
import { exposedRules, portRange } from './_shared';

export default defineFirewallRule({
  id: 'firewall/broad-port-range',
  severity: 'warning',
  description: 'A wide range of ports is open to every address.',
  tags: ['security', 'network', 'exposure'],
  sources: ['CIS Ubuntu Linux 24.04 4.2.6 / 4.4.2.4 (open only the ports in use)', 'NIST SP 800-41r1, 4.1 (deny by default, allow what is needed)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    open: 'Ports {from}-{to} ({count} ports) accept connections from any address: every service that starts listening in this range, now or later, is exposed. Open only the ports your services use.',
    forwarded: 'Ports {from}-{to} ({count} ports) are forwarded to {host} from any address: every service listening there is exposed. Forward only the ports you need.',
    allPorts: 'Every {proto} port accepts connections from any address: every service that listens on {proto}, now or later, is exposed. Open only the ports your services use.',
    sourcePortOnly: 'Every {proto} port accepts packets from any address that sends them from source port {sport}: the sender chooses its source port, so this opens every {proto} port (the classic "reply from port 53/123" hole). Accept replies with a conntrack ESTABLISHED rule instead.',
    everything: 'Everything arriving on {iface} is accepted, from any address and to any port. If {iface} faces the Internet, every service of this host is exposed: open only the ports you need.',
  },
}, (ctx, report) => {
  for (const { rule, forwarded } of exposedRules(ctx)) {
    if (rule.dports === undefined && !forwarded && rule.extra.length === 0) {
      if (rule.protos === undefined) {
        // Without an interface this is an unconditional ACCEPT: firewall/default-allow-inbound's finding.
        if (rule.inIface !== undefined && rule.inIface !== 'unknown' && !rule.inIface.negated) {
          report({ messageId: 'everything', data: { iface: rule.inIface.names.join(', ') }, range: portRange(ctx, rule) });
        }
      } else if (rule.protos !== 'unknown' && rule.protos.length > 0 && rule.protos.every((p) => ['tcp', 'udp', 'sctp'].includes(p))) {
        const proto = rule.protos.map((p) => p.toUpperCase()).join('/');
        if (rule.sports === 'unknown') continue;
        if (rule.sports) report({ messageId: 'sourcePortOnly', data: { proto, sport: formatPorts(rule.sports) }, range: portRange(ctx, rule) });
        else report({ messageId: 'allPorts', data: { proto }, range: portRange(ctx, rule) });
      }
      continue;
    }
    if (rule.dports === undefined || rule.dports === 'unknown') continue;
    for (const [from, to] of rule.dports) {
      const count = to - from + 1;
      if (count <= BROAD_RANGE) continue;
      // A DNAT of every port is firewall/dmz-host's finding.
      if (forwarded && from <= 1 && to >= 65535) continue;
      const data = { from, to, count, host: rule.verdict.target ?? '?' };
      report({ messageId: forwarded ? 'forwarded' : 'open', data, range: portRange(ctx, rule) });
    }
  }
});
