import { isHere } from '../../core/nginx/context';
import { specIn } from '../../core/nginx/directives';
import { effective, levels, ownDirectives, Scope, scopeContext } from '../../core/nginx/inherit';
import type { Directive } from '../../core/nginx/tree';
import type { FixSpec } from '../../core/types';
import { defineNginxRule } from '../define';
import { checkedNamedAny, lowerCase, rangeOfArg } from './_common';

const HIDE_HEADER = ['proxy_hide_header', 'fastcgi_hide_header', 'uwsgi_hide_header', 'scgi_hide_header', 'grpc_hide_header'];

/** Whether an upstream's own Content-Type is hidden where `d` applies: then adding one is the way to replace it. */
function hidesUpstreamType(where: Scope): boolean {
  const scope = levels(where)[0];
  if (!scope) return false;
  return HIDE_HEADER.some((name) => effective(scope, name).directives
    .some((h) => h.args[0] !== undefined && lowerCase(h.args[0]) === 'content-type'));
}

/** The Content-Type set by `more_set_headers 'Content-Type: x'`, as [argument index, value]. */
function moreSetContentType(d: Directive): [number, string] | undefined {
  for (let i = 0; i < d.args.length; i++) {
    const a = d.args[i];
    if (a === '-s' || a === '-t') { i++; continue; }
    const m = /^\s*content-type\s*:\s*(.*)$/is.exec(a);
    if (m) return [i, m[1].trim()];
  }
  return undefined;
}

export default defineNginxRule({
  id: 'nginx/add-header-content-type',
  severity: 'info',
  description: 'Content-Type is set with add_header instead of default_type.',
  tags: ['correctness', 'headers', 'gixy'],
  sources: ['gixy add_header_content_type', 'nginx docs: default_type, add_header'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    addHeader: '`add_header Content-Type` does not replace the Content-Type nginx already sends: responses get two, and browsers pick one. Use `default_type {value};`, which sets the type nginx sends.',
    fixDefaultType: 'Replace with default_type {value}',
  },
}, (ctx, report) => {
  for (const d of checkedNamedAny(ctx, ['add_header', 'more_set_headers'])) {
    let arg: number;
    let value: string;
    if (d.name === 'add_header' && d.args.length >= 2 && lowerCase(d.args[0]) === 'content-type') {
      [arg, value] = [1, d.args[1]];
    } else if (d.name === 'more_set_headers') {
      const found = moreSetContentType(d);
      if (!found) continue;
      [arg, value] = found;
    } else continue;
    if (hidesUpstreamType(d.parent ?? ctx.config)) continue;
    const range = rangeOfArg(ctx, d, arg);
    if (!range) continue;
    const fix = d.name === 'add_header' && isHere(ctx, d) ? defaultTypeFix(d, d.parent ?? ctx.config) : undefined;
    report({ messageId: 'addHeader', data: { value }, range, fixes: fix ? [fix] : [] });
  }
});

/**
 * `add_header Content-Type x;` → `default_type x;`, when that changes nothing else: default_type is allowed at that
 * level, none is set there already, no other Content-Type line is at that level, the value has no variable
 * (default_type takes none), and removing this add_header does not make the level inherit the enclosing level's
 * add_header lines.
 */
function defaultTypeFix(d: Directive, scope: Scope): FixSpec | undefined {
  const value = d.args[1];
  if (value.includes('$')) return undefined;
  const context = scopeContext(scope);
  if (!specIn('default_type', context)) return undefined;
  if (ownDirectives(scope, ['default_type']).length > 0) return undefined;
  const chain = levels(scope);
  if (chain[0] !== scope) return undefined;
  const others = ownDirectives(scope, ['add_header']).filter((h) => h !== d);
  // Two Content-Type lines at one level would become two default_type lines, which nginx refuses: which one to keep
  // is the user's call.
  if (others.some((h) => h.args[0] !== undefined && lowerCase(h.args[0]) === 'content-type')) return undefined;
  const inheritsOtherwise = chain.length > 1 && effective(chain[1], 'add_header').directives.length > 0;
  if (others.length === 0 && inheritsOtherwise) return undefined;
  const w = d.statement.args[1];
  const raw = d.file.src.text.slice(w.start, w.end);
  const s = d.statement;
  return {
    messageId: 'fixDefaultType', data: { value }, safety: 'safe',
    edits: [{ start: s.start, end: s.terminator ? s.terminator.end : s.end, newText: `default_type ${raw};` }],
  };
}
