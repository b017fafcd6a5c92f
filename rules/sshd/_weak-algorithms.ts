// Shared by sshd/weak-ciphers, weak-macs, weak-kex and weak-host-key-algorithms: weak names the configuration adds to
// an algorithm list, and the smallest edit that removes only them (never a name the target sshd would not know).
import {
  AlgorithmList, AlgorithmOption, expandAlgorithmList, ListEntry, parseAlgorithmList, parseLineAlgorithmList, weakTable,
  Weakness, worstLevel,
} from '../../core/sshd/algorithms';
import type { Directive } from '../../core/sshd/config';
import { deleteLine, directivesFor, insertSetting, locateOption, SshdContext, where, Where } from '../../core/sshd/context';
import { optionName } from '../../core/sshd/keywords';
import type { FixSpec, MessageData, Report, TextEdit } from '../../core/types';

/**
 * Message templates of a weak-algorithm rule; `what` names the list ("ciphers", "MACs"...), `table` gives the reasons
 * (one message each, so that they are translated with the rest).
 */
export function weakMessages(what: string, table: ReadonlyMap<string, Weakness>): Record<string, string> {
  const reasons = Object.fromEntries([...table.values()].map((w) => [w.id, w.why]));
  return {
    weak: `{keyword} enables weak ${what}: {details}. Clients that offer them can be pushed onto them; remove them from the list.`,
    weakPattern: `{keyword} enables weak ${what} through the pattern {patterns}: {details}. Replace the pattern with the names you need.`,
    included: `Weak ${what} are enabled by {keyword} in {where}: {details}. Remove them there.`,
    defaults: `{keyword} is not set, and sshd's default ${what} include {details}. Strict profile: remove them with a "-" list.`,
    defaultsKept: `This "-" list keeps sshd's default ${what} {details}. Strict profile: remove them too.`,
    fixRemove: 'Remove {names} from {keyword}',
    fixDeleteLine: 'Delete the {keyword} line (it only adds {names})',
    fixDeleteExplicit: `Delete the {keyword} line: sshd then uses its default ${what} (clients limited to {names} can no longer connect)`,
    fixRemoveDefaults: 'Remove {names} from {keyword} with a "-" list',
    listSeparator: '; ',
    ...reasons,
  };
}

interface WeakFound {
  /** Weak names the line adds, each with why. */
  names: Map<string, Weakness>;
  /** Weak names brought in by a pattern (they cannot be removed one by one). */
  patterns: string[];
  /** The list entries that are weak names written out. */
  entries: ListEntry[];
}

/** The weak names a list value adds (a `-` list adds none); undefined when it adds none (most lines). */
function weakNamesWritten(list: AlgorithmList): WeakFound | undefined {
  if (!list.addsWeak) return undefined; // also every `-` list
  const table = weakTable(list.option);
  let found: WeakFound | undefined;
  for (const e of list.entries) {
    if (e.status !== 'known') continue;
    let weakEntry = false;
    for (const n of e.names) {
      const weakness = table.get(n);
      if (weakness === undefined) continue;
      found ??= { names: new Map(), patterns: [], entries: [] };
      found.names.set(n, weakness);
      weakEntry = true;
    }
    if (!weakEntry) continue;
    if (e.isPattern) found!.patterns.push(e.text);
    else found!.entries.push(e);
  }
  return found;
}

/** `3des-cbc (64-bit block cipher...); aes128-cbc, aes256-cbc (CBC mode...)`: names grouped by reason. */
function details(names: Map<string, Weakness>): MessageData[] {
  const byReason = new Map<string, string[]>();
  for (const [n, w] of names) byReason.set(w.id, [...(byReason.get(w.id) ?? []), n]);
  return [...byReason].flatMap(([reason, list], i): MessageData[] =>
    [...(i > 0 ? [{ messageId: 'listSeparator' }] : []), `${list.join(', ')} (`, { messageId: reason }, ')']);
}

const severityOf = (names: Map<string, Weakness>) =>
  (worstLevel([...names.values()].map((w) => w.level)) === 'high' ? 'error' : 'warning');

/** The value token rewritten with `value`, keeping a surrounding pair of double quotes. */
function rewriteToken(d: Directive, value: string): TextEdit {
  const token = d.line.args[0];
  const raw = d.file.src.text.slice(token.start, token.end);
  const quoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') && raw.slice(1, -1) === token.value;
  return { start: token.start, end: token.end, newText: quoted ? `"${value}"` : value };
}

function removalFix(d: Directive, list: AlgorithmList, found: WeakFound, data: Record<string, MessageData>): FixSpec | undefined {
  if (found.patterns.length > 0) return undefined;
  const drop = new Set(found.entries);
  const kept = list.entries.filter((e) => !drop.has(e));
  if (kept.some((e) => e.text !== '') && (list.operator !== '' || kept.some((e) => e.status === 'known'))) {
    const value = list.operator + kept.map((e) => e.text).join(',');
    return { messageId: 'fixRemove', data, safety: 'safe', edits: [rewriteToken(d, value)] };
  }
  // `+`/`^` lists only add to the defaults: without their weak names they add nothing.
  if (list.operator !== '') return { messageId: 'fixDeleteLine', data, safety: 'safe', edits: [deleteLine(d)] };
  return { messageId: 'fixDeleteExplicit', data, safety: 'unsafe', edits: [deleteLine(d)] };
}

/** Whether sshd reads this line of the file (for every connection, or for those a Match block matches). */
function isRead(ctx: SshdContext, option: string, d: Directive): boolean {
  if (d.line.error || d.line.args.length === 0) return false;
  const state = ctx.ev.states.get(d)?.state;
  return state === 'applied' || state === 'inactive' || ctx.ev.values.get(option)?.directive === d;
}

export function checkWeakAlgorithms(ctx: SshdContext, report: (r: Report) => void, options: AlgorithmOption[]): void {
  for (const option of options) {
    for (const d of directivesFor(ctx, option)) {
      if (!isRead(ctx, option, d)) continue;
      const list = parseLineAlgorithmList(d, option, ctx.vendor);
      const found = weakNamesWritten(list);
      if (found !== undefined) reportWeakLine(report, d, list, found);
    }
    // What the rest reports is rare: kept out of this loop so that it stays small where it runs for every file.
    const loc = locateOption(ctx, option);
    if (loc?.kind === 'included') reportIncluded(ctx, report, option, loc);
    else if (ctx.strict && loc) reportKeptDefaults(ctx, report, option, loc);
  }
}

/** A line of this file that adds weak names, with the edit that removes them. */
function reportWeakLine(report: (r: Report) => void, d: Directive, list: AlgorithmList, found: WeakFound): void {
  const data = {
    keyword: d.line.keyword!.value,
    details: details(found.names),
    names: [...found.names.keys()].join(','),
    patterns: found.patterns.join(', '),
  };
  const token = d.line.args[0];
  const fix = removalFix(d, list, found, data);
  report({
    messageId: found.patterns.length > 0 ? 'weakPattern' : 'weak',
    data,
    severity: severityOf(found.names),
    range: d.file.src.range(token.start, token.end),
    fixes: fix ? [fix] : [],
  });
}

/** Weak names an included file adds, reported on the Include that reads it. */
function reportIncluded(ctx: SshdContext, report: (r: Report) => void, option: AlgorithmOption, loc: Where): void {
  const s = ctx.ev.values.get(option)!;
  const found = weakNamesWritten(parseAlgorithmList(option, s.args[0] ?? '', ctx.vendor));
  if (found === undefined) return;
  report({
    messageId: 'included',
    data: { keyword: s.directive.line.keyword!.value, details: details(found.names), where: where(ctx, s.directive) },
    severity: severityOf(found.names),
    range: loc.range,
  });
}

/** Strict profile: weak names sshd keeps from its own defaults (absent keyword, or a `-` list that leaves them). */
function reportKeptDefaults(ctx: SshdContext, report: (r: Report) => void, option: AlgorithmOption, loc: Where): void {
  const s = ctx.ev.values.get(option);
  const removal = s && s.args[0]?.startsWith('-') ? s : undefined;
  if (loc.kind === 'here' && !removal) return;
  const table = weakTable(option);
  const left = expandAlgorithmList(option, s?.args[0], ctx.vendor).filter((n) => table.has(n));
  if (left.length === 0) return;
  const names = new Map(left.map((n) => [n, table.get(n)!]));
  const keyword = s ? s.directive.line.keyword!.value : optionName(option);
  const data = { keyword, details: details(names), names: left.join(',') };
  let edit: TextEdit;
  if (removal) {
    const body = removal.args[0].slice(1);
    edit = rewriteToken(removal.directive, `-${body}${body === '' ? '' : ','}${left.join(',')}`);
  } else {
    edit = insertSetting(ctx, option, `-${left.join(',')}`);
  }
  report({
    messageId: removal ? 'defaultsKept' : 'defaults',
    data,
    severity: 'info',
    strictOnly: true,
    range: loc.range,
    fixes: [{ messageId: 'fixRemoveDefaults', data, safety: 'safe', edits: [edit] }],
  });
}
