// nftables rule sets (nftables.conf, *.nft, `nft …` command lines) read into the model. A tolerant reader: what it
// does not understand becomes an unmodelled condition of the rule, never an error.
import { AddrMatch, Chain, FwRule, Hook, IfaceMatch, IpFamily, Known, NO_EXTRA, Policy, protoList, Ruleset, Seq, Span, VerdictKind } from './model';
import { parseCidr, parsePortList, PortSet, portSet } from './ports';

interface NTok { text: string; start: number; end: number; kind: 'word' | 'string' | 'sym' | 'nl' }

export interface NftTable {
  family: string;
  name: string;
  families: IpFamily[];
  /** The family word (or the table name when no family is written), for messages and fixes. */
  familySpan: Span;
  familyWritten: boolean;
  sets: Map<string, NTok[]>;
  chains: Map<string, Chain>;
}

export interface NftChainInfo {
  /** `type filter hook input priority 0` without the `;`. */
  typeSpan?: Span;
  /** Offset just after the type statement's `;` (or its end), where a policy can be inserted. */
  afterType?: number;
  /** The chain's `{`..`}` for one-liners. */
  bodyEnd?: number;
}

/** State shared by successive `nft` commands of a script, or one file. */
export interface NftState {
  tables: Map<string, NftTable>;
  defines: Map<string, NTok[]>;
  /** `flush ruleset` statements. */
  flushes: { span: Span; seq: Seq }[];
  /** Statements that load or change rules (add/create/insert/delete/flush chain…, a table block). */
  changes: { span: Span; seq: Seq }[];
  chainInfo: WeakMap<Chain, NftChainInfo>;
  /** Rules that log (for chains whose `log` statement has no verdict). */
}

export function newNftState(): NftState {
  return { tables: new Map(), defines: new Map(), flushes: [], changes: [], chainInfo: new WeakMap() };
}

export function nftRuleset(state: NftState): Ruleset {
  const chains: Chain[] = [];
  for (const t of state.tables.values()) chains.push(...t.chains.values());
  return { origin: 'nft', chains };
}

const FAMILY_WORDS = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
const FAMILIES: Record<string, IpFamily[]> = { ip: ['ipv4'], ip6: ['ipv6'], inet: ['ipv4', 'ipv6'] };
const HOOKS = new Set(['input', 'forward', 'output', 'prerouting', 'postrouting']);
const L4 = new Set(['tcp', 'udp', 'sctp', 'dccp', 'udplite', 'th']);
const COMMANDS = new Set(['add', 'create', 'insert', 'replace', 'delete', 'destroy', 'flush', 'list', 'reset', 'rename', 'monitor',
  'describe', 'export', 'import', 'get']);
/** Words that start a new statement or expression inside a rule: an unknown expression ends where one of them starts. */
const KEYWORDS = new Set(['ip', 'ip6', 'tcp', 'udp', 'sctp', 'dccp', 'udplite', 'th', 'meta', 'iif', 'iifname', 'oif', 'oifname', 'ct',
  'icmp', 'icmpv6', 'limit', 'counter', 'log', 'comment', 'accept', 'drop', 'reject', 'return', 'continue', 'jump', 'goto', 'queue',
  'dnat', 'snat', 'masquerade', 'redirect', 'notrack', 'l4proto']);

/** Characters that end a word: blanks, braces, `;`, `,`, quotes, comments, parentheses. */
const WORD_STOP = new Uint8Array(128);
for (const ch of ' \t\r\n{};,"#()') WORD_STOP[ch.charCodeAt(0)] = 1;

/** Tokenizes nft text; `map` turns an index of `text` into an offset of the linted file. */
function tokenize(text: string, map: (i: number) => number): NTok[] {
  const out: NTok[] = [];
  let i = 0;
  const push = (kind: NTok['kind'], s: number, e: number, value = text.slice(s, e)) =>
    out.push({ text: value, start: map(s), end: map(e - 1) + 1, kind });
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) { i += text[i + 1] === '\r' ? 3 : 2; continue; }
    if (c === '\n') { push('nl', i, i + 1); i++; continue; }
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j++;
      push('string', i, Math.min(j + 1, text.length), text.slice(i + 1, j));
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '}' || c === ';' || c === ',' || c === '(' || c === ')') { push('sym', i, i + 1); i++; continue; }
    if ((c === '!' || c === '=' || c === '<' || c === '>') && text[i + 1] === '=') { push('sym', i, i + 2); i += 2; continue; }
    if (c === '<' || c === '>') { push('sym', i, i + 1); i++; continue; }
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if ((d < 128 && WORD_STOP[d] === 1) || (d === 33 /* ! */ && text.charCodeAt(j + 1) === 61 /* = */)) break;
      j++;
    }
    if (j === i) j = i + 1;
    push('word', i, j);
    i = j;
  }
  return out;
}

class Cursor {
  i = 0;
  constructor(readonly toks: NTok[]) {}
  peek(k = 0): NTok | undefined { return this.toks[this.i + k]; }
  next(): NTok | undefined { return this.toks[this.i++]; }
  isWord(k = 0, text?: string): boolean {
    const t = this.peek(k);
    return t !== undefined && t.kind === 'word' && (text === undefined || t.text === text);
  }
  isSym(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.kind === 'sym' && t.text === text;
  }
  atEnd(): boolean { return this.i >= this.toks.length; }
  /** Skips to the end of the statement (newline or `;` at this depth, or before an unmatched `}`). */
  skipStatement(): void {
    let depth = 0;
    while (!this.atEnd()) {
      const t = this.peek()!;
      if (depth === 0 && (t.kind === 'nl' || (t.kind === 'sym' && t.text === ';'))) { this.i++; return; }
      if (t.kind === 'sym' && t.text === '{') depth++;
      if (t.kind === 'sym' && t.text === '}') {
        if (depth === 0) return;
        depth--;
      }
      this.i++;
    }
  }
  /** Skips a `{ … }` block starting at the cursor. */
  skipBlock(): void {
    let depth = 0;
    while (!this.atEnd()) {
      const t = this.next()!;
      if (t.kind === 'sym' && t.text === '{') depth++;
      else if (t.kind === 'sym' && t.text === '}') { depth--; if (depth <= 0) return; }
    }
  }
}

export interface NftParseOptions { seq: Seq; isSshName?: (name: string) => boolean; names?: (start: number) => readonly string[] }

/** Parses nft text (a file, or the arguments of one `nft` command joined by spaces) into `state`. */
export function parseNft(text: string, map: (i: number) => number, state: NftState, opts: NftParseOptions): void {
  const cur = new Cursor(tokenize(text, map));
  while (!cur.atEnd()) {
    const t = cur.peek()!;
    if (t.kind === 'nl' || (t.kind === 'sym' && t.text === ';')) { cur.i++; continue; }
    if (t.kind !== 'word') { if (t.text === '{') cur.skipBlock(); else cur.i++; continue; }
    if (t.text === 'table') {
      cur.i++;
      tableStatement(cur, state, opts, t);
      continue;
    }
    if (t.text === 'define' || t.text === 'redefine') {
      cur.i++;
      const name = cur.next();
      if (cur.isSym('=') || cur.isWord(0, '=')) cur.i++;
      const value: NTok[] = [];
      let depth = 0;
      while (!cur.atEnd()) {
        const v = cur.peek()!;
        if (depth === 0 && (v.kind === 'nl' || (v.kind === 'sym' && v.text === ';'))) break;
        if (v.kind === 'sym' && v.text === '{') depth++;
        if (v.kind === 'sym' && v.text === '}') depth--;
        value.push(v);
        cur.i++;
      }
      if (name) state.defines.set(name.text, value);
      continue;
    }
    if (COMMANDS.has(t.text)) {
      cur.i++;
      command(cur, state, opts, t);
      continue;
    }
    cur.skipStatement();
  }
}

function command(cur: Cursor, state: NftState, opts: NftParseOptions, verb: NTok): void {
  const obj = cur.next();
  const start = verb.start;
  if (!obj) return;
  const endOf = () => cur.toks[Math.min(cur.toks.length, Math.max(1, cur.i)) - 1]?.end ?? obj.end;
  if (verb.text === 'flush' && obj.text === 'ruleset') {
    state.flushes.push({ span: { start, end: obj.end }, seq: opts.seq });
    cur.skipStatement();
    return;
  }
  if (verb.text === 'list' || verb.text === 'monitor' || verb.text === 'describe' || verb.text === 'export' || verb.text === 'get') {
    cur.skipStatement();
    return;
  }
  if ((verb.text === 'add' || verb.text === 'create') && obj.text === 'table') {
    tableStatement(cur, state, opts, verb);
    state.changes.push({ span: { start, end: endOf() }, seq: opts.seq });
    return;
  }
  if ((verb.text === 'add' || verb.text === 'create') && obj.text === 'chain') {
    const table = tableRef(cur, state);
    const name = cur.next();
    if (table && name) {
      const chain = chainOf(table, name.text, state);
      if (cur.isSym('{')) {
        cur.i++;
        chainBody(cur, table, chain, state, opts);
      }
    }
    cur.skipStatement();
    state.changes.push({ span: { start, end: endOf() }, seq: opts.seq });
    return;
  }
  if ((verb.text === 'add' || verb.text === 'insert') && obj.text === 'rule') {
    const table = tableRef(cur, state);
    const name = cur.next();
    // `position N`, `handle N`, `index N`: where the rule goes is then not its text order.
    let inserted = verb.text === 'insert';
    while (cur.isWord(0, 'position') || cur.isWord(0, 'handle') || cur.isWord(0, 'index')) { inserted = true; cur.i += 2; }
    if (table && name) {
      const chain = chainOf(table, name.text, state);
      const rule = ruleStatement(cur, table, chain, state, opts);
      if (rule) {
        rule.inserted = inserted;
        chain.rules.push(rule);
      }
    } else cur.skipStatement();
    state.changes.push({ span: { start, end: endOf() }, seq: opts.seq });
    return;
  }
  cur.skipStatement();
  state.changes.push({ span: { start, end: endOf() }, seq: opts.seq });
}

/** `[family] name` of an existing or new table. */
function tableRef(cur: Cursor, state: NftState): NftTable | undefined {
  const a = cur.peek();
  const b = cur.peek(1);
  if (!a || a.kind !== 'word') return undefined;
  let family = 'ip';
  let familyTok = a;
  let written = false;
  if (FAMILY_WORDS.has(a.text) && b && b.kind === 'word') {
    family = a.text;
    written = true;
    cur.i++;
  }
  const name = cur.next()!;
  if (!written) familyTok = name;
  const key = `${family} ${name.text}`;
  let table = state.tables.get(key);
  if (!table) {
    table = {
      family, name: name.text, families: FAMILIES[family] ?? [], familySpan: { start: familyTok.start, end: familyTok.end },
      familyWritten: written, sets: new Map(), chains: new Map(),
    };
    state.tables.set(key, table);
  }
  return table;
}

function tableStatement(cur: Cursor, state: NftState, opts: NftParseOptions, first: NTok): void {
  const table = tableRef(cur, state);
  if (!table) { cur.skipStatement(); return; }
  state.changes.push({ span: { start: first.start, end: table.familySpan.end }, seq: opts.seq });
  if (!cur.isSym('{')) { cur.skipStatement(); return; }
  cur.i++;
  while (!cur.atEnd()) {
    const t = cur.peek()!;
    if (t.kind === 'sym' && t.text === '}') { cur.i++; return; }
    if (t.kind === 'nl' || (t.kind === 'sym' && t.text === ';')) { cur.i++; continue; }
    if (t.kind === 'word' && t.text === 'chain' && cur.peek(1)?.kind !== 'sym') {
      cur.i++;
      const name = cur.next()!;
      const chain = chainOf(table, name.text, state);
      chain.span = { start: t.start, end: name.end };
      if (cur.isSym('{')) { cur.i++; chainBody(cur, table, chain, state, opts); }
      continue;
    }
    if (t.kind === 'word' && (t.text === 'set' || t.text === 'map')) {
      cur.i++;
      const name = cur.next();
      if (cur.isSym('{')) {
        cur.i++;
        const elements = setBody(cur);
        if (name && t.text === 'set') table.sets.set(name.text, elements);
      }
      continue;
    }
    if (cur.isSym('{', 1) || cur.isSym('{', 2)) {
      while (!cur.atEnd() && !cur.isSym('{')) cur.i++;
      cur.skipBlock();
      continue;
    }
    cur.skipStatement();
  }
}

/** A set's body; returns its `elements = { … }` tokens (braces excluded). */
function setBody(cur: Cursor): NTok[] {
  const elements: NTok[] = [];
  let depth = 1;
  let inElements = false;
  while (!cur.atEnd() && depth > 0) {
    const t = cur.next()!;
    if (t.kind === 'sym' && t.text === '{') { depth++; continue; }
    if (t.kind === 'sym' && t.text === '}') { depth--; if (depth === 1) inElements = false; continue; }
    if (depth === 1 && t.kind === 'word' && t.text === 'elements') { inElements = true; continue; }
    if (inElements && depth === 2 && t.kind !== 'nl') elements.push(t);
  }
  return elements;
}

function chainOf(table: NftTable, name: string, state: NftState): Chain {
  let chain = table.chains.get(name);
  if (!chain) {
    chain = { syntax: 'nft', families: table.families, table: table.name, name, type: 'filter', policies: [], rules: [] };
    table.chains.set(name, chain);
    state.chainInfo.set(chain, {});
  }
  return chain;
}

function chainBody(cur: Cursor, table: NftTable, chain: Chain, state: NftState, opts: NftParseOptions): void {
  const info = state.chainInfo.get(chain)!;
  while (!cur.atEnd()) {
    const t = cur.peek()!;
    if (t.kind === 'sym' && t.text === '}') { info.bodyEnd = t.start; cur.i++; return; }
    if (t.kind === 'nl' || (t.kind === 'sym' && t.text === ';')) { cur.i++; continue; }
    if (t.kind === 'word' && t.text === 'type') {
      const start = t.start;
      let end = t.end;
      cur.i++;
      while (!cur.atEnd()) {
        const u = cur.peek()!;
        if (u.kind === 'nl' || (u.kind === 'sym' && (u.text === ';' || u.text === '}'))) break;
        if (u.kind === 'word' && u.text === 'hook' && cur.peek(1) && HOOKS.has(cur.peek(1)!.text)) chain.hook = cur.peek(1)!.text as Hook;
        if (u.kind === 'word' && cur.toks[cur.i - 1]?.text === 'type') chain.type = u.text;
        end = u.end;
        cur.i++;
      }
      info.typeSpan = { start, end };
      info.afterType = cur.isSym(';') ? cur.peek()!.end : end;
      continue;
    }
    if (t.kind === 'word' && t.text === 'policy') {
      cur.i++;
      const v = cur.peek();
      if (v && v.kind === 'word') {
        const p: Policy = {
          verdict: v.text === 'accept' ? 'accept' : v.text === 'drop' ? 'drop' : 'unknown',
          span: { start: t.start, end: v.end }, valueSpan: { start: v.start, end: v.end }, valueText: v.text, seq: opts.seq,
        };
        chain.policies.push(p);
        cur.i++;
      }
      continue;
    }
    if (t.kind === 'word' && (t.text === 'comment' || t.text === 'devices' || t.text === 'device' || t.text === 'flags')) {
      cur.skipStatement();
      continue;
    }
    const rule = ruleStatement(cur, table, chain, state, opts);
    if (rule) chain.rules.push(rule);
  }
}

interface Value { items: NTok[] | 'unknown'; span: Span; first: NTok }

/** A value after a selector: a word (with `,`-joined continuations), a `{ set }`, `@named` set or `$define`. */
function readValue(cur: Cursor, table: NftTable, state: NftState): Value | undefined {
  const t = cur.peek();
  if (!t || t.kind === 'nl' || (t.kind === 'sym' && t.text !== '{')) return undefined;
  if (t.kind === 'sym' && t.text === '{') {
    cur.i++;
    const items: NTok[] = [];
    let end = t.end;
    while (!cur.atEnd()) {
      const u = cur.next()!;
      end = u.end;
      if (u.kind === 'sym' && u.text === '}') break;
      if (u.kind === 'word' || u.kind === 'string') items.push(u);
    }
    return { items: expandRefs(items, table, state), span: { start: t.start, end }, first: t };
  }
  cur.i++;
  const items: NTok[] = [t];
  let end = t.end;
  while (cur.isSym(',') && (cur.peek(1)?.kind === 'word' || cur.peek(1)?.kind === 'string')) {
    items.push(cur.peek(1)!);
    end = cur.peek(1)!.end;
    cur.i += 2;
  }
  return { items: expandRefs(items, table, state), span: { start: t.start, end }, first: t };
}

function expandRefs(items: NTok[], table: NftTable, state: NftState, depth = 0): NTok[] | 'unknown' {
  const out: NTok[] = [];
  for (const it of items) {
    if (it.text.startsWith('@') || it.text.startsWith('$')) {
      const ref = it.text.startsWith('@') ? table.sets.get(it.text.slice(1)) : state.defines.get(it.text.slice(1));
      if (!ref || depth > 5) return 'unknown';
      const inner = expandRefs(ref.filter((x) => x.kind === 'word' || x.kind === 'string'), table, state, depth + 1);
      if (inner === 'unknown') return 'unknown';
      out.push(...inner);
    } else out.push(it);
  }
  return out;
}

function ports(v: Value): Known<PortSet> {
  if (v.items === 'unknown') return 'unknown';
  const ranges: [number, number][] = [];
  for (const it of v.items) {
    const p = parsePortList(it.text, '-');
    if (!p) return 'unknown';
    ranges.push(...p.map(([a, b]) => [a, b] as [number, number]));
  }
  return portSet(ranges);
}

function addrs(v: Value, negated: boolean): Known<AddrMatch> {
  if (v.items === 'unknown') return 'unknown';
  const cidrs = [];
  for (const it of v.items) {
    const c = parseCidr(it.text); // an address range `a-b` is not a prefix: unknown
    if (!c) return 'unknown';
    cidrs.push(c);
  }
  return { cidrs, negated, text: v.items.map((x) => x.text).join(',') };
}

function words(v: Value): Known<string[]> {
  if (v.items === 'unknown') return 'unknown';
  return v.items.map((x) => x.text.toLowerCase());
}

const ADDRESS_KEYS = new Set(['saddr', 'daddr', 'protocol', 'nexthdr']);
const ORDERING = new Set(['<', '>', '<=', '>=', 'lt', 'gt', 'le', 'ge']);
const VERDICT_WORDS = new Set(['accept', 'drop', 'reject', 'return', 'continue', 'jump', 'goto', 'queue', 'dnat', 'snat', 'masquerade', 'redirect']);
/** Keywords that may sit inside a NAT statement's address (`dnat ip to …`). */
const NAT_ADDRESS_WORDS = new Set(['ip', 'ip6', 'tcp']);

/** A relational operator at the cursor, read: true when it negates. */
function negation(cur: Cursor): boolean {
  const t = cur.peek();
  if (!t) return false;
  if (t.text === '!=' || t.text === 'ne') { cur.i++; return true; }
  if (t.text === '==' || t.text === 'eq') { cur.i++; return false; }
  return false;
}

/** An ordering operator (`<`, `ge`…) at the cursor. */
function ordering(cur: Cursor): boolean {
  return ORDERING.has(cur.peek()?.text ?? '');
}

/** The families of `families` that are `family` (an `ip`/`ip6` expression narrows the rule). */
function onlyFamily(families: readonly IpFamily[], family: IpFamily): readonly IpFamily[] {
  return families.filter((x) => x === family);
}

function ruleStatement(cur: Cursor, table: NftTable, chain: Chain, state: NftState, opts: NftParseOptions): FwRule | undefined {
  const first = cur.peek();
  if (!first) return undefined;
  let families: readonly IpFamily[] = table.families;
  let protos: Known<string[]>;
  let dports: Known<PortSet>;
  let sports: Known<PortSet>;
  let src: Known<AddrMatch>;
  let dst: Known<AddrMatch>;
  let inIface: Known<IfaceMatch>;
  let outIface: Known<IfaceMatch>;
  let states: Known<string[]>;
  let rateLimited = false;
  let logs = false;
  let extra: string[] | undefined;
  let verdict: VerdictKind = 'none';
  let target: string | undefined;
  let verdictSpan: Span | undefined;
  let portSpan: Span | undefined;
  let ssh = false;
  let last = first;

  while (!cur.atEnd()) {
    const t = cur.peek()!;
    if (t.kind === 'nl' || (t.kind === 'sym' && (t.text === ';' || t.text === '}'))) break;
    last = t;
    const w = t.text;
    const next = cur.peek(1)?.text;
    if ((w === 'ip' || w === 'ip6') && next && ADDRESS_KEYS.has(next)) {
      cur.i += 2;
      families = onlyFamily(families, w === 'ip' ? 'ipv4' : 'ipv6');
      const neg = negation(cur);
      const v = readValue(cur, table, state);
      if (!v) continue;
      last = cur.toks[cur.i - 1];
      if (next === 'saddr') src = addrs(v, neg);
      else if (next === 'daddr') dst = addrs(v, neg);
      else protos = neg ? 'unknown' : words(v);
      continue;
    }
    if (L4.has(w) && (next === 'dport' || next === 'sport')) {
      cur.i += 2;
      if (w !== 'th') protos = protoList(w);
      if (ordering(cur)) { cur.i++; const v = readValue(cur, table, state); if (v) last = cur.toks[cur.i - 1]; if (next === 'dport') dports = 'unknown'; else sports = 'unknown'; continue; }
      const neg = negation(cur);
      const v = readValue(cur, table, state);
      if (!v) continue;
      last = cur.toks[cur.i - 1];
      const p = neg ? 'unknown' : ports(v);
      if (next === 'dport') {
        dports = p;
        portSpan = v.span;
        if (v.first.text === 'ssh' || (opts.names && opts.isSshName && opts.names(v.first.start).some(opts.isSshName))) ssh = true;
      } else sports = p;
      continue;
    }
    if (w === 'meta' || w === 'iif' || w === 'iifname' || w === 'oif' || w === 'oifname' || w === 'l4proto' || w === 'nfproto') {
      let key = w;
      cur.i++;
      if (w === 'meta') { key = cur.peek()?.text ?? ''; cur.i++; }
      const neg = negation(cur);
      const v = readValue(cur, table, state);
      if (!v) continue;
      last = cur.toks[cur.i - 1];
      if (key === 'l4proto') protos = neg ? 'unknown' : words(v);
      else if (key === 'nfproto') {
        const fams = words(v);
        if (fams !== 'unknown' && fams && !neg) families = families.filter((f) => fams.includes(f));
      } else if (key === 'iif' || key === 'iifname' || key === 'oif' || key === 'oifname') {
        const m: Known<IfaceMatch> = v.items === 'unknown' ? 'unknown' : { names: v.items.map((x) => x.text), negated: neg };
        if (key.startsWith('i')) inIface = m; else outIface = m;
      } else (extra ??= []).push(`meta ${key}`);
      continue;
    }
    if (w === 'ct' && next === 'state') {
      cur.i += 2;
      const neg = negation(cur);
      const v = readValue(cur, table, state);
      if (!v) continue;
      last = cur.toks[cur.i - 1];
      states = neg ? 'unknown' : words(v);
      continue;
    }
    if (w === 'icmp' || w === 'icmpv6') {
      protos = [w === 'icmp' ? 'icmp' : 'ipv6-icmp'];
      families = onlyFamily(families, w === 'icmp' ? 'ipv4' : 'ipv6');
    }
    if (w === 'limit') {
      rateLimited = true;
      cur.i++;
      while (!cur.atEnd() && !KEYWORDS.has(cur.peek()!.text) && cur.peek()!.kind === 'word') cur.i++;
      last = cur.toks[cur.i - 1];
      continue;
    }
    if (w === 'log' || w === 'counter' || w === 'comment') {
      if (w === 'log') logs = true;
      cur.i++;
      // their arguments: `prefix "x" level info`, `packets 0 bytes 0`, `"text"`
      while (!cur.atEnd()) {
        const u = cur.peek()!;
        if (u.kind === 'string' || (u.kind === 'word' && !KEYWORDS.has(u.text))) { cur.i++; continue; }
        break;
      }
      last = cur.toks[cur.i - 1];
      continue;
    }
    if (VERDICT_WORDS.has(w)) {
      verdict = w === 'continue' ? 'none' : w as VerdictKind;
      const vStart = t.start;
      cur.i++;
      if (w === 'jump' || w === 'goto') {
        const tgt = cur.next();
        target = tgt?.text;
      } else if (w === 'dnat' || w === 'snat' || w === 'redirect' || w === 'reject' || w === 'queue' || w === 'masquerade') {
        const parts: string[] = [];
        while (!cur.atEnd()) {
          const u = cur.peek()!;
          if (u.kind === 'nl' || (u.kind === 'sym' && (u.text === ';' || u.text === '}'))) break;
          if (u.kind === 'word' && KEYWORDS.has(u.text) && !NAT_ADDRESS_WORDS.has(u.text)) break;
          if (u.text !== 'to' && u.text !== 'ip' && u.text !== 'ip6') parts.push(u.text);
          cur.i++;
        }
        if (w === 'dnat' || w === 'redirect') target = parts.join(' ');
      }
      last = cur.toks[cur.i - 1];
      verdictSpan = { start: vStart, end: last.end };
      continue;
    }
    // Anything else is a condition hardlint does not model: skip it up to the next known expression.
    (extra ??= []).push(w);
    cur.i++;
    while (!cur.atEnd()) {
      const u = cur.peek()!;
      if (u.kind === 'nl' || (u.kind === 'sym' && (u.text === ';' || u.text === '}'))) break;
      if (u.kind === 'word' && KEYWORDS.has(u.text)) break;
      if (u.kind === 'sym' && u.text === '{') { cur.skipBlock(); continue; }
      cur.i++;
    }
    last = cur.toks[cur.i - 1] ?? last;
  }
  if (cur.isSym(';')) cur.i++;
  if (first.kind === 'nl' || (first.kind === 'sym' && (first.text === ';' || first.text === '}'))) return undefined;
  return {
    tool: 'nft', families, table: table.name, chain: chain.name, protos, dports, sports, src, dst, inIface, outIface, states,
    rateLimited, logs, extra: extra ?? NO_EXTRA, verdict: { kind: verdict, target, span: verdictSpan }, span: { start: first.start, end: last.end },
    portSpan, ssh, seq: opts.seq, inserted: false, unknown: false, looped: undefined,
  };
}

export function chainInfo(state: NftState, chain: Chain): NftChainInfo {
  return state.chainInfo.get(chain) ?? {};
}

export function nftTableOf(state: NftState, chain: Chain): NftTable | undefined {
  for (const t of state.tables.values()) if (t.chains.get(chain.name) === chain) return t;
  return undefined;
}
