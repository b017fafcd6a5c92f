// What cross-file rules see, and the links between files they (and the exposure report) follow: a port a firewall
// opens, a port Docker publishes, a port nginx listens on or proxies to, a compose service nginx names.
import type { LintInput } from '../engine';
import { hasPort, portCount } from '../firewall/ports';
import { parentOf, relativeName, resolvePath } from '../paths';
import type {
  ComposeService, FirewallModel, FirewallOpening, Loc, NginxListen, NginxServer, ProxyTarget, PublishedPort, Workspace,
} from './model';

export interface CrossContext {
  /** The linted file (absolute): cross rules report only what lies in it. */
  path: string;
  /** Every file of the workspace, the linted one with its current text. */
  workspace: Workspace;
}

export function createCrossContext(input: LintInput, workspace: Workspace): CrossContext {
  return { path: resolvePath(input.path), workspace: workspace.withFile(input) };
}

/** How a message names `file`, seen from the file a finding is in. */
export function fileName(from: Loc, file: string): string {
  return relativeName(parentOf(from.file), file);
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

export const isLoopbackHost = (host: string | undefined): boolean => host !== undefined && LOOPBACK_HOST.test(host);

/** A rule that opens a few ports by name, not "every port" or a wide range (those are a firewall rule's own finding). */
export const opensExactly = (o: FirewallOpening, port: number): boolean => hasPort(o.ports, port) && portCount(o.ports) <= 64;

/** Firewalls that drop what they do not accept: only their openings say what is reachable. */
export const denyingFirewalls = (ws: Workspace): FirewallModel[] => ws.firewalls.filter((f) => f.defaultDeny === true);

/** How the Internet reaches TCP `port` through the firewalls of the workspace (empty when none says it can). */
export function firewallPaths(ws: Workspace, port: number): { firewall: FirewallModel; opening?: FirewallOpening }[] {
  const out: { firewall: FirewallModel; opening?: FirewallOpening }[] = [];
  for (const fw of ws.firewalls) {
    if (fw.defaultDeny === false) out.push({ firewall: fw, opening: fw.openings.find((o) => o.anywhere && opensExactly(o, port)) });
    else if (fw.defaultDeny === true) {
      const opening = fw.openings.find((o) => o.anywhere && opensExactly(o, port));
      if (opening) out.push({ firewall: fw, opening });
    }
  }
  return out;
}

export const publishedPorts = (ws: Workspace): PublishedPort[] =>
  ws.compose.flatMap((c) => c.services.flatMap((s) => s.ports));

export const composeServices = (ws: Workspace): ComposeService[] => ws.compose.flatMap((c) => c.services);

export const nginxServers = (ws: Workspace): NginxServer[] => ws.nginx.flatMap((n) => n.servers);

const inRange = (r: { from: number; to: number } | undefined, port: number): boolean => r !== undefined && port >= r.from && port <= r.to;

/** Published TCP ports that take host port `port` on every interface. */
export function publishedOnHost(ws: Workspace, port: number): PublishedPort[] {
  return publishedPorts(ws).filter((p) => p.everywhere && p.protocol === 'tcp' && inRange(p.host, port));
}

/**
 * The published ports that carry a proxy's traffic: host ports for `127.0.0.1:P`, or the container port of the
 * compose service (or container) nginx names.
 */
export function portsBehindProxy(ws: Workspace, proxy: ProxyTarget): PublishedPort[] {
  if (isLoopbackHost(proxy.host)) return publishedPorts(ws).filter((p) => p.protocol === 'tcp' && inRange(p.host, proxy.port));
  return composeServices(ws)
    .filter((s) => s.name === proxy.host || s.containerName === proxy.host)
    .flatMap((s) => s.ports.filter((p) => p.protocol === 'tcp' && inRange(p.container, proxy.port)));
}

/** Plain-HTTP listeners of servers that do not redirect to HTTPS, on addresses other hosts can reach. */
export function plainHttpListeners(ws: Workspace): { server: NginxServer; listen: NginxListen }[] {
  const out: { server: NginxServer; listen: NginxListen }[] = [];
  for (const server of nginxServers(ws)) {
    if (server.redirectsToHttps) continue;
    for (const listen of server.listens) {
      if (!listen.ssl && !isLoopbackHost(listen.address)) out.push({ server, listen });
    }
  }
  return out;
}

export const locKey = (l: Loc): string => `${l.file}:${l.range.start.line}:${l.range.start.character}`;
