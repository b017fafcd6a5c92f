import { isHere } from '../../core/nginx/context';
import { ownDirectives } from '../../core/nginx/inherit';
import { argRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { addHeaderEdit, classifyReturn, redirectsEverything, findHeader, headersFor, isTlsServer, serverRange, serversToCheck } from './_util';

/** Six months: dev-sec nginx-13's minimum and h5bp's order of magnitude (16070400). */
const MIN_MAX_AGE = 15768000;
/** Two years: Mozilla's hsts_min_age and CIS 4.1.8. */
const STRICT_MAX_AGE = 63072000;

export default defineNginxRule({
  id: 'nginx/missing-hsts',
  severity: 'warning',
  description: 'An HTTPS server does not send Strict-Transport-Security, or with a short max-age.',
  tags: ['security', 'tls', 'headers'],
  sources: [
    'Mozilla Server Side TLS / ssl-config-generator (HSTS max-age=63072000)', 'CIS NGINX Benchmark v3.0.0 4.1.8',
    'dev-sec nginx-baseline nginx-13', 'h5bp server-configs-nginx h5bp/security/strict-transport-security.conf',
    'RFC 6797 (HTTP Strict Transport Security)',
  ],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    missing: 'This HTTPS server sends no Strict-Transport-Security header: a first visit over http:// can be intercepted and kept on plain HTTP (SSL stripping). Add add_header Strict-Transport-Security "max-age=63072000" always;.',
    missingRedirect: 'This HTTPS server only redirects but sends no Strict-Transport-Security header; browsers that land here first learn no HSTS policy.',
    short: 'Strict-Transport-Security max-age={maxAge} is {days} days: browsers forget the policy quickly. Use at least 15768000 (6 months); Mozilla recommends 63072000 (2 years).',
    shortStrict: 'Strict-Transport-Security max-age={maxAge} is below the 63072000 seconds (2 years) Mozilla and CIS recommend.',
    fixAdd: 'Add Strict-Transport-Security max-age=63072000 (browsers then refuse plain HTTP for this host for 2 years)',
  },
}, (ctx, report) => {
  for (const server of serversToCheck(ctx)) {
    if (!isTlsServer(server)) continue;
    const headers = headersFor(server);
    const hsts = findHeader(headers, 'Strict-Transport-Security');
    if (hsts) {
      const m = /max-age\s*=\s*"?(\d+)/i.exec(hsts.value);
      if (!m || !isHere(ctx, hsts.directive)) continue;
      const maxAge = Number(m[1]);
      const range = hsts.directive.name === 'add_header' ? argRange(hsts.directive, 1) : argRange(hsts.directive, 0);
      if (maxAge < MIN_MAX_AGE) {
        report({ messageId: 'short', data: { maxAge: m[1], days: String(Math.floor(maxAge / 86400)) }, range, severity: 'info' });
      } else if (maxAge < STRICT_MAX_AGE) {
        report({ messageId: 'shortStrict', data: { maxAge: m[1] }, range, severity: 'info', strictOnly: true });
      }
      continue;
    }
    // Without the enclosing nginx.conf, http may add the header: only judge a server whose own add_header replaces it.
    if (!ctx.complete && ownDirectives(server, ['add_header']).length === 0) continue;
    const redirectOnly = redirectsEverything(server) || ownDirectives(server, ['return']).some((d) => classifyReturn(d) === 'other-redirect');
    const edit = addHeaderEdit(ctx, server, 'add_header Strict-Transport-Security "max-age=63072000" always;');
    report({
      messageId: redirectOnly ? 'missingRedirect' : 'missing',
      range: serverRange(ctx, server),
      ...(redirectOnly ? { strictOnly: true, severity: 'info' as const } : {}),
      fixes: edit ? [{ messageId: 'fixAdd', safety: 'unsafe', edits: [edit] }] : [],
    });
  }
});
