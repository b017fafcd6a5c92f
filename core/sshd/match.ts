// Match criteria as sshd 9.2's match_cfg_line() evaluates them (servconf.c, match.c, addrmatch.c).

export interface Connection {
  user?: string;
  host?: string;
  addr?: string;
  laddr?: string;
  lport?: string;
  rdomain?: string;
}

export interface Criterion { name: string; value?: string }

export type ParsedMatch = { ok: true; all: boolean; criteria: Criterion[] } | { ok: false; error: string };

const CRITERIA = ['user', 'group', 'host', 'localaddress', 'localport', 'rdomain', 'address'];

const DELIM_WS = ' \t\r\n';

/**
 * misc.c strdelim() applied until the text is used up: words end at whitespace, at one `=` (with blanks around it)
 * or at a `"` quote. Undefined when a quote is not closed.
 */
export function strdelimWords(text: string): string[] | undefined {
  const words: string[] = [];
  let s = text;
  const skipBlanks = (str: string, from: number) => {
    let k = from;
    while (k < str.length && DELIM_WS.includes(str[k])) k++;
    return k;
  };
  while (s !== '') {
    const i = s.search(/[ \t\r\n"=]/);
    if (i === -1) { words.push(s); break; }
    if (s[i] === '"') {
      const t = s.slice(0, i) + s.slice(i + 1);
      const close = t.indexOf('"', i);
      if (close === -1) return undefined;
      words.push(t.slice(0, close));
      s = t.slice(skipBlanks(t, close + 1));
      continue;
    }
    words.push(s.slice(0, i));
    let k = skipBlanks(s, i + 1);
    if (s[i] !== '=' && s[k] === '=') k = skipBlanks(s, k + 1);
    s = s.slice(k);
  }
  return words;
}

/**
 * A Match line's criteria as match_cfg_line() reads them. `raw` is the text after the keyword (split with strdelim,
 * as sshd does: `User = alice` and `User=alice` are both one criterion); without it, the argv tokens are used.
 */
export function parseMatch(args: string[], raw?: string): ParsedMatch {
  let words: string[];
  const split = raw === undefined ? undefined : strdelimWords(raw);
  if (split) words = split;
  else {
    // argv_split tokens: `User=alice` reaches us as one token.
    words = [];
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq > 0 && words.length % 2 === 0) { words.push(a.slice(0, eq)); if (eq + 1 < a.length) words.push(a.slice(eq + 1)); }
      else words.push(a);
    }
  }
  const criteria: Criterion[] = [];
  for (let i = 0; i < words.length && words[i] !== ''; i++) {
    if (words[i].startsWith('#')) break;
    const name = words[i].toLowerCase();
    if (name === 'all') {
      const next = words[i + 1];
      if (criteria.length > 0 || (next !== undefined && next !== '' && !next.startsWith('#'))) return { ok: false, error: 'all-combined' };
      return { ok: true, all: true, criteria: [] };
    }
    if (!CRITERIA.includes(name)) return { ok: false, error: `unsupported:${words[i]}` };
    const value = words[i + 1];
    if (value === undefined || value === '' || value.startsWith('#')) return { ok: false, error: `missing:${words[i]}` };
    if (name === 'localport' && !/^\d+$/.test(value)) return { ok: false, error: `bad-port:${value}` };
    if ((name === 'address' || name === 'localaddress') && !validAddressList(value)) {
      return { ok: false, error: `bad-address:${value}` };
    }
    criteria.push({ name, value });
    i++;
  }
  if (criteria.length === 0) return { ok: false, error: 'no-criteria' };
  return { ok: true, all: false, criteria };
}

/** match.c match_pattern(): `*` and `?` wildcards. */
export function matchPattern(s: string, pattern: string): boolean {
  // Algorithm lists match every known name against every entry: compile each pattern once, skip plain names.
  if (!pattern.includes('*') && !pattern.includes('?')) return s === pattern;
  let re = compiledPatterns.get(pattern);
  if (!re) {
    if (compiledPatterns.size > 1000) compiledPatterns.clear();
    re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's');
    compiledPatterns.set(pattern, re);
  }
  return re.test(s);
}

const compiledPatterns = new Map<string, RegExp>();

/** match.c match_pattern_list(): 1 on a positive match, -1 on a negated one, 0 otherwise. */
export function matchPatternList(s: string, list: string, foldCase: boolean): number {
  let got = 0;
  const subject = foldCase ? s.toLowerCase() : s;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    let p = negated ? raw.slice(1) : raw;
    if (foldCase) p = p.toLowerCase();
    if (matchPattern(subject, p)) {
      if (negated) return -1;
      got = 1;
    }
  }
  return got;
}

function parseIPv4(s: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function parseIPv6(s: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const part = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const words = [...head, ...Array(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The bytes of an IPv4 (4) or IPv6 (16) address literal. */
export function parseAddress(s: string): number[] | undefined {
  return parseIPv4(s) ?? parseIPv6(s);
}

function parseCidr(p: string): { bytes: number[]; bits: number } | undefined {
  const [addr, len, extra] = p.split('/');
  if (extra !== undefined) return undefined;
  const bytes = parseAddress(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (len === undefined) return { bytes, bits: max };
  if (!/^\d+$/.test(len) || Number(len) > max) return undefined;
  return { bytes, bits: Number(len) };
}

function validAddressList(list: string): boolean {
  return list.split(',').every((raw) => {
    const p = raw.startsWith('!') ? raw.slice(1) : raw;
    if (p.includes('/')) return parseCidr(p) !== undefined;
    return p.length > 0;
  });
}

/** addrmatch.c addr_match_list(): CIDR or wildcard patterns. */
export function matchAddressList(addr: string, list: string): number {
  const a = parseAddress(addr);
  let got = 0;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const p = negated ? raw.slice(1) : raw;
    let hit: boolean;
    if (p.includes('/')) {
      const c = parseCidr(p);
      hit = !!a && !!c && a.length === c.bytes.length && sameNetwork(a, c.bytes, c.bits);
    } else {
      hit = matchPattern(addr.toLowerCase(), p.toLowerCase());
    }
    if (hit) {
      if (negated) return -1;
      got = 1;
    }
  }
  return got;
}

function sameNetwork(a: number[], b: number[], bits: number): boolean {
  for (let i = 0; i < a.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i] & mask) !== (b[i] & mask)) return false;
  }
  return true;
}

/** Whether a parsed Match applies to a connection; `null` is sshd's start-up parse (only `Match all`). */
export function matchApplies(m: ParsedMatch, ci: Connection | null): boolean {
  if (!m.ok) return false;
  if (m.all) return true;
  if (ci === null) return false;
  let result = true;
  for (const { name, value } of m.criteria) {
    const v = value ?? '';
    switch (name) {
      case 'user': result = result && ci.user !== undefined && matchPatternList(ci.user, v, false) === 1; break;
      case 'group': result = false; break; // needs the host's group database; sshd matches nothing for unknown users
      case 'host': result = result && ci.host !== undefined && matchPatternList(ci.host, v, true) === 1; break;
      case 'address': result = result && ci.addr !== undefined && matchAddressList(ci.addr, v) === 1; break;
      case 'localaddress': result = result && ci.laddr !== undefined && matchAddressList(ci.laddr, v) === 1; break;
      case 'localport': result = result && ci.lport !== undefined && Number(ci.lport) === Number(v); break;
      case 'rdomain': result = result && ci.rdomain !== undefined && matchPatternList(ci.rdomain, v, false) === 1; break;
    }
  }
  return result;
}
