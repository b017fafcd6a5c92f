// A small model of the PCRE regular expressions nginx evaluates (location ~, rewrite, if ~), enough to answer the
// questions the gixy-derived rules ask about a capture group: can it hold a given character (a CR/LF for header
// injection, a "." for an attacker-chosen host), must it hold one (a "/" ends the host part of a URL), and which
// strings does the whole expression accept (a referer check that also lets `evil.com` through).
// Anything the model does not know (recursion, conditionals) makes parsing fail; callers then stay silent.

/** Characters as a 128-entry ASCII table plus one flag for everything above. */
export class CharSet {
  private readonly ascii = new Uint8Array(128);
  private nonAscii = false;

  static of(chars: string): CharSet {
    const s = new CharSet();
    for (let i = 0; i < chars.length; i++) s.add(chars.charCodeAt(i));
    return s;
  }

  static range(from: number, to: number): CharSet {
    const s = new CharSet();
    for (let c = from; c <= to; c++) s.add(c);
    return s;
  }

  add(code: number): void {
    if (code < 128) this.ascii[code] = 1;
    else this.nonAscii = true;
  }

  addSet(other: CharSet): void {
    for (let c = 0; c < 128; c++) if (other.ascii[c]) this.ascii[c] = 1;
    if (other.nonAscii) this.nonAscii = true;
  }

  has(code: number): boolean {
    return code < 128 ? this.ascii[code] === 1 : this.nonAscii;
  }

  negated(): CharSet {
    const s = new CharSet();
    // NUL never reaches a regex in nginx (it ends C strings), so it is not part of a negated class.
    for (let c = 1; c < 128; c++) if (!this.ascii[c]) s.ascii[c] = 1;
    s.nonAscii = !this.nonAscii;
    return s;
  }

  /** A printable member, preferring `preferred`, for building sample strings. */
  sample(preferred: string): string | undefined {
    for (const ch of preferred) if (this.has(ch.charCodeAt(0))) return ch;
    for (let c = 0x21; c < 0x7f; c++) if (this.ascii[c]) return String.fromCharCode(c);
    for (let c = 1; c < 0x21; c++) if (this.ascii[c]) return String.fromCharCode(c);
    return undefined;
  }
}

const DIGITS = CharSet.range(0x30, 0x39);
const WORD = (() => {
  const s = CharSet.of('_');
  s.addSet(DIGITS);
  s.addSet(CharSet.range(0x41, 0x5a));
  s.addSet(CharSet.range(0x61, 0x7a));
  return s;
})();
const SPACE = CharSet.of(' \t\n\r\f\v');
const HORIZONTAL_SPACE = CharSet.of(' \t');
const VERTICAL_SPACE = CharSet.of('\n\r\f\v');
/** `.`: anything but a newline (PCRE's default, which nginx does not change). */
const DOT = CharSet.of('\n').negated();
const ANYTHING = new CharSet().negated();

const POSIX_CLASSES: Record<string, CharSet> = {
  alpha: (() => { const s = CharSet.range(0x41, 0x5a); s.addSet(CharSet.range(0x61, 0x7a)); return s; })(),
  digit: DIGITS,
  alnum: (() => { const s = CharSet.range(0x41, 0x5a); s.addSet(CharSet.range(0x61, 0x7a)); s.addSet(DIGITS); return s; })(),
  word: WORD,
  space: SPACE,
  blank: HORIZONTAL_SPACE,
  upper: CharSet.range(0x41, 0x5a),
  lower: CharSet.range(0x61, 0x7a),
  xdigit: (() => { const s = CharSet.of('abcdefABCDEF'); s.addSet(DIGITS); return s; })(),
  punct: (() => {
    const s = new CharSet();
    for (let c = 0x21; c < 0x7f; c++) if (!WORD.has(c) || c === 0x5f) s.add(c);
    return s;
  })(),
  print: CharSet.range(0x20, 0x7e),
  graph: CharSet.range(0x21, 0x7e),
  cntrl: (() => { const s = CharSet.range(0, 0x1f); s.add(0x7f); return s; })(),
  ascii: CharSet.range(0, 0x7f),
};

export type RegexNode =
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; branches: RegexNode[] }
  | { kind: 'group'; index?: number; name?: string; body: RegexNode }
  | { kind: 'repeat'; min: number; max: number; body: RegexNode }
  /** A character written as itself (or escaped) outside a class. */
  | { kind: 'char'; code: number }
  /** `.`, a class, `\d`, `\w`, ... */
  | { kind: 'set'; set: CharSet }
  | { kind: 'anchor'; at: 'start' | 'end' | 'other' }
  /** A lookaround: tests, matches no character. */
  | { kind: 'look' }
  | { kind: 'backref'; ref: number | string };

export interface ParsedRegex {
  source: string;
  root: RegexNode;
  caseInsensitive: boolean;
  /** Capture groups by number and by name (a named group has both). */
  groups: Map<number | string, RegexNode>;
}

class RegexSyntaxError extends Error {}

/** Parses by source, case-sensitive and case-insensitive apart (a combined key would be a new string per lookup). */
const parsedCache = new Map<string, ParsedRegex | undefined>();
const parsedCacheCaseless = new Map<string, ParsedRegex | undefined>();

/**
 * Parses a PCRE pattern; undefined when it uses something this model does not cover or is invalid. Results are
 * shared (and must not be modified): a configuration repeats the same few location regexes in every server.
 */
export function parseRegex(source: string, options: { caseInsensitive?: boolean } = {}): ParsedRegex | undefined {
  const cache = options.caseInsensitive ? parsedCacheCaseless : parsedCache;
  const known = cache.get(source);
  if (known !== undefined || cache.has(source)) return known;
  const parsed = parseUncached(source, !!options.caseInsensitive);
  if (cache.size > 10_000) cache.clear();
  cache.set(source, parsed);
  return parsed;
}

function parseUncached(source: string, caseInsensitive: boolean): ParsedRegex | undefined {
  const parser = new Parser(source);
  try {
    const root = parser.parseAlternation();
    if (parser.pos < source.length) return undefined; // an unbalanced ")"
    return { source, root, caseInsensitive: caseInsensitive || parser.caseless, groups: parser.groups };
  } catch (e) {
    if (e instanceof RegexSyntaxError) return undefined;
    throw e;
  }
}

class Parser {
  pos = 0;
  groupCount = 0;
  caseless = false;
  readonly groups = new Map<number | string, RegexNode>();

  constructor(private readonly src: string) {}

  private fail(): never {
    throw new RegexSyntaxError();
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  parseAlternation(): RegexNode {
    const branches = [this.parseSequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.parseSequence());
    }
    return branches.length === 1 ? branches[0] : { kind: 'alt', branches };
  }

  private parseSequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.parseAtom();
      if (atom === undefined) continue;
      if (Array.isArray(atom)) { items.push(...atom); continue; }
      items.push(this.parseQuantifier(atom));
    }
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  }

  private parseQuantifier(atom: RegexNode): RegexNode {
    let node = atom;
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === '*') { min = 0; max = Infinity; this.pos++; }
      else if (c === '+') { min = 1; max = Infinity; this.pos++; }
      else if (c === '?') { min = 0; max = 1; this.pos++; }
      else if (c === '{') {
        const m = /^\{(\d*)(?:(,)(\d*))?\}/.exec(this.src.slice(this.pos));
        // `{` that is not a valid quantifier is a literal in PCRE.
        if (!m || (m[1] === '' && (m[3] ?? '') === '')) return node;
        min = m[1] === '' ? 0 : Number(m[1]);
        max = m[2] ? (m[3] === '' ? Infinity : Number(m[3])) : min;
        this.pos += m[0].length;
      } else return node;
      if (node.kind === 'anchor' || node.kind === 'look') this.fail();
      // Lazy and possessive markers change how, not what, it matches.
      if (this.peek() === '?' || this.peek() === '+') this.pos++;
      node = { kind: 'repeat', min, max, body: node };
    }
  }

  /** One atom; undefined for things that match nothing at all (comments, option settings). */
  private parseAtom(): RegexNode | RegexNode[] | undefined {
    const c = this.src[this.pos++];
    switch (c) {
      case '^': return { kind: 'anchor', at: 'start' };
      case '$': return { kind: 'anchor', at: 'end' };
      case '.': return { kind: 'set', set: DOT };
      case '[': return { kind: 'set', set: this.parseClass() };
      case '(': return this.parseGroup();
      case '\\': return this.parseEscape();
      case '*': case '+': case '?': return this.fail();
      default: return { kind: 'char', code: c.charCodeAt(0) };
    }
  }

  private parseGroup(): RegexNode | undefined {
    const rest = this.src.slice(this.pos);
    let name: string | undefined;
    let capture = true;
    let look = false;
    if (rest.startsWith('?')) {
      const named = /^\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(rest);
      if (named) {
        name = named[1] ?? named[2];
        this.pos += named[0].length;
      } else if (rest.startsWith('?#')) {
        const end = this.src.indexOf(')', this.pos);
        if (end < 0) this.fail();
        this.pos = end + 1;
        return undefined;
      } else if (/^\?P=([A-Za-z_]\w*)\)/.test(rest)) {
        const m = /^\?P=([A-Za-z_]\w*)\)/.exec(rest)!;
        this.pos += m[0].length;
        return { kind: 'backref', ref: m[1] };
      } else if (/^\?(?:[=!]|<[=!])/.test(rest)) {
        look = true;
        capture = false;
        this.pos += rest[1] === '<' ? 3 : 2;
      } else if (rest.startsWith('?:') || rest.startsWith('?>') || rest.startsWith('?|')) {
        capture = false;
        this.pos += 2;
      } else {
        // Option settings: `(?i)` for the rest of the pattern, `(?i:...)` for a group.
        const m = /^\?([imsxnUJ]*)(?:-([imsxnUJ]*))?([:)])/.exec(rest);
        if (!m) this.fail(); // recursion, conditionals, callouts: not modelled
        if (m[1].includes('i')) this.caseless = true;
        this.pos += m[0].length;
        if (m[3] === ')') return undefined;
        capture = false;
      }
    }
    const index = capture ? ++this.groupCount : undefined;
    const body = this.parseAlternation();
    if (this.peek() !== ')') this.fail();
    this.pos++;
    if (look) return { kind: 'look' };
    const node: RegexNode = { kind: 'group', index, name, body };
    if (index !== undefined) this.groups.set(index, body);
    if (name !== undefined) this.groups.set(name, body);
    return node;
  }

  private parseEscape(): RegexNode | RegexNode[] | undefined {
    const c = this.src[this.pos++];
    if (c === undefined) this.fail();
    const set = this.escapeSet(c);
    if (set) return { kind: 'set', set };
    switch (c) {
      case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': return { kind: 'anchor', at: 'other' };
      case 'Q': {
        let end = this.src.indexOf('\\E', this.pos);
        if (end < 0) end = this.src.length;
        const literal = this.src.slice(this.pos, end);
        this.pos = Math.min(end + 2, this.src.length);
        return [...literal].map((ch): RegexNode => ({ kind: 'char', code: ch.charCodeAt(0) }));
      }
      case 'E': return undefined;
      case 'k': case 'g': {
        const m = /^(?:<([^>]+)>|\{([^}]+)\}|'([^']+)'|(-?\d+))/.exec(this.src.slice(this.pos));
        if (!m) this.fail();
        this.pos += m[0].length;
        const ref = m[1] ?? m[2] ?? m[3] ?? m[4];
        return { kind: 'backref', ref: /^\d+$/.test(ref) ? Number(ref) : ref };
      }
    }
    if (c >= '1' && c <= '9') {
      let digits = c;
      while (/\d/.test(this.peek())) digits += this.src[this.pos++];
      return { kind: 'backref', ref: Number(digits) };
    }
    return { kind: 'char', code: this.escapeCode(c) };
  }

  /** `\d`, `\s`, ... as a set, or undefined for other escapes. */
  private escapeSet(c: string): CharSet | undefined {
    switch (c) {
      case 'd': return DIGITS;
      case 'D': return DIGITS.negated();
      case 'w': return WORD;
      case 'W': return WORD.negated();
      case 's': return SPACE;
      case 'S': return SPACE.negated();
      case 'h': return HORIZONTAL_SPACE;
      case 'H': return HORIZONTAL_SPACE.negated();
      case 'v': return VERTICAL_SPACE;
      case 'V': return VERTICAL_SPACE.negated();
      case 'R': return VERTICAL_SPACE;
      case 'N': return DOT;
      case 'X': case 'C': return ANYTHING;
      case 'p': case 'P': {
        // Unicode properties: any character as far as this model goes.
        const m = /^(?:\{[^}]*\}|\w)/.exec(this.src.slice(this.pos));
        if (m) this.pos += m[0].length;
        return ANYTHING;
      }
    }
    return undefined;
  }

  /** The character an escape stands for (`\n` → LF, `\x2f` → "/", `\.` → "."). */
  private escapeCode(c: string): number {
    switch (c) {
      case 'n': return 10;
      case 'r': return 13;
      case 't': return 9;
      case 'f': return 12;
      case 'e': return 27;
      case 'a': return 7;
      case '0': {
        let digits = '';
        while (digits.length < 2 && /[0-7]/.test(this.peek())) digits += this.src[this.pos++];
        return digits ? parseInt(digits, 8) : 0;
      }
      case 'o': {
        const m = /^\{([0-7]+)\}/.exec(this.src.slice(this.pos));
        if (!m) this.fail();
        this.pos += m[0].length;
        return parseInt(m[1], 8);
      }
      case 'x': {
        const m = /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{1,2}))/.exec(this.src.slice(this.pos));
        if (!m) return 0;
        this.pos += m[0].length;
        return parseInt(m[1] ?? m[2], 16);
      }
      case 'c': {
        const ch = this.src[this.pos++];
        if (ch === undefined) this.fail();
        return ch.toUpperCase().charCodeAt(0) ^ 0x40;
      }
      default: return c.charCodeAt(0);
    }
  }

  private parseClass(): CharSet {
    let negate = false;
    if (this.peek() === '^') { negate = true; this.pos++; }
    const set = new CharSet();
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) this.fail();
      const c = this.src[this.pos];
      if (c === ']' && !first) { this.pos++; break; }
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos));
      if (posix) {
        const cls = POSIX_CLASSES[posix[2]];
        if (!cls) this.fail();
        set.addSet(posix[1] ? cls.negated() : cls);
        this.pos += posix[0].length;
        continue;
      }
      const low = this.classAtom();
      if (low instanceof CharSet) { set.addSet(low); continue; }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        const save = this.pos;
        this.pos++;
        const high = this.classAtom();
        if (high instanceof CharSet) {
          // `[a-\d]`: the "-" is literal.
          set.add(low);
          set.add(0x2d);
          set.addSet(high);
          continue;
        }
        if (high < low) { this.pos = save; this.fail(); }
        set.addSet(CharSet.range(low, high));
        continue;
      }
      set.add(low);
    }
    return negate ? set.negated() : set;
  }

  /** One character of a class, or a set for `\d` and the like. */
  private classAtom(): number | CharSet {
    const c = this.src[this.pos++];
    if (c !== '\\') return c.charCodeAt(0);
    const e = this.src[this.pos++];
    if (e === undefined) this.fail();
    const set = this.escapeSet(e);
    if (set) return set;
    if (e === 'b') return 8; // backspace inside a class
    return this.escapeCode(e);
  }
}

// ---- questions about a group --------------------------------------------------------------------------------------

const caseVariants = (code: number): number[] => {
  const ch = String.fromCharCode(code);
  const lower = ch.toLowerCase().charCodeAt(0);
  const upper = ch.toUpperCase().charCodeAt(0);
  return lower === upper ? [code] : [lower, upper];
};

/**
 * Whether the text a node matches can hold `char` because of a part the client controls: a class, `.`, `\W`...
 * Characters written literally in the pattern are the configuration's own, not the client's: with
 * `skipLiterals` they do not count (`\.` in `example\.com` does not make the group "able to hold a dot").
 */
export function canContain(re: ParsedRegex, node: RegexNode, char: string, skipLiterals = true): boolean {
  return remembered(node, (skipLiterals ? 'c' : 'C') + char, () => computeCanContain(re, node, char, skipLiterals));
}

/**
 * Answers about a node, kept while its (shared, cached) parse lives: every configuration repeats the same location
 * regexes and built-in variables, and the rules ask the same questions for each use. A node belongs to one parse.
 */
const answers = new WeakMap<RegexNode, Map<string, boolean>>();

function remembered(node: RegexNode, question: string, answer: () => boolean): boolean {
  let known = answers.get(node);
  if (!known) answers.set(node, known = new Map());
  let value = known.get(question);
  if (value === undefined) known.set(question, value = answer());
  return value;
}

function computeCanContain(re: ParsedRegex, node: RegexNode, char: string, skipLiterals: boolean): boolean {
  const codes = re.caseInsensitive ? caseVariants(char.charCodeAt(0)) : [char.charCodeAt(0)];
  const visit = (n: RegexNode, depth: number): boolean => {
    if (depth > 64) return false;
    switch (n.kind) {
      case 'seq': return n.items.some((i) => visit(i, depth + 1));
      case 'alt': return n.branches.some((b) => visit(b, depth + 1));
      case 'group': return visit(n.body, depth + 1);
      case 'repeat': return n.max > 0 && visit(n.body, depth + 1);
      case 'char': return !skipLiterals && codes.includes(n.code);
      case 'set': return codes.some((c) => n.set.has(c));
      case 'backref': {
        const g = re.groups.get(n.ref);
        return g !== undefined && visit(g, depth + 1);
      }
      default: return false;
    }
  };
  return visit(node, 0);
}

/** Whether every text the node matches holds `char` (a `/` written in the pattern, outside any optional part). */
export function mustContain(re: ParsedRegex, node: RegexNode, char: string): boolean {
  return remembered(node, 'm' + char, () => computeMustContain(re, node, char));
}

function computeMustContain(re: ParsedRegex, node: RegexNode, char: string): boolean {
  const codes = re.caseInsensitive ? caseVariants(char.charCodeAt(0)) : [char.charCodeAt(0)];
  const visit = (n: RegexNode, depth: number): boolean => {
    if (depth > 64) return false;
    switch (n.kind) {
      case 'seq': return n.items.some((i) => visit(i, depth + 1));
      case 'alt': return n.branches.every((b) => visit(b, depth + 1));
      case 'group': return visit(n.body, depth + 1);
      case 'repeat': return n.min > 0 && visit(n.body, depth + 1);
      case 'char': return codes.includes(n.code);
      case 'backref': {
        const g = re.groups.get(n.ref);
        return g !== undefined && visit(g, depth + 1);
      }
      default: return false;
    }
  };
  return visit(node, 0);
}

// ---- sample strings ------------------------------------------------------------------------------------------------

/** How many times a repeated part is written out in samples (`.+` → five characters). */
const SAMPLE_REPEAT = 5;
/** Upper bound on samples, so an expression with many alternatives stays cheap. */
const MAX_SAMPLES = 4096;

/**
 * Strings the expression accepts, built to contain `dangerous` wherever the pattern lets the client choose a
 * character: `.` and classes that allow it produce it, other classes a sample member, optional parts both with and
 * without. With `anchors`, `^` and `$` are written where the pattern has them, so a caller can tell whether the match
 * is tied to the start or the end of the tested value.
 */
export function sampleMatches(re: ParsedRegex, dangerous: string, anchors = true): string[] {
  const code = dangerous.charCodeAt(0);
  const fromSet = (set: CharSet): string => (set.has(code) ? dangerous : set.sample('a0-.') ?? '');
  const product = (lists: string[][]): string[] => {
    let out = [''];
    for (const list of lists) {
      const next: string[] = [];
      for (const prefix of out) {
        for (const s of list) {
          next.push(prefix + s);
          if (next.length >= MAX_SAMPLES) break;
        }
        if (next.length >= MAX_SAMPLES) break;
      }
      out = next;
    }
    return out;
  };
  const gen = (n: RegexNode, depth: number): string[] | undefined => {
    if (depth > 64) return [''];
    switch (n.kind) {
      case 'seq': return product(n.items.map((i) => gen(i, depth + 1)).filter((x): x is string[] => x !== undefined));
      case 'alt': return n.branches.flatMap((b) => gen(b, depth + 1) ?? ['']).slice(0, MAX_SAMPLES);
      case 'group': return gen(n.body, depth + 1);
      case 'repeat': {
        const out = n.min === 0 ? [''] : [];
        if (n.max === 0) return out;
        const times = Math.min(n.max, SAMPLE_REPEAT);
        for (const s of gen(n.body, depth + 1) ?? ['']) out.push(s.repeat(times));
        return out;
      }
      case 'char': return [String.fromCharCode(n.code)];
      case 'set': return [fromSet(n.set)];
      case 'anchor':
        if (!anchors || n.at === 'other') return undefined;
        return [n.at === 'start' ? '^' : '$'];
      case 'look': return undefined;
      case 'backref': {
        const g = re.groups.get(n.ref);
        return g ? gen(g, depth + 1) : [''];
      }
    }
  };
  return [...new Set(gen(re.root, 0) ?? [''])];
}
