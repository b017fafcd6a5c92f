import { headRange, isHere } from '../../core/nginx/context';
import { effective, ownDirectives, Scope } from '../../core/nginx/inherit';
import type { Directive } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamed, headerName, levelsUpToFile } from './_common';

/** Headers whose mere presence protects (gixy's lists, yandex and dvershinin). */
const SECURITY_HEADERS: ReadonlySet<string> = new Set([
  'content-security-policy', 'content-security-policy-report-only', 'cross-origin-embedder-policy',
  'cross-origin-opener-policy', 'cross-origin-resource-policy', 'permissions-policy', 'referrer-policy',
  'strict-transport-security', 'x-content-type-options', 'x-frame-options', 'x-xss-protection',
  'x-permitted-cross-domain-policies',
]);

/** Headers that protect only with some values: `Cache-Control: no-store` does, `Cache-Control: public` does not. */
const PROTECTIVE_VALUES: Record<string, RegExp> = {
  'cache-control': /no-store|no-cache|private|must-revalidate/i,
  pragma: /no-cache/i,
  expires: /^(?:0|-\d+)$|1970/,
  'content-disposition': /attachment/i,
  'x-download-options': /noopen/i,
};

export function protects(d: Directive): boolean {
  const name = headerName(d.args[0] ?? '');
  if (SECURITY_HEADERS.has(name)) return true;
  const values = PROTECTIVE_VALUES[name];
  return values !== undefined && values.test(d.args[1] ?? '');
}

export default defineNginxRule({
  id: 'nginx/add-header-redefinition',
  severity: 'warning',
  description: 'An add_header in a nested block silently drops the headers of the enclosing blocks.',
  tags: ['security', 'headers', 'gixy'],
  sources: ['gixy add_header_redefinition', 'nginx docs: add_header ("inherited ... if and only if there are no add_header directives defined on the current level")'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    security: 'This block has add_header lines of its own, so nginx ignores every add_header of the enclosing level here: `{block}` does not send {headers}. Repeat them in this block (an include of a shared snippet keeps them in step), or with nginx 1.29.3+ write `add_header_inherit merge;`.',
    other: 'This block has add_header lines of its own, so nginx ignores the enclosing level\'s: `{block}` does not send {headers}. Repeat them here if they are still wanted.',
    dropped: 'Dropped for that block: set here, not repeated there.',
  },
}, (ctx, report) => {
  const scopes = new Set<Directive>();
  for (const d of checkedNamed(ctx, 'add_header')) if (d.parent) scopes.add(d.parent);
  for (const scope of scopes) {
    const chain = levelsUpToFile(ctx, scope);
    // An `if` in a server is not a level of its own (add_header is not even allowed there).
    if (chain[0] !== scope || chain.length < 2) continue;
    const parent = headersOf(chain, 1);
    if (parent.length === 0) continue;
    // `add_header_inherit off` asks for exactly this.
    if (effective(scope, 'add_header_inherit').directives[0]?.args[0] === 'off') continue;
    const own = ownDirectives(scope, ADD_HEADER);
    const here = headersOf(chain, 0);
    const kept = here.map((h) => headerName(h.args[0] ?? ''));
    const dropped = parent.filter((p) => !kept.includes(headerName(p.args[0] ?? '')) && !here.includes(p));
    if (dropped.length === 0) continue;
    const first = own.find((d) => isHere(ctx, d) || ctx.locate(d) !== undefined);
    if (!first) continue;
    const range = isHere(ctx, first) ? headRange(first) : ctx.locate(first)!;
    const security = dropped.filter(protects);
    const names = [...new Set((security.length > 0 ? security : dropped).map((p) => p.args[0]))].join(', ');
    report({
      messageId: security.length > 0 ? 'security' : 'other',
      data: { headers: names, block: blockName(scope) },
      range,
      severity: security.length > 0 ? 'warning' : 'info',
      strictOnly: security.length === 0,
      related: dropped.map((p) => ({ file: p.file.path, range: headRange(p), message: { messageId: 'dropped' } })),
    });
  }
});

function blockName(scope: Scope): string {
  if ('root' in scope) return 'file';
  return [scope.name, ...scope.args].join(' ');
}

/**
 * The add_header lines in effect at `chain[from]`, following `add_header_inherit merge` outwards. Shared with the
 * level index when one level holds them all: do not modify.
 */
function headersOf(chain: readonly Scope[], from: number): readonly Directive[] {
  let out: readonly Directive[] = [];
  let found = false;
  for (let i = from; i < chain.length; i++) {
    const level = chain[i];
    const own = ownDirectives(level, ADD_HEADER);
    const mode = effective(level, 'add_header_inherit').directives[0]?.args[0] ?? 'on';
    if (own.length > 0) {
      out = found ? out.concat(own) : own;
      found = true;
      if (mode !== 'merge') break;
    } else if (mode === 'off') break;
  }
  return out;
}

const ADD_HEADER = ['add_header'];
