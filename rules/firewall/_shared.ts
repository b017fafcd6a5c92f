// Helpers shared by the firewall rules: ranges, edits and the exposure list of every rule set of the file.
import type { FirewallContext } from '../../core/firewall/context';
import { exposures, Exposure, FwRule, Seq, Span } from '../../core/firewall/model';
import { BROAD_RANGE, hasPort, NamedPort, PortSet } from '../../core/firewall/ports';
import type { UciSection } from '../../core/firewall/uci';
import type { Range, TextEdit } from '../../core/types';

export function rangeOf(ctx: FirewallContext, s: Span): Range {
  return ctx.src.range(s.start, s.end);
}

export function textOf(ctx: FirewallContext, s: Span): string {
  return ctx.src.text.slice(s.start, s.end);
}

export function replaceSpan(s: Span, newText: string): TextEdit {
  return { start: s.start, end: s.end, newText };
}

/** 1-based line number of an offset, for messages ("line 12"). */
export function lineNumber(ctx: FirewallContext, offset: number): number {
  return ctx.src.positionAt(offset).line + 1;
}

/** A new line before the line holding `offset`, indented like that line. */
export function insertLineBefore(ctx: FirewallContext, offset: number, line: string): TextEdit {
  const { line: n } = ctx.src.positionAt(offset);
  const start = ctx.src.lineStarts[n];
  const indent = /^[ \t]*/.exec(ctx.src.lineText(n))![0];
  return { start, end: start, newText: `${indent}${line}${ctx.src.eol}` };
}

const exposureCache = new WeakMap<FirewallContext, Exposure[]>();

/** Every exposure of every rule set of the file (a ufw rule applies to both families: listed once per family). */
export function allExposures(ctx: FirewallContext): Exposure[] {
  let list = exposureCache.get(ctx);
  if (!list) exposureCache.set(ctx, (list = ctx.rulesets.flatMap((rs) => exposures(rs))));
  return list;
}

/** Where to point for a rule's ports: the port word, else the whole rule. */
export function portRange(ctx: FirewallContext, r: FwRule): Range {
  return rangeOf(ctx, r.portSpan ?? r.span);
}

/** The port as written (`22`, `$SSH_PORT`, `OpenSSH`), or the rule when no port word exists. */
export function portText(ctx: FirewallContext, r: FwRule): string {
  return textOf(ctx, r.portSpan ?? r.span).replace(/["']/g, '');
}

/**
 * The named ports a rule opens explicitly: listed, or inside a range small enough not to be a broad range (a broad
 * range is firewall/broad-port-range's finding, not one per service inside it).
 */
export function namedPortsOpened(r: FwRule, ports: readonly NamedPort[]): NamedPort[] {
  if (r.dports === undefined || r.dports === 'unknown') return [];
  const narrow: PortSet = r.dports.filter(([a, b]) => b - a < BROAD_RANGE);
  return ports.filter((p) => hasPort(narrow, p.port) && p.protos.some((proto) => protoMatches(r, proto)));
}

function protoMatches(r: FwRule, proto: string): boolean {
  if (r.protos === 'unknown') return false;
  return r.protos === undefined || r.protos.includes(proto) || r.protos.includes('all');
}

/** `a` runs before `b` for certain: same function (or both in the main script), earlier in the text. */
export function before(a: Seq, b: Seq): boolean {
  return a.scope === b.scope && a.scope >= 0 && a.offset < b.offset;
}

/**
 * `b` may run after `a`: it is later in the same function, or in another function or a command substitution, whose
 * order against `a` is unknown. The opposite of "certainly before", for checks that must not guess.
 */
export function mayRunAfter(a: Seq, b: Seq): boolean {
  return !before(b, a) && !(a.scope === b.scope && a.offset === b.offset);
}

export function related(ctx: FirewallContext, s: Span, messageId: string, data?: Record<string, string | number>) {
  return { file: ctx.path, range: rangeOf(ctx, s), message: { messageId, data } };
}

const exposedCache = new WeakMap<FirewallContext, { rule: FwRule; forwarded: boolean }[]>();

/** Exposures deduplicated per rule (a rule open on both families is one problem); computed once per file. */
export function exposedRules(ctx: FirewallContext): { rule: FwRule; forwarded: boolean }[] {
  const cached = exposedCache.get(ctx);
  if (cached) return cached;
  const seen = new Set<FwRule>();
  const out: { rule: FwRule; forwarded: boolean }[] = [];
  for (const e of allExposures(ctx)) {
    if (seen.has(e.rule)) continue;
    seen.add(e.rule);
    out.push({ rule: e.rule, forwarded: e.forwarded });
  }
  exposedCache.set(ctx, out);
  return out;
}

/** Adds `option key 'value'` as the section's last line, indented like its options. */
export function uciAddOption(ctx: FirewallContext, section: UciSection, key: string, value: string): TextEdit {
  const at = section.end;
  const needsEol = at > 0 && ctx.src.text[at - 1] !== '\n';
  return { start: at, end: at, newText: `${needsEol ? ctx.src.eol : ''}${section.indent}option ${key} '${value}'${needsEol ? '' : ctx.src.eol}` };
}

/** The rule lets TCP reach an SSH port: 22, a port of an SSH_PORT variable, the `ssh` service or `OpenSSH` app. */
export function opensSsh(ctx: FirewallContext, r: FwRule): boolean {
  if (r.protos === 'unknown' || (r.protos !== undefined && !r.protos.includes('tcp') && !r.protos.includes('all'))) return false;
  if (r.ssh) return true;
  if (r.dports === undefined || r.dports === 'unknown') return false;
  const narrow = r.dports.filter(([a, b]) => b - a < BROAD_RANGE);
  return [...ctx.sshPorts].some((p) => hasPort(narrow, p));
}

/** An example network for "allow only from" fixes: TEST-NET-1, which the user must replace. */
export const PLACEHOLDER_NET = '192.0.2.0/24';
/** The same for rules that only see IPv6 (ip6tables, an ip6 table): the documentation prefix (RFC 3849). */
export const PLACEHOLDER_NET6 = '2001:db8::/32';
