// The policy model every firewall format is read into: per family and chain, the default policy and the ordered
// rules with what they match (protocol, ports, source, interfaces, connection state) and their verdict. It answers
// the two questions the rules ask: "is TCP port P reachable from anywhere?" (exposures) and "is this rule ever
// reached?" (shadowing), and only answers when the text says so for certain: an unknown value is never guessed.
import { ALL_PORTS, Cidr, cidrContains, hasPort, isAnyAddress, PortSet, portsContain } from './ports';

export type IpFamily = 'ipv4' | 'ipv6';
export const BOTH: readonly IpFamily[] = ['ipv4', 'ipv6'];

/** A value the text states, `undefined` for "any", or 'unknown' when it comes from something hardlint cannot read. */
export type Known<T> = T | undefined | 'unknown';

/** Offsets [start, end) in the linted file. */
export interface Span { start: number; end: number }

/**
 * One argument of a firewall command, from a script word or a rule-file token: its value (undefined when it cannot be
 * known statically), its span, where its value starts verbatim in the text (for sub-ranges and edits), and the shell
 * variables it mentions (`$SSH_PORT`).
 */
export interface Tok { value: string | undefined; start: number; end: number; verbatimStart?: number; names: readonly string[] }

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
  return reachableFrom(rs, family, (c) => c.hook === 'input' && isFilterType(c.type) || /^ufw6?-(user|before|after)-input$/.test(c.name));
}

/** Chains that rewrite the destination of incoming packets (nat prerouting and what it jumps to, Docker's DOCKER). */
export function preroutingChains(rs: Ruleset, family: IpFamily): Chain[] {
  return reachableFrom(rs, family, (c) => c.type === 'nat' && (c.hook === 'prerouting' || (!c.hook && c.name === 'DOCKER')));
}

function isFilterType(type: string): boolean {
  return type === 'filter';
}

function reachableFrom(rs: Ruleset, family: IpFamily, isRoot: (c: Chain) => boolean): Chain[] {
  const out: Chain[] = [];
  const seen = new Set<Chain>();
  const byName = new Map<string, Chain[]>();
  for (const c of rs.chains) {
    if (!c.families.includes(family)) continue;
    const key = `${c.table}\u0000${c.name}`;
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }
  const visit = (c: Chain) => {
    if (seen.has(c)) return;
    seen.add(c);
    out.push(c);
    for (const r of c.rules) {
      if ((r.verdict.kind === 'jump' || r.verdict.kind === 'goto') && r.verdict.target) {
        for (const t of byName.get(`${c.table}\u0000${r.verdict.target}`) ?? []) visit(t);
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
    for (const c of inputChains(rs, family)) {
      const dead = deadAfter(rs, c);
      for (const r of c.rules) {
        // Field-level unknowns (a port from a variable) stay in: the rules decide what they can say about them.
        if (dead.has(r) || r.unknown) continue;
        if (r.verdict.kind !== 'accept') continue;
        if (!r.families.includes(family) || !fromAnywhere(r) || !acceptsNew(r) || loopbackOnly(r) || r.inIface === 'unknown') continue;
        out.push({ rule: r, family, forwarded: false });
      }
    }
    for (const c of preroutingChains(rs, family)) {
      for (const r of c.rules) {
        if (r.unknown || r.verdict.kind !== 'dnat' || !r.families.includes(family) || !fromAnywhere(r) || loopbackOnly(r)) continue;
        out.push({ rule: r, family, forwarded: true });
      }
    }
  }
  return out;
}

/** Rules of a file chain that come after an unconditional DROP/REJECT/ACCEPT: never reached. */
function deadAfter(rs: Ruleset, c: Chain): Set<FwRule> {
  const dead = new Set<FwRule>();
  if (rs.origin === 'script') return dead;
  let stop = false;
  for (const r of c.rules) {
    if (stop) dead.add(r);
    else if (isUnconditional(r) && (r.verdict.kind === 'drop' || r.verdict.kind === 'reject' || r.verdict.kind === 'accept')) stop = true;
  }
  return dead;
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

/**
 * Rules that can never match because an earlier rule of the same chain already accepts, drops or rejects all their
 * traffic. Only where the order is certain: a rule file, or one straight-line block of a script with no inserted rule.
 */
export function shadowedRules(rs: Ruleset): Shadow[] {
  const out: Shadow[] = [];
  for (const c of rs.chains) {
    // Group by block: in a file every rule shares one block.
    const blocks = new Map<number, FwRule[]>();
    for (const r of c.rules) {
      const key = rs.origin === 'script' ? r.seq.block : 0;
      let list = blocks.get(key);
      if (!list) blocks.set(key, (list = []));
      list.push(r);
    }
    for (const rules of blocks.values()) {
      if (rules.some((r) => r.inserted)) continue;
      // Earlier terminal rules, bucketed: those without a port condition can cover anything; the others only
      // rules whose first port they contain.
      const anyPort: FwRule[] = [];
      const byPort = new Map<number, FwRule[]>();
      const wide: FwRule[] = [];
      for (const r of rules) {
        if (!r.unknown && r.verdict.kind !== 'none') {
          const candidates = r.dports === undefined || r.dports === 'unknown' || r.dports.length === 0
            ? anyPort : [...anyPort, ...(byPort.get(r.dports[0][0]) ?? []), ...wide];
          const by = candidates.find((e) => covers(e, r));
          if (by) out.push({ rule: r, by });
        }
        if (!isTerminal(r.verdict) || r.unknown || r.extra.length > 0 || r.rateLimited) continue;
        if (r.dports === undefined) anyPort.push(r);
        else if (r.dports !== 'unknown') {
          if (r.dports.every(([a, b]) => a === b) && r.dports.length <= 32) {
            for (const [p] of r.dports) {
              let list = byPort.get(p);
              if (!list) byPort.set(p, (list = []));
              list.push(r);
            }
          } else wide.push(r);
        }
      }
    }
  }
  return out;
}
