import { fileName, firewallPaths, plainHttpListeners } from '../../core/workspace/cross';
import { CrossReport, defineCrossRule } from '../define';

export default defineCrossRule({
  id: 'cross/http-only-service',
  severity: 'warning',
  description: 'A port the firewall lets anyone reach serves plain HTTP without redirecting to HTTPS.',
  tags: ['security', 'network', 'tls', 'cross-file'],
  sources: ['OWASP ASVS 4.0, V9.1.1 (TLS for all client connectivity, no fallback to plain text)',
    'Mozilla web security guidelines: HTTP redirections', 'nginx docs: ngx_http_rewrite_module, return'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    opened: 'Port {port} is open to everyone in {firewall}, and this server answers it in plain HTTP with no redirect: passwords and cookies cross the Internet unencrypted. Add return 301 https://$host$request_uri; for port {port} and serve the site on 443 with ssl.',
    allowed: 'The firewall in {firewall} accepts incoming connections by default, and this server answers port {port} in plain HTTP with no redirect: passwords and cookies cross the Internet unencrypted. Add return 301 https://$host$request_uri; and serve the site on 443 with ssl.',
    openedHere: 'The firewall opens port {port} to everyone here',
    allowedHere: 'The firewall accepts every incoming connection by default',
  },
}, (ws) => {
  const out: CrossReport[] = [];
  for (const { listen } of plainHttpListeners(ws)) {
    const paths = firewallPaths(ws, listen.port);
    if (paths.length === 0) continue;
    const { firewall, opening } = paths[0];
    const related = paths.flatMap(({ firewall: fw, opening: o }) => o
      ? [{ file: o.loc.file, range: o.loc.range, message: { messageId: 'openedHere', data: { port: listen.port } } }]
      : fw.policyLoc ? [{ file: fw.policyLoc.file, range: fw.policyLoc.range, message: { messageId: 'allowedHere' } }] : []);
    out.push({
      file: listen.loc.file, range: listen.loc.range, messageId: opening ? 'opened' : 'allowed',
      data: { port: listen.port, firewall: fileName(listen.loc, firewall.file) }, related,
    });
  }
  return out;
});
