import { ownDirectives } from '../../core/nginx/inherit';
import { defineNginxRule } from '../define';
import { addHeaderEdit, findHeader, headersFor, serverRange, servesNoContent, serversToCheck } from './_util';

export default defineNginxRule({
  id: 'nginx/missing-security-headers',
  severity: 'info',
  description: 'A server sends no X-Content-Type-Options nosniff or no framing protection.',
  tags: ['security', 'headers'],
  sources: [
    'CIS NGINX Benchmark v3.0.0 5.3.1, 5.3.2', 'dev-sec nginx-baseline nginx-08, nginx-10',
    'h5bp server-configs-nginx h5bp/security/x-content-type-options.conf, x-frame-options.conf',
    'OWASP Secure Headers Project',
  ],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    nosniff: 'This server does not send X-Content-Type-Options: nosniff, so browsers may run an uploaded file as a script or style sheet (MIME sniffing). Add add_header X-Content-Type-Options "nosniff" always;.',
    framing: 'This server sends neither X-Frame-Options nor a Content-Security-Policy frame-ancestors: any site can frame its pages (clickjacking). Add add_header X-Frame-Options "SAMEORIGIN" always;.',
    fixNosniff: 'Add X-Content-Type-Options nosniff (files served with a wrong Content-Type stop working as scripts or styles)',
    fixFraming: 'Add X-Frame-Options SAMEORIGIN (other sites can no longer embed these pages in a frame)',
  },
}, (ctx, report) => {
  for (const server of serversToCheck(ctx)) {
    // A server that only redirects (to https or elsewhere) or rejects serves no page to protect.
    if (servesNoContent(server)) continue;
    if (!ctx.complete && ownDirectives(server, ['add_header']).length === 0) continue;
    const headers = headersFor(server);
    if (!findHeader(headers, 'X-Content-Type-Options')) {
      const edit = addHeaderEdit(ctx, server, 'add_header X-Content-Type-Options "nosniff" always;');
      report({ messageId: 'nosniff', range: serverRange(ctx, server), fixes: edit ? [{ messageId: 'fixNosniff', safety: 'unsafe', edits: [edit] }] : [] });
    }
    const csp = findHeader(headers, 'Content-Security-Policy');
    const framed = findHeader(headers, 'X-Frame-Options') || (csp && /frame-ancestors|\$/.test(csp.value));
    if (!framed) {
      const edit = addHeaderEdit(ctx, server, 'add_header X-Frame-Options "SAMEORIGIN" always;');
      report({ messageId: 'framing', range: serverRange(ctx, server), fixes: edit ? [{ messageId: 'fixFraming', safety: 'unsafe', edits: [edit] }] : [] });
    }
  }
});
