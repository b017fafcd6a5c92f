import { insertBefore, insertSetting, isHere, NginxContext } from '../../core/nginx/context';
import { insertIndentUnit } from './_common';
import { ownDirectives } from '../../core/nginx/inherit';
import { argsRange, Directive } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { isAcmeLocation, isTlsServer, plainPort80, redirectsEverything, rangeFor, serverRange, serversToCheck } from './_util';

const REDIRECT = 'return 301 https://$host$request_uri;';
const REWRITE_MODULE = new Set(['if', 'rewrite', 'set', 'return', 'break']);

function indentOfDirective(text: string, d: Directive): string {
  const lineStart = text.lastIndexOf('\n', d.statement.start - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

export default defineNginxRule({
  id: 'nginx/missing-https-redirect',
  severity: 'error',
  description: 'A server on port 80 serves content over plain HTTP instead of redirecting to HTTPS.',
  tags: ['security', 'tls', 'https'],
  sources: ['CIS NGINX Benchmark v3.0.0 4.1.1', 'Mozilla ssl-config-generator (return 301 https://$host$request_uri)', 'RFC 6797 section 7.2'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    plain: 'This server answers on port 80 with content instead of redirecting to HTTPS: pages, cookies and credentials travel in clear text. Add return 301 https://$host$request_uri; (an ACME /.well-known/acme-challenge/ location can stay).',
    plainDefaultListen: 'This server has no listen directive, so nginx serves it on port 80 in plain HTTP, with content instead of a redirect to HTTPS. Add return 301 https://$host$request_uri;.',
    fixRedirect: 'Redirect every request to https:// with return 301 (HTTPS must already work for these names)',
    fixRedirectMixed: 'Redirect plain-HTTP requests to https:// with if ($scheme = http) { return 301 ...; } (HTTPS must already work for these names)',
  },
}, (ctx, report) => {
  for (const server of serversToCheck(ctx)) {
    const port80 = plainPort80(server);
    if (port80.listens.length === 0 && !port80.implicit) continue;
    if (redirectsEverything(server)) continue;
    const first = port80.listens[0]?.directive;
    const range = first ? rangeFor(ctx, first, argsRange) : serverRange(ctx, server);
    const locations = ownDirectives(server, ['location']);
    // A server-level return runs before location matching: it would also answer the ACME challenges.
    const hasAcme = locations.some(isAcmeLocation);
    const fixes = [];
    // A server-level `return 200 ...` would win over an added redirect: changing it is the user's call.
    if (!hasAcme && isHere(ctx, server) && ownDirectives(server, ['return']).length === 0) {
      const mixed = isTlsServer(server);
      const text = indentBlock(ctx, mixed ? `if ($scheme = http) {\n    ${REDIRECT}\n}` : REDIRECT);
      // Before the server's own rewrite-module lines: a `rewrite ... last` there would stop before the redirect.
      const rewriteLine = server.children?.find((c) => REWRITE_MODULE.has(c.name) && isHere(ctx, c));
      const edit = rewriteLine ? insertBefore(ctx, rewriteLine, text.split('\n').join(ctx.src.eol + indentOfDirective(ctx.src.text, rewriteLine))) : insertSetting(ctx, server, text);
      fixes.push({ messageId: mixed ? 'fixRedirectMixed' : 'fixRedirect', safety: 'unsafe' as const, edits: [edit] });
    }
    report({ messageId: first ? 'plain' : 'plainDefaultListen', range, fixes });
  }
});

/** Uses the file's indentation unit for the inner line of a multi-line insert. */
function indentBlock(ctx: NginxContext, block: string): string {
  if (!block.includes('\n')) return block;
  return block.replace(/\n {4}/g, '\n' + insertIndentUnit(ctx.src));
}
