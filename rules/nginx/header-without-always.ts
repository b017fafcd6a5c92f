import { appendArg, isHere } from '../../core/nginx/context';
import { checkedNamed, lowerCase } from './_common';
import { rangeFor } from './_util';
import { argRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';

/** Headers that protect error pages as much as successful ones. */
export const SECURITY_HEADERS: ReadonlySet<string> = new Set([
  'strict-transport-security', 'content-security-policy', 'content-security-policy-report-only', 'x-content-type-options',
  'x-frame-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'cross-origin-embedder-policy',
  'cross-origin-resource-policy', 'x-xss-protection', 'x-permitted-cross-domain-policies',
]);

export default defineNginxRule({
  id: 'nginx/header-without-always',
  severity: 'info',
  description: 'A security header is added without always, so error responses go out without it.',
  tags: ['security', 'headers'],
  sources: [
    'nginx docs, ngx_http_headers_module: add_header (always parameter)', 'h5bp server-configs-nginx h5bp/security/*.conf',
    'Mozilla ssl-config-generator (HSTS with always)', 'CIS NGINX Benchmark v3.0.0 5.3 examples',
  ],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    noAlways: 'add_header {header} without always is only sent with 2xx/3xx responses: 4xx/5xx pages (often the ones attackers probe) go out without it. Append always.',
    fixAlways: 'Append always to this add_header',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'add_header')) {
    if (d.args.length !== 2) continue;
    if (!SECURITY_HEADERS.has(lowerCase(d.args[0]))) continue;
    report({
      messageId: 'noAlways',
      data: { header: d.args[0] },
      range: rangeFor(ctx, d, (x) => argRange(x, 0)),
      fixes: isHere(ctx, d) ? [{ messageId: 'fixAlways', safety: 'safe', edits: [appendArg(d, 'always')] }] : [],
    });
  }
});
