import { effective } from '../../core/nginx/inherit';
import { argsRange, nameRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { listens, rangeFor, serversToCheck } from './_util';

export default defineNginxRule({
  id: 'nginx/missing-ssl-certificate',
  severity: 'error',
  description: 'A server listens with ssl but no certificate or key is configured for it.',
  tags: ['validity', 'tls'],
  sources: ['nginx docs, ngx_http_ssl_module: ssl_certificate, ssl_reject_handshake', 'nginx source, ngx_http_ssl_module.c (ngx_http_ssl_init)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    noCertificate: 'This server listens with ssl but no ssl_certificate applies to it: nginx -t fails with "no ssl_certificate is defined". Add ssl_certificate and ssl_certificate_key (or ssl_reject_handshake on; for a catch-all).',
    noKey: 'ssl_certificate is set but no ssl_certificate_key applies to this server: nginx -t fails. Add ssl_certificate_key with the matching private key.',
  },
}, (ctx, report) => {
  for (const server of serversToCheck(ctx, true)) {
    const sslListen = listens(server).find((l) => l.ssl);
    const sslOn = effective(server, 'ssl').directives.find((d) => d.args[0] === 'on');
    const at = sslListen?.directive ?? sslOn;
    if (!at) continue;
    if (effective(server, 'ssl_reject_handshake').directives[0]?.args[0] === 'on') continue;
    const certs = effective(server, 'ssl_certificate');
    // Without the enclosing nginx.conf the certificate may be set in http: only a server setting its own is judged.
    if (!ctx.complete && (certs.inherited || certs.directives.length === 0)) continue;
    const range = rangeFor(ctx, at, at.name === 'listen' ? argsRange : nameRange);
    const hasCert = certs.directives.some((d) => d.name === 'ssl_certificate');
    const hasKey = certs.directives.some((d) => d.name === 'ssl_certificate_key');
    if (!hasCert) report({ messageId: 'noCertificate', range });
    else if (!hasKey) report({ messageId: 'noKey', range });
  }
});
