import { insertSetting, isHere, replaceArg } from '../../core/nginx/context';
import { effective } from '../../core/nginx/inherit';
import { argRange, nameRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamed } from './_common';
import { rangeFor } from './_util';

export default defineNginxRule({
  id: 'nginx/server-tokens',
  severity: 'warning',
  description: 'nginx shows its version in the Server header and on error pages.',
  tags: ['security', 'information-disclosure'],
  sources: [
    'CIS NGINX Benchmark v3.0.0 2.5.1', 'dev-sec nginx-baseline nginx-05',
    'h5bp server-configs-nginx h5bp/security/server_software_information.conf', 'gixy version_disclosure',
  ],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    on: 'server_tokens {value} shows the nginx version in the Server header and on error pages, telling scanners which CVEs to try. Set server_tokens off;.',
    default: 'server_tokens is not set in http and defaults to on: every response shows the nginx version. Add server_tokens off; to http.',
    fixOff: 'Set server_tokens off',
    fixAdd: 'Add server_tokens off; to http',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'server_tokens')) {
    if (d.args[0] !== 'on' && d.args[0] !== 'build') continue;
    report({
      messageId: 'on',
      data: { value: d.args[0] },
      range: rangeFor(ctx, d, (x) => argRange(x, 0)),
      fixes: isHere(ctx, d) ? [{ messageId: 'fixOff', safety: 'safe', edits: [replaceArg(d, 0, 'off')] }] : [],
    });
  }
  // The default: reported on the http block that lacks it, when that block is written in this file.
  for (const http of ctx.named('http')) {
    if (!http.children || !isHere(ctx, http)) continue;
    if (effective(http, 'server_tokens').directives.length > 0) continue;
    report({
      messageId: 'default',
      range: nameRange(http),
      fixes: [{ messageId: 'fixAdd', safety: 'safe', edits: [insertSetting(ctx, http, 'server_tokens off;')] }],
    });
  }
});
