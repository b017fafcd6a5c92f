import { insertSetting, isHere } from '../../core/nginx/context';
import { effective, ownDirectives } from '../../core/nginx/inherit';
import { Directive } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { insertIndentUnit } from './_common';
import { classifyReturn, deepItems, redirectsEverything, serverRange, serversToCheck } from './_util';

const PROBES = ['/.git/config', '/.env', '/app/.htpasswd'];

/** nginx's PCRE patterns in JavaScript syntax, close enough for the usual location regexes. */
function locationRegex(d: Directive): RegExp | undefined {
  const [modifier, pattern] = d.args;
  if ((modifier !== '~' && modifier !== '~*') || pattern === undefined) return undefined;
  const key = modifier + ' ' + pattern;
  // Every server repeats the same few patterns: compile each once (the expressions are stateless, no `g` flag).
  let re = compiled.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(pattern.replace(/\(\?P?<(\w+)>/g, '(?<$1>'), modifier === '~*' ? 'i' : '');
    } catch {
      re = null;
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(key, re);
  }
  return re ?? undefined;
}

const compiled = new Map<string, RegExp | null>();

/** Whether a location answers with an error instead of the file. */
function denies(location: Directive): boolean {
  if (ownDirectives(location, ['internal']).length > 0) return true;
  const access = effective(location, 'allow').directives;
  if (access.length > 0 && access[0].name === 'deny' && access[0].args[0] === 'all') return true;
  return ownDirectives(location, ['return']).some((r) => classifyReturn(r) === 'reject');
}

/** Whether the server reads files from disk (a root or alias in effect somewhere), rather than only proxying. */
function servesFiles(server: Directive): boolean {
  if (effective(server, 'root').directives.some((d) => d.name === 'root')) return true;
  return deepItems(server).some((d) => d.name === 'root' || d.name === 'alias');
}

export default defineNginxRule({
  id: 'nginx/dotfiles-exposed',
  severity: 'info',
  description: 'A server that serves files does not deny hidden files such as .git and .env.',
  tags: ['security', 'information-disclosure'],
  sources: [
    'CIS NGINX Benchmark v3.0.0 2.5.3', 'h5bp server-configs-nginx h5bp/location/security_file_access.conf',
    'nginxconfig.io security.conf',
  ],
  fix: 'unsafe',
  profile: 'strict',
  messages: {
    exposed: 'This server serves files from disk but nothing denies hidden files: a deployed .git/ or .env (source, credentials) is downloadable. Add location ~ /\\.(?!well-known) { deny all; }.',
    fixDeny: 'Deny hidden files except /.well-known/ (anything served from a dot-folder stops working)',
  },
}, (ctx, report) => {
  for (const server of serversToCheck(ctx)) {
    if (redirectsEverything(server)) continue;
    if (!servesFiles(server)) continue;
    const guarded = deepItems(server).some((l) => {
      if (l.name !== 'location') return false;
      const re = locationRegex(l);
      return re !== undefined && PROBES.every((p) => re.test(p)) && denies(l);
    });
    if (guarded) continue;
    const fixes = isHere(ctx, server)
      ? [{ messageId: 'fixDeny', safety: 'unsafe' as const, edits: [insertSetting(ctx, server, `location ~ /\\.(?!well-known) {\n${insertIndentUnit(ctx.src)}deny all;\n}`)] }]
      : [];
    report({ messageId: 'exposed', range: serverRange(ctx, server), fixes });
  }
});
