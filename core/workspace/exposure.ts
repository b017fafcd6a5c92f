// The exposure map: per TCP port reachable from outside, the path that lets traffic in (firewall rule, or Docker's
// bypass) → what takes it (a published port, a listener) → the service → where nginx proxies it, each step with its
// place in the files and the worst finding reported there.
import type { Finding, Severity } from '../types';
import { severityRank } from '../engine';
import { realPathOr } from '../paths';
import { CORE_MESSAGES } from '../l10n';
import { portCount } from '../firewall/ports';
import {
  backendsOf, composeServices, firewallPaths, hostPortFor, isLoopbackHost, nginxRuns, nginxServers, publishedOnHost, servesOnHost,
} from './cross';
import type { ComposeService, Loc, NginxListen, NginxServer, PublishedPort, SshdListener, Workspace } from './model';

export type NodeKind = 'firewall' | 'docker' | 'published' | 'listener' | 'service' | 'proxy';

/** The steps the map words itself, by message id in the core catalogue (core/l10n.ts); other labels are the files' words. */
export const EXPOSURE_STEPS = [
  'exposureDefaultAccept', 'exposureNoFirewall', 'exposureNothingListens', 'exposureDockerBypass',
] as const satisfies readonly (keyof typeof CORE_MESSAGES)[];

export type ExposureStepId = (typeof EXPOSURE_STEPS)[number];

export interface ExposureNode {
  kind: NodeKind;
  /** In English: the step's own sentence when `labelId` is set, else the files' words (host names, paths, images). */
  label: string;
  /** Set on the steps the map words itself: front ends translate these by id (`core:<labelId>` in l10n bundles). */
  labelId?: ExposureStepId;
  /** Where it is written; none for a step no file states (no firewall file at all). */
  loc?: Loc;
  worst?: NodeFinding;
}

export interface NodeFinding { ruleId: string; severity: Severity; message: string; file: string; line: number }

export interface ExposurePath { nodes: ExposureNode[] }

export interface PortExposure {
  port: number;
  paths: ExposurePath[];
  worst?: NodeFinding;
}

export interface ExposureMap {
  files: string[];
  ports: PortExposure[];
}

/**
 * The findings of a file, also when the map names it as a program reads it and the lint under another name: nginx
 * reads sites-enabled/x, a link to the sites-available/x the CLI linted (it lints a linked file once).
 */
function aliasedFindings(findings: ReadonlyMap<string, readonly Finding[]>): (file: string) => readonly Finding[] {
  let byRealPath: Map<string, readonly Finding[]> | undefined;
  return (file) => {
    const own = findings.get(file);
    if (own !== undefined) return own;
    if (!byRealPath) {
      byRealPath = new Map();
      for (const [p, list] of findings) byRealPath.set(realPathOr(p), list);
    }
    return byRealPath.get(realPathOr(file)) ?? [];
  };
}

/**
 * Builds the map from the workspace and the findings of its files (by absolute path). A port is reachable when a
 * firewall opens it to everyone (or accepts by default), when Docker publishes it on every interface, or when no
 * firewall file is among the files and something listens on it.
 */
export function exposureMap(ws: Workspace, findings: ReadonlyMap<string, readonly Finding[]>): ExposureMap {
  const findingsOf = aliasedFindings(findings);
  const worstAt = (loc: Loc | undefined): NodeFinding | undefined => {
    if (!loc) return undefined;
    let worst: NodeFinding | undefined;
    for (const f of findingsOf(loc.file)) {
      if (f.suppressed || f.range.start.line !== loc.range.start.line) continue;
      if (!worst || severityRank(f.severity) > severityRank(worst.severity)) {
        worst = { ruleId: f.ruleId, severity: f.severity, message: f.message, file: loc.file, line: f.range.start.line + 1 };
      }
    }
    return worst;
  };
  const node = (kind: NodeKind, label: string, loc?: Loc, labelId?: ExposureStepId): ExposureNode => {
    const n: ExposureNode = labelId ? { kind, label, labelId, loc } : { kind, label, loc };
    const w = worstAt(loc);
    if (w) n.worst = w;
    return n;
  };
  /** A step worded by the map: its English sentence as the label, for the JSON and anyone matching labels. */
  const step = (kind: NodeKind, id: ExposureStepId, loc?: Loc): ExposureNode => node(kind, CORE_MESSAGES[id], loc, id);

  const candidates = new Set<number>();
  for (const fw of ws.firewalls) {
    for (const o of fw.openings) {
      if (!o.anywhere || portCount(o.ports) > 64) continue;
      for (const [a, b] of o.ports) for (let p = a; p <= b; p++) candidates.add(p);
    }
  }
  const listeners = listenersByPort(ws);
  const listened = new Set<number>();
  for (const s of ws.sshd) for (const l of s.listeners) if (!l.local) listened.add(l.port);
  for (const server of nginxServers(ws)) {
    if (servesOnHost(ws, server)) for (const l of server.listens) if (!isLoopbackHost(l.address)) listened.add(l.port);
  }
  for (const c of ws.compose) {
    for (const s of c.services) for (const p of s.ports) if (p.everywhere && p.host && p.protocol === 'tcp') for (let x = p.host.from; x <= p.host.to && x - p.host.from < 64; x++) listened.add(x);
  }
  for (const p of listened) candidates.add(p);
  const services = serviceIndex(ws);
  const inContainers = containerServers(ws);
  const published = (p: PublishedPort, port: number) => publishedNodes(ws, p, port, services, inContainers, node);

  const ports: PortExposure[] = [];
  for (const port of [...candidates].sort((a, b) => a - b)) {
    const gates = firewallPaths(ws, port).map(({ firewall, opening }) => opening
      ? node('firewall', opening.text, opening.loc)
      : step('firewall', 'exposureDefaultAccept', firewall.policyLoc));
    if (ws.firewalls.length === 0 && listened.has(port)) gates.push(step('firewall', 'exposureNoFirewall'));
    const behind = listenersOn(ws, port, listeners, published, node);
    const paths: ExposurePath[] = [];
    for (const gate of gates) {
      if (behind.length === 0) paths.push({ nodes: [gate, step('service', 'exposureNothingListens')] });
      for (const b of behind) paths.push({ nodes: [gate, ...b] });
    }
    // Docker publishes past the firewall: its ports are reachable whatever the firewall says.
    if (gates.length === 0) {
      for (const p of publishedOnHost(ws, port)) {
        for (const nodes of published(p, port)) paths.push({ nodes: [step('docker', 'exposureDockerBypass'), ...nodes] });
      }
    }
    if (paths.length === 0) continue;
    let worst: NodeFinding | undefined;
    for (const path of paths) {
      for (const n of path.nodes) {
        if (n.worst && (!worst || severityRank(n.worst.severity) > severityRank(worst.severity))) worst = n.worst;
      }
    }
    ports.push({ port, paths, ...(worst ? { worst } : {}) });
  }
  return { files: [...ws.files.keys()], ports };
}

type MakeNode = (kind: NodeKind, label: string, loc?: Loc) => ExposureNode;

/** What listens on each host port, in the order of the files: sshd listeners, then nginx listens. */
interface Listeners {
  sshd: Map<number, SshdListener[]>;
  nginx: Map<number, { server: NginxServer; listen: NginxListen }[]>;
}

function listenersByPort(ws: Workspace): Listeners {
  const push = <T>(map: Map<number, T[]>, port: number, item: T) => {
    const list = map.get(port);
    if (list) list.push(item); else map.set(port, [item]);
  };
  const out: Listeners = { sshd: new Map(), nginx: new Map() };
  for (const s of ws.sshd) for (const l of s.listeners) if (!l.local) push(out.sshd, l.port, l);
  for (const server of nginxServers(ws)) {
    if (!servesOnHost(ws, server)) continue;
    for (const listen of server.listens) if (!isLoopbackHost(listen.address)) push(out.nginx, listen.port, { server, listen });
  }
  return out;
}

/** Compose services by file and name (the first of each, as a search in file order finds). */
function serviceIndex(ws: Workspace): Map<string, ComposeService> {
  const out = new Map<string, ComposeService>();
  for (const s of composeServices(ws)) {
    const key = `${s.file}\n${s.name}`;
    if (!out.has(key)) out.set(key, s);
  }
  return out;
}

/** nginx servers that compose services run in containers of their own network, by service. */
function containerServers(ws: Workspace): Map<ComposeService, NginxServer[]> {
  const out = new Map<ComposeService, NginxServer[]>();
  const runs = nginxRuns(ws);
  if (runs.size === 0) return out;
  for (const server of nginxServers(ws)) {
    for (const run of runs.get(server.file) ?? []) {
      if (run.hostNetwork) continue;
      const list = out.get(run.service) ?? [];
      if (!list.includes(server)) list.push(server);
      out.set(run.service, list);
    }
  }
  return out;
}

/** What takes connections on a host port, each as the nodes after the gate: listener → service → proxies. */
function listenersOn(ws: Workspace, port: number, listeners: Listeners, published: (p: PublishedPort, port: number) => ExposureNode[][], node: MakeNode): ExposureNode[][] {
  const out: ExposureNode[][] = [];
  for (const l of listeners.sshd.get(port) ?? []) out.push([node('listener', `sshd Port ${port}`, l.loc), node('service', 'sshd')]);
  for (const { server, listen } of listeners.nginx.get(port) ?? []) out.push(nginxNodes(ws, server, listen, node));
  for (const p of publishedOnHost(ws, port)) out.push(...published(p, port));
  return out;
}

/** An nginx listener → its server → where it proxies. */
function nginxNodes(ws: Workspace, server: NginxServer, l: NginxListen, node: MakeNode): ExposureNode[] {
  const name = server.names[0] ?? '_';
  // The address as written: `listen 80` and `listen [::]:80` are two listeners on one port.
  const address = l.address === undefined ? '' : l.address.includes(':') ? `[${l.address}]:` : `${l.address}:`;
  const nodes = [node('listener', `nginx listen ${address}${l.port}${l.ssl ? ' ssl' : ''}`, l.loc), node('service', `nginx ${name}`, server.loc)];
  for (const proxy of server.proxies) {
    const backends = backendsOf(ws, server, proxy).map((p) => p.service);
    nodes.push(node('proxy', `proxy_pass ${proxy.url}${backends.length > 0 ? ` → ${[...new Set(backends)].join(', ')}` : ''}`, proxy.loc));
  }
  return nodes;
}

/** A published port → its compose service, then each nginx listener of the container that takes host port `port`. */
function publishedNodes(
  ws: Workspace, p: PublishedPort, port: number, services: Map<string, ComposeService>, inContainers: Map<ComposeService, NginxServer[]>, node: MakeNode,
): ExposureNode[][] {
  const service = services.get(`${p.loc.file}\n${p.service}`);
  const head = [node('published', `ports: ${p.label}`, p.loc), node('service', `compose service ${p.service}`, service?.loc)];
  const out: ExposureNode[][] = [];
  for (const server of (service && inContainers.get(service)) ?? []) {
    for (const listen of server.listens) {
      if (!isLoopbackHost(listen.address) && hostPortFor(p, listen.port) === port) out.push([...head, ...nginxNodes(ws, server, listen, node)]);
    }
  }
  return out.length > 0 ? out : [head];
}
