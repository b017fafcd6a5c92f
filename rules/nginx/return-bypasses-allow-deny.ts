import { headRange, isHere, where } from '../../core/nginx/context';
import { ownDirectives, Scope } from '../../core/nginx/inherit';
import { blockItems, Directive } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamedAny, locationMatch } from './_common';

/** Locations only an internal redirect reaches: whoever gets there passed the access phase of the first one. */
function internalOnly(d: Directive): boolean {
  if (d.name !== 'location') return false;
  return locationMatch(d).modifier === '@' || blockItems(d).some((c) => c.name === 'internal');
}

/**
 * How a `return` or `rewrite` answers before the access phase: 'response' (content or a success status),
 * 'redirect', or undefined when it denies anyway (4xx/5xx, 444) or does not answer (rewrite ... last/break).
 */
function bypass(d: Directive): 'response' | 'redirect' | undefined {
  if (d.name === 'rewrite') {
    const flag = d.args[2];
    return d.args.length >= 3 && (flag === 'redirect' || flag === 'permanent') ? 'redirect' : undefined;
  }
  if (d.name !== 'return' || d.args.length === 0) return undefined;
  const code = /^\d+$/.test(d.args[0]) ? Number(d.args[0]) : undefined;
  if (code === undefined) return 'redirect'; // `return URL;` is a 302
  if (code >= 400) return undefined;
  return code >= 300 && code < 400 ? 'redirect' : 'response';
}

/** `return`/redirecting `rewrite` lines in a block and the blocks inside it, internal-only locations excepted. */
function answersInside(scope: Scope): Directive[] {
  const out: Directive[] = [];
  const visit = (items: Directive[]): void => {
    for (const d of items) {
      if (internalOnly(d)) continue;
      if (bypass(d)) out.push(d);
      // A block with access rules of its own is a scope of its own.
      if (d.children && d.name !== 'map' && d.name !== 'geo' && ownDirectives(d, ['allow', 'deny']).length === 0) visit(blockItems(d));
    }
  };
  visit(blockItems(scope));
  return out;
}

export default defineNginxRule({
  id: 'nginx/return-bypasses-allow-deny',
  severity: 'error',
  description: 'A return answers before the allow/deny rules of its block are checked.',
  tags: ['security', 'access-control'],
  sources: ['Gixy-Next return_bypasses_allow_deny', 'nginx docs: "Development guide", HTTP phases (rewrite before access)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    response: '`{directive}` runs in the rewrite phase, before nginx checks allow/deny ({access}): every client gets this response, including those the access rules deny. Move the response into a location the rules cover with `try_files`/`error_page`, or check the address with a `geo`/`map` and `if`.',
    accessRule: 'The access rule checked only after the response is sent.',
    redirect: '`{directive}` redirects before nginx checks allow/deny ({access}): every client gets the redirect, including those the access rules deny. If the target must be protected, its own location needs the rules.',
  },
}, (ctx, report) => {
  const scopes = new Set<Scope>();
  for (const d of checkedNamedAny(ctx, ['allow', 'deny'])) scopes.add(d.parent ?? ctx.config);
  const reported = new Set<Directive>();
  for (const scope of scopes) {
    const access = ownDirectives(scope, ['allow', 'deny']);
    // Rules that deny no one leave nothing to bypass.
    if (!access.some((a) => a.name === 'deny')) continue;
    for (const r of answersInside(scope)) {
      if (reported.has(r)) continue;
      const range = isHere(ctx, r) ? headRange(r) : ctx.locate(r);
      if (!range) continue;
      reported.add(r);
      const kind = bypass(r)!;
      report({
        messageId: kind,
        data: { directive: [r.name, ...r.args].join(' '), access: where(ctx, access[0]) },
        range,
        severity: kind === 'redirect' ? 'warning' : 'error',
        related: access.filter((a) => ctx.locate(a)).map((a) => ({ file: a.file.path, range: headRange(a), message: { messageId: 'accessRule' } })),
      });
    }
  }
});
