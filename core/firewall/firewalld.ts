// firewall-cmd command lines (firewalld 1.3): the options that open ports, forward them or change the default zone.
import { parseIptables } from './iptables';
import { BOTH, FwRule, IpFamily, NO_EXTRA, Seq, Span, Tok, tok, tokNames } from './model';
import { parsePortList, PortSet, portSet } from './ports';

/** Services of /usr/lib/firewalld/services that hardlint reports, with their ports. */
const SERVICES: Record<string, { tcp?: [number, number][]; udp?: [number, number][] }> = {
  ssh: { tcp: [[22, 22]] }, telnet: { tcp: [[23, 23]] }, ftp: { tcp: [[21, 21]] }, rsh: { tcp: [[514, 514]] },
  rlogin: { tcp: [[513, 513]] }, rexec: { tcp: [[512, 512]] }, mysql: { tcp: [[3306, 3306]] }, postgresql: { tcp: [[5432, 5432]] },
  redis: { tcp: [[6379, 6379]] }, mongodb: { tcp: [[27017, 27017]] }, elasticsearch: { tcp: [[9200, 9200], [9300, 9300]] },
  memcache: { tcp: [[11211, 11211]] }, rdp: { tcp: [[3389, 3389]] }, 'vnc-server': { tcp: [[5900, 5903]] },
  samba: { tcp: [[139, 139], [445, 445]], udp: [[137, 138]] }, nfs: { tcp: [[2049, 2049]] }, 'docker-swarm': { tcp: [[2377, 2377]] },
  http: { tcp: [[80, 80]] }, https: { tcp: [[443, 443]] }, dns: { tcp: [[53, 53]], udp: [[53, 53]] }, openvpn: { udp: [[1194, 1194]] },
};

/** Zones bound to the network interfaces by default: what they allow, the world reaches. */
const OPEN_ZONES = new Set(['public', 'external', 'dmz', 'work', 'home']);

export type FirewalldOp =
  | { kind: 'rule'; rule: FwRule }
  | { kind: 'default-zone'; zone: string; span: Span; valueSpan?: Span }
  | { kind: 'target'; zone: string | undefined; target: string; span: Span }
  | { kind: 'forward-port'; ports: PortSet | 'unknown'; toaddr?: string; span: Span; portSpan: Span }
  | { kind: 'direct'; rule: FwRule };

function option(t: Tok): { name: string; value?: string; valueSpan?: Span } | undefined {
  if (t.value === undefined || !t.value.startsWith('--')) return undefined;
  const eq = t.value.indexOf('=');
  if (eq === -1) return { name: t.value };
  const value = t.value.slice(eq + 1);
  const valueSpan = t.verbatimStart !== undefined ? { start: t.verbatimStart + eq + 1, end: t.verbatimStart + t.value.length } : undefined;
  return { name: t.value.slice(0, eq), value, valueSpan };
}

export function parseFirewallCmd(word: Tok, args: Tok[], seq: Seq, isSshName: (n: string) => boolean): FirewalldOp[] {
  const out: FirewalldOp[] = [];
  let zone: string | undefined;
  let zoneUnknown = false;
  const direct = args.some((a) => a.value === '--direct');
  for (let i = 0; i < args.length; i++) {
    const o = option(args[i]);
    if (o?.name === '--zone') {
      const v = o.value ?? args[i + 1]?.value;
      if (v === undefined) zoneUnknown = true;
      zone = v;
    }
  }
  const exposed = !zoneUnknown && (zone === undefined || OPEN_ZONES.has(zone));
  const whole: Span = { start: word.start, end: (args[args.length - 1] ?? word).end };
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    const o = option(t);
    if (!o) continue;
    const valueTok: Tok | undefined = o.value === undefined ? args[i + 1] : undefined;
    const value = o.value ?? valueTok?.value;
    const valueSpan = o.valueSpan ?? (valueTok ? { start: valueTok.start, end: valueTok.end } : { start: t.start, end: t.end });
    const mentionsSsh = tokNames(t).some(isSshName) || (valueTok ? tokNames(valueTok) : []).some(isSshName);
    if (o.name === '--add-rule' && direct) {
      // --direct --add-rule ipv4 TABLE CHAIN PRIORITY ARGS…
      const fam = args[i + 1]?.value;
      const table = args[i + 2]?.value;
      const chain = args[i + 3]?.value;
      if (fam && table && chain) {
        const family: IpFamily = fam === 'ipv6' ? 'ipv6' : 'ipv4';
        const synthetic: Tok[] = [tok('-t', args[i + 2].start, args[i + 2].start, undefined, []), args[i + 2],
          tok('-A', args[i + 3].start, args[i + 3].start, undefined, []), args[i + 3], ...args.slice(i + 5)];
        const cmd = parseIptables(synthetic, { family, seq, isSshName });
        if (cmd.rule) out.push({ kind: 'direct', rule: { ...cmd.rule, span: whole } });
      }
      break;
    }
    if (o.name === '--add-port' || o.name === '--add-service') {
      if (!exposed) { i += valueTok ? 1 : 0; continue; }
      let protos: string[] | 'unknown' = 'unknown';
      let dports: PortSet | 'unknown' = 'unknown';
      let ssh = mentionsSsh;
      if (value !== undefined && o.name === '--add-port') {
        const m = /^([^/]+)\/(tcp|udp|sctp|dccp)$/.exec(value);
        if (m) {
          protos = [m[2]];
          dports = parsePortList(m[1], '-') ?? 'unknown';
        }
      } else if (value !== undefined) {
        const s = SERVICES[value];
        if (value === 'ssh') ssh = true;
        if (s) {
          protos = [...(s.tcp ? ['tcp'] : []), ...(s.udp ? ['udp'] : [])];
          dports = portSet([...(s.tcp ?? []), ...(s.udp ?? [])]);
        }
      }
      out.push({ kind: 'rule', rule: {
        tool: 'firewalld', families: BOTH, table: 'filter', chain: `firewalld-${zone ?? 'default'}`, protos, dports,
        sports: undefined, src: undefined, dst: undefined, inIface: undefined, outIface: undefined, states: undefined,
        rateLimited: false, logs: false, extra: NO_EXTRA, verdict: { kind: 'accept', target: undefined, span: undefined }, span: whole,
        portSpan: valueSpan, ssh, seq,
        inserted: false, unknown: false, looped: undefined,
      } });
      if (valueTok) i++;
      continue;
    }
    if (o.name === '--set-default-zone' && value !== undefined) {
      out.push({ kind: 'default-zone', zone: value, span: whole, valueSpan });
      if (valueTok) i++;
      continue;
    }
    if (o.name === '--set-target' && value !== undefined) {
      out.push({ kind: 'target', zone, target: value, span: whole });
      if (valueTok) i++;
      continue;
    }
    if (o.name === '--add-forward-port' && value !== undefined) {
      const fields = new Map(value.split(':').map((kv) => kv.split('=') as [string, string]));
      const port = fields.get('port');
      out.push({ kind: 'forward-port', ports: port === undefined ? 'unknown' : parsePortList(port, '-') ?? 'unknown',
        toaddr: fields.get('toaddr'), span: whole, portSpan: valueSpan });
      if (valueTok) i++;
    }
  }
  return out;
}
