// iptables/ip6tables arguments (a script's command line or a line of an iptables-save file) read into the model.
import { Chain, FwRule, Hook, IfaceMatch, IpFamily, Known, Policy, Ruleset, Seq, Span, Tok, VerdictKind } from './model';
import { parseCidr, parsePortList, PortSet } from './ports';

export type IptAction = 'append' | 'insert' | 'delete' | 'replace' | 'check' | 'policy' | 'flush' | 'delete-chain' | 'new-chain'
  | 'list' | 'zero' | 'rename' | 'none';

export interface IptCommand {
  family: IpFamily;
  table: string;
  action: IptAction;
  chain?: string;
  /** `-P CHAIN TARGET`: the target token. */
  policy?: Tok;
  /** From the action option (`-P`) to the last argument it takes. */
  actionSpan?: Span;
  rule?: FwRule;
  /** A word whose value is unknown sits where hardlint needs a value (table, chain, target). */
  unknown: boolean;
}

const HOOKS: Record<string, Hook> = {
  INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output', PREROUTING: 'prerouting', POSTROUTING: 'postrouting',
};

const VERDICTS: Record<string, VerdictKind> = {
  ACCEPT: 'accept', DROP: 'drop', REJECT: 'reject', RETURN: 'return', LOG: 'log', NFLOG: 'log', ULOG: 'log',
  DNAT: 'dnat', SNAT: 'snat', MASQUERADE: 'masquerade', REDIRECT: 'redirect', NFQUEUE: 'queue', QUEUE: 'queue',
  MARK: 'other', CONNMARK: 'other', CT: 'other', TCPMSS: 'other', SYNPROXY: 'other', NOTRACK: 'other', TPROXY: 'other',
  CLASSIFY: 'other', DSCP: 'other', TOS: 'other', TTL: 'other', HL: 'other', SET: 'other', AUDIT: 'other',
  CHECKSUM: 'other', NETMAP: 'other', TRACE: 'other', TEE: 'other', CONNSECMARK: 'other', SECMARK: 'other', IDLETIMER: 'other',
  LED: 'other', TARPIT: 'drop',
};

/** Match modules that only add what the model reads anyway, or a comment. */
const TRANSPARENT_MODULES = new Set(['tcp', 'udp', 'sctp', 'dccp', 'multiport', 'conntrack', 'state', 'comment', 'icmp', 'icmp6', 'icmpv6']);
const RATE_MODULES = new Set(['limit', 'recent', 'hashlimit', 'connlimit']);
/** Modules that narrow who may connect: a rule using them is not "from anywhere". */
const SOURCE_MODULES = new Set(['mac', 'iprange', 'set', 'geoip', 'owner', 'policy', 'physdev']);

const PROTO_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'ipv6-icmp', '132': 'sctp', '33': 'dccp' };

const NO_VALUE = new Set(['-4', '-6', '-n', '-v', '-x', '--numeric', '--verbose', '--exact', '--line-numbers', '-f', '--fragment', '--syn',
  '--set', '--rcheck', '--update', '--remove', '--rsource', '--rdest', '--log-uid', '--log-tcp-sequence', '--log-tcp-options',
  '--log-ip-options', '--random', '--persistent', '--random-fully', '--ecn-tcp-remove', '--clamp-mss-to-pmtu', '--notrack']);

const isOption = (v: string | undefined) => v !== undefined && v.length > 1 && v.charCodeAt(0) === 45 && !(v.charCodeAt(1) >= 48 && v.charCodeAt(1) <= 57);

function spanOf(a: Tok, b: Tok = a): Span {
  return { start: a.start, end: b.end };
}

export interface IptOptions {
  family: IpFamily;
  /** Default table (iptables-save: the current `*table`). */
  table?: string;
  seq: Seq;
  /** Shell variable names that hold an SSH port (SSH_PORT…). */
  isSshName?: (name: string) => boolean;
}

/** Reads iptables arguments (without the program name). Never throws; unknown words make the fields they fill unknown. */
export function parseIptables(args: Tok[], opts: IptOptions): IptCommand {
  const cmd: IptCommand = { family: opts.family, table: opts.table ?? 'filter', action: 'none', unknown: false };
  let protos: Known<string[]>;
  let dports: Known<PortSet>;
  let sports: Known<PortSet>;
  let src: FwRule['src'];
  let dst: FwRule['dst'];
  let inIface: Known<IfaceMatch>;
  let outIface: Known<IfaceMatch>;
  let states: Known<string[]>;
  let rateLimited = false;
  const extra: string[] = [];
  let verdictKind: VerdictKind = 'none';
  let verdictTarget: string | undefined;
  let verdictSpan: Span | undefined;
  let portSpan: Span | undefined;
  let ssh = false;
  let unknown = false;
  let inserted = false;
  let sourceModule = false;
  let negate = false;
  let afterTarget = false;
  const first = args[0];
  const last = args[args.length - 1];

  const values = (i: number): Tok[] => {
    const out: Tok[] = [];
    for (let j = i + 1; j < args.length && !isOption(args[j].value) && args[j].value !== '!'; j++) out.push(args[j]);
    return out;
  };
  const portsOf = (t: Tok, sep: ':'): Known<PortSet> => {
    if (t.value === undefined) return 'unknown';
    return parsePortList(t.value, sep) ?? 'unknown';
  };
  const mentionsSsh = (t: Tok) => t.value === 'ssh' || t.names.some((n) => opts.isSshName?.(n) ?? false);

  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    const v = t.value;
    if (v === undefined) { unknown = true; continue; }
    if (v === '!') { negate = true; continue; }
    const next = args[i + 1];
    const neg = negate;
    negate = false;
    switch (v) {
      case '-t': case '--table':
        if (next) { if (next.value === undefined) cmd.unknown = true; else cmd.table = next.value; i += 1; }
        break;
      case '-A': case '--append': case '-I': case '--insert': case '-D': case '--delete': case '-R': case '--replace':
      case '-C': case '--check': case '-N': case '--new-chain': {
        cmd.action = ({ '-A': 'append', '--append': 'append', '-I': 'insert', '--insert': 'insert', '-D': 'delete', '--delete': 'delete',
          '-R': 'replace', '--replace': 'replace', '-C': 'check', '--check': 'check', '-N': 'new-chain', '--new-chain': 'new-chain' } as const)[v];
        if (next) {
          if (next.value === undefined) cmd.unknown = true;
          cmd.chain = next.value;
          i += 1;
          cmd.actionSpan = spanOf(t, next);
          const num = args[i + 1]?.value;
          if ((cmd.action === 'insert' || cmd.action === 'replace' || cmd.action === 'delete') && num !== undefined && /^\d+$/.test(num)) i += 1;
        }
        if (cmd.action === 'insert') inserted = true;
        break;
      }
      case '-P': case '--policy':
        cmd.action = 'policy';
        if (next) {
          cmd.chain = next.value;
          if (next.value === undefined) cmd.unknown = true;
          i += 1;
          const target = args[i + 1];
          if (target) { cmd.policy = target; if (target.value === undefined) cmd.unknown = true; i += 1; }
          cmd.actionSpan = spanOf(t, target ?? next);
        }
        break;
      case '-F': case '--flush': case '-X': case '--delete-chain': case '-L': case '--list': case '-S': case '--list-rules':
      case '-Z': case '--zero': {
        cmd.action = v === '-F' || v === '--flush' ? 'flush' : v === '-X' || v === '--delete-chain' ? 'delete-chain'
          : v === '-Z' || v === '--zero' ? 'zero' : 'list';
        cmd.actionSpan = spanOf(t);
        if (next && !isOption(next.value) && next.value !== '!') {
          cmd.chain = next.value;
          if (next.value === undefined) cmd.unknown = true;
          cmd.actionSpan = spanOf(t, next);
          i += 1;
        }
        break;
      }
      case '-E': case '--rename-chain':
        cmd.action = 'rename';
        i += 2;
        break;
      case '-p': case '--protocol': case '--proto':
        if (next) {
          const p = next.value?.toLowerCase();
          protos = p === undefined || neg ? 'unknown' : p === 'all' || p === '0' ? undefined : [PROTO_NUMBERS[p] ?? p];
          i += 1;
        }
        break;
      case '-s': case '--source': case '--src': case '-d': case '--destination': case '--dst': {
        if (!next) break;
        const m = addrMatch(next, neg);
        if (v === '-s' || v === '--source' || v === '--src') src = m; else dst = m;
        i += 1;
        break;
      }
      case '-i': case '--in-interface': case '-o': case '--out-interface': {
        if (!next) break;
        const m: Known<IfaceMatch> = next.value === undefined ? 'unknown' : { names: [next.value], negated: neg };
        if (v === '-i' || v === '--in-interface') inIface = m; else outIface = m;
        i += 1;
        break;
      }
      case '-j': case '--jump': case '-g': case '--goto': {
        if (!next) break;
        afterTarget = true;
        verdictSpan = spanOf(t, next);
        if (next.value === undefined) { verdictKind = 'other'; unknown = true; }
        else if (v === '-g' || v === '--goto') { verdictKind = 'goto'; verdictTarget = next.value; }
        else { verdictKind = VERDICTS[next.value] ?? 'jump'; if (verdictKind === 'jump') verdictTarget = next.value; }
        i += 1;
        break;
      }
      case '-m': case '--match': {
        if (!next) break;
        afterTarget = false;
        const mod = next.value;
        if (mod === undefined) { extra.push('?'); }
        else if (RATE_MODULES.has(mod)) rateLimited = true;
        else if (SOURCE_MODULES.has(mod)) { sourceModule = true; extra.push(mod); }
        else if (!TRANSPARENT_MODULES.has(mod)) extra.push(mod);
        i += 1;
        break;
      }
      case '--dport': case '--destination-port': case '--dports': case '--destination-ports': case '--ports':
        if (next) {
          dports = neg ? 'unknown' : portsOf(next, ':');
          portSpan = spanOf(next);
          if (mentionsSsh(next)) ssh = true;
          i += 1;
        }
        break;
      case '--sport': case '--source-port': case '--sports': case '--source-ports':
        if (next) { sports = neg ? 'unknown' : portsOf(next, ':'); i += 1; }
        break;
      case '--ctstate': case '--state':
        if (next) {
          states = next.value === undefined || neg ? 'unknown' : next.value.toLowerCase().split(',');
          i += 1;
        }
        break;
      case '--to-destination': case '--to': case '--to-ports': case '--to-port':
        if (next) {
          verdictTarget = next.value;
          // The span of a DNAT verdict covers where it sends the packets.
          if (verdictSpan && afterTarget) verdictSpan = { start: verdictSpan.start, end: next.end };
          i += 1;
        }
        break;
      case '-w': case '--wait':
        if (next && /^\d+$/.test(next.value ?? '')) i += 1;
        break;
      case '-W': case '--wait-interval': case '--modprobe':
        i += 1;
        break;
      case '-c': case '--set-counters':
        i += 2;
        break;
      case '--syn': case '-f': case '--fragment':
        extra.push(v);
        break;
      default: {
        if (!isOption(v)) break; // a stray value
        const vals = NO_VALUE.has(v) ? [] : values(i);
        // Options after -j belong to the target (--log-prefix, --reject-with); before it they narrow the match,
        // apart from comments.
        if (!afterTarget && v !== '--comment' && !v.startsWith('--log-') && !['-4', '-6', '-n', '-v', '-x'].includes(v)) {
          if (/^--(src-range|match-set|mac-source|src-cc|uid-owner|gid-owner|src-type)$/.test(v)) sourceModule = true;
          extra.push(v);
        }
        i += vals.length;
      }
    }
  }
  if (cmd.action === 'append' || cmd.action === 'insert' || cmd.action === 'delete' || cmd.action === 'replace' || cmd.action === 'check') {
    if (sourceModule && src === undefined) src = 'unknown';
    cmd.rule = {
      tool: 'iptables', families: [opts.family], table: cmd.table, chain: cmd.chain ?? '', protos, dports, sports, src, dst,
      inIface, outIface, states, rateLimited, logs: verdictKind === 'log', extra, verdict: { kind: verdictKind, target: verdictTarget, span: verdictSpan },
      span: first && last ? spanOf(first, last) : { start: 0, end: 0 }, portSpan, ssh, seq: opts.seq, inserted,
      unknown: unknown || cmd.unknown,
    };
  }
  return cmd;
}

function addrMatch(t: Tok, negated: boolean): FwRule['src'] {
  if (t.value === undefined) return 'unknown';
  const cidrs = [];
  for (const part of t.value.split(',')) {
    const c = parseCidr(part);
    if (!c) return 'unknown'; // a host name: resolved at load time, unknown here
    cidrs.push(c);
  }
  return { cidrs, negated, text: t.value };
}

export function hookOf(chain: string): Hook | undefined {
  return HOOKS[chain];
}

// ---- iptables-save / iptables-restore files ---------------------------------------------------------------------

/** Splits a restore-file line into tokens; double quotes group (iptables-restore's only quoting). */
export function splitRestoreLine(text: string, start: number, end: number): Tok[] {
  const out: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    const s = i;
    let value = '';
    let quotedStart: number | undefined;
    while (i < end && text[i] !== ' ' && text[i] !== '\t' && text[i] !== '\r') {
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        const stop = close === -1 || close >= end ? end : close;
        if (s === i) quotedStart = i + 1;
        value += text.slice(i + 1, stop);
        i = stop + 1;
      } else {
        value += text[i++];
      }
    }
    const e = Math.min(i, end);
    const verbatimStart = text.startsWith(value, s) && e - s === value.length ? s
      : quotedStart !== undefined && text.startsWith(value, quotedStart) ? quotedStart : undefined;
    out.push({ value, start: s, end: e, verbatimStart, names: [] });
  }
  return out;
}

export interface SaveFile {
  ruleset: Ruleset;
  family: IpFamily;
  /** Spans of the `*table` lines (for messages about the file as a whole). */
  tables: { name: string; span: Span; commitEnd?: number }[];
}

/** An iptables-save file (or ufw's *.rules). `family` comes from the file name when it tells. */
export function parseSaveFile(text: string, base: number, family: IpFamily | undefined, seq: Seq): SaveFile {
  const fam = family ?? guessFamily(text);
  const chains = new Map<string, Chain>();
  const tables: SaveFile['tables'] = [];
  let table: string | undefined;
  const chainFor = (tableName: string, name: string): Chain => {
    const key = `${tableName}\u0000${name}`;
    let c = chains.get(key);
    if (!c) {
      c = { syntax: 'iptables', families: [fam], table: tableName, name, hook: HOOKS[name], type: tableName, policies: [], rules: [] };
      chains.set(key, c);
    }
    return c;
  };
  let pos = 0;
  while (pos <= text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = text.length;
    let s = pos;
    while (s < eol && (text[s] === ' ' || text[s] === '\t')) s++;
    const c = text[s];
    if (s < eol && c !== '#' && c !== '\r') {
      if (c === '*') {
        table = text.slice(s + 1, eol).trim();
        tables.push({ name: table, span: { start: base + s, end: base + lineEndNoCr(text, eol) } });
      } else if (c === ':' && table) {
        const toks = splitRestoreLine(text, s, eol);
        const name = toks[0].value!.slice(1);
        const chain = chainFor(table, name);
        chain.span = { start: base + toks[0].start, end: base + (toks[1] ?? toks[0]).end };
        const pol = toks[1];
        if (pol && pol.value !== '-' && chain.hook) {
          const p: Policy = {
            verdict: pol.value === 'ACCEPT' ? 'accept' : pol.value === 'DROP' ? 'drop' : 'unknown',
            span: { start: base + toks[0].start, end: base + pol.end },
            valueSpan: { start: base + pol.start, end: base + pol.end },
            valueText: pol.value,
            seq,
          };
          chain.policies.push(p);
        }
      } else if (text.startsWith('COMMIT', s)) {
        const t = tables[tables.length - 1];
        if (t && table) t.commitEnd = base + s;
        table = undefined;
      } else if (c === '-' && table) {
        const toks = splitRestoreLine(text, s, eol).map((t) => ({ ...t, start: t.start + base, end: t.end + base,
          verbatimStart: t.verbatimStart === undefined ? undefined : t.verbatimStart + base }));
        const cmd = parseIptables(toks, { family: fam, table, seq });
        if (cmd.rule && cmd.chain && (cmd.action === 'append' || cmd.action === 'insert')) {
          chainFor(table, cmd.chain).rules.push(cmd.rule);
        }
      }
    }
    pos = eol + 1;
  }
  return { ruleset: { origin: 'iptables-save', chains: [...chains.values()] }, family: fam, tables };
}

function lineEndNoCr(text: string, eol: number): number {
  return text[eol - 1] === '\r' ? eol - 1 : eol;
}

/** ip6tables-save output names ufw6 chains or IPv6 addresses. */
function guessFamily(text: string): IpFamily {
  return /(^|\s)(-[sd]|--source|--destination)\s+!?\s*[0-9a-fA-F]*:[0-9a-fA-F:]*[/\s]|ufw6-|icmpv6|ipv6-icmp/m.test(text) ? 'ipv6' : 'ipv4';
}
