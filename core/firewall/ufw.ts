// ufw 0.36 command lines (`ufw [--dry-run] [--force] COMMAND …`, grammar of ufw's parser.py) read into the model.
import type { AddrMatch, FwRule, IpFamily, Known, Seq, Span, Tok } from './model';
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
const LOG_LEVELS = new Set(['on', 'off', 'low', 'medium', 'high', 'full']);

function span(a: Tok, b: Tok): Span {
  return { start: a.start, end: b.end };
}

export interface UfwOptions { seq: Seq; isSshName: (name: string) => boolean }

/** Reads `ufw` arguments (program name excluded); `word` is the `ufw` word itself, where the span starts. */
export function parseUfw(word: Tok, args: Tok[], opts: UfwOptions): UfwCommand {
  let i = 0;
  while (i < args.length && ['--dry-run', '--force', '-f'].includes(args[i].value ?? '')) i++;
  const rest = args.slice(i);
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
  const commentAt = rest.findIndex((t, k) => k >= j && t.value === 'comment');
  if (commentAt !== -1) end = commentAt;
  const operands = rest.slice(j, end);
  // `ufw allow in on eth0`: everything on that interface (ufw accepts no operand only after `on IF`).
  if (operands.length === 0 && iface === undefined && outIface === undefined) return { kind: 'other', span: whole };

  let protos: Known<string[]>;
  let dports: Known<PortSet>;
  let sports: Known<PortSet>;
  let src: Known<AddrMatch>;
  let dst: Known<AddrMatch>;
  let portSpan: Span | undefined;
  let ssh = false;
  const families = new Set<IpFamily>(['ipv4', 'ipv6']);

  const readPorts = (t: Tok, proto: string | undefined): Known<PortSet> => {
    if (t.names.some(opts.isSshName)) ssh = true;
    if (t.value === undefined) return 'unknown';
    return parsePortList(t.value, ':') ?? 'unknown';
  };
  const readApp = (t: Tok): void => {
    portSpan = span(t, t);
    if (t.names.some(opts.isSshName)) ssh = true;
    if (t.value === undefined) { dports = 'unknown'; return; }
    const profile = APP_PROFILES[t.value];
    if (t.value === 'OpenSSH') ssh = true;
    if (!profile) { dports = 'unknown'; return; }
    const tcp = profile.tcp ?? [];
    const udp = profile.udp ?? [];
    protos = tcp.length > 0 && udp.length > 0 ? ['tcp', 'udp'] : tcp.length > 0 ? ['tcp'] : ['udp'];
    // Profiles mixing tcp and udp ports are approximated by their union on both.
    dports = portSet([...tcp, ...udp]);
  };

  if (operands.length === 0) {
    // no condition but the interface
  } else if (operands.length === 1) {
    // Simple form: PORT[/PROTO], a list or range with /PROTO, a service name, or an application profile.
    const t = operands[0];
    portSpan = span(t, t);
    if (t.names.some(opts.isSshName)) ssh = true;
    if (t.value === undefined) {
      dports = 'unknown';
    } else {
      const m = /^([^/]+)\/(tcp|udp)$/.exec(t.value);
      const body = m ? m[1] : t.value;
      const proto = m?.[2];
      const service = servicePort(body);
      if (service || /^[\d,:]+$/.test(body)) {
        if (body === 'ssh') ssh = true;
        dports = parsePortList(body, ':') ?? 'unknown';
        protos = proto ? [proto] : service ? [...service.protos] : ['tcp', 'udp'];
        // `/etc/services` gives ssh as tcp only, but ufw opens a bare service name on the protocols it lists.
      } else {
        readApp(t);
      }
    }
  } else {
    // Full form: proto P | from ADDR [port P | app A] | to ADDR [port P | app A], in any order.
    let k = 0;
    let toPortTok: Tok | undefined;
    let fromPortTok: Tok | undefined;
    while (k < operands.length) {
      const key = operands[k].value;
      const val = operands[k + 1];
      if (!val) return { kind: 'other', span: whole };
      if (key === 'proto') {
        protos = val.value === undefined ? 'unknown' : [val.value.toLowerCase()];
        k += 2;
      } else if (key === 'from' || key === 'to') {
        const addr = readAddr(val);
        if (addr !== 'any') {
          if (addr !== 'unknown') {
            families.clear();
            families.add(addr.cidrs[0].v6 ? 'ipv6' : 'ipv4');
          }
          if (key === 'from') src = addr; else dst = addr;
        }
        k += 2;
        const sub = operands[k]?.value;
        if ((sub === 'port' || sub === 'app') && operands[k + 1]) {
          if (sub === 'app') {
            if (key === 'to') readApp(operands[k + 1]);
            else sports = 'unknown';
          } else if (key === 'to') toPortTok = operands[k + 1];
          else fromPortTok = operands[k + 1];
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
      dports = readPorts(toPortTok, undefined);
      if (toPortTok.value === 'ssh') ssh = true;
      if (protos === undefined) protos = ['tcp', 'udp'];
    }
    if (fromPortTok) sports = readPorts(fromPortTok, undefined);
  }
  const chain = route ? 'ufw-user-forward' : direction === 'in' ? 'ufw-user-input' : 'ufw-user-output';
  const rule: FwRule = {
    tool: 'ufw', families: [...families], table: 'filter', chain, protos, dports, sports, src, dst,
    inIface: iface === undefined ? undefined : iface === 'unknown' ? 'unknown' : { names: [iface], negated: false },
    outIface: outIface === undefined ? undefined : outIface === 'unknown' ? 'unknown' : { names: [outIface], negated: false },
    states: undefined, rateLimited: action === 'limit', logs, extra: [],
    verdict: { kind: action === 'deny' ? 'drop' : action === 'reject' ? 'reject' : 'accept', span: span(actionTok, actionTok) },
    span: whole, portSpan, ssh, seq: opts.seq, inserted, unknown: false,
  };
  return { kind: 'rule', rule, action: action as UfwAction, actionTok, direction, route, deleted, span: whole };
}

function readAddr(t: Tok): AddrMatch | 'any' | 'unknown' {
  if (t.value === undefined) return 'unknown';
  if (t.value === 'any') return 'any';
  const c = parseCidr(t.value);
  if (!c) return 'unknown';
  return { cidrs: [c], negated: false, text: t.value };
}
