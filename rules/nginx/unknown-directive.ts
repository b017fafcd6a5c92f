import { directiveNames, isKnown, thirdPartyModule } from '../../core/nginx/directives';
import { nameRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';

/** Directives nginx has but does not document (ngx_http_core_module's post_action). */
const UNDOCUMENTED: ReadonlySet<string> = new Set(['post_action']);

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The documented directive closest to a misspelt name, if it is close enough to be the intended one. */
export function closestDirective(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 4)) + 1;
  for (const known of directiveNames()) {
    if (Math.abs(known.length - name.length) >= bestDistance) continue;
    const d = known === lower ? 0 : distance(lower, known);
    if (d < bestDistance) { best = known; bestDistance = d; }
  }
  return best;
}

export default defineNginxRule({
  id: 'nginx/unknown-directive',
  severity: 'error',
  description: 'A directive nginx does not know: nginx refuses to start.',
  tags: ['validity'],
  sources: ['nginx directive index (https://nginx.org/en/docs/dirindex.html) via @nginx/reference-lib', 'nginx source, ngx_conf_file.c (ngx_conf_handler: unknown directive)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    unknown: 'Unknown directive "{name}": nginx -t fails with unknown directive and the configuration is not loaded. Check the spelling (directive names are case-sensitive) or load the module that provides it.',
    unknownSuggest: 'Unknown directive "{name}": nginx -t fails and the configuration is not loaded. Did you mean {suggestion}?',
  },
}, (ctx, report) => {
  for (let i = 0; i < ctx.directives.length; i++) {
    const d = ctx.directives[i];
    // Entries of map/types/geo blocks and the content of third-party blocks are not directives nginx looks up.
    if (d.context === 'opaque' || isKnown(d.name) || UNDOCUMENTED.has(d.name) || thirdPartyModule(d.name)) continue;
    const suggestion = closestDirective(d.name);
    report({
      messageId: suggestion ? 'unknownSuggest' : 'unknown',
      data: suggestion ? { name: d.name, suggestion } : { name: d.name },
      range: nameRange(d),
    });
  }
});
