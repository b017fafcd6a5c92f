// iptables/ip6tables arguments (a script's command line or a line of an iptables-save file) read into the model.
import {
  Chain, familyList, FwRule, Hook, IfaceMatch, IpFamily, Known, NO_EXTRA, Policy, protoList, Ruleset, Seq, Span, stateList, Tok, tok, tokNames, VerdictKind,
} from './model';
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

const RULE_ACTIONS: Record<string, IptAction> = {
  '-A': 'append', '--append': 'append', '-I': 'insert', '--insert': 'insert', '-D': 'delete', '--delete': 'delete',
  '-R': 'replace', '--replace': 'replace', '-C': 'check', '--check': 'check', '-N': 'new-chain', '--new-chain': 'new-chain',
};
const DIGITS = /^\d+$/;
const GLOBAL_FLAGS = new Set(['-4', '-6', '-n', '-v', '-x']);
const SOURCE_OPTIONS = /^--(src-range|match-set|mac-source|src-cc|uid-owner|gid-owner|src-type)$/;

/** Each option's first spelling in parseIptables' switch: one map lookup instead of comparing with every label. */
const OPTION_GROUPS = new Map<string, string>();
for (const group of [
  ['-t', '--table'],
  ['-A', '--append', '-I', '--insert', '-D', '--delete', '-R', '--replace', '-C', '--check', '-N', '--new-chain'],
  ['-P', '--policy'],
  ['-F', '--flush', '-X', '--delete-chain', '-L', '--list', '-S', '--list-rules', '-Z', '--zero'],
  ['-E', '--rename-chain'],
  ['-p', '--protocol', '--proto'],
  ['-s', '--source', '--src', '-d', '--destination', '--dst'],
  ['-i', '--in-interface', '-o', '--out-interface'],
  ['-j', '--jump', '-g', '--goto'],
  ['-m', '--match'],
  ['--dport', '--destination-port', '--dports', '--destination-ports', '--ports'],
  ['--sport', '--source-port', '--sports', '--source-ports'],
  ['--ctstate', '--state'],
  ['--to-destination', '--to', '--to-ports', '--to-port'],
  ['-w', '--wait'],
  ['-W', '--wait-interval', '--modprobe'],
  ['-c', '--set-counters'],
  ['--syn', '-f', '--fragment'],
]) for (const option of group) OPTION_GROUPS.set(option, group[0]);

/** How many values follow the option at `i` (up to the next option or `!`). */
function valuesAfter(args: Tok[], i: number): number {
  let j = i + 1;
  while (j < args.length && !isOption(args[j].value) && args[j].value !== '!') j++;
  return j - i - 1;
}

function portsOf(t: Tok): Known<PortSet> {
  if (t.value === undefined) return 'unknown';
  return parsePortList(t.value, ':') ?? 'unknown';
}

function mentionsSsh(t: Tok, opts: IptOptions): boolean {
  if (t.value === 'ssh') return true;
  for (const n of tokNames(t)) if (opts.isSshName?.(n) ?? false) return true;
  return false;
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
  // Every field from the start: one object shape for all commands.
  const cmd: IptCommand = {
    family: opts.family, table: opts.table ?? 'filter', action: 'none', chain: undefined, policy: undefined, actionSpan: undefined,
    rule: undefined, unknown: false,
  };
  let protos: Known<string[]>;
  let dports: Known<PortSet>;
  let sports: Known<PortSet>;
  let src: FwRule['src'];
  let dst: FwRule['dst'];
  let inIface: Known<IfaceMatch>;
  let outIface: Known<IfaceMatch>;
  let states: Known<string[]>;
  let rateLimited = false;
  let extra: string[] | undefined;
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

  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    const v = t.value;
    if (v === undefined) { unknown = true; continue; }
    if (v === '!') { negate = true; continue; }
    const next = args[i + 1];
    const neg = negate;
    negate = false;
    // Each case stands for its whole group of spellings (OPTION_GROUPS): `-A` for `--append`, `-I`, `--insert`…
    switch (OPTION_GROUPS.get(v) ?? '') {
      case '-t':
        if (next) { if (next.value === undefined) cmd.unknown = true; else cmd.table = next.value; i += 1; }
        break;
      case '-A': {
        cmd.action = RULE_ACTIONS[v];
        if (next) {
          if (next.value === undefined) cmd.unknown = true;
          cmd.chain = next.value;
          i += 1;
          cmd.actionSpan = spanOf(t, next);
          const num = args[i + 1]?.value;
          if ((cmd.action === 'insert' || cmd.action === 'replace' || cmd.action === 'delete') && num !== undefined && DIGITS.test(num)) i += 1;
        }
        if (cmd.action === 'insert') inserted = true;
        break;
      }
      case '-P':
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
      case '-F': {
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
      case '-E':
        cmd.action = 'rename';
        i += 2;
        break;
      case '-p':
        if (next) {
          const p = next.value?.toLowerCase();
          protos = p === undefined || neg ? 'unknown' : p === 'all' || p === '0' ? undefined : protoList(PROTO_NUMBERS[p] ?? p);
          i += 1;
        }
        break;
      case '-s': {
        if (!next) break;
        const m = addrMatch(next, neg);
        if (v === '-s' || v === '--source' || v === '--src') src = m; else dst = m;
        i += 1;
        break;
      }
      case '-i': {
        if (!next) break;
        const m: Known<IfaceMatch> = next.value === undefined ? 'unknown' : { names: [next.value], negated: neg };
        if (v === '-i' || v === '--in-interface') inIface = m; else outIface = m;
        i += 1;
        break;
      }
      case '-j': {
        if (!next) break;
        afterTarget = true;
        verdictSpan = spanOf(t, next);
        if (next.value === undefined) { verdictKind = 'other'; unknown = true; }
        else if (v === '-g' || v === '--goto') { verdictKind = 'goto'; verdictTarget = next.value; }
        else { verdictKind = VERDICTS[next.value] ?? 'jump'; if (verdictKind === 'jump') verdictTarget = next.value; }
        i += 1;
        break;
      }
      case '-m': {
        if (!next) break;
        afterTarget = false;
        const mod = next.value;
        if (mod === undefined) { (extra ??= []).push('?'); }
        else if (RATE_MODULES.has(mod)) rateLimited = true;
        else if (SOURCE_MODULES.has(mod)) { sourceModule = true; (extra ??= []).push(mod); }
        else if (!TRANSPARENT_MODULES.has(mod)) (extra ??= []).push(mod);
        i += 1;
        break;
      }
      case '--dport':
        if (next) {
          dports = neg ? 'unknown' : portsOf(next);
          portSpan = spanOf(next);
          if (mentionsSsh(next, opts)) ssh = true;
          i += 1;
        }
        break;
      case '--sport':
        if (next) { sports = neg ? 'unknown' : portsOf(next); i += 1; }
        break;
      case '--ctstate':
        if (next) {
          states = next.value === undefined || neg ? 'unknown' : stateList(next.value);
          i += 1;
        }
        break;
      case '--to-destination':
        if (next) {
          verdictTarget = next.value;
          // The span of a DNAT verdict covers where it sends the packets.
          if (verdictSpan && afterTarget) verdictSpan = { start: verdictSpan.start, end: next.end };
          i += 1;
        }
        break;
      case '-w':
        if (next && DIGITS.test(next.value ?? '')) i += 1;
        break;
      case '-W':
        i += 1;
        break;
      case '-c':
        i += 2;
        break;
      case '--syn':
        (extra ??= []).push(v);
        break;
      default: {
        if (!isOption(v)) break; // a stray value
        const valueCount = NO_VALUE.has(v) ? 0 : valuesAfter(args, i);
        // Options after -j belong to the target (--log-prefix, --reject-with); before it they narrow the match,
        // apart from comments.
        if (!afterTarget && v !== '--comment' && !v.startsWith('--log-') && !GLOBAL_FLAGS.has(v)) {
          if (SOURCE_OPTIONS.test(v)) sourceModule = true;
          (extra ??= []).push(v);
        }
        i += valueCount;
      }
    }
  }
  if (cmd.action === 'append' || cmd.action === 'insert' || cmd.action === 'delete' || cmd.action === 'replace' || cmd.action === 'check') {
    if (sourceModule && src === undefined) src = 'unknown';
    cmd.rule = {
      tool: 'iptables', families: familyList(opts.family), table: cmd.table, chain: cmd.chain ?? '', protos, dports, sports, src, dst,
      inIface, outIface, states, rateLimited, logs: verdictKind === 'log', extra: extra ?? NO_EXTRA,
      verdict: { kind: verdictKind, target: verdictTarget, span: verdictSpan },
      span: first && last ? spanOf(first, last) : { start: 0, end: 0 }, portSpan, ssh, seq: opts.seq, inserted,
      unknown: unknown || cmd.unknown, looped: undefined,
    };
  }
  return cmd;
}

function addrMatch(t: Tok, negated: boolean): FwRule['src'] {
  if (t.value === undefined) return 'unknown';
  if (!t.value.includes(',')) {
    const c = parseCidr(t.value);
    return c ? { cidrs: [c], negated, text: t.value } : 'unknown'; // a host name: resolved at load time, unknown here
  }
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

/**
 * Splits a restore-file line into tokens; double quotes group (iptables-restore's only quoting). Offsets are those of
 * `text` plus `base` (a here-document body read from the middle of a script).
 */
export function splitRestoreLine(text: string, start: number, end: number, base = 0): Tok[] {
  const out: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) { i++; continue; }
    const s = i;
    let value = '';
    let quotedStart: number | undefined;
    while (i < end) {
      const d = text.charCodeAt(i);
      if (d === 32 || d === 9 || d === 13) break;
      if (d === 34 /* " */) {
        const close = text.indexOf('"', i + 1);
        const stop = close === -1 || close >= end ? end : close;
        if (s === i) quotedStart = i + 1;
        value += text.slice(i + 1, stop);
        i = stop + 1;
      } else {
        let j = i + 1;
        while (j < end) {
          const x = text.charCodeAt(j);
          if (x === 32 || x === 9 || x === 13 || x === 34) break;
          j++;
        }
        value = value === '' ? text.slice(i, j) : value + text.slice(i, j);
        i = j;
      }
    }
    const e = Math.min(i, end);
    const verbatimStart = e - s === value.length && text.startsWith(value, s) ? s
      : quotedStart !== undefined && text.startsWith(value, quotedStart) ? quotedStart : undefined;
    out.push(tok(value, s + base, e + base, verbatimStart === undefined ? undefined : verbatimStart + base, NO_NAMES));
  }
  return out;
}

const NO_NAMES: readonly string[] = [];

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
        const toks = splitRestoreLine(text, s, eol, base);
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

const IPV6_ADDRESS = /(^|\s)(-[sd]|--source|--destination)\s+!?\s*[0-9a-fA-F]*:[0-9a-fA-F:]*[/\s]/m;
const IPV4_ADDRESS = /(^|\s)(-[sd]|--source|--destination)\s+!?\s*\d{1,3}(\.\d{1,3}){3}([/\s]|$)|\s--icmp-type\s/m;

/**
 * ip6tables-save output says so in its header, or names IPv6 addresses, or else ufw6 chains or ICMPv6. Addresses
 * decide before the hints: iptables also takes `-p ipv6-icmp` (protocol 58), and ip6tables-restore refuses IPv4 ones.
 */
function guessFamily(text: string): IpFamily {
  // The header the tool itself writes says which one it was.
  const header = /^# Generated by (ip6?)tables-save\b/m.exec(text);
  if (header) return header[1] === 'ip6' ? 'ipv6' : 'ipv4';
  if (IPV6_ADDRESS.test(text)) return 'ipv6';
  if (IPV4_ADDRESS.test(text)) return 'ipv4';
  return /ufw6-|icmpv6|ipv6-icmp/.test(text) ? 'ipv6' : 'ipv4';
}
