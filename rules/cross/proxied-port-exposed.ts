import { backendsOf, fileName, firewallPaths, isLoopbackHost, locKey, nginxServers, servesOnHost } from '../../core/workspace/cross';
import type { Loc } from '../../core/workspace/model';
import { CrossReport, defineCrossRule } from '../define';

export default defineCrossRule({
  id: 'cross/proxied-port-exposed',
  severity: 'warning',
  description: 'nginx proxies to a port that is also published or opened directly, so clients can skip nginx\'s TLS and headers.',
  tags: ['security', 'network', 'tls', 'cross-file'],
  sources: ['Docker docs, "Published ports" (host IP)', 'OWASP ASVS 4.0, V9.1 (TLS for all client connectivity)',
    'nginx docs: ngx_http_proxy_module, proxy_pass'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    published: 'nginx ({nginx}) proxies to {target}, and Docker also publishes this port ({port}) on every interface: clients can reach the service directly, without nginx\'s TLS, headers and access rules. Publish it on 127.0.0.1 only, or not at all when nginx reaches the container by name.',
    opened: 'nginx ({nginx}) proxies to {target}, and this rule also opens port {port} to everyone: clients can reach the service directly, without nginx\'s TLS, headers and access rules. Close the port here and keep the backend on 127.0.0.1.',
    proxiedHere: 'nginx proxies to {target} here',
  },
}, (ws) => {
  const out: CrossReport[] = [];
  const seen = new Set<string>();
  const add = (at: Loc, messageId: string, data: Record<string, string | number>, proxies: { loc: Loc; url: string }[]) => {
    const key = `${messageId} ${locKey(at)}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ file: at.file, range: at.range, messageId, data,
      related: proxies.map((p) => ({ file: p.loc.file, range: p.loc.range, message: { messageId: 'proxiedHere', data: { target: p.url } } })) });
  };
  for (const server of nginxServers(ws)) {
    for (const proxy of server.proxies) {
      for (const p of backendsOf(ws, server, proxy)) {
        if (!p.everywhere) continue;
        add(p.loc, 'published', { nginx: fileName(p.loc, proxy.loc.file), target: proxy.url, port: p.label }, [proxy]);
      }
      // 127.0.0.1 of nginx in a container is the container itself, not the host.
      if (!isLoopbackHost(proxy.host) || !servesOnHost(ws, server)) continue;
      for (const { opening } of firewallPaths(ws, proxy.port)) {
        if (!opening) continue;
        add(opening.loc, 'opened', { nginx: fileName(opening.loc, proxy.loc.file), target: proxy.url, port: proxy.port }, [proxy]);
      }
    }
  }
  return out;
});
