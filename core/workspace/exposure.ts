// The exposure map: per TCP port reachable from outside, the path that lets traffic in (firewall rule, or Docker's
// bypass) → what takes it (a published port, a listener) → the service → where nginx proxies it, each step with its
// place in the files and the worst finding reported there.
import type { Finding, Severity } from '../types';
import { severityRank } from '../engine';
import { portCount } from '../firewall/ports';
import { firewallPaths, isLoopbackHost, nginxServers, portsBehindProxy, publishedOnHost } from './cross';
import type { Loc, PublishedPort, Workspace } from './model';

export type NodeKind = 'firewall' | 'docker' | 'published' | 'listener' | 'service' | 'proxy';

export interface ExposureNode {
  kind: NodeKind;
  label: string;
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
 * Builds the map from the workspace and the findings of its files (by absolute path). A port is reachable when a
 * firewall opens it to everyone (or accepts by default), when Docker publishes it on every interface, or when no
 * firewall file is among the files and something listens on it.
 */
export function exposureMap(ws: Workspace, findings: ReadonlyMap<string, readonly Finding[]>): ExposureMap {
  const worstAt = (loc: Loc | undefined): NodeFinding | undefined => {
    if (!loc) return undefined;
    let worst: NodeFinding | undefined;
    for (const f of findings.get(loc.file) ?? []) {
      if (f.suppressed || f.range.start.line !== loc.range.start.line) continue;
      if (!worst || severityRank(f.severity) > severityRank(worst.severity)) {
        worst = { ruleId: f.ruleId, severity: f.severity, message: f.message, file: loc.file, line: f.range.start.line + 1 };
      }
    }
    return worst;
  };
  const node = (kind: NodeKind, label: string, loc?: Loc): ExposureNode => {
    const n: ExposureNode = { kind, label, loc };
    const w = worstAt(loc);
    if (w) n.worst = w;
    return n;
  };

  const candidates = new Set<number>();
  for (const fw of ws.firewalls) {
    for (const o of fw.openings) {
      if (!o.anywhere || portCount(o.ports) > 64) continue;
      for (const [a, b] of o.ports) for (let p = a; p <= b; p++) candidates.add(p);
    }
  }
  const listened = new Set<number>();
  for (const s of ws.sshd) for (const l of s.listeners) if (!l.local) listened.add(l.port);
  for (const server of nginxServers(ws)) for (const l of server.listens) if (!isLoopbackHost(l.address)) listened.add(l.port);
  for (const c of ws.compose) {
    for (const s of c.services) for (const p of s.ports) if (p.everywhere && p.host && p.protocol === 'tcp') for (let x = p.host.from; x <= p.host.to && x - p.host.from < 64; x++) listened.add(x);
  }
  for (const p of listened) candidates.add(p);

  const ports: PortExposure[] = [];
  for (const port of [...candidates].sort((a, b) => a - b)) {
    const gates = firewallPaths(ws, port).map(({ firewall, opening }) => opening
      ? node('firewall', opening.text, opening.loc)
      : node('firewall', 'accepts every incoming connection by default', firewall.policyLoc));
    if (ws.firewalls.length === 0 && listened.has(port)) gates.push(node('firewall', 'no firewall file among these files'));
    const behind = listenersOn(ws, port, node);
    const paths: ExposurePath[] = [];
    for (const gate of gates) {
      if (behind.length === 0) paths.push({ nodes: [gate, node('service', 'nothing in these files listens here')] });
      for (const b of behind) paths.push({ nodes: [gate, ...b] });
    }
    // Docker publishes past the firewall: its ports are reachable whatever the firewall says.
    if (gates.length === 0) {
      for (const p of publishedOnHost(ws, port)) paths.push({ nodes: [node('docker', 'Docker publishes past the firewall'), ...publishedNodes(ws, p, node)] });
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

/** What takes connections on a host port, each as the nodes after the gate: listener → service → proxies. */
function listenersOn(ws: Workspace, port: number, node: (kind: NodeKind, label: string, loc?: Loc) => ExposureNode): ExposureNode[][] {
  const out: ExposureNode[][] = [];
  for (const s of ws.sshd) {
    for (const l of s.listeners) {
      if (l.port === port && !l.local) out.push([node('listener', `sshd Port ${port}`, l.loc), node('service', 'sshd')]);
    }
  }
  for (const server of nginxServers(ws)) {
    for (const l of server.listens) {
      if (l.port !== port || isLoopbackHost(l.address)) continue;
      const name = server.names[0] ?? '_';
      const nodes = [node('listener', `nginx listen ${port}${l.ssl ? ' ssl' : ''}`, l.loc), node('service', `nginx ${name}`, server.loc)];
      for (const proxy of server.proxies) {
        const backends = portsBehindProxy(ws, proxy).map((p) => p.service);
        nodes.push(node('proxy', `proxy_pass ${proxy.url}${backends.length > 0 ? ` → ${[...new Set(backends)].join(', ')}` : ''}`, proxy.loc));
      }
      out.push(nodes);
    }
  }
  for (const p of publishedOnHost(ws, port)) out.push(publishedNodes(ws, p, node));
  return out;
}

function publishedNodes(ws: Workspace, p: PublishedPort, node: (kind: NodeKind, label: string, loc?: Loc) => ExposureNode): ExposureNode[] {
  const service = ws.compose.flatMap((c) => c.services).find((s) => s.file === p.loc.file && s.name === p.service);
  return [node('published', `ports: ${p.label}`, p.loc), node('service', `compose service ${p.service}`, service?.loc)];
}
