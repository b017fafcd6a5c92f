// The policy model every firewall format is read into: per family and chain, the default policy and the ordered
// rules with what they match (protocol, ports, source, interfaces, connection state) and their verdict. It answers
// the two questions the rules ask: "is TCP port P reachable from anywhere?" (exposures) and "is this rule ever
// reached?" (shadowing), and only answers when the text says so for certain: an unknown value is never guessed.
import { ALL_PORTS, Cidr, cidrContains, hasPort, isAnyAddress, PortSet, portsContain } from './ports';

export type IpFamily = 'ipv4' | 'ipv6';
export const BOTH: readonly IpFamily[] = ['ipv4', 'ipv6'];
const V4_ONLY: readonly IpFamily[] = ['ipv4'];
const V6_ONLY: readonly IpFamily[] = ['ipv6'];

/** The one-family list (shared: family lists are never changed in place). */
export function familyList(family: IpFamily): readonly IpFamily[] {
  return family === 'ipv4' ? V4_ONLY : V6_ONLY;
}

/** The `extra` of a rule without unmodelled conditions (shared, frozen: rule fields are never changed once read). */
export const NO_EXTRA = Object.freeze([]) as unknown as string[];

/**
 * Lists of words many rules repeat (`['tcp']`, `['new']`): shared (and frozen), like the family lists, instead of one
 * array per rule. A few hundred distinct ones are kept at most.
 */
const protoLists = new Map<string, string[]>();
const stateLists = new Map<string, string[]>();
const MAX_SHARED_LISTS = 256;

function sharedList(lists: Map<string, string[]>, key: string, make: (key: string) => string[]): string[] {
  let list = lists.get(key);
  if (list === undefined) {
    list = Object.freeze(make(key)) as string[];
    if (lists.size < MAX_SHARED_LISTS) lists.set(key, list);
  }
  return list;
}

/** `[proto]`. */
export function protoList(proto: string): string[] {
  return sharedList(protoLists, proto, (p) => [p]);
}

/** The lower-case states of an iptables `--ctstate`/`--state` value. */
export function stateList(value: string): string[] {
  return sharedList(stateLists, value, (v) => v.toLowerCase().split(','));
}

/** `families.join('+')`, without joining the shared lists. */
export function familiesKey(families: readonly IpFamily[]): string {
  return families === V4_ONLY ? 'ipv4' : families === V6_ONLY ? 'ipv6' : families === BOTH ? 'ipv4+ipv6' : families.join('+');
}

/** A value the text states, `undefined` for "any", or 'unknown' when it comes from something hardlint cannot read. */
export type Known<T> = T | undefined | 'unknown';

/** Offsets [start, end) in the linted file. */
export interface Span { start: number; end: number }

/**
 * One argument of a firewall command, from a script word or a rule-file token: its value (undefined when it cannot be
 * known statically), its span, where its value starts verbatim in the text (for sub-ranges and edits), and the shell
 * variables it mentions (`$SSH_PORT`).
 */
export interface Tok { value: string | undefined; start: number; end: number; verbatimStart?: number; names?: readonly string[] }

const NO_NAMES: readonly string[] = [];

/** The shell variables a token mentions (a literal script word, its own token, carries none: undefined). */
export function tokNames(t: Tok): readonly string[] {
  return t.names ?? NO_NAMES;
}

/** A token; every token is made here, so all share one object shape. */
export function tok(value: string | undefined, start: number, end: number, verbatimStart: number | undefined, names: readonly string[]): Tok {
  return { value, start, end, verbatimStart, names };
}

export interface AddrMatch { cidrs: Cidr[]; negated: boolean; text: string }
export interface IfaceMatch { names: string[]; negated: boolean }

export type VerdictKind = 'accept' | 'drop' | 'reject' | 'return' | 'jump' | 'goto' | 'log' | 'dnat' | 'snat' | 'masquerade'
  | 'redirect' | 'queue' | 'none' | 'other';

export interface Verdict {
  kind: VerdictKind;
  /** Jump/goto chain, or the DNAT destination as written. */
  target?: string;
  span?: Span;
}

export type Tool = 'iptables' | 'ufw' | 'nft' | 'uci' | 'firewalld';

/** Where a command sits in a script: rules of one straight-line block run in text order. */
export interface Seq { scope: number; block: number; offset: number }

export interface FwRule {
  tool: Tool;
  families: readonly IpFamily[];
  table: string;
  chain: string;
  /** Lower-case protocol names; undefined = every protocol. */
  protos: Known<string[]>;
  dports: Known<PortSet>;
  sports: Known<PortSet>;
  src: Known<AddrMatch>;
  dst: Known<AddrMatch>;
  inIface: Known<IfaceMatch>;
  outIface: Known<IfaceMatch>;
  /** Connection-tracking states (lower-case) the rule is limited to; undefined = every state. */
  states: Known<string[]>;
  /** `limit`, `recent`, `hashlimit`, `connlimit`, ufw `limit`, nft `limit rate`. */
  rateLimited: boolean;
  /** Logs the packets it matches (iptables LOG/NFLOG, nft `log`, ufw `log`). */
  logs: boolean;
  /** Conditions hardlint does not model (a match module, an nft expression): they narrow the rule. */
  extra: string[];
  verdict: Verdict;
  /** The whole rule as written. */
  span: Span;
  /** The word that names the destination ports (or the service/app that stands for them). */
  portSpan?: Span;
  /** Names the SSH service or app, or takes its port from an SSH port variable. */
  ssh: boolean;
  /** For scripts: where the command is; rules of files are all in one block. */
  seq: Seq;
  /** `-I`/`insert`/`prepend`: placed before rules written earlier, so text order is not chain order. */
  inserted: boolean;
  /** Something in the rule could not be read (a dynamic word): it is kept out of every judgement. */
  unknown: boolean;
  /** One of several rules a script command makes inside a `for` loop: an edit of its text changes them all. */
  looped?: boolean;
}

export type Hook = 'input' | 'forward' | 'output' | 'prerouting' | 'postrouting';

export interface Policy {
  verdict: 'accept' | 'drop' | 'unknown';
  /** The text to point at (`:INPUT ACCEPT`, `-P INPUT ACCEPT`, `policy accept`, `default allow incoming`). */
  span: Span;
  /** The verdict word, for fixes. */
  valueSpan?: Span;
  valueText?: string;
  seq: Seq;
}

export interface Chain {
  /** The tool whose syntax declares the chain (fixes write in it). */
  syntax: Tool;
  families: readonly IpFamily[];
  /** iptables table, or the nft table's name. */
  table: string;
  name: string;
  /** Built-in (iptables) or base (nft) chain hook. */
  hook?: Hook;
  /** `filter`, `nat`, ... (iptables: the table; nft: the base chain type). */
  type: string;
  /** Policies set on the chain, in text order (a file has at most one). */
  policies: Policy[];
  rules: FwRule[];
  /** Declaration (nft `chain x {`, iptables-save `:X`), when written. */
  span?: Span;
}

export interface Ruleset {
  origin: 'iptables-save' | 'nft' | 'script' | 'uci';
  chains: Chain[];
}

// ---- queries --------------------------------------------------------------------------------------------------

export function chainKey(family: string, table: string, name: string): string {
  return `${family}\u0000${table}\u0000${name}`;
}

/** Chain names whose rules see traffic to this host: the input hook, ufw's input chains, and chains jumped to from them. */
export function inputChains(rs: Ruleset, family: IpFamily): Chain[] {
  return reachableCached(rs, family === 'ipv4' ? 0 : 1, family, isInputRoot);
}

/** Chains that rewrite the destination of incoming packets (nat prerouting and what it jumps to, Docker's DOCKER). */
export function preroutingChains(rs: Ruleset, family: IpFamily): Chain[] {
  return reachableCached(rs, family === 'ipv4' ? 2 : 3, family, isPreroutingRoot);
}

const UFW_INPUT_CHAIN = /^ufw6?-(user|before|after)-input$/;

function isInputRoot(c: Chain): boolean {
  return c.hook === 'input' && isFilterType(c.type) || UFW_INPUT_CHAIN.test(c.name);
}

function isPreroutingRoot(c: Chain): boolean {
  return c.type === 'nat' && (c.hook === 'prerouting' || (!c.hook && c.name === 'DOCKER'));
}

function isFilterType(type: string): boolean {
  return type === 'filter';
}

/**
 * The chain lists above, per rule set: several rules and the workspace ask for them, and a script's rule sets do not
 * change once read. Slots: input IPv4, input IPv6, prerouting IPv4, prerouting IPv6.
 */
const reachableLists = new WeakMap<Ruleset, (Chain[] | undefined)[]>();

function reachableCached(rs: Ruleset, slot: number, family: IpFamily, isRoot: (c: Chain) => boolean): Chain[] {
  let lists = reachableLists.get(rs);
  if (!lists) reachableLists.set(rs, (lists = [undefined, undefined, undefined, undefined]));
  return (lists[slot] ??= reachableFrom(rs, family, isRoot));
}

function reachableFrom(rs: Ruleset, family: IpFamily, isRoot: (c: Chain) => boolean): Chain[] {
  const out: Chain[] = [];
  // The chains visited are those in `out`: a set only pays for itself with many chains.
  const seen = rs.chains.length > 32 ? new Set<Chain>() : undefined;
  // Chains by table and name, made at the first jump (most rule sets have none).
  let byName: Map<string, Chain[]> | undefined;
  const targets = (table: string, name: string): Chain[] | undefined => {
    if (!byName) {
      byName = new Map();
      for (const c of rs.chains) {
        if (!c.families.includes(family)) continue;
        const key = `${c.table}\u0000${c.name}`;
        const list = byName.get(key);
        if (list) list.push(c);
        else byName.set(key, [c]);
      }
    }
    return byName.get(`${table}\u0000${name}`);
  };
  const visit = (c: Chain) => {
    if (seen ? seen.has(c) : out.includes(c)) return;
    seen?.add(c);
    out.push(c);
    for (const r of c.rules) {
      if ((r.verdict.kind === 'jump' || r.verdict.kind === 'goto') && r.verdict.target) {
        const list = targets(c.table, r.verdict.target);
        if (list) for (const t of list) visit(t);
      }
    }
  };
  for (const c of rs.chains) if (c.families.includes(family) && isRoot(c)) visit(c);
  return out;
}

/** The rule matches every packet (no condition at all) — an unconditional verdict. */
export function isUnconditional(r: FwRule): boolean {
  return !r.unknown && r.protos === undefined && r.dports === undefined && r.sports === undefined && r.src === undefined
    && r.dst === undefined && isAnyIface(r.inIface) && r.outIface === undefined && r.states === undefined && !r.rateLimited
    && r.extra.length === 0;
}

function isAnyIface(m: Known<IfaceMatch>): boolean {
  return m === undefined;
}

/** A chain that ends every packet's walk with DROP/REJECT (an unconditional final drop, possibly in a jumped-to chain). */
export function endsInDrop(rs: Ruleset, chain: Chain, seen = new Set<Chain>()): boolean {
  if (seen.has(chain)) return false;
  seen.add(chain);
  for (const r of chain.rules) {
    if (!isUnconditional(r)) continue;
    if (r.verdict.kind === 'drop' || r.verdict.kind === 'reject') return true;
    if (r.verdict.kind === 'accept') return false;
    if ((r.verdict.kind === 'jump' || r.verdict.kind === 'goto') && r.verdict.target) {
      const target = rs.chains.find((c) => c.table === chain.table && c.name === r.verdict.target && c.families.some((f) => chain.families.includes(f)));
      if (target && endsInDrop(rs, target, seen)) return true;
    }
  }
  return false;
}

/** Source matches every address (no `-s`, `0.0.0.0/0`, `::/0`, `any`, or a negation of something narrower). */
export function fromAnywhere(r: FwRule): boolean {
  if (r.src === 'unknown') return false;
  if (r.src === undefined) return true;
  if (r.src.negated) return false; // "everyone but X" is still the world, but the author did think about sources
  return r.src.cidrs.length > 0 && r.src.cidrs.every(isAnyAddress);
}

/** Accepts new connections (no state match, or one that includes NEW). */
export function acceptsNew(r: FwRule): boolean {
  if (r.states === 'unknown') return false;
  return r.states === undefined || r.states.includes('new') || r.states.includes('untracked');
}

/** Traffic on the loopback interface only. */
export function loopbackOnly(r: FwRule): boolean {
  return r.inIface !== undefined && r.inIface !== 'unknown' && !r.inIface.negated && r.inIface.names.every((n) => n === 'lo');
}

export function matchesProto(r: FwRule, proto: string): boolean {
  if (r.protos === 'unknown') return false;
  return r.protos === undefined || r.protos.includes(proto) || r.protos.includes('all');
}

/** The destination ports a rule matches for a protocol, or undefined when it cannot be told. */
export function portsFor(r: FwRule, proto: string): PortSet | undefined {
  if (!matchesProto(r, proto) || r.dports === 'unknown') return undefined;
  return r.dports ?? ALL_PORTS;
}

export interface Exposure {
  rule: FwRule;
  family: IpFamily;
  /** Through DNAT rather than an ACCEPT on the input path. */
  forwarded: boolean;
}

/**
 * Rules that let new connections from any address reach a port of this host (ACCEPT on the input path) or of a host
 * behind it (DNAT), per family. Rules that can never be reached (after an unconditional drop in a file) are left out.
 */
export function exposures(rs: Ruleset): Exposure[] {
  const out: Exposure[] = [];
  for (const family of BOTH) {
    const input = inputChains(rs, family);
    for (let i = 0; i < input.length; i++) {
      const c = input[i];
      const dead = deadAfter(rs, c);
      const rules = c.rules;
      for (let k = 0; k < rules.length; k++) {
        const r = rules[k];
        // Field-level unknowns (a port from a variable) stay in: the rules decide what they can say about them.
        if (r.unknown || r.verdict.kind !== 'accept' || dead.has(r)) continue;
        if (!r.families.includes(family) || !fromAnywhere(r) || !acceptsNew(r) || loopbackOnly(r) || r.inIface === 'unknown') continue;
        out.push({ rule: r, family, forwarded: false });
      }
    }
    const prerouting = preroutingChains(rs, family);
    for (let i = 0; i < prerouting.length; i++) {
      const rules = prerouting[i].rules;
      for (let k = 0; k < rules.length; k++) {
        const r = rules[k];
        if (r.unknown || r.verdict.kind !== 'dnat' || !r.families.includes(family) || !fromAnywhere(r) || loopbackOnly(r)) continue;
        out.push({ rule: r, family, forwarded: true });
      }
    }
  }
  return out;
}

const NONE_DEAD: ReadonlySet<FwRule> = new Set();

/** Rules of a file chain that come after an unconditional DROP/REJECT/ACCEPT: never reached. */
function deadAfter(rs: Ruleset, c: Chain): ReadonlySet<FwRule> {
  if (rs.origin === 'script') return NONE_DEAD;
  let dead: Set<FwRule> | undefined;
  let stop = false;
  for (const r of c.rules) {
    if (stop) (dead ??= new Set()).add(r);
    else if (isUnconditional(r) && (r.verdict.kind === 'drop' || r.verdict.kind === 'reject' || r.verdict.kind === 'accept')) stop = true;
  }
  return dead ?? NONE_DEAD;
}

/** `r` opens `port` over TCP (or any protocol with `proto`). */
export function opensPort(r: FwRule, port: number, proto = 'tcp'): boolean {
  const ports = portsFor(r, proto);
  return ports !== undefined && r.dports !== undefined && hasPort(ports, port);
}

// ---- shadowing ------------------------------------------------------------------------------------------------

const TERMINAL: ReadonlySet<VerdictKind> = new Set(['accept', 'drop', 'reject']);

export function isTerminal(v: Verdict): boolean {
  return TERMINAL.has(v.kind);
}

function addrContains(outer: Known<AddrMatch>, inner: Known<AddrMatch>): boolean {
  if (outer === 'unknown' || inner === 'unknown') return false;
  if (outer === undefined) return true;
  if (inner === undefined) return !outer.negated && outer.cidrs.some(isAnyAddress);
  if (outer.negated || inner.negated) return outer.negated === inner.negated && outer.text === inner.text;
  return inner.cidrs.every((i) => outer.cidrs.some((o) => cidrContains(o, i)));
}

function ifaceContains(outer: Known<IfaceMatch>, inner: Known<IfaceMatch>): boolean {
  if (outer === 'unknown' || inner === 'unknown') return false;
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  if (outer.negated || inner.negated) return outer.negated === inner.negated && outer.names.join() === inner.names.join();
  return inner.names.every((n) => outer.names.includes(n));
}

function listContains(outer: Known<string[]>, inner: Known<string[]>): boolean {
  if (outer === 'unknown' || inner === 'unknown') return false;
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  return inner.every((x) => outer.includes(x));
}

function portsContainKnown(outer: Known<PortSet>, inner: Known<PortSet>): boolean {
  if (outer === 'unknown' || inner === 'unknown') return false;
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  return portsContain(outer, inner);
}

/** Every packet `later` matches is matched by `earlier` (judged only on what both rules state for certain). */
export function covers(earlier: FwRule, later: FwRule): boolean {
  if (earlier.unknown || later.unknown || earlier.extra.length > 0 || earlier.rateLimited) return false;
  if (!later.families.every((f) => earlier.families.includes(f))) return false;
  if (earlier.protos !== undefined) {
    if (!listContains(earlier.protos, later.protos)) return false;
  }
  return portsContainKnown(earlier.dports, later.dports) && portsContainKnown(earlier.sports, later.sports)
    && addrContains(earlier.src, later.src) && addrContains(earlier.dst, later.dst)
    && ifaceContains(earlier.inIface, later.inIface) && ifaceContains(earlier.outIface, later.outIface)
    && listContains(earlier.states, later.states);
}

export interface Shadow { rule: FwRule; by: FwRule }

function firstCovering(earlier: readonly FwRule[] | undefined, r: FwRule): FwRule | undefined {
  if (earlier !== undefined) for (const e of earlier) if (covers(e, r)) return e;
  return undefined;
}

/**
 * Rules that can never match because an earlier rule of the same chain already accepts, drops or rejects all their
 * traffic. Only where the order is certain: a rule file, or one straight-line block of a script with no inserted rule.
 */
export function shadowedRules(rs: Ruleset): Shadow[] {
  const out: Shadow[] = [];
  for (const c of rs.chains) {
    // Group by block: in a file every rule shares one block. A script's blocks mostly come in text order, one run of
    // rules each: then the runs are the groups; otherwise (a rule from a substitution between two of a block) a map.
    const rules = c.rules;
    if (rules.length < 2) continue;
    const blockOf = (r: FwRule) => (rs.origin === 'script' ? r.seq.block : 0);
    let ordered = true;
    for (let i = 1; i < rules.length && ordered; i++) ordered = blockOf(rules[i - 1]) <= blockOf(rules[i]);
    if (ordered) {
      let from = 0;
      for (let i = 1; i <= rules.length; i++) {
        if (i < rules.length && blockOf(rules[i]) === blockOf(rules[from])) continue;
        if (i - from > 1) shadowedInBlock(rules, from, i, out);
        from = i;
      }
      continue;
    }
    const blocks = new Map<number, FwRule[]>();
    for (const r of rules) {
      const key = blockOf(r);
      let list = blocks.get(key);
      if (!list) blocks.set(key, (list = []));
      list.push(r);
    }
    for (const list of blocks.values()) if (list.length > 1) shadowedInBlock(list, 0, list.length, out);
  }
  return out;
}

/** The shadowed rules of one block, `rules[from .. to)` (rules known to run in this order). */
function shadowedInBlock(rules: FwRule[], from: number, to: number, out: Shadow[]): void {
  for (let i = from; i < to; i++) if (rules[i].inserted) return;
  // Earlier terminal rules, bucketed: those without a port condition can cover anything; the others only
  // rules whose first port they contain.
  let anyPort: FwRule[] | undefined;
  let byPort: Map<number, FwRule[]> | undefined;
  let wide: FwRule[] | undefined;
  for (let i = from; i < to; i++) {
    const r = rules[i];
    if (!r.unknown && r.verdict.kind !== 'none') {
      // Rules without a port condition first, then those listing its first port, then the wide ones.
      let by = firstCovering(anyPort, r);
      if (!by && r.dports !== undefined && r.dports !== 'unknown' && r.dports.length > 0) {
        by = firstCovering(byPort?.get(r.dports[0][0]), r) ?? firstCovering(wide, r);
      }
      if (by) out.push({ rule: r, by });
    }
    if (!isTerminal(r.verdict) || r.unknown || r.extra.length > 0 || r.rateLimited) continue;
    if (r.dports === undefined) (anyPort ??= []).push(r);
    else if (r.dports !== 'unknown') {
      if (r.dports.every(([a, b]) => a === b) && r.dports.length <= 32) {
        byPort ??= new Map();
        for (const [p] of r.dports) {
          let list = byPort.get(p);
          if (!list) byPort.set(p, (list = []));
          list.push(r);
        }
      } else (wide ??= []).push(r);
    }
  }
}
