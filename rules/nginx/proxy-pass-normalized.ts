import { blockItems, Directive } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamed, locationMatch, rangeOfArg } from './_common';

/** `scheme://host[:port]` then the URI part; `http://unix:/path.sock:/uri` has its URI after the socket path. */
function uriPart(target: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(unix:[^:]*:?|[^/?#]*)(.*)$/is.exec(target);
  return m ? m[2] : undefined;
}

/** The location a proxy_pass belongs to: its parent, or the location around its `if` / `limit_except`. */
function owningLocation(d: Directive): Directive | undefined {
  const p = d.parent;
  if (!p) return undefined;
  if (p.name === 'location') return p;
  if ((p.name === 'if' || p.name === 'limit_except') && p.parent?.name === 'location') return p.parent;
  return undefined;
}

/** `rewrite ^ $request_uri;` unconditionally at the location's level: the URI is reset to the raw request. */
function resetsToRawUri(loc: Directive): boolean {
  return blockItems(loc).some((r) => r.name === 'rewrite' && r.args[0] === '^' && r.args[1]?.toLowerCase() === '$request_uri');
}

export default defineNginxRule({
  id: 'nginx/proxy-pass-normalized',
  severity: 'warning',
  description: 'proxy_pass with a URI sends the upstream a decoded, normalised path, not the one the client sent.',
  tags: ['security', 'proxy', 'gixy'],
  sources: ['Gixy-Next proxy_pass_normalized', 'nginx docs: proxy_pass ("If proxy_pass is specified with URI...")'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    normalized: '`proxy_pass {target}` has a URI part, so nginx replaces the location prefix in the *decoded, normalised* URI and encodes it again: %2F becomes /, ../ is resolved, and the upstream can see a path its own access rules did not expect (or a different one than the client asked for). If the upstream must see the request as sent, drop the URI part (`proxy_pass http://host;`) or pass $request_uri.',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'proxy_pass')) {
    if (d.args.length !== 1) continue;
    const loc = owningLocation(d);
    if (!loc) continue;
    // An exact location has no prefix to replace; a named one is reached by internal redirect with the URI as is.
    const modifier = locationMatch(loc).modifier;
    if (modifier === '=' || modifier === '@') continue;
    const target = d.args[0];
    const uri = uriPart(target);
    if (!uri) continue;
    // With $request_uri the raw request goes through.
    if (/\$(?:request_uri|\{request_uri\})/i.test(uri)) continue;
    if (resetsToRawUri(loc) && /\$(?:uri\b|\{uri\}|\d)/i.test(uri)) continue;
    const range = rangeOfArg(ctx, d, 0);
    if (range) report({ messageId: 'normalized', data: { target }, range });
  }
});
