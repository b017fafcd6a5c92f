import {
  containerPaths, denyingFirewalls, fileName, firewallPaths, locKey, plainHttpListeners, servesOnHost,
} from '../../core/workspace/cross';
import type { Loc } from '../../core/workspace/model';
import { CrossReport, defineCrossRule } from '../define';

export default defineCrossRule({
  id: 'cross/http-only-service',
  severity: 'warning',
  description: 'A port anyone can reach (opened by the firewall, or published by Docker) serves plain HTTP without redirecting to HTTPS.',
  tags: ['security', 'network', 'tls', 'cross-file'],
  sources: ['OWASP ASVS 4.0, V9.1.1 (TLS for all client connectivity, no fallback to plain text)',
    'Mozilla web security guidelines: HTTP redirections', 'nginx docs: ngx_http_rewrite_module, return',
    'Docker docs, "Packet filtering and firewalls": Docker and ufw'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    opened: 'Port {port} is open to everyone in {firewall}, and this server answers it in plain HTTP with no redirect: passwords and cookies cross the Internet unencrypted. Add return 301 https://$host$request_uri; for port {port} and serve the site on 443 with ssl.',
    allowed: 'The firewall in {firewall} accepts incoming connections by default, and this server answers port {port} in plain HTTP with no redirect: passwords and cookies cross the Internet unencrypted. Add return 301 https://$host$request_uri; and serve the site on 443 with ssl.',
    publishedOpened: 'Docker publishes this server\'s port {listen} as port {port} on every interface of the host ({compose}), and {firewall} opens port {port} to everyone: the server answers it in plain HTTP with no redirect, so passwords and cookies cross the Internet unencrypted. Add return 301 https://$host$request_uri; and serve the site on 443 with ssl.',
    publishedAllowed: 'Docker publishes this server\'s port {listen} as port {port} on every interface of the host ({compose}), and the firewall in {firewall} accepts incoming connections by default: the server answers it in plain HTTP with no redirect, so passwords and cookies cross the Internet unencrypted. Add return 301 https://$host$request_uri; and serve the site on 443 with ssl.',
    publishedBypass: 'Docker publishes this server\'s port {listen} as port {port} on every interface of the host ({compose}), past the firewall in {firewall}: the port is reachable from the Internet, and the server answers it in plain HTTP with no redirect, so passwords and cookies cross it unencrypted. Add return 301 https://$host$request_uri; and serve the site on 443 with ssl.',
    openedHere: 'The firewall opens port {port} to everyone here',
    allowedHere: 'The firewall accepts every incoming connection by default',
    bypassedHere: 'The firewall drops incoming connections it does not accept, but never sees Docker\'s published ports',
    publishedHere: 'Docker publishes port {listen} of this container as port {port} on every interface of the host',
    mountedHere: 'This puts {file} in the nginx configuration of the {service} container',
  },
}, (ws) => {
  const out: CrossReport[] = [];
  const denying = denyingFirewalls(ws);
  for (const { server, listen } of plainHttpListeners(ws)) {
    // nginx on the host: the firewall decides who reaches its port.
    if (servesOnHost(ws, server)) {
      const paths = firewallPaths(ws, listen.port);
      if (paths.length > 0) {
        const { firewall, opening } = paths[0];
        const related = paths.flatMap(({ firewall: fw, opening: o }) => o
          ? [{ file: o.loc.file, range: o.loc.range, message: { messageId: 'openedHere', data: { port: listen.port } } }]
          : fw.policyLoc ? [{ file: fw.policyLoc.file, range: fw.policyLoc.range, message: { messageId: 'allowedHere' } }] : []);
        out.push({
          file: listen.loc.file, range: listen.loc.range, messageId: opening ? 'opened' : 'allowed',
          data: { port: listen.port, firewall: fileName(listen.loc, firewall.file) }, related,
        });
      }
    }
    // nginx in a container: Docker publishes the port, through the firewall or past it.
    const reached = containerPaths(ws, server, listen).flatMap((path) => {
      const gates = firewallPaths(ws, path.hostPort);
      if (gates.length > 0) return [{ path, gates }];
      return denying.length > 0 ? [{ path, gates: [] }] : [];
    });
    if (reached.length === 0) continue;
    const { path: first, gates } = reached[0];
    const messageId = gates.length === 0 ? 'publishedBypass' : gates[0].opening ? 'publishedOpened' : 'publishedAllowed';
    const firewall = gates.length === 0 ? denying[0] : gates[0].firewall;
    const related: NonNullable<CrossReport['related']> = [];
    const seen = new Set<string>();
    const relate = (loc: Loc | undefined, messageId: string, data?: Record<string, string | number>) => {
      if (!loc || seen.has(`${messageId} ${locKey(loc)}`)) return;
      seen.add(`${messageId} ${locKey(loc)}`);
      related.push({ file: loc.file, range: loc.range, message: { messageId, ...(data ? { data } : {}) } });
    };
    for (const { path, gates: through } of reached) {
      relate(path.published.loc, 'publishedHere', { listen: listen.port, port: path.hostPort });
      relate(path.run.mount.loc, 'mountedHere', { file: fileName(path.run.mount.loc, server.file), service: path.run.service.name });
      if (through.length === 0) for (const fw of denying) relate(fw.policyLoc, 'bypassedHere');
      for (const { firewall: fw, opening } of through) {
        if (opening) relate(opening.loc, 'openedHere', { port: path.hostPort });
        else relate(fw.policyLoc, 'allowedHere');
      }
    }
    out.push({
      file: listen.loc.file, range: listen.loc.range, messageId,
      data: { listen: listen.port, port: first.hostPort, compose: fileName(listen.loc, first.published.loc.file), firewall: fileName(listen.loc, firewall.file) },
      related,
    });
  }
  return out;
});
