import { isHere, replaceArg } from '../../core/nginx/context';
import { checkedNamed } from './_common';
import { rangeFor } from './_util';
import { argRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';

export default defineNginxRule({
  id: 'nginx/autoindex',
  severity: 'warning',
  description: 'Directory listings are on (autoindex on).',
  tags: ['security', 'information-disclosure'],
  sources: ['CIS NGINX Benchmark v2.1.0 2.5.2 spirit (no default content)', 'OWASP WSTG-CONF-04 (old, backup and unreferenced files)', 'nginx docs, ngx_http_autoindex_module'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    on: 'autoindex on lists every file of the directory to anyone, including backups, dumps and files never linked. Turn it off and link the files meant to be public.',
    fixOff: 'Set autoindex off (directory URLs answer 403 instead of a listing)',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'autoindex')) {
    if (d.args[0] !== 'on') continue;
    const fixes = isHere(ctx, d) ? [{ messageId: 'fixOff', safety: 'safe' as const, edits: [replaceArg(d, 0, 'off')] }] : [];
    report({ messageId: 'on', range: rangeFor(ctx, d, (x) => argRange(x, 0)), fixes });
  }
});
