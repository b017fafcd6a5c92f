import { SENSITIVE_PORTS } from '../../core/firewall/ports';
import { defineFirewallRule } from '../define';
import { exposedRules, namedPortsOpened, portRange } from './_shared';

export default defineFirewallRule({
  id: 'firewall/sensitive-port-open',
  severity: 'error',
  description: 'A database, cache, container API, remote desktop or file-sharing port is reachable from every address.',
  tags: ['security', 'network', 'exposure'],
  sources: ['CIS Ubuntu Linux 24.04 4.2.6 / 4.4.2.4 (open ports)', 'CIS AWS Foundations, section 5 (no ingress from 0.0.0.0/0 to remote administration ports)',
    'KICS sensitive port list (2375/2376, 3306, 3389, 5432, 5900, 6379, 9200, 11211, 27017)', 'Docker documentation: protect the daemon socket'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    open: 'Reachable from any address: {services}. These services are meant for a private network: many answer without a password by default and are scanned for constantly. Allow them only from the hosts that need them, or bind the service to localhost.',
    forwarded: 'Forwarded to {host} from any address: {services}. These services are meant for a private network: forward them only from known addresses, or not at all.',
  },
}, (ctx, report) => {
  for (const { rule, forwarded } of exposedRules(ctx)) {
    const hits = namedPortsOpened(rule, SENSITIVE_PORTS);
    if (hits.length === 0) continue;
    const services = hits.map((p) => `${p.name} (${p.port}/${p.protos[0]})`).join(', ');
    if (forwarded) report({ messageId: 'forwarded', data: { services, host: rule.verdict.target ?? '?' }, range: portRange(ctx, rule) });
    else report({ messageId: 'open', data: { services }, range: portRange(ctx, rule) });
  }
});
