// What cross-file rules see, and the links between files they (and the exposure report) follow: a port a firewall
// opens, a port Docker publishes, a port nginx listens on or proxies to, a compose service nginx names.
import * as path from 'node:path';
import type { LintInput } from '../engine';
import { hasPort, portCount } from '../firewall/ports';
import { parentOf, relativeName, resolvePath } from '../paths';
import type {
  ComposeService, ContainerMount, FirewallModel, FirewallOpening, Loc, NginxListen, NginxServer, ProxyTarget, PublishedPort, Workspace,
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

/** Per firewall: each port its rules open exactly to everyone, with the first such rule (firewallPaths asks per port). */
const openedToAll = new WeakMap<FirewallModel, Map<number, FirewallOpening>>();

function openedToAllOf(fw: FirewallModel): Map<number, FirewallOpening> {
  let byPort = openedToAll.get(fw);
  if (!byPort) {
    openedToAll.set(fw, byPort = new Map());
    for (const o of fw.openings) {
      if (!o.anywhere || portCount(o.ports) > 64) continue;
      for (const [a, b] of o.ports) for (let p = a; p <= b; p++) if (!byPort.has(p)) byPort.set(p, o);
    }
  }
  return byPort;
}

/** How the Internet reaches TCP `port` through the firewalls of the workspace (empty when none says it can). */
export function firewallPaths(ws: Workspace, port: number): { firewall: FirewallModel; opening?: FirewallOpening }[] {
  const out: { firewall: FirewallModel; opening?: FirewallOpening }[] = [];
  for (const fw of ws.firewalls) {
    if (fw.defaultDeny === undefined) continue;
    const opening = openedToAllOf(fw).get(port);
    if (fw.defaultDeny === false) out.push({ firewall: fw, opening });
    else if (opening) out.push({ firewall: fw, opening });
  }
  return out;
}

/** Lists derived from a workspace once: rules and the exposure map ask for them per port and per proxy. */
interface Derived {
  published: PublishedPort[];
  /** Published TCP ports with a host port on every interface. */
  publishedTcpEverywhere: PublishedPort[];
  services: ComposeService[];
  servers: NginxServer[];
}

const derived = new WeakMap<Workspace, Derived>();

function derivedOf(ws: Workspace): Derived {
  let d = derived.get(ws);
  if (!d) {
    const published = ws.compose.flatMap((c) => c.services.flatMap((s) => s.ports));
    derived.set(ws, d = {
      published,
      publishedTcpEverywhere: published.filter((p) => p.everywhere && p.protocol === 'tcp' && p.host !== undefined),
      services: ws.compose.flatMap((c) => c.services),
      servers: ws.nginx.flatMap((n) => n.servers),
    });
  }
  return d;
}

export const publishedPorts = (ws: Workspace): readonly PublishedPort[] => derivedOf(ws).published;

export const composeServices = (ws: Workspace): readonly ComposeService[] => derivedOf(ws).services;

export const nginxServers = (ws: Workspace): readonly NginxServer[] => derivedOf(ws).servers;

const inRange = (r: { from: number; to: number } | undefined, port: number): boolean => r !== undefined && port >= r.from && port <= r.to;

/** Published TCP ports that take host port `port` on every interface. */
export function publishedOnHost(ws: Workspace, port: number): PublishedPort[] {
  return derivedOf(ws).publishedTcpEverywhere.filter((p) => inRange(p.host, port));
}

// ---- nginx in a container ------------------------------------------------------------------------------------------

/** Where the nginx images read their configuration: a file placed under it is part of the container's nginx. */
const NGINX_CONFIG_DIR = '/etc/nginx/';

/** A compose service that puts an nginx file of the workspace in its container's nginx configuration. */
export interface NginxRun {
  service: ComposeService;
  mount: ContainerMount;
  /** The container shares the host's network (`network_mode: host`): its listens are the host's ports. */
  hostNetwork: boolean;
}

const runsCache = new WeakMap<Workspace, Map<string, NginxRun[]>>();

/** The compose services that run each nginx file (by the file's absolute path), from their bind mounts and configs. */
export function nginxRuns(ws: Workspace): ReadonlyMap<string, NginxRun[]> {
  let runs = runsCache.get(ws);
  if (runs) return runs;
  runsCache.set(ws, runs = new Map());
  const mounts = composeServices(ws).flatMap((service) => service.mounts.map((mount) => ({ service, mount })));
  if (mounts.length === 0) return runs;
  for (const n of ws.nginx) {
    for (const { service, mount } of mounts) {
      const inside = n.file === mount.source ? mount.target
        : n.file.startsWith(mount.source + '/') ? path.posix.join(mount.target, n.file.slice(mount.source.length + 1)) : undefined;
      if (inside === undefined || !inside.startsWith(NGINX_CONFIG_DIR)) continue;
      const list = runs.get(n.file) ?? [];
      list.push({ service, mount, hostNetwork: service.networkMode === 'host' });
      runs.set(n.file, list);
    }
  }
  return runs;
}

/**
 * The server listens on the host's own ports: no compose service runs its file in a container of its own network
 * (a container on the host network listens on the host's ports too).
 */
export function servesOnHost(ws: Workspace, server: NginxServer): boolean {
  const runs = nginxRuns(ws).get(server.file);
  return runs === undefined || runs.some((r) => r.hostNetwork);
}

/** The proxy's backends on this host: none for a loopback target of nginx in a container (its own loopback). */
export function backendsOf(ws: Workspace, server: NginxServer, proxy: ProxyTarget): PublishedPort[] {
  return isLoopbackHost(proxy.host) && !servesOnHost(ws, server) ? [] : portsBehindProxy(ws, proxy);
}

/** The host port that Docker forwards to container port `port` through `p`, if it does. */
export function hostPortFor(p: PublishedPort, port: number): number | undefined {
  const { host, container } = p;
  if (!host || !container || port < container.from || port > container.to) return undefined;
  if (host.from === host.to) return container.from === container.to ? host.from : undefined;
  return host.to - host.from === container.to - container.from ? host.from + port - container.from : undefined;
}

/** How a published port reaches a listen of nginx in a container. */
export interface ContainerPath { published: PublishedPort; hostPort: number; run: NginxRun }

/** The published TCP ports (on every interface) that reach `listen` of a server running in containers. */
export function containerPaths(ws: Workspace, server: NginxServer, listen: NginxListen): ContainerPath[] {
  if (isLoopbackHost(listen.address)) return [];
  const out: ContainerPath[] = [];
  for (const run of nginxRuns(ws).get(server.file) ?? []) {
    if (run.hostNetwork) continue;
    for (const published of run.service.ports) {
      if (!published.everywhere || published.protocol !== 'tcp') continue;
      const hostPort = hostPortFor(published, listen.port);
      if (hostPort !== undefined) out.push({ published, hostPort, run });
    }
  }
  return out;
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
