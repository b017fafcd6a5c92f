// Published ports of every service, with how they are bound and the edit that binds them to 127.0.0.1.
import type { ComposeContext, Service } from '../../core/compose/context';
import { bindingOf, Binding, parseShortPort, portRange, PortRange } from '../../core/compose/ports';
import type { TextEdit } from '../../core/types';
import { isMap, isScalar, listOf, Located, textOf } from './_common';

export interface PublishedPort {
  service: Service;
  item: Located;
  /** As written, for messages ("8080:80", or "target 8443" for the long syntax). */
  label: string;
  binding: Binding;
  container: PortRange | undefined;
  /** The edit that binds the port to 127.0.0.1, when the item is written in the service. */
  bindLocal: TextEdit | undefined;
}

export function publishedPorts(ctx: ComposeContext): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const service of ctx.services) {
    for (const item of listOf(ctx, service, 'ports')) {
      const port = isMap(item.node) ? longPort(ctx, service, item) : shortPort(ctx, service, item);
      if (port) out.push(port);
    }
  }
  return out;
}

function shortPort(ctx: ComposeContext, service: Service, item: Located): PublishedPort | undefined {
  const spec = textOf(item);
  if (spec === undefined || !isScalar(item.node)) return undefined;
  const parsed = parseShortPort(spec);
  if (!parsed) return undefined;
  let bindLocal: TextEdit | undefined;
  const node = item.node;
  const [start] = node.range ?? [0];
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const source = ctx.src.text.slice(start + (quoted ? 1 : 0), start + (quoted ? 1 : 0) + spec.length);
  // Edit the text only when it reads exactly as its value (no escapes, no folding).
  if (item.local && source === spec) {
    const at = start + (quoted ? 1 : 0);
    if (parsed.hostIpSpan && parsed.binding === 'all-explicit') {
      bindLocal = { start: at + parsed.hostIpSpan[0], end: at + parsed.hostIpSpan[1], newText: '127.0.0.1' };
    } else if (parsed.binding === 'all-implicit') {
      // "9090" alone means a random host port: "127.0.0.1::9090" keeps that.
      bindLocal = { start: at, end: at, newText: parsed.hostPort === undefined ? '127.0.0.1::' : '127.0.0.1:' };
    }
  }
  return { service, item, label: spec, binding: parsed.binding, container: portRange(parsed.containerPort), bindLocal };
}

function longPort(ctx: ComposeContext, service: Service, item: Located): PublishedPort | undefined {
  if (!isMap(item.node)) return undefined;
  const fields = new Map(ctx.entries(item.node, item).map((e) => [e.name, e.value]));
  // Without a container port nothing is published (Docker requires one): no exposure to report for such an entry.
  if (!fields.has('target')) return undefined;
  const target = textOf(fields.get('target'));
  const hostIp = fields.get('host_ip');
  const binding = hostIp ? bindingOf(textOf(hostIp) ?? '${?}') : 'all-implicit';
  let bindLocal: TextEdit | undefined;
  if (item.local) {
    if (hostIp && binding === 'all-explicit' && hostIp.local && isScalar(hostIp.node)) {
      const [s, e] = hostIp.node.range ?? [0, 0];
      const quoted = hostIp.node.type === 'QUOTE_DOUBLE' || hostIp.node.type === 'QUOTE_SINGLE';
      bindLocal = { start: s + (quoted ? 1 : 0), end: quoted ? e - 1 : s + (textOf(hostIp) ?? '').length, newText: '127.0.0.1' };
    } else if (!hostIp) {
      bindLocal = ctx.insertPair(item.node, 'host_ip: 127.0.0.1');
    }
  }
  return { service, item, label: `target: ${target ?? '?'}`, binding, container: portRange(target), bindLocal };
}

export const isPublishedEverywhere = (p: PublishedPort): boolean => p.binding === 'all-implicit' || p.binding === 'all-explicit';

/** Services that must not face the network, by container port. */
export const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'], [23, 'Telnet'], [2375, 'Docker API (plain HTTP)'], [2376, 'Docker API'], [3306, 'MySQL/MariaDB'],
  [5432, 'PostgreSQL'], [6379, 'Redis'], [27017, 'MongoDB'], [9200, 'Elasticsearch'], [9300, 'Elasticsearch transport'],
  [11211, 'Memcached'], [5900, 'VNC'], [3389, 'RDP'], [1433, 'SQL Server'], [1521, 'Oracle'], [5984, 'CouchDB'],
  [8086, 'InfluxDB'], [9042, 'Cassandra'], [5672, 'RabbitMQ'], [15672, 'RabbitMQ management'], [2379, 'etcd'],
  [8500, 'Consul'], [9092, 'Kafka'], [2181, 'ZooKeeper'], [6443, 'Kubernetes API'], [10250, 'kubelet'],
]);

/** The first sensitive port a container port range covers. */
export function sensitivePort(range: PortRange | undefined): [number, string] | undefined {
  if (!range) return undefined;
  for (const [port, name] of SENSITIVE_PORTS) if (port >= range.from && port <= range.to) return [port, name];
  return undefined;
}
