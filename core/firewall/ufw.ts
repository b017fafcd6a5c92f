// ufw 0.36 command lines (`ufw [--dry-run] [--force] COMMAND …`, grammar of ufw's parser.py) read into the model.
import { AddrMatch, BOTH, familyList, FwRule, IpFamily, Known, NO_EXTRA, protoList, Seq, Span, Tok, tokNames } from './model';
import { parseCidr, parsePortList, PortSet, portSet, servicePort } from './ports';

export type UfwAction = 'allow' | 'deny' | 'reject' | 'limit';

export type UfwCommand =
  | { kind: 'enable' | 'disable' | 'reload' | 'reset' | 'other'; span: Span; word?: Tok }
  | { kind: 'default'; policy: string | undefined; direction: 'incoming' | 'outgoing' | 'routed'; span: Span; policyTok: Tok }
  | { kind: 'logging'; level: string | undefined; span: Span; levelTok?: Tok }
  | { kind: 'rule'; rule: FwRule; action: UfwAction; actionTok: Tok; direction: 'in' | 'out'; route: boolean; deleted: boolean; span: Span };

interface AppProfile { tcp?: [number, number][]; udp?: [number, number][] }

/** Application profiles shipped by common Debian/Ubuntu packages in /etc/ufw/applications.d. */
const APP_PROFILES: Record<string, AppProfile> = {
  OpenSSH: { tcp: [[22, 22]] },
  'Nginx HTTP': { tcp: [[80, 80]] }, 'Nginx HTTPS': { tcp: [[443, 443]] }, 'Nginx Full': { tcp: [[80, 80], [443, 443]] },
  Apache: { tcp: [[80, 80]] }, 'Apache Secure': { tcp: [[443, 443]] }, 'Apache Full': { tcp: [[80, 80], [443, 443]] },
  WWW: { tcp: [[80, 80]] }, 'WWW Secure': { tcp: [[443, 443]] }, 'WWW Full': { tcp: [[80, 80], [443, 443]] }, 'WWW Cache': { tcp: [[8080, 8080]] },
  Postfix: { tcp: [[25, 25]] }, 'Postfix SMTPS': { tcp: [[465, 465]] }, 'Postfix Submission': { tcp: [[587, 587]] },
  'Dovecot IMAP': { tcp: [[143, 143]] }, 'Dovecot Secure IMAP': { tcp: [[993, 993]] }, 'Dovecot POP3': { tcp: [[110, 110]] },
  'Dovecot Secure POP3': { tcp: [[995, 995]] }, Bind9: { tcp: [[53, 53]], udp: [[53, 53]] }, CUPS: { tcp: [[631, 631]], udp: [[631, 631]] },
  Samba: { tcp: [[139, 139], [445, 445]], udp: [[137, 138]] },
};

const ACTIONS = new Set(['allow', 'deny', 'reject', 'limit']);
const GLOBAL_OPTIONS = new Set(['--dry-run', '--force', '-f']);
const PORT_PROTO = /^([^/]+)\/(tcp|udp)$/;
const PORT_LIST = /^[\d,:]+$/;
const LOG_LEVELS = new Set(['on', 'off', 'low', 'medium', 'high', 'full']);

function span(a: Tok, b: Tok): Span {
  return { start: a.start, end: b.end };
}

export interface UfwOptions { seq: Seq; isSshName: (name: string) => boolean }

/** Reads `ufw` arguments (program name excluded); `word` is the `ufw` word itself, where the span starts. */
export function parseUfw(word: Tok, args: Tok[], opts: UfwOptions): UfwCommand {
  let i = 0;
  while (i < args.length && GLOBAL_OPTIONS.has(args[i].value ?? '')) i++;
  const rest = i === 0 ? args : args.slice(i);
  const whole = span(word, args[args.length - 1] ?? word);
  const first = rest[0]?.value;
  if (first === undefined) return { kind: 'other', span: whole };
  switch (first) {
    case 'enable': case 'disable': case 'reload': case 'reset':
      return { kind: first, span: whole, word: rest[0] };
    case 'default': {
      const policyTok = rest[1];
      if (!policyTok) return { kind: 'other', span: whole };
      const dir = rest[2]?.value;
      const direction = dir === undefined || dir === 'incoming' || dir === 'input' ? 'incoming'
        : dir === 'outgoing' || dir === 'output' ? 'outgoing' : dir === 'routed' || dir === 'forward' ? 'routed' : undefined;
      if (!direction) return { kind: 'other', span: whole };
      const end = rest[2] && rest[2].value !== 'comment' ? rest[2] : policyTok;
      return { kind: 'default', policy: policyTok.value, direction, span: span(rest[0], end), policyTok };
    }
    case 'logging': {
      const levelTok = rest[1];
      const level = levelTok?.value;
      return { kind: 'logging', level: level !== undefined && LOG_LEVELS.has(level) ? level : undefined, span: span(rest[0], levelTok ?? rest[0]), levelTok };
    }
  }
  let j = 0;
  let route = false;
  let deleted = false;
  let inserted = false;
  if (rest[j]?.value === 'route') { route = true; j++; }
  if (rest[j]?.value === 'delete') { deleted = true; j++; }
  if (rest[j]?.value === 'insert') { inserted = true; j += 2; }
  else if (rest[j]?.value === 'prepend') { inserted = true; j++; }
  const actionTok = rest[j];
  const action = actionTok?.value;
  if (!actionTok || action === undefined || !ACTIONS.has(action)) return { kind: 'other', span: whole };
  j++;
  let direction: 'in' | 'out' = 'in';
  let iface: Known<string>;
  let outIface: Known<string>;
  let logs = false;
  // `in|out [on IF]`, repeated for routes (`in on eth0 out on eth1`), and `log`/`log-all`, in any order before the rest.
  for (;;) {
    const v = rest[j]?.value;
    if (v === 'in' || v === 'out') {
      const d = v;
      j++;
      if (rest[j]?.value === 'on') {
        const name = rest[j + 1]?.value ?? 'unknown';
        if (d === 'in') iface = name; else outIface = name;
        j += 2;
      }
      if (!route) direction = d;
      continue;
    }
    if (v === 'log' || v === 'log-all') { logs = true; j++; continue; }
    break;
  }
  // A trailing `comment 'text'` never changes what the rule matches.
  let end = rest.length;
  for (let k = j; k < rest.length; k++) {
    if (rest[k].value === 'comment') { end = k; break; }
  }
  // The operands are rest[from .. end).
  const from = j;
  const count = end - from;
  // `ufw allow in on eth0`: everything on that interface (ufw accepts no operand only after `on IF`).
  if (count === 0 && iface === undefined && outIface === undefined) return { kind: 'other', span: whole };

  let protos: Known<string[]>;
  let dports: Known<PortSet>;
  let sports: Known<PortSet>;
  let src: Known<AddrMatch>;
  let dst: Known<AddrMatch>;
  let portSpan: Span | undefined;
  let ssh = false;
  let families: readonly IpFamily[] = BOTH;

  if (count === 0) {
    // no condition but the interface
  } else if (count === 1) {
    // Simple form: PORT[/PROTO], a list or range with /PROTO, a service name, or an application profile.
    const t = rest[from];
    portSpan = span(t, t);
    if (tokNames(t).some(opts.isSshName)) ssh = true;
    if (t.value === undefined) {
      dports = 'unknown';
    } else {
      const m = PORT_PROTO.exec(t.value);
      const body = m ? m[1] : t.value;
      const proto = m?.[2];
      const service = servicePort(body);
      if (service || PORT_LIST.test(body)) {
        if (body === 'ssh') ssh = true;
        dports = parsePortList(body, ':') ?? 'unknown';
        protos = proto ? protoList(proto) : service ? [...service.protos] : TCP_UDP;
        // `/etc/services` gives ssh as tcp only, but ufw opens a bare service name on the protocols it lists.
      } else {
        portSpan = span(t, t);
        const app = readApp(t, opts.isSshName);
        if (app.ssh) ssh = true;
        dports = app.dports;
        if (app.protos !== undefined) protos = app.protos;
      }
    }
  } else {
    // Full form: proto P | from ADDR [port P | app A] | to ADDR [port P | app A], in any order.
    let k = 0;
    let toPortTok: Tok | undefined;
    let fromPortTok: Tok | undefined;
    while (k < count) {
      const key = rest[from + k].value;
      const val = operand(rest, from, count, k + 1);
      if (!val) return { kind: 'other', span: whole };
      if (key === 'proto') {
        protos = val.value === undefined ? 'unknown' : protoList(val.value.toLowerCase());
        k += 2;
      } else if (key === 'from' || key === 'to') {
        const addr = readAddr(val);
        if (addr !== 'any') {
          if (addr !== 'unknown') {
            families = familyList(addr.cidrs[0].v6 ? 'ipv6' : 'ipv4');
          }
          if (key === 'from') src = addr; else dst = addr;
        }
        k += 2;
        const sub = operand(rest, from, count, k)?.value;
        const subValue = operand(rest, from, count, k + 1);
        if ((sub === 'port' || sub === 'app') && subValue) {
          if (sub === 'app') {
            if (key === 'to') {
              portSpan = span(subValue, subValue);
              const app = readApp(subValue, opts.isSshName);
              if (app.ssh) ssh = true;
              dports = app.dports;
              if (app.protos !== undefined) protos = app.protos;
            } else sports = 'unknown';
          } else if (key === 'to') toPortTok = subValue;
          else fromPortTok = subValue;
          k += 2;
        }
      } else if (key === 'on') {
        k += 2;
      } else {
        return { kind: 'other', span: whole };
      }
    }
    if (toPortTok) {
      portSpan = span(toPortTok, toPortTok);
      if (tokNames(toPortTok).some(opts.isSshName)) ssh = true;
      dports = toPortTok.value === undefined ? 'unknown' : parsePortList(toPortTok.value, ':') ?? 'unknown';
      if (toPortTok.value === 'ssh') ssh = true;
      if (protos === undefined) protos = TCP_UDP;
    }
    if (fromPortTok) {
      if (tokNames(fromPortTok).some(opts.isSshName)) ssh = true;
      sports = fromPortTok.value === undefined ? 'unknown' : parsePortList(fromPortTok.value, ':') ?? 'unknown';
    }
  }
  const chain = route ? 'ufw-user-forward' : direction === 'in' ? 'ufw-user-input' : 'ufw-user-output';
  const rule: FwRule = {
    tool: 'ufw', families, table: 'filter', chain, protos, dports, sports, src, dst,
    inIface: iface === undefined ? undefined : iface === 'unknown' ? 'unknown' : { names: [iface], negated: false },
    outIface: outIface === undefined ? undefined : outIface === 'unknown' ? 'unknown' : { names: [outIface], negated: false },
    states: undefined, rateLimited: action === 'limit', logs, extra: NO_EXTRA,
    verdict: { kind: action === 'deny' ? 'drop' : action === 'reject' ? 'reject' : 'accept', target: undefined, span: span(actionTok, actionTok) },
    span: whole, portSpan, ssh, seq: opts.seq, inserted, unknown: false, looped: undefined,
  };
  return { kind: 'rule', rule, action: action as UfwAction, actionTok, direction, route, deleted, span: whole };
}

/** ufw's default: both protocols (shared, like every protocol list). */
const TCP_UDP = Object.freeze(['tcp', 'udp']) as string[];

/** The operand at `k` of `rest[from .. from + count)`, or undefined past the end. */
function operand(rest: Tok[], from: number, count: number, k: number): Tok | undefined {
  return k < count ? rest[from + k] : undefined;
}

/** An application profile operand (`OpenSSH`, `Nginx Full`): its ports, and protocols when it is known. */
function readApp(t: Tok, isSshName: (name: string) => boolean): { ssh: boolean; dports: Known<PortSet>; protos: string[] | undefined } {
  let ssh = tokNames(t).some(isSshName);
  if (t.value === undefined) return { ssh, dports: 'unknown', protos: undefined };
  const profile = APP_PROFILES[t.value];
  if (t.value === 'OpenSSH') ssh = true;
  if (!profile) return { ssh, dports: 'unknown', protos: undefined };
  const tcp = profile.tcp ?? [];
  const udp = profile.udp ?? [];
  const protos = tcp.length > 0 && udp.length > 0 ? TCP_UDP : tcp.length > 0 ? protoList('tcp') : protoList('udp');
  // Profiles mixing tcp and udp ports are approximated by their union on both.
  return { ssh, dports: portSet([...tcp, ...udp]), protos };
}

function readAddr(t: Tok): AddrMatch | 'any' | 'unknown' {
  if (t.value === undefined) return 'unknown';
  if (t.value === 'any') return 'any';
  const c = parseCidr(t.value);
  if (!c) return 'unknown';
  return { cidrs: [c], negated: false, text: t.value };
}
