// From shell commands to firewall invocations: static variables (`SSH_PORT=2222`, `PORTS="80 443"`, `IPT=/sbin/iptables`)
// and `for` loops over literal lists are resolved; anything else (command output, `read`, parameters, a variable
// assigned two different values) stays unknown. Wrappers (`sudo`, `env`, `nohup`…) are looked through.
import type { Seq, Tok } from './model';
import { isAssignmentWord, parseShell, ShellScript, SimpleCommand, Word, WordPart } from './shell';

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
    const first = w.parts[0];
    if (first.kind !== 'lit') return null;
    const eq = first.text.indexOf('=');
    if (first.text[eq - 1] === '+') return null; // appends depend on the order of execution
    if (w.array) {
      const out: string[] = [];
      for (const el of w.array) {
        const f = this.expand(el, new Map());
        if (f === undefined) return null;
        out.push(...f);
      }
      return { array: out };
    }
    const rest: WordPart[] = [{ ...first, text: first.text.slice(eq + 1) }, ...w.parts.slice(1)];
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
    const fields: string[] = [''];
    let solid = false; // the word has literal text or a quoted part: it yields at least one field
    for (const p of w.parts) {
      if (p.kind === 'lit') {
        if (p.text.includes('{{') || p.text.includes('{%')) return undefined; // a Jinja/Ansible template
        fields[fields.length - 1] += p.text;
        solid = true;
        continue;
      }
      if (p.kind === 'dyn') return undefined;
      let values: string[];
      if (bindings.has(p.name)) {
        const b = bindings.get(p.name);
        if (b === undefined) return undefined;
        values = [b];
      } else {
        const v = this.resolve(p.name);
        if (v === null) return undefined;
        values = 'scalar' in v ? [v.scalar] : p.all ? v.array : [v.array[0] ?? ''];
      }
      if (p.quoted) {
        solid = true;
        values.forEach((v, i) => { if (i === 0) fields[fields.length - 1] += v; else fields.push(v); });
      } else {
        const pieces = values.flatMap((v) => v.split(/[ \t\n]+/)).filter((x) => x !== '');
        pieces.forEach((v, i) => { if (i === 0) fields[fields.length - 1] += v; else fields.push(v); });
      }
    }
    if (!solid && fields.length === 1 && fields[0] === '') return [];
    return fields;
  }
}

function sameValue(a: Value, b: Value): boolean {
  if ('scalar' in a) return 'scalar' in b && a.scalar === b.scalar;
  return 'array' in b && a.array.length === b.array.length && a.array.every((x, i) => x === b.array[i]);
}

/** Collects the assignments of every command (bare, `export`/`local`/`declare`/`readonly`, `read`, loop variables). */
export function collectVariables(script: ShellScript): Variables {
  const vars = new Variables();
  const nameOf = (w: Word): string | undefined => {
    const first = w.parts[0];
    if (!first || first.kind !== 'lit') return undefined;
    return /^([A-Za-z_][A-Za-z0-9_]*)/.exec(first.text)?.[1];
  };
  for (const c of script.commands) {
    for (const f of c.loops) vars.assign(f.name, null);
    if (c.words.length === 0) {
      for (const a of c.assigns) {
        const name = nameOf(a);
        if (name) vars.assign(name, /\[[^\]]*\]\+?=/.test(a.parts[0].kind === 'lit' ? a.parts[0].text : '') ? null : a);
      }
      continue;
    }
    const cmd = c.words[0].parts.length === 1 && c.words[0].parts[0].kind === 'lit' ? c.words[0].parts[0].text : undefined;
    if (cmd === 'export' || cmd === 'local' || cmd === 'declare' || cmd === 'typeset' || cmd === 'readonly') {
      for (const w of c.words.slice(1)) {
        if (isAssignmentWord(w)) { const n = nameOf(w); if (n) vars.assign(n, w); }
      }
    } else if (cmd === 'read' || cmd === 'readarray' || cmd === 'mapfile' || cmd === 'getopts' || cmd === 'unset' || cmd === 'printf') {
      for (const w of c.words.slice(1)) {
        const lit = w.parts.length === 1 && w.parts[0].kind === 'lit' ? w.parts[0].text : undefined;
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
function programIndex(args: Tok[]): number {
  let i = 0;
  for (let guard = 0; guard < 8 && i < args.length; guard++) {
    const v = args[i].value;
    if (v === undefined) return i;
    const name = basename(v);
    if (name === 'sudo' || name === 'doas') {
      i++;
      while (i < args.length) {
        const o = args[i].value;
        if (o === '--') { i++; break; }
        if (o === undefined || !(o.startsWith('-') || /^[A-Za-z_]\w*=/.test(o))) break;
        i += SUDO_ARG_OPTIONS.has(o) ? 2 : 1;
      }
      continue;
    }
    if (name === 'env') {
      i++;
      while (i < args.length) {
        const o = args[i].value;
        if (o === undefined || !(o.startsWith('-') || /^[A-Za-z_]\w*=/.test(o))) break;
        i += o === '-u' ? 2 : 1;
      }
      continue;
    }
    if (name === 'command') {
      const o = args[i + 1]?.value;
      if (o === '-v' || o === '-V') return -1;
      i += o === '-p' ? 2 : 1;
      continue;
    }
    if (name === 'exec' || name === 'nohup' || name === 'builtin' || name === 'time' || name === 'stdbuf') {
      i++;
      while (i < args.length && args[i].value?.startsWith('-')) i++;
      continue;
    }
    if (name === 'nice' || name === 'ionice') {
      i++;
      while (i < args.length && args[i].value?.startsWith('-')) i += ['-n', '-c', '-p'].includes(args[i].value!) ? 2 : 1;
      continue;
    }
    if (name === 'timeout') {
      i++;
      while (i < args.length && args[i].value?.startsWith('-')) i += ['-s', '-k', '--signal', '--kill-after'].includes(args[i].value!) ? 2 : 1;
      i++; // the duration
      continue;
    }
    return i;
  }
  return i;
}

const NO_NAMES: readonly string[] = [];

function namesOf(w: Word): readonly string[] {
  let out: string[] | undefined;
  for (const p of w.parts) if ((p.kind === 'var' || p.kind === 'dyn') && p.name !== '') (out ??= []).push(p.name);
  return out ?? NO_NAMES;
}

const MAX_INSTANCES = 64;
const NO_FRAMES: SimpleCommand['loops'] = [];
const NO_BINDINGS: Map<string, string | undefined> = new Map();

/** Every firewall-related invocation of the script, one per binding of the `for` variables it uses. */
export function invocations(script: ShellScript, vars: Variables): Invocation[] {
  const out: Invocation[] = [];
  for (const c of script.commands) {
    if (c.words.length === 0) continue;
    // Most commands (echo, test, cp…) are plain words naming neither a firewall program nor a wrapper: skip them early.
    const first = c.words[0].parts;
    if (first.length === 1 && first[0].kind === 'lit') {
      const name = basename(first[0].text);
      if (!WRAPPERS.has(name) && !toolOf(name, first[0].text)) continue;
    }
    let frames = NO_FRAMES;
    if (c.loops.length > 0) {
      const referenced = new Set<string>();
      for (const w of c.words) for (const p of w.parts) if (p.kind === 'var') referenced.add(p.name);
      frames = c.loops.filter((f) => referenced.has(f.name));
    }
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
          next.push(new Map([...combo, [f.name, v]]));
        }
      }
      combos = next;
    }
    for (const bindings of combos) {
      const args: Tok[] = [];
      for (const w of c.words) {
        const only = w.parts.length === 1 ? w.parts[0] : undefined;
        if (only !== undefined && only.kind === 'lit' && !only.text.includes('{{') && !only.text.includes('{%')) {
          args.push({ value: only.text, start: w.start, end: w.end, verbatimStart: w.verbatimStart, names: NO_NAMES });
          continue;
        }
        const fields = vars.expand(w, bindings);
        const names = namesOf(w);
        if (fields === undefined) { args.push({ value: undefined, start: w.start, end: w.end, names }); continue; }
        for (const f of fields) {
          args.push({ value: f, start: w.start, end: w.end, verbatimStart: fields.length === 1 ? w.verbatimStart : undefined, names });
        }
      }
      const at = programIndex(args);
      if (at < 0 || at >= args.length) continue;
      const prog = args[at];
      if (prog.value === undefined) continue;
      // `iptables() { … }` in the script: calls go to that function, which may do anything.
      if (!prog.value.includes('/') && script.functions.has(prog.value)) continue;
      const tool = toolOf(basename(prog.value), prog.value);
      if (!tool) continue;
      out.push({ tool, word: prog, args: args.slice(at + 1), cmd: c, seq: { scope: c.scope, block: c.block, offset: prog.start },
        looped: frames.length > 0 });
    }
  }
  return out;
}

/** A quick look for firewall programs, used to tell firewall scripts from other shell scripts. */
const FIREWALL_WORD = /(^|[\s;&|(`'"/=])(ufw|ip6?tables(-legacy|-nft)?(-restore)?|nft|firewall-cmd)(?=[\s;&|)`'"]|$)/m;

/** The script runs ufw, iptables, ip6tables, nft or firewall-cmd (directly, through sudo, a variable or a loop). */
export function runsFirewallCommand(text: string): boolean {
  if (!FIREWALL_WORD.test(text)) return false;
  const script = parseShell(text);
  const vars = collectVariables(script);
  return invocations(script, vars).some((i) => i.tool !== 'systemctl' && i.tool !== 'service' && i.tool !== 'initd' && i.tool !== 'sysctl');
}
