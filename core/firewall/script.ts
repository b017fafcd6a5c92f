// From shell commands to firewall invocations: static variables (`SSH_PORT=2222`, `PORTS="80 443"`, `IPT=/sbin/iptables`)
// and `for` loops over literal lists are resolved; anything else (command output, `read`, parameters, a variable
// assigned two different values) stays unknown. Wrappers (`sudo`, `env`, `nohup`…) are looked through.
import { Seq, Tok, tok } from './model';
import { arrayElements, isAssignmentWord, parseShell, ShellScript, SimpleCommand, Word, WordPart, wordParts } from './shell';

export type ToolName = 'iptables' | 'ip6tables' | 'ufw' | 'nft' | 'firewall-cmd' | 'systemctl' | 'service' | 'initd' | 'sysctl'
  | 'iptables-restore' | 'ip6tables-restore';

export interface Invocation {
  tool: ToolName;
  /** The program word (after wrappers). */
  word: Tok;
  args: Tok[];
  cmd: SimpleCommand;
  seq: Seq;
  /** The command runs once per value of a `for` variable it uses: this is one of those runs. */
  looped: boolean;
}

/** A shell variable whose value is an SSH port: `SSH_PORT`, `ssh_port`, `SSHD_PORT`, `PORT_SSH`… */
export function isSshName(name: string): boolean {
  return /ssh/i.test(name) && /port/i.test(name);
}

type Value = { scalar: string } | { array: string[] };

/** Static variables of a script: a name is known when every assignment of it in the file gives the same value. */
export class Variables {
  private readonly defs = new Map<string, (Word | null)[]>();
  private readonly cache = new Map<string, Value | null>();
  private readonly resolving = new Set<string>();
  /** Fields of unquoted expansions of resolved variables, by name (`name[@]` for all elements). */
  private readonly splitCache = new Map<string, string[]>();

  assign(name: string, word: Word | null): void {
    const list = this.defs.get(name);
    if (list) list.push(word);
    else this.defs.set(name, [word]);
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  resolve(name: string): Value | null {
    if (this.cache.has(name)) return this.cache.get(name)!;
    const defs = this.defs.get(name);
    if (!defs || this.resolving.has(name)) return null; // from the environment, or a cycle
    this.resolving.add(name);
    let result: Value | null | undefined;
    for (const w of defs) {
      const v = w === null ? null : this.assignedValue(w);
      if (v === null || (result !== undefined && result !== null && !sameValue(result, v))) { result = null; break; }
      result = v;
    }
    this.resolving.delete(name);
    const out = result ?? null;
    this.cache.set(name, out);
    return out;
  }

  /** The value of an assignment word `NAME=value` / `NAME=( … )`. */
  private assignedValue(w: Word): Value | null {
    const first = wordParts(w)[0];
    if (first.kind !== 'lit') return null;
    const eq = first.text.indexOf('=');
    if (first.text[eq - 1] === '+') return null; // appends depend on the order of execution
    const elements = arrayElements(w);
    if (elements) {
      const out: string[] = [];
      for (const el of elements) {
        const f = this.expand(el, new Map());
        if (f === undefined) return null;
        out.push(...f);
      }
      return { array: out };
    }
    const rest: WordPart[] = [{ ...first, text: first.text.slice(eq + 1) }, ...wordParts(w).slice(1)];
    // Assignment values are not split into fields.
    let s = '';
    for (const p of rest) {
      if (p.kind === 'lit') s += p.text;
      else if (p.kind === 'var') {
        const v = this.resolve(p.name);
        if (v === null) return null;
        s += 'scalar' in v ? v.scalar : (v.array[0] ?? '');
      } else return null;
    }
    if (s.includes('{{') || s.includes('{%')) return null;
    return { scalar: s };
  }

  /**
   * The fields a word expands to (unquoted expansions split on blanks, `"${a[@]}"` gives one field per element), or
   * undefined when any part is unknown. `bindings` holds loop variables (undefined value = unknown).
   */
  expand(w: Word, bindings: Map<string, string | undefined>): string[] | undefined {
    const only = w.value;
    if (only !== undefined) return isTemplate(only) ? undefined : [only];
    const parts = wordParts(w);
    if (parts.length === 1) {
      // `$NAME` alone, unquoted and not a loop variable (`$IPT`, `$PORTS`): the variable's fields, split once.
      const p = parts[0];
      if (p.kind === 'var' && !p.quoted && !bindings.has(p.name)) return this.splitVariable(p.name, p.all);
    }
    const fields: string[] = [''];
    let solid = false; // the word has literal text or a quoted part: it yields at least one field
    for (const p of parts) {
      if (p.kind === 'lit') {
        if (isTemplate(p.text)) return undefined;
        fields[fields.length - 1] += p.text;
        solid = true;
        continue;
      }
      if (p.kind === 'dyn') return undefined;
      // The variable's values: one (`scalar`), or every element of an array for `${a[@]}` (`list`).
      let scalar = '';
      let list: readonly string[] | undefined;
      if (bindings.has(p.name)) {
        const b = bindings.get(p.name);
        if (b === undefined) return undefined;
        scalar = b;
      } else {
        const v = this.resolve(p.name);
        if (v === null) return undefined;
        if ('scalar' in v) scalar = v.scalar;
        else if (p.all) list = v.array;
        else scalar = v.array[0] ?? '';
      }
      if (p.quoted) {
        solid = true;
        if (list === undefined) fields[fields.length - 1] += scalar;
        else for (let i = 0; i < list.length; i++) { if (i === 0) fields[fields.length - 1] += list[i]; else fields.push(list[i]); }
      } else if (list === undefined) {
        appendSplit(fields, scalar, true);
      } else {
        let first = true;
        for (const v of list) first = appendSplit(fields, v, first);
      }
    }
    if (!solid && fields.length === 1 && fields[0] === '') return [];
    return fields;
  }

  /** The fields of an unquoted `$name` (`${name[@]}` when `all`); undefined when the variable is unknown. */
  private splitVariable(name: string, all: boolean): string[] | undefined {
    const key = all ? `${name}[@]` : name;
    const cached = this.splitCache.get(key);
    if (cached !== undefined) return cached;
    const v = this.resolve(name);
    if (v === null) return undefined;
    const values = 'scalar' in v ? [v.scalar] : all ? v.array : [v.array[0] ?? ''];
    const fields: string[] = [''];
    let first = true;
    for (const x of values) first = appendSplit(fields, x, first);
    const out = fields.length === 1 && fields[0] === '' ? [] : fields;
    this.splitCache.set(key, out);
    return out;
  }
}

/**
 * Field splitting: the blank-separated pieces of `value` added to `fields`, the first piece glued to the last field
 * when `first` (text before the expansion). Returns whether the next piece is still the first.
 */
function appendSplit(fields: string[], value: string, first: boolean): boolean {
  const n = value.length;
  let i = 0;
  while (i < n) {
    let c = value.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10) { i++; continue; }
    const start = i;
    while (i < n && (c = value.charCodeAt(i)) !== 32 && c !== 9 && c !== 10) i++;
    const piece = start === 0 && i === n ? value : value.slice(start, i);
    if (first) { fields[fields.length - 1] += piece; first = false; } else fields.push(piece);
  }
  return first;
}

/** A Jinja/Ansible template word (`{{ port }}`, `{% if %}`): its value is not the script's. */
function isTemplate(text: string): boolean {
  const brace = text.indexOf('{');
  return brace !== -1 && (text.includes('{{', brace) || text.includes('{%', brace));
}

/** The text of a word's first part when it is literal (quoted or not). */
function firstLiteral(w: Word): string | undefined {
  if (w.value !== undefined) return w.value;
  const first = wordParts(w)[0];
  return first !== undefined && first.kind === 'lit' ? first.text : undefined;
}

function sameValue(a: Value, b: Value): boolean {
  if ('scalar' in a) return 'scalar' in b && a.scalar === b.scalar;
  return 'array' in b && a.array.length === b.array.length && a.array.every((x, i) => x === b.array[i]);
}

/** Collects the assignments of every command (bare, `export`/`local`/`declare`/`readonly`, `read`, loop variables). */
export function collectVariables(script: ShellScript): Variables {
  const vars = new Variables();
  const nameOf = (w: Word): string | undefined => {
    const first = firstLiteral(w);
    return first === undefined ? undefined : /^([A-Za-z_][A-Za-z0-9_]*)/.exec(first)?.[1];
  };
  const commands = script.commands;
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i];
    for (let k = 0; k < c.loops.length; k++) vars.assign(c.loops[k].name, null);
    if (c.words.length === 0) {
      for (const a of c.assigns) {
        const name = nameOf(a);
        if (name) vars.assign(name, /\[[^\]]*\]\+?=/.test(firstLiteral(a) ?? '') ? null : a);
      }
      continue;
    }
    const cmd = c.words[0].value;
    if (cmd === 'export' || cmd === 'local' || cmd === 'declare' || cmd === 'typeset' || cmd === 'readonly') {
      for (const w of c.words.slice(1)) {
        if (isAssignmentWord(w)) { const n = nameOf(w); if (n) vars.assign(n, w); }
      }
    } else if (cmd === 'read' || cmd === 'readarray' || cmd === 'mapfile' || cmd === 'getopts' || cmd === 'unset' || cmd === 'printf') {
      for (const w of c.words.slice(1)) {
        const lit = w.value;
        if (lit && /^[A-Za-z_][A-Za-z0-9_]*$/.test(lit)) vars.assign(lit, null);
      }
    }
  }
  // `for x in …` makes x unknown outside its loop; `for` frames are recorded per command above, and loops with an
  // empty body leave no command: nothing to resolve there anyway.
  return vars;
}

const WRAPPERS = new Set(['sudo', 'doas', 'env', 'command', 'exec', 'nohup', 'builtin', 'time', 'stdbuf', 'nice', 'ionice', 'timeout']);

const SUDO_ARG_OPTIONS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt']);

function basename(v: string): string {
  return v.slice(v.lastIndexOf('/') + 1);
}

const TOOLS = new Map<string, ToolName>();
for (const variant of ['', '-legacy', '-nft']) {
  TOOLS.set(`iptables${variant}`, 'iptables');
  TOOLS.set(`ip6tables${variant}`, 'ip6tables');
  TOOLS.set(`iptables${variant}-restore`, 'iptables-restore');
  TOOLS.set(`ip6tables${variant}-restore`, 'ip6tables-restore');
}
for (const name of ['ufw', 'nft', 'firewall-cmd', 'systemctl', 'service', 'sysctl'] as const) TOOLS.set(name, name);

function toolOf(name: string, path: string): ToolName | undefined {
  const tool = TOOLS.get(name);
  if (tool) return tool;
  if (path.startsWith('/etc/init.d/') || path.startsWith('/etc/rc.d/init.d/')) return 'initd';
  return undefined;
}

/** Skips wrappers (`sudo -u root`, `env A=b`, `nohup`, `command`…); returns the program's index or -1 for `command -v`. */
/** `count`: the arguments are `args[0 .. count)` (the rest of the array is stale). */
function programIndex(args: Tok[], count: number): number {
  let i = 0;
  for (let guard = 0; guard < 8 && i < count; guard++) {
    const v = args[i].value;
    if (v === undefined) return i;
    const name = basename(v);
    if (name === 'sudo' || name === 'doas') {
      i++;
      while (i < count) {
        const o = args[i].value;
        if (o === '--') { i++; break; }
        if (o === undefined || !(o.startsWith('-') || /^[A-Za-z_]\w*=/.test(o))) break;
        i += SUDO_ARG_OPTIONS.has(o) ? 2 : 1;
      }
      continue;
    }
    if (name === 'env') {
      i++;
      while (i < count) {
        const o = args[i].value;
        if (o === undefined || !(o.startsWith('-') || /^[A-Za-z_]\w*=/.test(o))) break;
        i += o === '-u' ? 2 : 1;
      }
      continue;
    }
    if (name === 'command') {
      const o = i + 1 < count ? args[i + 1].value : undefined;
      if (o === '-v' || o === '-V') return -1;
      i += o === '-p' ? 2 : 1;
      continue;
    }
    if (name === 'exec' || name === 'nohup' || name === 'builtin' || name === 'time' || name === 'stdbuf') {
      i++;
      while (i < count && args[i].value?.startsWith('-')) i++;
      continue;
    }
    if (name === 'nice' || name === 'ionice') {
      i++;
      while (i < count && args[i].value?.startsWith('-')) i += ['-n', '-c', '-p'].includes(args[i].value!) ? 2 : 1;
      continue;
    }
    if (name === 'timeout') {
      i++;
      while (i < count && args[i].value?.startsWith('-')) i += ['-s', '-k', '--signal', '--kill-after'].includes(args[i].value!) ? 2 : 1;
      i++; // the duration
      continue;
    }
    return i;
  }
  return i;
}

const NO_NAMES: readonly string[] = [];

/** The parameters a word expands (`$SSH_PORT`, `${PORT:-22}`), for rules that look at variable names. */
function namesOf(w: Word): readonly string[] {
  const parts = wordParts(w);
  let first: string | undefined;
  let out: string[] | undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if ((p.kind !== 'var' && p.kind !== 'dyn') || p.name === '') continue;
    if (first === undefined) first = p.name;
    else (out ??= [first]).push(p.name);
  }
  return out ?? (first === undefined ? NO_NAMES : oneName(first));
}

const oneNames = new Map<string, readonly string[]>();

/** `[name]`, shared: most expanding words name one parameter, and name lists are only read. */
function oneName(name: string): readonly string[] {
  let list = oneNames.get(name);
  if (list === undefined) {
    list = [name];
    if (oneNames.size < 256) oneNames.set(name, list);
  }
  return list;
}

const MAX_INSTANCES = 64;
const NO_FRAMES: SimpleCommand['loops'] = [];
const NO_BINDINGS: Map<string, string | undefined> = new Map();
const NO_COMBOS: readonly Map<string, string | undefined>[] = [NO_BINDINGS];

/** Every firewall-related invocation of the script, one per binding of the `for` variables it uses. */
export function invocations(script: ShellScript, vars: Variables): Invocation[] {
  const out: Invocation[] = [];
  forEachInvocation(script, vars, (inv) => { out.push(inv); });
  return out;
}

/**
 * The invocations of `invocations`, handed over one at a time in the same order: their argument lists can then be
 * dropped as soon as they are read, instead of all living until the last command is done.
 */
export function forEachInvocation(script: ShellScript, vars: Variables, visit: (inv: Invocation) => void): void {
  // Arguments are gathered here, then copied at their exact length for the invocation.
  const scratch: Tok[] = [];
  const commands = script.commands;
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i];
    if (c.words.length === 0) continue;
    // Most commands (echo, test, cp…) are plain words naming neither a firewall program nor a wrapper: skip them early.
    const first = c.words[0].value;
    if (first !== undefined) {
      const name = basename(first);
      if (!WRAPPERS.has(name) && !toolOf(name, first)) continue;
    }
    const frames = c.loops.length > 0 ? loopFramesUsed(c) : NO_FRAMES;
    const combos = frames.length > 0 ? loopBindings(frames, vars) : NO_COMBOS;
    for (let b = 0; b < combos.length; b++) {
      const bindings = combos[b];
      let n = 0;
      const words = c.words;
      for (let k = 0; k < words.length; k++) {
        const w = words[k];
        const only = w.value;
        if (only !== undefined && !isTemplate(only)) {
          scratch[n++] = w; // a literal word is its own token
          continue;
        }
        const fields = vars.expand(w, bindings);
        const names = namesOf(w);
        if (fields === undefined) { scratch[n++] = tok(undefined, w.start, w.end, undefined, names); continue; }
        for (const f of fields) scratch[n++] = tok(f, w.start, w.end, fields.length === 1 ? w.verbatimStart : undefined, names);
      }
      const at = programIndex(scratch, n);
      if (at < 0 || at >= n) continue;
      const prog = scratch[at];
      if (prog.value === undefined) continue;
      // `iptables() { … }` in the script: calls go to that function, which may do anything.
      if (!prog.value.includes('/') && script.functions.has(prog.value)) continue;
      const tool = toolOf(basename(prog.value), prog.value);
      if (!tool) continue;
      visit({ tool, word: prog, args: scratch.slice(at + 1, n), cmd: c, seq: { scope: c.scope, block: c.block, offset: prog.start },
        looped: frames.length > 0 });
    }
  }
}

/** The enclosing `for` loops whose variable the command uses. */
function loopFramesUsed(c: SimpleCommand): SimpleCommand['loops'] {
  const referenced = new Set<string>();
  for (const w of c.words) if (w.value === undefined) for (const p of wordParts(w)) if (p.kind === 'var') referenced.add(p.name);
  return c.loops.filter((f) => referenced.has(f.name));
}

/** One binding of the loop variables per run of the command (at most MAX_INSTANCES). */
function loopBindings(frames: SimpleCommand['loops'], vars: Variables): Map<string, string | undefined>[] {
  let combos: Map<string, string | undefined>[] = [NO_BINDINGS];
  for (const f of frames) {
    let values: (string | undefined)[] = [undefined];
    if (f.values) {
      const expanded: string[] = [];
      let known = true;
      for (const w of f.values) {
        const e = vars.expand(w, NO_BINDINGS);
        if (e === undefined) { known = false; break; }
        expanded.push(...e);
      }
      if (known) values = expanded;
    }
    const next: Map<string, string | undefined>[] = [];
    for (const combo of combos) {
      for (const v of values) {
        if (next.length >= MAX_INSTANCES) break;
        next.push(new Map(combo).set(f.name, v));
      }
    }
    combos = next;
  }
  return combos;
}


/** A quick look for firewall programs, used to tell firewall scripts from other shell scripts. */
const FIREWALL_WORD = /(^|[\s;&|(`'"/=])(ufw|ip6?tables(-legacy|-nft)?(-restore)?|nft|firewall-cmd)(?=[\s;&|)`'"]|$)/m;

/** The script runs ufw, iptables, ip6tables, nft or firewall-cmd (directly, through sudo, a variable or a loop). */
export function runsFirewallCommand(text: string): boolean {
  if (!FIREWALL_WORD.test(text)) return false;
  const script = parseShell(text);
  rememberSplit(text, script);
  const vars = collectVariables(script);
  return invocations(script, vars).some((i) => i.tool !== 'systemctl' && i.tool !== 'service' && i.tool !== 'initd' && i.tool !== 'sysctl');
}

/**
 * The scripts kind detection split last, by exact text: the workspace model and the lint then split the same text
 * again. Only detection adds to it, so linting one text over and over (an editor, the bench) still splits it each time.
 * Bounded: at most 4 scripts and 1 MB of text in all (a split script weighs several times its text).
 */
const recentSplits: { text: string; script: ShellScript }[] = [];
const RECENT_SPLITS_MAX = 4;
const RECENT_SPLITS_MAX_CHARS = 1 << 20;

function rememberSplit(text: string, script: ShellScript): void {
  if (text.length > RECENT_SPLITS_MAX_CHARS) return;
  const known = recentSplits.findIndex((e) => e.text === text);
  if (known !== -1) recentSplits.splice(known, 1);
  recentSplits.push({ text, script });
  let chars = 0;
  for (const e of recentSplits) chars += e.text.length;
  while (recentSplits.length > RECENT_SPLITS_MAX || chars > RECENT_SPLITS_MAX_CHARS) chars -= recentSplits.shift()!.text.length;
}

/** The split script kind detection made of this exact text, if it split it recently (shared: read it, never change it). */
export function recentSplit(text: string): ShellScript | undefined {
  for (let i = recentSplits.length - 1; i >= 0; i--) {
    const e = recentSplits[i];
    if (e.text.length === text.length && e.text === text) return e.script;
  }
  return undefined;
}
