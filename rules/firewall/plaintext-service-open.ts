import { PLAINTEXT_PORTS } from '../../core/firewall/ports';
import { defineFirewallRule } from '../define';
import { exposedRules, namedPortsOpened, portRange } from './_shared';

export default defineFirewallRule({
  id: 'firewall/plaintext-service-open',
  severity: 'warning',
  description: 'A service that sends passwords in clear text (Telnet, FTP, rsh/rlogin) is reachable from every address.',
  tags: ['security', 'network', 'exposure', 'cleartext'],
  sources: ['CIS Ubuntu Linux 24.04 2.2 (telnet, ftp, rsh clients and servers)', 'KICS admin ports (20, 21, 23)',
    'RFC 854 (Telnet) and RFC 959 (FTP): no encryption'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    open: 'Reachable from any address: {services}. This service sends logins and passwords in clear text: anyone on the path can read them. Use SSH (ssh, sftp, scp) instead and close this port.',
    forwarded: 'Forwarded to {host} from any address: {services}. This service sends logins and passwords in clear text: use SSH or a VPN instead and remove the forward.',
  },
}, (ctx, report) => {
  for (const { rule, forwarded } of exposedRules(ctx)) {
    const hits = namedPortsOpened(rule, PLAINTEXT_PORTS);
    if (hits.length === 0) continue;
    const services = hits.map((p) => `${p.name} (${p.port}/${p.protos[0]})`).join(', ');
    if (forwarded) report({ messageId: 'forwarded', data: { services, host: rule.verdict.target ?? '?' }, range: portRange(ctx, rule) });
    else report({ messageId: 'open', data: { services }, range: portRange(ctx, rule) });
  }
});
