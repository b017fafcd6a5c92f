import { blockItems, Directive, NginxConfig, walk } from '../../core/nginx/tree';
import { headRange, isHere, where } from '../../core/nginx/context';
import { defineNginxRule } from '../define';
import { checkedNamedAny } from './_common';

/** Lines of a geo block that are parameters, not mappings (a map's parameters are the lines without a value). */
const GEO_PARAMETERS: ReadonlySet<string> = new Set(['ranges', 'delete', 'proxy', 'proxy_recursive']);

function entries(block: Directive): Directive[] {
  return blockItems(block).filter((e) => e.args.length > 0 && !(block.name === 'geo' && GEO_PARAMETERS.has(e.name)));
}

/**
 * Directives where an empty value silently changes a decision: a condition (`if ($blocked = 1)` is false), the
 * upstream, target or file path of the request. Elsewhere an empty value is the usual "off" (add_header sends no
 * header, limit_req does not count the request, proxy_set_header sends nothing, access_log if= does not log).
 */
const DECIDES: ReadonlySet<string> = new Set([
  'if', 'return', 'rewrite', 'set', 'proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'root',
  'alias', 'try_files', 'auth_request', 'error_page', 'index',
]);

/** The first directive of the loaded configuration that decides something from `variable`. */
function decidingUse(config: NginxConfig, variable: string): Directive | undefined {
  const name = variable.replace(/^\$/, '').toLowerCase();
  const ref = new RegExp(`\\$(?:${name}(?![A-Za-z0-9_])|\\{${name}\\})`, 'i');
  let found: Directive | undefined;
  walk(config, (d) => {
    if (found || d.name === 'map' || d.name === 'geo') return false;
    if (DECIDES.has(d.name) && d.args.some((a) => ref.test(a))) found = d;
    return undefined;
  });
  return found;
}

export default defineNginxRule({
  id: 'nginx/map-without-default',
  severity: 'warning',
  description: 'A map or geo block has no default value.',
  tags: ['security', 'correctness', 'gixy'],
  sources: ['Gixy-Next hash_without_default', 'nginx docs: map, geo'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    map: '`map` to {variable} has no `default`: a value it does not list gives an empty string, and `{use}` ({where}) decides on it, so an unexpected request takes the empty branch (a check for `1` or `block` fails open). Add `default <value>;` with the safe choice.',
    geo: '`geo` to {variable} has no `default`: an address it does not list gives an empty string, and `{use}` ({where}) decides on it, so unlisted clients take the empty branch. Add `default <value>;` with the safe choice.',
  },
}, (ctx, report) => {
  for (const d of checkedNamedAny(ctx, ['map', 'geo'])) {
    if (!d.children) continue;
    const list = entries(d);
    if (list.some((e) => e.name === 'default')) continue;
    // A one-line map with no default is the idiom for "empty unless X" (limit_req keys, feature flags).
    if (d.name === 'map' && list.length <= 1) continue;
    const variable = d.args[d.args.length - 1] ?? '';
    // Without a use that decides something, the empty value is most likely the intended "off".
    const use = decidingUse(ctx.config, variable);
    if (!use) continue;
    const range = isHere(ctx, d) ? headRange(d) : ctx.locate(d);
    if (range) report({ messageId: d.name, data: { variable, use: [use.name, ...use.args].join(' '), where: where(ctx, use) }, range });
  }
});
