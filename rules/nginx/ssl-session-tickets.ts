import { insertSetting, isHere, replaceArg } from '../../core/nginx/context';
import { effective } from '../../core/nginx/inherit';
import { argRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamed } from './_common';
import { httpBlockHere, isTlsServer, rangeFor, serverRange, serversToCheck } from './_util';

export default defineNginxRule({
  id: 'nginx/ssl-session-tickets',
  severity: 'info',
  description: 'TLS session tickets are on without rotated keys, which weakens forward secrecy.',
  tags: ['security', 'tls'],
  sources: [
    'Mozilla ssl-config-generator (ssl_session_tickets off for nginx 1.5.9 to 1.23.1)', 'dev-sec nginx-baseline nginx-12',
    'h5bp server-configs-nginx h5bp/tls/ssl_engine.conf', 'nginx CHANGES 1.23.2 (automatic ticket key rotation)',
  ],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    on: 'ssl_session_tickets is on with no ssl_session_ticket_key rotation: whoever obtains the ticket key can decrypt every recorded session it covered. Set ssl_session_tickets off; (sessions resume through ssl_session_cache).',
    default: 'This TLS server uses session tickets (ssl_session_tickets defaults to on) with no key rotation: before nginx 1.23.2 the key lives as long as the process. Set ssl_session_tickets off;.',
    fixOff: 'Set ssl_session_tickets off',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'ssl_session_tickets')) {
    if (d.args[0] !== 'on') continue;
    const scope = d.parent;
    if (scope && effective(scope, 'ssl_session_ticket_key').directives.length > 0) continue;
    const fixes = isHere(ctx, d) ? [{ messageId: 'fixOff', safety: 'safe' as const, edits: [replaceArg(d, 0, 'off')] }] : [];
    report({ messageId: 'on', range: rangeFor(ctx, d, (x) => argRange(x, 0)), fixes });
  }
  if (!ctx.complete || !ctx.strict) return;
  for (const server of serversToCheck(ctx)) {
    if (!isTlsServer(server)) continue;
    if (effective(server, 'ssl_session_tickets').directives.length > 0) continue;
    if (effective(server, 'ssl_session_ticket_key').directives.length > 0) continue;
    const target = httpBlockHere(ctx, server) ?? server;
    if (!isHere(ctx, target)) continue;
    report({
      messageId: 'default',
      range: serverRange(ctx, server),
      // nginx >= 1.23.2 rotates ticket keys itself; Mozilla only turns tickets off for older builds.
      strictOnly: true,
      fixes: [{ messageId: 'fixOff', safety: 'safe', edits: [insertSetting(ctx, target, 'ssl_session_tickets off;')] }],
    });
  }
});
