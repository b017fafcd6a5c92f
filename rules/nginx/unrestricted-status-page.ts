import { insertAfter, isHere } from '../../core/nginx/context';
import { effective } from '../../core/nginx/inherit';
import { headRange } from '../../core/nginx/context';
import { Directive } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamed } from './_common';
import { rangeFor } from './_util';
import { isLoopback, listens } from './_util';

/** The server block around a directive. */
function serverOf(d: Directive): Directive | undefined {
  for (let p = d.parent; p; p = p.parent) if (p.name === 'server') return p;
  return undefined;
}

/** Whether the allow/deny list in effect ends by denying everyone not allowed before. */
function restrictedByAccessList(scope: Directive): boolean {
  const list = effective(scope, 'allow').directives;
  return list.some((d) => d.name === 'deny' && d.args[0] === 'all');
}

export default defineNginxRule({
  id: 'nginx/unrestricted-status-page',
  severity: 'warning',
  description: 'stub_status is reachable by anyone.',
  tags: ['security', 'information-disclosure', 'access-control'],
  sources: ['Gixy-Next status_page_exposed', 'CIS NGINX Benchmark v3.0.0 5.1.1 (allow/deny)', 'nginx docs, ngx_http_stub_status_module'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    open: 'stub_status is served to anyone: connection counts help attackers time and tune a denial of service and reveal traffic. Allow only monitoring addresses and deny all.',
    fixLocal: 'Allow only 127.0.0.1 and ::1 to read the status page (remote monitoring must then be allowed explicitly)',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'stub_status')) {
    if (d.args[0] !== undefined && d.args[0] !== 'on') continue;
    const scope = d.parent;
    if (!scope) continue;
    if (restrictedByAccessList(scope)) continue;
    if (effective(scope, 'internal').directives.length > 0 || scope.children?.some((c) => c.name === 'internal')) continue;
    const auth = effective(scope, 'auth_basic').directives[0];
    if (auth && auth.args[0] !== 'off') continue;
    if (effective(scope, 'auth_request').directives.some((a) => a.args[0] !== 'off')) continue;
    const server = serverOf(d);
    const socks = server ? listens(server) : [];
    if (socks.length > 0 && socks.every((l) => isLoopback(l.address))) continue;
    const fixes = isHere(ctx, d)
      ? [{ messageId: 'fixLocal', safety: 'unsafe' as const, edits: [insertAfter(ctx, d, ['allow 127.0.0.1;', 'allow ::1;', 'deny all;'].join(ctx.src.eol + indentOf(ctx.src.text, d)))] }]
      : [];
    report({ messageId: 'open', range: rangeFor(ctx, d, headRange), fixes });
  }
});

function indentOf(text: string, d: Directive): string {
  const lineStart = text.lastIndexOf('\n', d.statement.start - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
