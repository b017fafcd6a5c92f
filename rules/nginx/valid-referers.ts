import { defineNginxRule } from '../define';
import { checkedNamed, rangeOfArg } from './_common';

export default defineNginxRule({
  id: 'nginx/valid-referers',
  severity: 'error',
  description: 'valid_referers accepts requests without a Referer, which any attacker can send.',
  tags: ['security', 'gixy'],
  sources: ['gixy valid_referers', 'nginx docs: ngx_http_referer_module'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    none: '`none` makes a request without a Referer header valid, and a request without one is trivial to make (a page with `<meta name="referrer" content="no-referrer">`, a script, curl): the referer check protects nothing. Remove `none` if the check guards access.',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'valid_referers')) {
    const i = d.args.findIndex((a) => a.toLowerCase() === 'none');
    if (i < 0) continue;
    const range = rangeOfArg(ctx, d, i);
    if (range) report({ messageId: 'none', range });
  }
});
