import { insertSetting, isHere, replaceArgs } from '../../core/nginx/context';
import { effective } from '../../core/nginx/inherit';
import { argsRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamed } from './_common';
import { isTlsServer, rangeFor, serverRange, serversToCheck } from './_util';

/** Protocols no current guideline allows: SSL is broken (POODLE, DROWN), TLS 1.0/1.1 were deprecated by RFC 8996. */
const WEAK = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];

export default defineNginxRule({
  id: 'nginx/weak-tls-protocols',
  severity: 'error',
  description: 'ssl_protocols enables SSL or TLS versions older than 1.2.',
  tags: ['security', 'tls', 'crypto'],
  sources: [
    'Mozilla Server Side TLS 5.8/6.0 (intermediate: TLSv1.2 TLSv1.3)', 'CIS NGINX Benchmark v3.0.0 4.1.4',
    'dev-sec nginx-baseline nginx-12', 'RFC 8996 (deprecating TLS 1.0 and 1.1)',
  ],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    weak: 'ssl_protocols enables {protocols}, broken or deprecated (RFC 8996). Allow only TLSv1.2 TLSv1.3 (Mozilla intermediate).',
    defaultOld: 'This TLS server does not set ssl_protocols: before nginx 1.23.4 the default also enables TLSv1 and TLSv1.1. Set ssl_protocols TLSv1.2 TLSv1.3; explicitly.',
    fixRemove: 'Set ssl_protocols {protocols} (clients limited to TLS 1.0/1.1, e.g. Android 4.3 or IE 10, can no longer connect)',
    fixAdd: 'Add ssl_protocols TLSv1.2 TLSv1.3; (clients limited to TLS 1.0/1.1 can no longer connect)',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'ssl_protocols')) {
    const weak = d.args.filter((a) => WEAK.includes(a));
    if (weak.length === 0) continue;
    const kept = d.args.filter((a) => !WEAK.includes(a));
    const value = kept.length > 0 ? kept.join(' ') : 'TLSv1.2 TLSv1.3';
    report({
      messageId: 'weak',
      data: { protocols: weak.join(' ') },
      range: rangeFor(ctx, d, argsRange),
      fixes: isHere(ctx, d) ? [{ messageId: 'fixRemove', data: { protocols: value }, safety: 'unsafe', edits: [replaceArgs(d, value)] }] : [],
    });
  }
  // Relying on the default is only a finding under strict: nginx >= 1.23.4 defaults to TLSv1.2 TLSv1.3.
  if (!ctx.complete || !ctx.strict) return;
  for (const server of serversToCheck(ctx)) {
    if (!isTlsServer(server) || effective(server, 'ssl_protocols').directives.length > 0) continue;
    report({
      messageId: 'defaultOld',
      range: serverRange(ctx, server),
      severity: 'info',
      strictOnly: true,
      fixes: isHere(ctx, server) ? [{ messageId: 'fixAdd', safety: 'unsafe', edits: [insertSetting(ctx, server, 'ssl_protocols TLSv1.2 TLSv1.3;')] }] : [],
    });
  }
});
