// Hover text: for a flagged range, the rule's summary, why it matters and the fix; for an sshd keyword, the value
// sshd ends up using and the line it comes from.
import { docsUrl } from '../core/docs';
import { coreMessage, Locale, ruleDescription } from '../core/l10n';
import { evaluateForBlock, isInclude, isMatch, type Directive, type Setting } from '../core/sshd/config';
import { where, type SshdContext } from '../core/sshd/context';
import type { Finding, Kind, Position, Range, Rule } from '../core/types';
import { DocPages, firstParagraph } from './doc-pages';

export function contains(range: Range, pos: Position): boolean {
  const afterStart = pos.line > range.start.line || pos.line === range.start.line && pos.character >= range.start.character;
  const beforeEnd = pos.line < range.end.line || pos.line === range.end.line && pos.character <= range.end.character;
  return afterStart && beforeEnd;
}

const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

export function findingHover(f: Finding, rule: Rule<any> | undefined, docs: DocPages, locale: Locale, unsafeTitle: (t: string) => string): string {
  const page = docs.get(f.ruleId);
  const parts: string[] = [];
  // The doc pages are English; other languages take the rule's translated description.
  const summary = (locale === 'en' ? page?.summary : undefined) ?? (rule ? ruleDescription(locale, rule.meta) : '');
  // No message: editors show the diagnostic's own text next to the hover already.
  const severity = coreMessage(locale, f.severity === 'error' ? 'severityError' : f.severity === 'warning' ? 'severityWarning' : 'severityInfo');
  parts.push(`**${f.ruleId}** · ${severity}${summary ? ` — ${summary}` : ''}`);
  const why = firstParagraph(page?.sections.get('Why it matters'));
  if (why) parts.push(`**${coreMessage(locale, 'hoverWhy')}:** ${why}`);
  if (f.fixes.length > 0) {
    const fixes = f.fixes.map((x) => `- ${x.safety === 'unsafe' ? unsafeTitle(x.title) : x.title} ` +
      `(${coreMessage(locale, x.safety === 'safe' ? 'fixSafe' : 'fixUnsafe')})`);
    parts.push(`**${coreMessage(locale, 'hoverFix')}:**\n${fixes.join('\n')}`);
  } else {
    parts.push(`**${coreMessage(locale, 'hoverFix')}:** ${coreMessage(locale, 'hoverNoFix')}`);
  }
  parts.push(`[${coreMessage(locale, 'hoverDocumentation')}](${docsUrl(f.ruleId)})`);
  return parts.join('\n\n');
}

function settingText(s: Setting): string {
  return s.args.join(' ');
}

/** What sshd makes of the directive on the hovered line; undefined when the position is not on a directive. */
export function sshdKeywordHover(ctx: SshdContext, pos: Position, locale: Locale): string | undefined {
  const d = ctx.directives.find((x) => x.line.index === pos.line);
  if (!d || !d.line.keyword) return undefined;
  const k = d.line.keyword;
  const start = ctx.src.positionAt(k.start).character;
  const end = ctx.src.positionAt(d.line.start + ctx.src.lineText(pos.line).trimEnd().length).character;
  if (pos.character < start || pos.character > end) return undefined;
  const t = (id: Parameters<typeof coreMessage>[1], data?: Record<string, string | number>) => coreMessage(locale, id, data);
  const info = d.info;
  const title = `**${info?.name ?? k.value}**`;

  if (isInclude(d)) {
    const files = (d.patterns ?? []).flatMap((p) => p.targets.filter((x) => x.file).map((x) => code(ctx.relPath(x.path))));
    return `${title}\n\n${files.length ? t('includeTargets', { files: files.join(', ') }) : t('includeNothing')}`;
  }
  if (isMatch(d) || !info) return undefined;
  const lines: string[] = [];
  const state = ctx.ev.states.get(d);
  if (state?.state === 'not-allowed-in-match') {
    return `${title}\n\n${t('notAllowedInMatch', { keyword: info.name })}`;
  }
  const at = (x: Directive) => code(where(ctx, x));
  if (info.rule === 'cumulative') {
    const list = (d.match ? evaluateForBlock(ctx.config, d.match) : ctx.ev).lists.get(info.option) ?? [];
    const values = list.map((s) => `${code(settingText(s))} (${at(s.directive)})`);
    lines.push(t('cumulativeValues', { values: values.join(', ') || '—' }));
  } else if (info.rule === 'single' || info.rule === 'rest') {
    if (d.match) {
      const s = evaluateForBlock(ctx.config, d.match).values.get(info.option);
      if (s) lines.push(t('matchBlockValue', { value: code(settingText(s)), where: at(s.directive) }));
      if (state?.state === 'shadowed') lines.push(t('shadowedBy', { where: at(state.by) }));
    } else {
      const s = ctx.ev.values.get(info.option);
      if (s) {
        lines.push(`${t('effectiveValue', { value: code(settingText(s)) })} ${t('setAt', { where: at(s.directive) })}`);
      } else {
        lines.push(`${t('effectiveValue', { value: '—' })} ${t('defaultApplies')}`);
      }
      if (state?.state === 'shadowed') lines.push(t('shadowedBy', { where: at(state.by) }));
      const by = ctx.ev.overriddenByMatch.get(d);
      if (by) lines.push(t('overriddenByMatch', { where: at(by) }));
    }
  } else {
    return undefined;
  }
  return `${title}\n\n${lines.join('\n\n')}`;
}

/** Hover markdown for a position: findings first, then what the family knows about the line. */
export function hoverAt(opts: {
  findings: Finding[]; context: unknown; kind: Kind; pos: Position; locale: Locale; docs: DocPages;
  ruleById: (id: string) => Rule<any> | undefined; unsafeTitle: (t: string) => string;
}): string | undefined {
  const parts: string[] = [];
  for (const f of opts.findings) {
    if (f.suppressed || !contains(f.range, opts.pos)) continue;
    parts.push(findingHover(f, opts.ruleById(f.ruleId), opts.docs, opts.locale, opts.unsafeTitle));
  }
  if (opts.kind === 'sshd' && opts.context) {
    const keyword = sshdKeywordHover(opts.context as SshdContext, opts.pos, opts.locale);
    if (keyword) parts.push(keyword);
  }
  return parts.length ? parts.join('\n\n---\n\n') : undefined;
}
