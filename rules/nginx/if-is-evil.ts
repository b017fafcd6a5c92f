import { nameRange } from '../../core/nginx/tree';
import { isHere } from '../../core/nginx/context';
import { defineNginxRule } from '../define';
import { checkedDirectives } from './_common';

/** What the nginx wiki calls the only 100% safe things inside `if` in a location. */
function safeInIf(name: string, args: string[]): boolean {
  if (name === 'return') return true;
  return name === 'rewrite' && args.length >= 3 && ['last', 'redirect', 'permanent'].includes(args[args.length - 1]);
}

export default defineNginxRule({
  id: 'nginx/if-is-evil',
  severity: 'warning',
  description: 'A directive other than return or rewrite ... last inside an if in a location.',
  tags: ['correctness', 'gixy'],
  sources: ['gixy if_is_evil', 'nginx wiki: "If is Evil... when used in location context"'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    unsafe: '`{name}` inside `if` in a location: the `if` makes nginx use a separate nested location, so this line can silently replace the location\'s other settings (proxy_pass, try_files, headers) or be ignored. Only `return` and `rewrite ... last` are reliable there; move the logic to a map, a separate location, or `return`.',
    rewriteFlag: '`rewrite` inside `if` in a location is reliable only with `last`, `redirect` or `permanent`; with another flag the request continues in the `if`\'s own nested location.',
  },
}, (ctx, report) => {
  const checked = checkedDirectives(ctx);
  for (let i = 0; i < checked.length; i++) {
    const d = checked[i];
    // An include is judged by what it brings in.
    if (d.context !== 'if in location' || d.name === 'include' || safeInIf(d.name, d.args)) continue;
    const range = isHere(ctx, d) ? nameRange(d) : ctx.locate(d);
    if (range) report({ messageId: d.name === 'rewrite' ? 'rewriteFlag' : 'unsafe', data: { name: d.name }, range });
  }
});
