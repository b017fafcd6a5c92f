import { BOTH, fromAnywhere, preroutingChains } from '../../core/firewall/model';
import { portCount } from '../../core/firewall/ports';
import { defineFirewallRule } from '../define';
import { rangeOf } from './_shared';

/** A DNAT that leaves at most this many ports untouched still forwards "everything". */
const ALL_BUT = 1024;

export default defineFirewallRule({
  id: 'firewall/dmz-host',
  severity: 'error',
  description: 'Every port arriving from outside is forwarded to one internal host (a "DMZ host").',
  tags: ['security', 'network', 'nat', 'exposure'],
  sources: ['OpenWrt fw3/fw4 documentation: redirects (a redirect without src_dport forwards every port)',
    'NIST SP 800-41r1, 4.1 (allow only what is needed)', 'iptables-extensions(8): DNAT'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    dnat: 'Every incoming port is forwarded to {host}: all its services, including ones started later or left with default passwords, face the Internet, and the firewall no longer protects it. Forward only the ports you need (add a destination port to this rule).',
    uci: 'This redirect has no src_dport, so every incoming port is forwarded to {host} (a "DMZ host"): all its services face the Internet. Forward only the ports you need with src_dport.',
    firewalld: 'This forwards ports {from}-{to} to {host}: practically every port, so all its services face the Internet. Forward only the ports you need.',
  },
}, (ctx, report) => {
  const seen = new Set<object>();
  for (const rs of ctx.rulesets) {
    for (const family of BOTH) {
      for (const chain of preroutingChains(rs, family)) {
        for (const r of chain.rules) {
          if (seen.has(r) || r.unknown || r.verdict.kind !== 'dnat' || !r.families.includes(family) || !fromAnywhere(r)) continue;
          if (r.dports === 'unknown' || r.extra.length > 0) continue;
          if (r.dports !== undefined && portCount(r.dports) < 65536 - ALL_BUT) continue;
          seen.add(r);
          const host = r.verdict.target ?? '?';
          if (r.tool === 'uci') {
            const section = ctx.uci?.sections.find((s) => s.header.start === r.span.start);
            report({ messageId: 'uci', data: { host }, range: rangeOf(ctx, section?.options.get('dest_ip')?.span ?? r.span) });
          } else {
            report({ messageId: 'dnat', data: { host }, range: rangeOf(ctx, r.verdict.span ?? r.span) });
          }
        }
      }
    }
  }
  for (const op of ctx.ops) {
    if (op.kind !== 'firewalld' || op.op.kind !== 'forward-port' || op.op.ports === 'unknown' || !op.op.toaddr) continue;
    if (portCount(op.op.ports) < 65536 - ALL_BUT) continue;
    const [from, to] = [op.op.ports[0][0], op.op.ports[op.op.ports.length - 1][1]];
    report({ messageId: 'firewalld', data: { from, to, host: op.op.toaddr }, range: rangeOf(ctx, op.op.portSpan) });
  }
});
