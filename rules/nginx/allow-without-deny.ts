import { effective, ownDirectives, Scope } from '../../core/nginx/inherit';
import { Directive, isConfig } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamed, rangeOfArg } from './_common';

/** Authentication that still applies to clients the allow list does not name, under `satisfy any`. */
const AUTH = ['auth_basic', 'auth_request', 'auth_jwt', 'auth_pam', 'auth_gss'];

function satisfyAnyWithAuth(scope: Scope): boolean {
  if (effective(scope, 'satisfy').directives[0]?.args[0]?.toLowerCase() !== 'any') return false;
  return AUTH.some((name) => {
    const d = effective(scope, name).directives[0];
    return d !== undefined && d.args[0]?.toLowerCase() !== 'off';
  });
}

export default defineNginxRule({
  id: 'nginx/allow-without-deny',
  severity: 'error',
  description: 'An allow list without a deny rule lets every client in.',
  tags: ['security', 'access-control', 'gixy'],
  sources: ['gixy allow_without_deny', 'nginx docs: ngx_http_access_module'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    noDeny: '`allow {address}` has no `deny` after it in this block: nginx lets a client through unless a rule denies it, so everyone gets in. Add `deny all;` after the allow lines.',
  },
}, (ctx, report) => {
  const scopes = new Set<Scope>();
  for (const d of checkedNamed(ctx, 'allow')) scopes.add(d.parent ?? ctx.config);
  for (const scope of scopes) {
    const rules = ownDirectives(scope, ['allow', 'deny']);
    if (rules.some((r) => r.name === 'deny')) continue;
    // `allow all` in a nested block deliberately reopens what the parent denies.
    const first = rules.find((r): r is Directive => r.name === 'allow' && r.args[0] !== 'all' && ctx.locate(r) !== undefined);
    if (!first) continue;
    if (!isConfig(scope) && satisfyAnyWithAuth(scope)) continue;
    const range = rangeOfArg(ctx, first, 0);
    if (range) report({ messageId: 'noDeny', data: { address: first.args[0] ?? '' }, range });
  }
});
