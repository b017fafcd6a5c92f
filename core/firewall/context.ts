// What firewall rules see: the linted file read into the policy model (core/firewall/model.ts), whatever its format.
//
// ---- README for rule authors -------------------------------------------------------------------------------------
// Define a rule with `defineFirewallRule(meta, (ctx, report) => ...)` (rules/define.ts); `ctx` is a FirewallContext:
//   ctx.format      'script' | 'iptables-save' | 'nft' | 'ufw-default' | 'ufw-conf' | 'uci-firewall' | 'uci-upnpd' | 'uci-dropbear'
//   ctx.rulesets    policy models: the script's own commands (origin 'script'), each iptables-save or nft body (the file
//                   itself, or a here-document of the script). Query them with model.ts: exposures(), shadowedRules(),
//                   inputChains(), endsInDrop(), isUnconditional().
//   ctx.ops         a script's firewall commands in text order (ufw, iptables, nft, firewall-cmd, service, sysctl), each
//                   with `seq` (scope = function, block = straight-line block): order is only certain within one block,
//                   or one scope for "before/after" questions.
//   ctx.nftStates   nft parse states (chain → type statement / body spans for fixes: chainInfo()).
//   ctx.kv / ctx.uci  KEY=VALUE files and UCI files, with value spans.
//   ctx.sshPorts    22 plus the values of SSH port variables; ctx.isSshName(name) for `$SSH_PORT`-like words.
//   ctx.ipv6Disabled  the script or file turns IPv6 off (sysctl disable_ipv6=1).
// Every span is an offset range of the linted file; report with ctx.src.range(start, end).
// -----------------------------------------------------------------------------------------------------------------
import * as path from 'node:path';
import type { LintEnv, LintInput } from '../engine';
import { relativeName, resolvePath } from '../paths';
import { SourceText } from '../text';
import type { FileHost } from '../types';
import { FirewalldOp, parseFirewallCmd } from './firewalld';
import { hookOf, IptCommand, IptOptions, parseIptables, parseSaveFile, SaveFile } from './iptables';
import {
  AddrMatch, BOTH, Chain, chainKey, familiesKey, familyList, FwRule, IpFamily, Known, NO_EXTRA, Ruleset, Seq, Span, Tok, tokNames,
} from './model';
import { parseCidr, parsePortList, PortSet } from './ports';
import { newNftState, NftState, nftRuleset, parseNft } from './nft';
import { collectVariables, forEachInvocation, isSshName, recentSplit, runsFirewallCommand } from './script';
import { parseShell, ShellScript } from './shell';
import { KeyValue, parseKeyValues, parseUci, uciBool, UciFile, UciSection, UciValue } from './uci';
import { parseUfw, UfwCommand, UfwOptions } from './ufw';

export type FirewallFormat = 'script' | 'iptables-save' | 'nft' | 'ufw-default' | 'ufw-conf' | 'uci-firewall' | 'uci-upnpd' | 'uci-dropbear';

export type ServiceAction = 'stop' | 'disable' | 'mask' | 'start' | 'enable' | 'restart' | 'other';

export type ScriptOp =
  | { kind: 'ufw'; cmd: UfwCommand; seq: Seq; word: Tok }
  | { kind: 'ipt'; cmd: IptCommand; seq: Seq; span: Span; word: Tok }
  | { kind: 'nft-flush'; span: Span; seq: Seq }
  | { kind: 'nft-change'; span: Span; seq: Seq }
  | { kind: 'service'; unit: string; action: ServiceAction; now: boolean; span: Span; seq: Seq }
  | { kind: 'firewalld'; op: FirewalldOp; seq: Seq };

export interface FirewallContext {
  path: string;
  src: SourceText;
  format: FirewallFormat;
  host: FileHost;
  rulesets: Ruleset[];
  ops: ScriptOp[];
  nftStates: NftState[];
  saveFiles: SaveFile[];
  kv?: Map<string, KeyValue>;
  uci?: UciFile;
  shell?: ShellScript;
  sshPorts: Set<number>;
  isSshName(name: string): boolean;
  ipv6Disabled: boolean;
  relPath(file: string): string;
}

// ---- formats --------------------------------------------------------------------------------------------------

const RULES_ELSEWHERE = /(^|\/)(rules\.d|udev|audit|polkit-1|snort|suricata|yara)(\/|$)/;

/** The format a path names, or undefined (scripts need their content: see isScriptPath). */
export function firewallFormatFromPath(p: string): FirewallFormat | undefined {
  const norm = p.split(path.sep).join('/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  const dir = path.posix.dirname(norm);
  const parent = path.posix.basename(dir);
  if (base === 'rules.v4' || base === 'rules.v6' || base.endsWith('.iptables-save')) return 'iptables-save';
  if (parent === 'sysconfig' && (base === 'iptables' || base === 'ip6tables')) return 'iptables-save';
  if (base.endsWith('.rules') && !RULES_ELSEWHERE.test(dir)) return 'iptables-save';
  if (base.endsWith('.nft') || base === 'nftables.conf') return 'nft';
  if (base === 'ufw' && parent === 'default') return 'ufw-default';
  if (base === 'ufw.conf' && parent === 'ufw') return 'ufw-conf';
  if (parent === 'config' && (base === 'firewall' || base === 'upnpd' || base === 'dropbear')) return `uci-${base}` as FirewallFormat;
  return undefined;
}

export function isScriptPath(p: string): boolean {
  return /\.(sh|bash)$/.test(p);
}

const SHELL_SHEBANG = /^#![ \t]*\S*\/(env[ \t]+)?(ba|da|k|z|a)?sh\b/;

/** A file hardlint lints as a firewall script: a `.sh` file or a shell shebang, running a firewall program. */
export function isFirewallScript(p: string, text: string): boolean {
  return (isScriptPath(p) || SHELL_SHEBANG.test(text)) && runsFirewallCommand(text);
}

/** The format of a file whose name says nothing (`--kind firewall`, corpus copies): from its content. */
export function firewallFormatFromText(text: string): FirewallFormat {
  if (/^\*(filter|nat|mangle|raw|security)[ \t]*\r?$/m.test(text) && /^(COMMIT|-A )/m.test(text)) return 'iptables-save';
  const uci = /^[ \t]*config[ \t]+['"]?(\w+)/m.exec(text);
  if (uci && /^[ \t]*option[ \t]/m.test(text)) {
    if (uci[1] === 'dropbear') return 'uci-dropbear';
    if (uci[1] === 'upnpd' || /^[ \t]*config[ \t]+(perm_rule|internal_network)/m.test(text)) return 'uci-upnpd';
    return 'uci-firewall';
  }
  if (/^[ \t]*(DEFAULT_(INPUT|OUTPUT|FORWARD)_POLICY|IPV6)=/m.test(text)) return 'ufw-default';
  if (/^[ \t]*ENABLED=/m.test(text) && /^[ \t]*LOGLEVEL=/m.test(text)) return 'ufw-conf';
  if (/^#!\S*nft\b/.test(text) || /^[ \t]*table[ \t]+((ip6?|inet|arp|bridge|netdev)[ \t]+)?[\w-]+[ \t]*\{/m.test(text)) return 'nft';
  return 'script';
}

function saveFileFamily(p: string): IpFamily | undefined {
  const base = path.basename(p);
  if (/(^|[._-])v6$|6\.rules$|^ip6tables|\.ip6tables-save$/.test(base)) return 'ipv6';
  if (/(^|[._-])v4$|^(user|before|after)\.rules$|^iptables$/.test(base)) return 'ipv4';
  return undefined;
}

// ---- building the context -------------------------------------------------------------------------------------

const FILE_SEQ: Seq = { scope: 0, block: 0, offset: 0 };
const IPV6_OFF = /net\.ipv6\.conf\.(all|default)\.disable_ipv6[ \t]*=[ \t]*1\b/;
const FIREWALL_UNITS = /^(ufw|nftables|firewalld|iptables|ip6tables|netfilter-persistent|iptables-persistent|shorewall|firewall)(\.service)?$/;

export function createFirewallContext(input: LintInput, env: LintEnv): FirewallContext {
  const abs = resolvePath(input.path);
  const text = input.text;
  const format = firewallFormatFromPath(abs) ?? (isScriptPath(abs) || SHELL_SHEBANG.test(text) ? 'script' : firewallFormatFromText(text));
  const sshPorts = new Set<number>([22]);
  const ctx: FirewallContext = {
    path: abs, src: new SourceText(text), format, host: env.host, rulesets: [], ops: [], nftStates: [], saveFiles: [],
    sshPorts, isSshName, ipv6Disabled: IPV6_OFF.test(text), relPath: (p) => relativeName(path.dirname(abs), p),
  };
  switch (format) {
    case 'iptables-save': {
      const file = parseSaveFile(text, 0, saveFileFamily(abs), FILE_SEQ);
      ctx.saveFiles.push(file);
      ctx.rulesets.push(file.ruleset);
      break;
    }
    case 'nft': {
      const state = newNftState();
      parseNft(text, (i) => i, state, { seq: FILE_SEQ });
      ctx.nftStates.push(state);
      ctx.rulesets.push(nftRuleset(state));
      break;
    }
    case 'ufw-default': case 'ufw-conf':
      ctx.kv = parseKeyValues(text);
      break;
    case 'uci-firewall': case 'uci-upnpd': case 'uci-dropbear':
      ctx.uci = parseUci(text);
      if (format === 'uci-firewall') ctx.rulesets.push(uciRuleset(ctx.uci));
      break;
    case 'script':
      readScript(ctx, text);
      break;
  }
  return ctx;
}

/** Joins command arguments with spaces; maps each character back to the file (verbatim words exactly, others to their word). */
function joinArgs(args: Tok[]): { text: string; map: (i: number) => number } {
  let text = '';
  const starts: number[] = [];
  for (const a of args) {
    if (text !== '') text += ' ';
    starts.push(text.length);
    text += a.value ?? '';
  }
  const map = (i: number): number => {
    let k = starts.length - 1;
    while (k > 0 && starts[k] > i) k--;
    const a = args[k];
    if (!a) return 0;
    const off = i - starts[k];
    if (a.verbatimStart !== undefined && off < (a.value ?? '').length) return a.verbatimStart + off;
    return off <= 0 ? a.start : Math.max(a.start, a.end - 1);
  };
  return { text, map };
}

function readScript(ctx: FirewallContext, text: string): void {
  // Kind detection may have just split this text (its split is shared: read only).
  const shell = recentSplit(text) ?? parseShell(text);
  // The split script is not kept once the model is built: rules read the model, and the commands and words of a long
  // script weigh as much as the model itself. Asked for, it is split again (the same result).
  let again: ShellScript | undefined;
  Object.defineProperty(ctx, 'shell', { get: () => (again ??= recentSplit(text) ?? parseShell(text)), enumerable: true, configurable: true });
  const vars = collectVariables(shell);
  for (const name of vars.names()) {
    if (!isSshName(name)) continue;
    const v = vars.resolve(name);
    const values = v === null ? [] : 'scalar' in v ? [v.scalar] : v.array;
    for (const x of values) if (/^\d{1,5}$/.test(x)) ctx.sshPorts.add(Number(x));
  }
  // Chains in the order first named, one per chainKey(families, table, name): found through their name (a map lookup
  // on a word the script already has), or, for the odd name or table with a NUL, through the joined key itself.
  const chains: Chain[] = [];
  const chainsByName = new Map<string, Chain[]>();
  const chainsByKey = new Map<string, Chain>();
  const chainFor = (syntax: Chain['syntax'], families: readonly IpFamily[], table: string, name: string, hook = hookOf(name)): Chain => {
    const fk = familiesKey(families);
    const joined = table.includes('\u0000') || name.includes('\u0000');
    const named = joined ? undefined : chainsByName.get(name);
    if (joined) {
      const known = chainsByKey.get(chainKey(fk, table, name));
      if (known) return known;
    } else if (named) {
      for (const known of named) if (known.table === table && familiesKey(known.families) === fk) return known;
    }
    const c: Chain = { syntax, families, table, name, hook, type: table, policies: [], rules: [] };
    chains.push(c);
    if (joined) chainsByKey.set(chainKey(fk, table, name), c);
    else if (named) named.push(c);
    else chainsByName.set(name, [c]);
    return c;
  };
  const nft = newNftState();
  const consumedHeredocs = new Set<number>();
  // One options object per parser, set for each command (the parsers copy what they keep).
  const iptOptions: IptOptions = { family: 'ipv4', seq: FILE_SEQ, isSshName };
  const ufwOptions: UfwOptions = { seq: FILE_SEQ, isSshName };
  forEachInvocation(shell, vars, (inv) => {
    const { seq, word, args } = inv;
    switch (inv.tool) {
      case 'iptables': case 'ip6tables': {
        const span = commandSpan(word, args);
        const family: IpFamily = inv.tool === 'iptables' ? 'ipv4' : 'ipv6';
        iptOptions.family = family;
        iptOptions.seq = seq;
        const cmd = parseIptables(args, iptOptions);
        ctx.ops.push({ kind: 'ipt', cmd, seq, span, word });
        if (cmd.unknown || cmd.chain === undefined) break;
        if (cmd.rule && (cmd.action === 'append' || cmd.action === 'insert')) {
          // The whole command (program word included) is the rule's text in a script.
          cmd.rule.span = span;
          cmd.rule.looped = inv.looped;
          chainFor('iptables', familyList(family), cmd.table, cmd.chain).rules.push(cmd.rule);
        }
        if (cmd.action === 'policy' && cmd.policy?.value !== undefined && hookOf(cmd.chain)) {
          const v = cmd.policy.value;
          chainFor('iptables', familyList(family), cmd.table, cmd.chain).policies.push({
            verdict: v === 'ACCEPT' ? 'accept' : v === 'DROP' ? 'drop' : 'unknown', span: cmd.actionSpan ?? span,
            valueSpan: { start: cmd.policy.start, end: cmd.policy.end }, valueText: v, seq,
          });
        }
        break;
      }
      case 'ufw': {
        ufwOptions.seq = seq;
        const cmd = parseUfw(word, args, ufwOptions);
        if (cmd.kind === 'rule') cmd.rule.looped = inv.looped;
        ctx.ops.push({ kind: 'ufw', cmd, seq, word });
        if (cmd.kind === 'rule' && !cmd.deleted) chainFor('ufw', BOTH, 'filter', cmd.rule.chain, undefined).rules.push(cmd.rule);
        break;
      }
      case 'nft': {
        const span = commandSpan(word, args);
        let k = 0;
        let file = false;
        while (k < args.length && args[k].value?.startsWith('-')) {
          const o = args[k].value!;
          if (o === '-f' || o === '--file') file = true;
          k += NFT_OPTIONS_WITH_VALUE.has(o) ? 2 : 1;
        }
        if (file) {
          ctx.ops.push({ kind: 'nft-change', span, seq });
          const heredoc = inv.cmd.redirects.find((r) => r.heredoc)?.heredoc;
          if (heredoc) {
            consumedHeredocs.add(heredoc.bodyStart);
            readHeredocNft(ctx, text, heredoc.bodyStart, heredoc.bodyEnd);
          }
          break;
        }
        const rest = args.slice(k);
        if (rest.some((a) => a.value === undefined)) {
          ctx.ops.push({ kind: 'nft-change', span, seq });
          break;
        }
        const { text: joined, map } = joinArgs(rest);
        const flushes = nft.flushes.length;
        const changes = nft.changes.length;
        parseNft(joined, map, nft, { seq, isSshName, names: (start) => namesAt(rest, start) });
        for (let f = flushes; f < nft.flushes.length; f++) ctx.ops.push({ kind: 'nft-flush', span: nft.flushes[f].span, seq });
        if (nft.changes.length > changes) ctx.ops.push({ kind: 'nft-change', span, seq });
        break;
      }
      case 'firewall-cmd':
        for (const op of parseFirewallCmd(word, args, seq, isSshName)) {
          ctx.ops.push({ kind: 'firewalld', op, seq });
          if (op.kind === 'rule') chainFor('firewalld', BOTH, 'filter', op.rule.chain, 'input').rules.push(op.rule);
          if (op.kind === 'direct' && op.rule.chain) {
            chainFor('iptables', op.rule.families, op.rule.table, op.rule.chain).rules.push(op.rule);
          }
        }
        break;
      case 'systemctl': case 'service': case 'initd':
        serviceOps(ctx, inv.tool, word, args, seq, commandSpan(word, args));
        break;
      case 'sysctl':
        if (args.some((a) => a.value !== undefined && IPV6_OFF.test(a.value.replace(/\s/g, '')))) ctx.ipv6Disabled = true;
        break;
      case 'iptables-restore': case 'ip6tables-restore': {
        const heredoc = inv.cmd.redirects.find((r) => r.heredoc)?.heredoc;
        if (heredoc) {
          consumedHeredocs.add(heredoc.bodyStart);
          readHeredocSave(ctx, text, heredoc.bodyStart, heredoc.bodyEnd, inv.tool === 'iptables-restore' ? 'ipv4' : 'ipv6');
        }
        break;
      }
    }
  });
  // Here-documents written to files (`cat > /etc/iptables/rules.v4 <<EOF`): rule sets of their own.
  const commands = shell.commands;
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i];
    for (let j = 0; j < c.redirects.length; j++) {
      const h = c.redirects[j].heredoc;
      if (!h || consumedHeredocs.has(h.bodyStart)) continue;
      const body = text.slice(h.bodyStart, h.bodyEnd);
      const target = c.redirects.find((x) => (x.op === '>' || x.op === '>>') && x.target)?.target;
      const targetText = target ? text.slice(target.start, target.end) : c.words.map((w) => text.slice(w.start, w.end)).join(' ');
      const format = firewallFormatFromText(body);
      if (format === 'iptables-save') readHeredocSave(ctx, text, h.bodyStart, h.bodyEnd, saveFileFamily(targetText.replace(/['"]/g, '')));
      else if (format === 'nft') readHeredocNft(ctx, text, h.bodyStart, h.bodyEnd);
    }
  }
  ctx.rulesets.unshift({ origin: 'script', chains: [...chains, ...nftRuleset(nft).chains] });
  ctx.nftStates.unshift(nft);
  // Ops come in text order but for substitutions' commands: sort only then (the sort is stable).
  if (!inOffsetOrder(ctx.ops)) ctx.ops.sort((a, b) => a.seq.offset - b.seq.offset);
}

/** From the program word to the last argument: the command's text in the script. */
function commandSpan(word: Tok, args: Tok[]): Span {
  return { start: word.start, end: (args[args.length - 1] ?? word).end };
}

/** `nft` options followed by a value. */
const NFT_OPTIONS_WITH_VALUE = new Set(['-f', '--file', '-I', '--includepath', '-o', '-D', '--define']);

function inOffsetOrder(ops: ScriptOp[]): boolean {
  for (let i = 1; i < ops.length; i++) if (ops[i - 1].seq.offset > ops[i].seq.offset) return false;
  return true;
}

function namesAt(args: Tok[], start: number): readonly string[] {
  for (const a of args) if (start >= a.start && start < a.end) return tokNames(a);
  return [];
}

function readHeredocSave(ctx: FirewallContext, text: string, start: number, end: number, family: IpFamily | undefined): void {
  const file = parseSaveFile(text.slice(start, end), start, family, { scope: 0, block: -start - 1, offset: start });
  ctx.saveFiles.push(file);
  ctx.rulesets.push(file.ruleset);
}

function readHeredocNft(ctx: FirewallContext, text: string, start: number, end: number): void {
  const state = newNftState();
  parseNft(text.slice(start, end), (i) => start + i, state, { seq: { scope: 0, block: -start - 1, offset: start } });
  ctx.nftStates.push(state);
  ctx.rulesets.push(nftRuleset(state));
}

function serviceOps(ctx: FirewallContext, tool: 'systemctl' | 'service' | 'initd', word: Tok, args: Tok[], seq: Seq, span: Span): void {
  const action = (v: string | undefined): ServiceAction =>
    v === 'stop' || v === 'disable' || v === 'mask' || v === 'start' || v === 'enable' || v === 'restart' ? v
      : v === 'reload' || v === 'try-restart' || v === 'reload-or-restart' ? 'restart' : 'other';
  if (tool === 'systemctl') {
    const words = args.filter((a) => !(a.value ?? '').startsWith('-'));
    const now = args.some((a) => a.value === '--now');
    const act = action(words[0]?.value);
    for (const u of words.slice(1)) {
      if (u.value !== undefined && FIREWALL_UNITS.test(u.value)) ctx.ops.push({ kind: 'service', unit: u.value.replace(/\.service$/, ''), action: act, now, span, seq });
    }
  } else if (tool === 'service') {
    const unit = args[0]?.value;
    if (unit !== undefined && FIREWALL_UNITS.test(unit)) ctx.ops.push({ kind: 'service', unit, action: action(args[1]?.value), now: false, span, seq });
  } else {
    const unit = path.posix.basename(word.value ?? '');
    if (FIREWALL_UNITS.test(unit)) ctx.ops.push({ kind: 'service', unit, action: action(args[0]?.value), now: false, span, seq });
  }
}

// ---- OpenWrt /etc/config/firewall ------------------------------------------------------------------------------

/** Zones facing the Internet: named wan, or covering the wan/wan6 networks. */
export function isWanZone(z: UciSection): boolean {
  const networks = [z.options.get('network')?.value ?? '', ...(z.lists.get('network') ?? []).map((v) => v.value)].join(' ').split(/\s+/);
  return z.options.get('name')?.value === 'wan' || networks.includes('wan') || networks.includes('wan6');
}

function uciValues(s: UciSection, key: string): UciValue[] {
  const o = s.options.get(key);
  return [...(o ? [o] : []), ...(s.lists.get(key) ?? [])];
}

/** fw3/fw4 `rule` and `redirect` sections from the wan zone, as input (ACCEPT) and nat prerouting (DNAT) rules. */
function uciRuleset(uci: UciFile): Ruleset {
  const input: Chain = { syntax: 'uci', families: BOTH, table: 'filter', name: 'uci-input', hook: 'input', type: 'filter', policies: [], rules: [] };
  const nat: Chain = { syntax: 'uci', families: BOTH, table: 'nat', name: 'uci-prerouting', hook: 'prerouting', type: 'nat', policies: [], rules: [] };
  const wanZones = new Set(uci.sections.filter((s) => s.type === 'zone' && isWanZone(s)).map((s) => s.options.get('name')?.value ?? ''));
  wanZones.add('wan');
  for (const s of uci.sections) {
    if (s.type !== 'rule' && s.type !== 'redirect') continue;
    if (uciBool(s.options.get('enabled')?.value) === false) continue;
    const srcZone = s.options.get('src')?.value;
    if (srcZone === undefined || !(wanZones.has(srcZone) || srcZone === '*')) continue;
    const family = s.options.get('family')?.value;
    const families: IpFamily[] = family === 'ipv4' ? ['ipv4'] : family === 'ipv6' ? ['ipv6'] : ['ipv4', 'ipv6'];
    const protoText = uciValues(s, 'proto').map((v) => v.value.toLowerCase()).join(' ') || 'tcp udp';
    const protos: Known<string[]> = /\b(all|any)\b/.test(protoText) ? undefined
      : protoText.replace('tcpudp', 'tcp udp').split(/\s+/).filter(Boolean);
    const portKey = s.type === 'rule' ? 'dest_port' : 'src_dport';
    const portValues = uciValues(s, portKey);
    let dports: Known<PortSet>;
    if (portValues.length > 0) {
      const list = portValues.map((v) => v.value.trim().split(/\s+/).join(',')).join(',');
      dports = parsePortList(list, ':-') ?? 'unknown';
    }
    const srcIps = uciValues(s, 'src_ip');
    let src: Known<AddrMatch>;
    if (srcIps.length > 0) {
      const cidrs = srcIps.map((v) => parseCidr(v.value.replace(/^!\s*/, '')));
      src = cidrs.every((c) => c !== undefined) && !srcIps.some((v) => v.value.startsWith('!'))
        ? { cidrs: cidrs as NonNullable<typeof cidrs[0]>[], negated: false, text: srcIps.map((v) => v.value).join(',') } : 'unknown';
    }
    const target = (s.options.get('target')?.value ?? (s.type === 'redirect' ? 'DNAT' : 'DROP')).toUpperCase();
    const verdict = target === 'ACCEPT' ? 'accept' : target === 'DNAT' ? 'dnat' : target === 'REJECT' ? 'reject' : target === 'DROP' ? 'drop' : 'other';
    if (s.type === 'redirect' && verdict !== 'dnat') continue;
    const rule: FwRule = {
      tool: 'uci', families, table: s.type === 'rule' ? 'filter' : 'nat', chain: s.type === 'rule' ? input.name : nat.name,
      protos, dports, sports: undefined, src, dst: undefined, inIface: undefined, outIface: undefined, states: undefined,
      rateLimited: s.options.has('limit'), logs: false, extra: s.options.has('src_mac') ? ['src_mac'] : NO_EXTRA,
      verdict: { kind: verdict, target: s.options.get('dest_ip')?.value, span: undefined },
      span: { start: s.header.start, end: s.header.end }, portSpan: portValues[0]?.inner,
      ssh: false, seq: FILE_SEQ, inserted: false, unknown: false, looped: undefined,
    };
    if (s.options.has('src_mac')) rule.src = 'unknown';
    (s.type === 'rule' ? input : nat).rules.push(rule);
  }
  return { origin: 'uci', chains: [input, nat] };
}

// ---- helpers for rules ----------------------------------------------------------------------------------------

/** The file that should hold the other family's rules (rules.v4 → rules.v6, user.rules → user6.rules…). */
export function ipv6Counterpart(p: string): string | undefined {
  const dir = path.dirname(p);
  const base = path.basename(p);
  const swap: Record<string, string> = { 'rules.v4': 'rules.v6', 'user.rules': 'user6.rules', 'before.rules': 'before6.rules', 'after.rules': 'after6.rules' };
  if (swap[base]) return path.join(dir, swap[base]);
  if (base === 'iptables' && path.basename(dir) === 'sysconfig') return path.join(dir, 'ip6tables');
  return undefined;
}

export function spanRange(ctx: FirewallContext, s: Span) {
  return ctx.src.range(s.start, s.end);
}

export function spanText(ctx: FirewallContext, s: Span): string {
  return ctx.src.text.slice(s.start, s.end);
}
