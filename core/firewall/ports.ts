// Ports, services and addresses as the firewall tools write them, plus the lists of ports hardlint cares about.

/** Inclusive port intervals, sorted and merged. An empty list matches no port. */
export type PortSet = readonly (readonly [number, number])[];

export const ALL_PORTS: PortSet = [[0, 65535]];

export function portSet(ranges: (readonly [number, number])[]): PortSet {
  // Lists are mostly written in order already (`80,443`, `8000:8100`): then there is nothing to normalise or sort.
  let ordered = true;
  for (let i = 0; i < ranges.length && ordered; i++) {
    ordered = ranges[i][0] <= ranges[i][1] && (i === 0 || ranges[i - 1][0] <= ranges[i][0]);
  }
  const sorted = ordered ? ranges
    : ranges.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

export function hasPort(set: PortSet, port: number): boolean {
  return set.some(([a, b]) => port >= a && port <= b);
}

export function portCount(set: PortSet): number {
  return set.reduce((n, [a, b]) => n + b - a + 1, 0);
}

/** Every port of `inner` is in `outer`. */
export function portsContain(outer: PortSet, inner: PortSet): boolean {
  return inner.every(([a, b]) => outer.some(([c, d]) => c <= a && b <= d));
}

/** The widest single interval of a set (a broad range is judged on one interval, not on a list of ports). */
export function widestRange(set: PortSet): readonly [number, number] | undefined {
  let best: readonly [number, number] | undefined;
  for (const r of set) if (!best || r[1] - r[0] > best[1] - best[0]) best = r;
  return best;
}

export function formatPorts(set: PortSet): string {
  return set.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(', ');
}

// ---- /etc/services (Debian netbase 6.3), the names the tools accept for ports -------------------------------------

interface ServiceEntry { port: number; protos: readonly string[] }

const SERVICE_LIST: [string[], number, string[]][] = [
  [['ftp-data'], 20, ['tcp']], [['ftp'], 21, ['tcp']], [['ssh'], 22, ['tcp']], [['telnet'], 23, ['tcp']],
  [['smtp', 'mail'], 25, ['tcp']], [['whois', 'nicname'], 43, ['tcp']], [['domain'], 53, ['tcp', 'udp']],
  [['bootps'], 67, ['udp']], [['bootpc'], 68, ['udp']], [['tftp'], 69, ['udp']], [['http', 'www'], 80, ['tcp']],
  [['pop3', 'pop-3'], 110, ['tcp']], [['sunrpc', 'portmapper'], 111, ['tcp', 'udp']], [['auth', 'ident'], 113, ['tcp']],
  [['ntp'], 123, ['udp']], [['netbios-ns'], 137, ['udp']], [['netbios-dgm'], 138, ['udp']], [['netbios-ssn'], 139, ['tcp']],
  [['imap2', 'imap'], 143, ['tcp']], [['snmp'], 161, ['tcp', 'udp']], [['ldap'], 389, ['tcp', 'udp']],
  [['https'], 443, ['tcp', 'udp']], [['microsoft-ds'], 445, ['tcp']], [['exec'], 512, ['tcp']], [['login'], 513, ['tcp']],
  [['shell', 'cmd'], 514, ['tcp']], [['syslog'], 514, ['udp']], [['submission'], 587, ['tcp']], [['ldaps'], 636, ['tcp', 'udp']],
  [['rsync'], 873, ['tcp']], [['ftps'], 990, ['tcp']], [['imaps'], 993, ['tcp']], [['pop3s'], 995, ['tcp']],
  [['openvpn'], 1194, ['tcp', 'udp']], [['ms-sql-s'], 1433, ['tcp']], [['nfs'], 2049, ['tcp', 'udp']],
  [['mysql'], 3306, ['tcp']], [['ms-wbt-server'], 3389, ['tcp']], [['postgresql', 'postgres'], 5432, ['tcp']],
  [['amqp'], 5672, ['tcp']], [['x11', 'x11-0'], 6000, ['tcp']], [['redis'], 6379, ['tcp']], [['http-alt', 'webcache'], 8080, ['tcp']],
];

const SERVICES = new Map<string, ServiceEntry>();
for (const [names, port, protos] of SERVICE_LIST) {
  for (const n of names) if (!SERVICES.has(n)) SERVICES.set(n, { port, protos });
}

/** The port of an /etc/services name (case-sensitive, as getservbyname). */
export function servicePort(name: string): ServiceEntry | undefined {
  return SERVICES.get(name);
}

/** One to five ASCII digits (`/^\d{1,5}$/`, without a regular expression object per call). */
function isShortNumber(text: string): boolean {
  return isDigits(text, 5);
}

/** One to `max` ASCII digits. */
function isDigits(text: string, max: number): boolean {
  const n = text.length;
  if (n === 0 || n > max) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A port written as a number or an /etc/services name; undefined when not a port. */
export function parsePort(text: string): number | undefined {
  if (isShortNumber(text)) {
    const n = Number(text);
    return n <= 65535 ? n : undefined;
  }
  return servicePort(text)?.port;
}

const RANGE_EITHER = /[:-]/;

/**
 * A list of ports and ranges: `22`, `ssh`, `80,443`, `8000:8100`, `1024-65535` (separators given by the caller's tool).
 */
export function parsePortList(text: string, rangeSep: ':' | '-' | ':-'): PortSet | undefined {
  if (isShortNumber(text)) { // the common case: one port
    const n = Number(text);
    return n <= 65535 ? [[n, n]] : undefined;
  }
  const ranges: [number, number][] = [];
  for (const item of text.split(',')) {
    const t = item.trim();
    if (t === '') return undefined;
    const single = parsePort(t);
    if (single !== undefined) {
      ranges.push([single, single]);
      continue;
    }
    const m = t.split(rangeSep === ':-' ? RANGE_EITHER : rangeSep);
    if (m.length === 2) {
      // iptables: `:1024` = 0-1024, `1024:` = 1024-65535.
      const a = m[0] === '' ? 0 : parsePort(m[0]);
      const b = m[1] === '' ? 65535 : parsePort(m[1]);
      if (a === undefined || b === undefined) return undefined;
      ranges.push([a, b]);
    } else {
      return undefined;
    }
  }
  return portSet(ranges);
}

// ---- ports hardlint reports -----------------------------------------------------------------------------------

export interface NamedPort { port: number; name: string; protos: readonly string[] }

/** Services that must not face the Internet: databases, caches, container and cluster APIs, remote desktops, file sharing. */
export const SENSITIVE_PORTS: readonly NamedPort[] = [
  { port: 111, name: 'rpcbind', protos: ['tcp', 'udp'] },
  { port: 135, name: 'Microsoft RPC', protos: ['tcp'] },
  { port: 139, name: 'NetBIOS/SMB', protos: ['tcp'] },
  { port: 445, name: 'SMB', protos: ['tcp'] },
  { port: 1433, name: 'Microsoft SQL Server', protos: ['tcp'] },
  { port: 1521, name: 'Oracle Database', protos: ['tcp'] },
  { port: 2049, name: 'NFS', protos: ['tcp', 'udp'] },
  { port: 2375, name: 'Docker API', protos: ['tcp'] },
  { port: 2376, name: 'Docker API', protos: ['tcp'] },
  { port: 2379, name: 'etcd', protos: ['tcp'] },
  { port: 3306, name: 'MySQL/MariaDB', protos: ['tcp'] },
  { port: 3389, name: 'RDP', protos: ['tcp', 'udp'] },
  { port: 5432, name: 'PostgreSQL', protos: ['tcp'] },
  { port: 5900, name: 'VNC', protos: ['tcp'] },
  { port: 5984, name: 'CouchDB', protos: ['tcp'] },
  { port: 6379, name: 'Redis', protos: ['tcp'] },
  { port: 9042, name: 'Cassandra', protos: ['tcp'] },
  { port: 9200, name: 'Elasticsearch', protos: ['tcp'] },
  { port: 9300, name: 'Elasticsearch', protos: ['tcp'] },
  { port: 10250, name: 'Kubernetes kubelet', protos: ['tcp'] },
  { port: 11211, name: 'Memcached', protos: ['tcp', 'udp'] },
  { port: 27017, name: 'MongoDB', protos: ['tcp'] },
];

/** Services that send passwords in clear text. */
export const PLAINTEXT_PORTS: readonly NamedPort[] = [
  { port: 21, name: 'FTP', protos: ['tcp'] },
  { port: 23, name: 'Telnet', protos: ['tcp'] },
  { port: 512, name: 'rexec', protos: ['tcp'] },
  { port: 513, name: 'rlogin', protos: ['tcp'] },
  { port: 514, name: 'rsh', protos: ['tcp'] },
];

export const SSH_PORT = 22;

/** Above this many ports in one interval, a range is reported as broad rather than port by port. */
export const BROAD_RANGE = 1024;

// ---- addresses ------------------------------------------------------------------------------------------------

/** An address and prefix length; IPv4 addresses are numbers (exact below 2^53), IPv6 ones bigints. */
export interface Cidr { v6: boolean; bits: number | bigint; prefix: number }

/** `a.b.c.d`, each one to three digits up to 255 (what `/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/` reads), as a number. */
function parseIpv4(text: string): number | undefined {
  const len = text.length;
  let n = 0;
  let i = 0;
  for (let octetIndex = 0; octetIndex < 4; octetIndex++) {
    if (octetIndex > 0) {
      if (i >= len || text.charCodeAt(i) !== 46 /* . */) return undefined;
      i++;
    }
    let octet = 0;
    let digits = 0;
    while (i < len && digits < 4) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3 || octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return i === len ? n : undefined;
}

const IPV6_CHARS = /^[0-9a-fA-F:.]+$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** The 16-bit groups of one side of `::` (an embedded IPv4 address at the end gives two). */
function ipv6Groups(s: string): number[] | undefined {
  if (s === '') return [];
  const out: number[] = [];
  const items = s.split(':');
  for (let i = 0; i < items.length; i++) {
    const g = items[i];
    if (i === items.length - 1 && g.includes('.')) {
      const v4 = parseIpv4(g);
      if (v4 === undefined) return undefined;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
    } else if (HEX_GROUP.test(g)) {
      out.push(parseInt(g, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  if (!IPV6_CHARS.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = ipv6Groups(halves[0]);
  const tail = halves.length === 2 ? ipv6Groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  // The eight groups, zeros in the gap, as three exact numbers (48 + 48 + 32 bits) joined in one bigint.
  const group = (i: number) => (i < head.length ? head[i] : i >= 8 - tail.length ? tail[i - (8 - tail.length)] : 0);
  const high = ((group(0) * 65536) + group(1)) * 65536 + group(2);
  const middle = ((group(3) * 65536) + group(4)) * 65536 + group(5);
  const low = group(6) * 65536 + group(7);
  return (BigInt(high) << 80n) | (BigInt(middle) << 32n) | BigInt(low);
}

/** 2 ** n for an IPv4 prefix's host bits (a table: `**` is a floating-point power). */
const POW2: readonly number[] = Array.from({ length: 33 }, (_, n) => 2 ** n);

/** `10.0.0.0/8`, `192.168.1.5`, `2001:db8::/32`, `0.0.0.0/0`, `::/0`; iptables also writes masks as `/255.0.0.0`. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash !== -1 && text.indexOf('/', slash + 1) !== -1) return undefined;
  const addr = slash === -1 ? text : text.slice(0, slash);
  const mask = slash === -1 ? undefined : text.slice(slash + 1);
  const v4 = parseIpv4(addr);
  const v6 = v4 === undefined ? parseIpv6(addr) : undefined;
  if (v4 === undefined && v6 === undefined) return undefined;
  const width = v4 !== undefined ? 32 : 128;
  let prefix = width;
  if (mask !== undefined) {
    if (isDigits(mask, 3) && Number(mask) <= width) prefix = Number(mask);
    else if (v4 !== undefined && parseIpv4(mask) !== undefined) {
      const m = parseIpv4(mask)!;
      prefix = m === 0 ? 0 : m.toString(2).replace(/0+$/, '').length;
    } else return undefined;
  }
  if (v4 !== undefined) {
    const block = POW2[32 - prefix];
    return { v6: false, bits: Math.floor(v4 / block) * block, prefix };
  }
  const shift = BigInt(width - prefix);
  return { v6: true, bits: (v6! >> shift) << shift, prefix };
}

export function isAnyAddress(c: Cidr): boolean {
  return c.prefix === 0;
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.v6 !== inner.v6 || outer.prefix > inner.prefix) return false;
  if (!outer.v6) {
    const block = POW2[32 - outer.prefix];
    return Math.floor((inner.bits as number) / block) === Math.floor((outer.bits as number) / block);
  }
  const shift = BigInt(128 - outer.prefix);
  return ((inner.bits as bigint) >> shift) === ((outer.bits as bigint) >> shift);
}
