// The host's exposure model across files: what sshd listens on, what the firewall opens and to whom, what Docker
// publishes, what nginx serves and where it proxies. Built from each family's own context (no parsing of its own);
// files are linked later by what they say (ports, service and container names), never by their names.
import * as path from 'node:path';
import type { LintEnv, LintInput } from '../engine';
import { createComposeContext } from '../compose/context';
import { isMap, isScalar, isSeq, Located, lookup, resolve as resolveNode, scalarText } from '../compose/parse';
import { bindingOf, parseShortPort, portRange, PortRange } from '../compose/ports';
import { isHostPath, normalizeHostPath, parseShortVolume } from '../compose/volumes';
import { createFirewallContext, FirewallContext } from '../firewall/context';
import {
  acceptsNew, BOTH, endsInDrop, fromAnywhere, FwRule, inputChains, IpFamily, loopbackOnly, portsFor, Span,
} from '../firewall/model';
import type { PortSet } from '../firewall/ports';
import { detectKind, isSshdDropIn } from '../kinds';
import { createNginxContext, headRange, NginxRole } from '../nginx/context';
import { argRange, Directive as NginxDirective, findAll, nameRange, NginxConfig, NginxFile, walk } from '../nginx/tree';
import { parentOf, resolvePath } from '../paths';
import type { Directive as SshdDirective } from '../sshd/config';
import { createSshdContext, valueRange } from '../sshd/context';
import { lineRange } from '../text';
import type { FileHost, Kind, Range } from '../types';

/** A place in one file of the workspace. */
export interface Loc { file: string; range: Range }

export interface WorkspaceFile { path: string; text: string; kind: Kind }

// ---- sshd ---------------------------------------------------------------------------------------------------------

export interface SshdListener {
  port: number;
  /** Addresses it listens on ('*' when every address: no ListenAddress). */
  addresses: string[];
  /** Only on loopback addresses: not reachable from outside. */
  local: boolean;
  /** The Port (or ListenAddress) line that sets it; line 1 of the main file when the default 22 applies. */
  loc: Loc;
  implicit: boolean;
}

export interface SshdModel { file: string; listeners: SshdListener[] }

// ---- firewall -----------------------------------------------------------------------------------------------------

export interface FirewallOpening {
  /** TCP ports the rule accepts new connections on (every port when the rule names none). */
  ports: PortSet;
  /** From any address (no source restriction). */
  anywhere: boolean;
  families: IpFamily[];
  /** The port word of the rule, or the whole rule. */
  loc: Loc;
  /** The rule as written, for reports. */
  text: string;
  /** Names the SSH service or an SSH port variable. */
  ssh: boolean;
}

export interface FirewallModel {
  file: string;
  /** Incoming connections no rule accepts are dropped; undefined when the file does not say. */
  defaultDeny: boolean | undefined;
  /** Where the default is stated (policy line, `ufw default`, the first ufw command for ufw's own default). */
  policyLoc?: Loc;
  openings: FirewallOpening[];
  /** ufw manages the rules: Docker's published ports skip them. */
  ufw: boolean;
}

// ---- compose ------------------------------------------------------------------------------------------------------

export interface PublishedPort {
  service: string;
  containerName?: string;
  /** As written: "8080:80", "127.0.0.1:5432:5432"; the long syntax as "published:target". */
  label: string;
  hostIp?: string;
  /** Published on every interface of the host (no host IP, 0.0.0.0 or ::). */
  everywhere: boolean;
  /** Host ports; undefined for a random one. */
  host?: PortRange;
  container?: PortRange;
  protocol: string;
  loc: Loc;
}

/** A host file or folder a service puts in its container: a bind mount, or a `configs:` entry read from a file. */
export interface ContainerMount {
  /** Absolute path on the host. */
  source: string;
  /** Absolute path in the container. */
  target: string;
  /** The volume or config entry. */
  loc: Loc;
}

export interface ComposeService {
  file: string;
  name: string;
  containerName?: string;
  loc: Loc;
  ports: PublishedPort[];
  /** Host paths the service mounts, when the file names them (no variable without a default, no `~`). */
  mounts: ContainerMount[];
  /** `network_mode` as written: `host` shares the host's ports (published ports do not apply then). */
  networkMode?: string;
}

export interface ComposeModel { file: string; services: ComposeService[] }

// ---- nginx --------------------------------------------------------------------------------------------------------

export interface NginxListen {
  port: number;
  address?: string;
  ssl: boolean;
  /** No listen directive: nginx listens on *:80. */
  implicit: boolean;
  loc: Loc;
}

export interface ProxyTarget {
  /** The proxy_pass URL as written. */
  url: string;
  scheme: string;
  /** Host name, address or upstream server host. */
  host: string;
  port: number;
  /** Through `upstream NAME { server host:port; }`. */
  upstream?: string;
  loc: Loc;
}

export interface NginxServer {
  file: string;
  loc: Loc;
  names: string[];
  listens: NginxListen[];
  proxies: ProxyTarget[];
  /** Sends every plain-HTTP request to https:// (`return 301 https://…`, `rewrite … https://… permanent`). */
  redirectsToHttps: boolean;
}

export interface NginxModel {
  file: string;
  /** A main nginx.conf (not a site or snippet). */
  main: boolean;
  servers: NginxServer[];
}

// ---- the workspace ------------------------------------------------------------------------------------------------

export interface FileModel {
  file: WorkspaceFile;
  sshd?: SshdModel;
  firewall?: FirewallModel;
  compose?: ComposeModel;
  nginx?: NginxModel;
}

export interface Workspace {
  /** Per absolute path, in the order given. */
  files: ReadonlyMap<string, FileModel>;
  sshd: SshdModel[];
  firewalls: FirewallModel[];
  compose: ComposeModel[];
  nginx: NginxModel[];
  /**
   * The files describe one host: at most one main sshd_config and one main nginx.conf. A folder of several hosts'
   * configs (a corpus, an inventory) cannot be linked without guessing which file belongs to which host.
   */
  singleHost: boolean;
  /** The same workspace with one file's text replaced (or added): an unsaved buffer, a fix pass. */
  withFile(file: WorkspaceFile): Workspace;
}

/**
 * What reading a file needs: a file host and the configuration that applies to it, and the files main sshd configs
 * of the workspace include (see sshd-includes.ts).
 */
export type WorkspaceEnv = (path: string) => Pick<LintEnv, 'host' | 'config' | 'sshdIncluded'>;

export function buildWorkspace(files: readonly WorkspaceFile[], envFor: WorkspaceEnv): Workspace {
  const absolute = files.map((f) => ({ ...f, path: resolvePath(f.path) }));
  // Main nginx.conf files first: the sites they include are then read from their tree instead of loading it again
  // for each site (a site's own context loads the whole nginx.conf that includes it).
  const mains: NginxMains = new Map();
  const early = new Map<WorkspaceFile, FileModel>();
  for (const f of absolute) if (f.kind === 'nginx' && isMainNginx(f.path)) early.set(f, modelOf(f, envFor, mains));
  const models = new Map<string, FileModel>();
  for (const f of absolute) models.set(f.path, early.get(f) ?? modelOf(f, envFor, mains));
  return assemble(models, envFor, mains);
}

function assemble(models: Map<string, FileModel>, envFor: WorkspaceEnv, mains: NginxMains): Workspace {
  const list = [...models.values()];
  const ws: Workspace = {
    files: models,
    sshd: list.flatMap((m) => (m.sshd ? [m.sshd] : [])),
    firewalls: list.flatMap((m) => (m.firewall ? [m.firewall] : [])),
    compose: list.flatMap((m) => (m.compose ? [m.compose] : [])),
    nginx: list.flatMap((m) => (m.nginx ? [m.nginx] : [])),
    singleHost: true,
    withFile(file) {
      const abs = resolvePath(file.path);
      const current = models.get(abs);
      if (current && current.file.text === file.text && current.file.kind === file.kind) return ws;
      const next = new Map(models);
      const nextMains: NginxMains = new Map(mains);
      nextMains.delete(abs);
      next.set(abs, modelOf({ ...file, path: abs }, envFor, nextMains));
      return assemble(next, envFor, nextMains);
    },
  };
  ws.singleHost = ws.sshd.length <= 1 && ws.nginx.filter((n) => n.main).length <= 1;
  return ws;
}

function modelOf(file: WorkspaceFile, envFor: WorkspaceEnv, mains: NginxMains): FileModel {
  const env = { ...envFor(file.path), locale: 'en' as const, rules: [] };
  // A drop-in's ports add to its main file's: only the main file knows the whole list (see sshdModel).
  if (file.kind === 'sshd' && (isSshdDropIn(file.path) || env.sshdIncluded?.has(file.path))) return { file };
  const input: LintInput = { path: file.path, text: file.text, kind: file.kind };
  // A file a family cannot read contributes nothing; its own lint reports why.
  try {
    switch (file.kind) {
      case 'sshd': return { file, sshd: sshdModel(input, env) };
      case 'firewall': return { file, firewall: firewallModel(input, env) };
      case 'compose': return { file, compose: composeModel(input) };
      case 'nginx': return { file, nginx: nginxModel(input, env, mains) };
    }
  } catch {
    return { file };
  }
}

// ---- sshd ---------------------------------------------------------------------------------------------------------

const LOOPBACK = /^(127\.|localhost$|::1$|\[::1\]$)/;

/** `host:port`, `[addr]:port`, or an address alone (it takes every Port). */
function splitListenAddress(arg: string): { address: string; port?: string } {
  if (arg.startsWith('[')) {
    const m = /^\[([^\]]*)\](?::(.+))?$/.exec(arg);
    return m ? { address: m[1], port: m[2] } : { address: arg };
  }
  const parts = arg.split(':');
  return parts.length === 2 ? { address: parts[0], port: parts[1] } : { address: arg };
}

function sshdModel(input: LintInput, env: LintEnv): SshdModel | undefined {
  const ctx = createSshdContext(input, env);
  // A drop-in's ports add to its main file's: only the main file knows the whole list.
  if (ctx.role !== 'main') return undefined;
  const valueLoc = (d: SshdDirective): Loc => ({ file: d.file.path, range: valueRange(ctx, d) });
  const ports = (ctx.ev.lists.get('port') ?? []).filter((s) => s.args.length > 0);
  const portList = ports.length > 0
    ? ports.map((s) => ({ port: Number(s.args[0]), loc: valueLoc(s.directive), implicit: false }))
    : [{ port: 22, loc: { file: ctx.file.path, range: lineRange(ctx.src, 0) }, implicit: true }];
  const byPort = new Map<number, SshdListener>();
  const add = (port: number, address: string, loc: Loc, implicit: boolean) => {
    if (!Number.isInteger(port) || port <= 0 || port > 65535) return;
    let l = byPort.get(port);
    if (!l) byPort.set(port, (l = { port, addresses: [], local: true, loc, implicit }));
    if (!l.addresses.includes(address)) l.addresses.push(address);
    if (!LOOPBACK.test(address)) l.local = false;
  };
  const listens = (ctx.ev.lists.get('listenaddress') ?? []).filter((s) => s.args.length > 0);
  if (listens.length === 0) {
    for (const p of portList) add(p.port, '*', p.loc, p.implicit);
  } else {
    for (const l of listens) {
      const { address, port } = splitListenAddress(l.args[0]);
      if (port !== undefined) add(Number(port), address, valueLoc(l.directive), false);
      else for (const p of portList) add(p.port, address, p.loc, p.implicit);
    }
  }
  return { file: ctx.file.path, listeners: [...byPort.values()] };
}

// ---- firewall -----------------------------------------------------------------------------------------------------

function firewallModel(input: LintInput, env: LintEnv): FirewallModel {
  const ctx = createFirewallContext(input, env);
  const loc = (s: Span): Loc => ({ file: ctx.path, range: ctx.src.range(s.start, s.end) });
  const openings: FirewallOpening[] = [];
  const seen = new Map<FwRule, FirewallOpening>();
  for (const rs of ctx.rulesets) {
    for (const family of BOTH) {
      for (const chain of inputChains(rs, family)) {
        for (const r of chain.rules) {
          if (r.unknown || r.verdict.kind !== 'accept' || !r.families.includes(family)) continue;
          if (!acceptsNew(r) || loopbackOnly(r) || r.inIface === 'unknown' || r.src === 'unknown') continue;
          const ports = portsFor(r, 'tcp');
          if (!ports) continue;
          const known = seen.get(r);
          if (known) {
            if (!known.families.includes(family)) known.families.push(family);
            continue;
          }
          const anywhere = fromAnywhere(r);
          const opening: FirewallOpening = {
            ports, anywhere, families: [family], loc: loc(r.portSpan ?? r.span),
            text: ctx.src.text.slice(r.span.start, r.span.end), ssh: r.ssh,
          };
          seen.set(r, opening);
          openings.push(opening);
        }
      }
    }
  }
  return { file: ctx.path, ...defaultPolicy(ctx, loc), openings };
}

function defaultPolicy(ctx: FirewallContext, loc: (s: Span) => Loc): { defaultDeny: boolean | undefined; policyLoc?: Loc; ufw: boolean } {
  const ufwOps = ctx.ops.flatMap((o) => (o.kind === 'ufw' ? [o.cmd] : []));
  if (ufwOps.length > 0) {
    // ufw denies incoming connections unless told otherwise; the last `ufw default … incoming` wins.
    const defaults = ufwOps.filter((c) => c.kind === 'default' && c.direction === 'incoming');
    const last = defaults[defaults.length - 1];
    if (last && last.kind === 'default') return { defaultDeny: last.policy !== 'allow', policyLoc: loc(last.span), ufw: true };
    const enable = ufwOps.find((c) => c.kind === 'enable') ?? ufwOps[0];
    return { defaultDeny: true, policyLoc: loc(enable.span), ufw: true };
  }
  const kv = ctx.kv?.get('DEFAULT_INPUT_POLICY');
  if (ctx.format === 'ufw-default' && kv) {
    return { defaultDeny: kv.value.toUpperCase() !== 'ACCEPT', policyLoc: loc(kv.span), ufw: true };
  }
  let verdict: boolean | undefined;
  let where: Loc | undefined;
  for (const rs of ctx.rulesets) {
    for (const chain of rs.chains) {
      if (chain.hook !== 'input' || chain.type !== 'filter' || !chain.families.includes('ipv4')) continue;
      const policy = chain.policies[chain.policies.length - 1];
      const drops = (policy?.verdict === 'drop') || endsInDrop(rs, chain);
      if (drops) {
        verdict = true;
        where ??= policy ? loc(policy.span) : chain.span ? loc(chain.span) : undefined;
      } else if (verdict === undefined) {
        verdict = false;
        where = policy ? loc(policy.span) : chain.span ? loc(chain.span) : undefined;
      }
    }
  }
  return { defaultDeny: verdict, policyLoc: where, ufw: false };
}

// ---- compose ------------------------------------------------------------------------------------------------------

/** A bind source as a host path (relative to the compose file's folder), or undefined when the file does not say it. */
function hostPath(source: string, dir: string): string | undefined {
  const p = normalizeHostPath(source);
  if (p.includes('${') || p.includes('$') || p.startsWith('~') || /^[A-Za-z]:[\\/]/.test(p)) return undefined;
  return path.resolve(dir, p);
}

function composeModel(input: LintInput): ComposeModel {
  const ctx = createComposeContext(input);
  const file = resolvePath(input.path);
  const loc = (v: Located): Loc => ({ file, range: ctx.reportRange(v) });
  const text = (v: Located | undefined): string | undefined => (v && isScalar(v.node) ? scalarText(v.node) : undefined);
  const dir = parentOf(file);
  // Top-level `configs:` read from a file: a service's `configs:` entry puts it in the container.
  const topConfigs = new Map<string, string>();
  const root = resolveNode(ctx.doc, ctx.doc.contents);
  const configsMap = isMap(root) ? lookup(ctx.doc, root, 'configs') : undefined;
  if (configsMap && isMap(configsMap.node)) {
    for (const e of ctx.entries(configsMap.node, configsMap)) {
      const fileField = isMap(e.value.node) ? text(lookup(ctx.doc, e.value.node, 'file')) : undefined;
      if (fileField !== undefined) topConfigs.set(e.name, fileField);
    }
  }
  const services: ComposeService[] = [];
  for (const service of ctx.services) {
    if (!service.map) continue;
    const containerName = text(ctx.get(service, 'container_name'));
    const out: ComposeService = {
      file, name: service.name, containerName, loc: { file, range: ctx.rangeOf(service.key) }, ports: [], mounts: [],
      networkMode: text(ctx.get(service, 'network_mode')),
    };
    const list = ctx.get(service, 'ports');
    if (list && isSeq(list.node)) {
      for (const item of ctx.items(list.node, list)) {
        const port = isMap(item.node) ? longPort(item) : shortPort(item);
        if (port) out.ports.push(port);
      }
    }
    const volumes = ctx.get(service, 'volumes');
    if (volumes && isSeq(volumes.node)) {
      for (const item of ctx.items(volumes.node, volumes)) {
        const mount = isMap(item.node) ? longVolume(item) : shortVolume(item);
        if (mount) out.mounts.push(mount);
      }
    }
    const configs = ctx.get(service, 'configs');
    if (configs && isSeq(configs.node)) {
      for (const item of ctx.items(configs.node, configs)) {
        const mount = configMount(item);
        if (mount) out.mounts.push(mount);
      }
    }
    services.push(out);

    function mountOf(source: string | undefined, target: string | undefined, at: Located): ContainerMount | undefined {
      const host = source === undefined ? undefined : hostPath(source, dir);
      if (host === undefined || target === undefined || !target.startsWith('/')) return undefined;
      return { source: host, target: path.posix.normalize(target).replace(/(.)\/$/, '$1'), loc: loc(at) };
    }
    function shortVolume(item: Located): ContainerMount | undefined {
      const spec = text(item);
      const volume = spec === undefined ? undefined : parseShortVolume(spec);
      return volume?.source !== undefined && isHostPath(volume.source) ? mountOf(volume.source, volume.target, item) : undefined;
    }
    function longVolume(item: Located): ContainerMount | undefined {
      if (!isMap(item.node)) return undefined;
      const fields = new Map(ctx.entries(item.node, item).map((e) => [e.name, e.value]));
      if (text(fields.get('type')) !== 'bind') return undefined;
      return mountOf(text(fields.get('source')), text(fields.get('target')), fields.get('source') ?? item);
    }
    function configMount(item: Located): ContainerMount | undefined {
      // `- name` or `{ source: name, target: /path }`; the target defaults to /<name>.
      let name = text(item);
      let target: string | undefined;
      let at = item;
      if (isMap(item.node)) {
        const fields = new Map(ctx.entries(item.node, item).map((e) => [e.name, e.value]));
        name = text(fields.get('source'));
        target = text(fields.get('target'));
        at = fields.get('source') ?? item;
      }
      if (name === undefined) return undefined;
      const source = topConfigs.get(name);
      return source === undefined ? undefined : mountOf(source, target ?? `/${name}`, at);
    }

    function shortPort(item: Located): PublishedPort | undefined {
      const spec = text(item);
      const parsed = spec === undefined ? undefined : parseShortPort(spec);
      if (!parsed || spec === undefined) return undefined;
      return {
        service: service.name, containerName, label: spec, hostIp: parsed.hostIp,
        everywhere: parsed.binding === 'all-implicit' || parsed.binding === 'all-explicit',
        host: portRange(parsed.hostPort), container: portRange(parsed.containerPort), protocol: parsed.protocol ?? 'tcp', loc: loc(item),
      };
    }
    function longPort(item: Located): PublishedPort | undefined {
      if (!isMap(item.node)) return undefined;
      const fields = new Map(ctx.entries(item.node, item).map((e) => [e.name, e.value]));
      const hostIp = text(fields.get('host_ip'));
      const published = text(fields.get('published'));
      const binding = fields.has('host_ip') ? bindingOf(hostIp ?? '${?}') : 'all-implicit';
      return {
        service: service.name, containerName, label: `${published !== undefined ? `${published}:` : ''}${text(fields.get('target')) ?? '?'}`,
        hostIp, everywhere: binding === 'all-implicit' || binding === 'all-explicit', host: portRange(published),
        container: portRange(text(fields.get('target'))), protocol: text(fields.get('protocol')) ?? 'tcp',
        loc: loc(fields.get('published') ?? item),
      };
    }
  }
  return { file, services };
}

// ---- nginx --------------------------------------------------------------------------------------------------------

/** Every directive inside `d`'s block, includes expanded. */
function descendants(d: NginxDirective, visit: (x: NginxDirective) => void): void {
  const go = (list: NginxDirective[] | undefined) => {
    for (const x of list ?? []) {
      visit(x);
      if (x.include) for (const t of x.include.targets) go(t.directives);
      go(x.children);
    }
  };
  go(d.children);
}

/** `listen` arguments: `80`, `443 ssl`, `127.0.0.1:8080`, `[::]:80`, `localhost`, `unix:/path` (no port). */
function listenSocket(arg: string): { address?: string; port: number } | undefined {
  if (arg.startsWith('unix:')) return undefined;
  let m = /^\[([^\]]*)\](?::(\d+))?$/.exec(arg);
  if (m) return { address: m[1], port: m[2] ? Number(m[2]) : 80 };
  if (/^\d+$/.test(arg)) return { port: Number(arg) };
  m = /^([^:]+):(\d+)$/.exec(arg);
  if (m) return { address: m[1], port: Number(m[2]) };
  return { address: arg, port: 80 };
}

const REDIRECT_CODES = new Set(['301', '302', '303', '307', '308']);

/** A main nginx.conf of the workspace as loaded for its model: its sites are read from this tree. */
interface NginxMain {
  text: string;
  host: FileHost;
  config: NginxConfig;
  /** http `server` blocks by the file they are written in, in reading order (what a site's context lists). */
  servers: Map<NginxFile, NginxDirective[]>;
  upstreams: Upstreams;
}

type NginxMains = Map<string, NginxMain>;

type Upstreams = Map<string, { host: string; port?: number }[]>;

/** What the model reads from an nginx file: the tree it sits in and where to report its directives. */
interface NginxView {
  file: NginxFile;
  role: NginxRole;
  servers: readonly NginxDirective[];
  upstreams: Upstreams;
  locate(d: NginxDirective): Range | undefined;
}

// As core/nginx/context.ts: nginx reads a file named nginx.conf as a main file, and looks this many folders up from a
// site for the nginx.conf that includes it.
const isMainNginx = (p: string): boolean => path.basename(p) === 'nginx.conf';
const MAX_UPWARD = 4;

function upstreamsOf(config: NginxConfig): Upstreams {
  const upstreams: Upstreams = new Map();
  for (const u of findAll(config, 'upstream')) {
    const name = u.args[0];
    if (!name) continue;
    const servers: { host: string; port?: number }[] = [];
    descendants(u, (s) => {
      if (s.name !== 'server' || !s.args[0]) return;
      const m = /^(.*?)(?::(\d+))?$/.exec(s.args[0])!;
      servers.push({ host: m[1], port: m[2] ? Number(m[2]) : undefined });
    });
    upstreams.set(name, servers);
  }
  return upstreams;
}

/** The view of `input` its own nginx context gives; a main file's tree is kept for the sites it includes. */
function contextView(input: LintInput, env: LintEnv, mains: NginxMains): NginxView {
  const ctx = createNginxContext(input, env);
  const upstreams = upstreamsOf(ctx.config);
  if (ctx.role === 'main') {
    const servers = new Map<NginxFile, NginxDirective[]>();
    walk(ctx.config, (d) => {
      if (d.name !== 'server' || d.context !== 'http' || !d.children) return;
      const list = servers.get(d.file);
      if (list) list.push(d); else servers.set(d.file, [d]);
    });
    mains.set(ctx.file.path, { text: input.text, host: env.host, config: ctx.config, servers, upstreams });
  }
  return { file: ctx.file, role: ctx.role, servers: ctx.servers, upstreams, locate: ctx.locate };
}

/**
 * A site of a main nginx.conf of the workspace, read from that file's tree: the view its own context would give when
 * it would load the same tree (same host, same texts as on disk, the nearest nginx.conf above it that includes it).
 * Undefined when anything differs: the caller builds the site's own context then.
 */
function viewFromMain(input: LintInput, env: LintEnv, mains: NginxMains): NginxView | undefined {
  if (mains.size === 0 || isMainNginx(input.path)) return undefined;
  // A site in sites-available is read as if enabled (under sites-enabled/): a tree of its own.
  if (path.basename(parentOf(input.path)) === 'sites-available') return undefined;
  let dir = parentOf(input.path);
  for (let up = 0; up < MAX_UPWARD; up++) {
    const candidate = path.join(dir, 'nginx.conf');
    const main = mains.get(candidate);
    if (main) {
      if (main.host !== env.host || env.host.readFile(candidate) !== main.text) return undefined;
      const file = main.config.files.get(input.path);
      if (!file || file.src.text !== input.text) return undefined;
      return { file, role: 'included', servers: main.servers.get(file) ?? [], upstreams: main.upstreams, locate: (d) => locateIn(file, d) };
    }
    if (env.host.readFile(candidate) !== undefined) return undefined;
    const parent = parentOf(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** As the nginx context's locate(): the directive itself, or the include line of `linted` that brings it in. */
function locateIn(linted: NginxFile, d: NginxDirective): Range | undefined {
  if (d.file === linted) return headRange(d);
  let include: NginxDirective | undefined;
  for (let inc = d.includedBy; inc; inc = inc.includedBy) {
    if (inc.file === linted) { include = inc; break; }
  }
  // A file hardlint also lints on its own reports its directives itself.
  return include && detectKind(d.file.path) === undefined ? headRange(include) : undefined;
}

function nginxModel(input: LintInput, env: LintEnv, mains: NginxMains): NginxModel {
  const view = viewFromMain(input, env, mains) ?? contextView(input, env, mains);
  const file = view.file.path;
  const loc = (d: NginxDirective, arg?: number): Loc => {
    if (d.file === view.file) return { file, range: arg !== undefined && d.statement.args[arg] ? argRange(d, arg) : nameRange(d) };
    // From an included file: the include line of this file that brings it in, else the included file itself.
    const at = view.locate(d);
    return at ? { file, range: at } : { file: d.file.path, range: nameRange(d) };
  };
  const upstreams = view.upstreams;
  const servers: NginxServer[] = [];
  for (const server of view.servers) {
    const out: NginxServer = { file, loc: loc(server), names: [], listens: [], proxies: [], redirectsToHttps: false };
    descendants(server, (d) => {
      if (d.parent === server && d.name === 'listen' && d.args[0] !== undefined) {
        const socket = listenSocket(d.args[0]);
        if (socket) out.listens.push({ ...socket, ssl: d.args.slice(1).includes('ssl'), implicit: false, loc: loc(d, 0) });
      } else if (d.parent === server && d.name === 'server_name') {
        out.names.push(...d.args);
      } else if (d.name === 'proxy_pass' && d.args[0] !== undefined) {
        out.proxies.push(...proxyTargets(d.args[0], loc(d, 0), upstreams));
      } else if (d.name === 'return' && REDIRECT_CODES.has(d.args[0] ?? '') && /^https:\/\//.test(d.args[1] ?? '')) {
        if (d.parent === server || (d.parent?.name === 'location' && d.parent.args.join(' ') === '/')) out.redirectsToHttps = true;
      } else if (d.name === 'rewrite' && /^https:\/\//.test(d.args[1] ?? '') && /^(permanent|redirect)$/.test(d.args[2] ?? '')) {
        if (d.parent === server) out.redirectsToHttps = true;
      }
    });
    if (out.listens.length === 0) out.listens.push({ port: 80, ssl: false, implicit: true, loc: out.loc });
    servers.push(out);
  }
  return { file, main: view.role === 'main', servers };
}

function proxyTargets(url: string, loc: Loc, upstreams: Map<string, { host: string; port?: number }[]>): ProxyTarget[] {
  const m = /^(https?):\/\/([^/$]+)/.exec(url);
  if (!m) return [];
  const scheme = m[1];
  const defaultPort = scheme === 'https' ? 443 : 80;
  const hostPort = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(m[2]);
  if (!hostPort) return [];
  const host = hostPort[1].replace(/^\[|\]$/g, '');
  const group = hostPort[2] === undefined ? upstreams.get(host) : undefined;
  if (group) {
    return group.map((s) => ({ url, scheme, host: s.host, port: s.port ?? defaultPort, upstream: host, loc }));
  }
  return [{ url, scheme, host, port: hostPort[2] ? Number(hostPort[2]) : defaultPort, loc }];
}
