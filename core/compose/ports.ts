// Compose `ports:` entries, short syntax `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTO]` and long syntax.

/** Which interfaces a published port listens on. */
export type Binding =
  /** No host IP: Docker publishes on every interface, past ufw. */
  | 'all-implicit'
  /** `0.0.0.0:` or `[::]:` written out. */
  | 'all-explicit'
  /** A host IP, loopback or a given address. */
  | 'bound'
  /** A host IP written as `${VAR}`: bound to something the file does not say. */
  | 'interpolated';

export interface ShortPort {
  hostIp?: string;
  /** Offsets of the host IP inside the string (brackets included for IPv6), when written. */
  hostIpSpan?: [number, number];
  hostPort?: string;
  containerPort: string;
  protocol?: string;
  binding: Binding;
}

export interface PortRange { from: number; to: number }

/** Splits on `:` outside `${...}` and `[...]`. Returns the pieces with their start offsets. */
function splitColons(s: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let depthBrace = 0;
  let inBracket = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '$' && s[i + 1] === '{') { depthBrace++; i++; continue; }
    if (c === '}' && depthBrace > 0) { depthBrace--; continue; }
    if (depthBrace > 0) continue;
    if (c === '[') inBracket = true;
    else if (c === ']') inBracket = false;
    else if (c === ':' && !inBracket) { out.push({ text: s.slice(start, i), start }); start = i + 1; }
  }
  out.push({ text: s.slice(start), start });
  return out;
}

const ALL_INTERFACES = new Set(['0.0.0.0', '[::]', '::']);

export function bindingOf(hostIp: string | undefined): Binding {
  if (hostIp === undefined || hostIp === '') return 'all-implicit';
  if (ALL_INTERFACES.has(hostIp)) return 'all-explicit';
  if (hostIp.includes('${') || hostIp.startsWith('$')) return 'interpolated';
  return 'bound';
}

/** Parses a short-syntax port, or undefined when it is not one (the schema reports the shape). */
export function parseShortPort(spec: string): ShortPort | undefined {
  let body = spec;
  let protocol: string | undefined;
  const slash = body.lastIndexOf('/');
  if (slash > body.lastIndexOf('}')) { protocol = body.slice(slash + 1); body = body.slice(0, slash); }
  const parts = splitColons(body);
  if (parts.length > 3 || parts.some((p, i) => p.text === '' && !(parts.length === 3 && i === 1))) return undefined;
  const containerPort = parts[parts.length - 1].text;
  if (parts.length === 1) return { containerPort, protocol, binding: 'all-implicit' };
  if (parts.length === 2) return { hostPort: parts[0].text, containerPort, protocol, binding: 'all-implicit' };
  const ip = parts[0];
  return {
    hostIp: ip.text,
    hostIpSpan: [ip.start, ip.start + ip.text.length],
    hostPort: parts[1].text || undefined,
    containerPort,
    protocol,
    binding: bindingOf(ip.text),
  };
}

/** A port or range as numbers; `${VAR:-5432}` reads as its default. Undefined when unknown. */
export function portRange(text: string | undefined): PortRange | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().replace(/^\$\{\w+:?[-=]([^}]*)\}$/, '$1');
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(t);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  return from <= to ? { from, to } : undefined;
}
