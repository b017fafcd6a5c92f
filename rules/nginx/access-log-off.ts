import { effective } from '../../core/nginx/inherit';
import { argRange, Directive, walk } from '../../core/nginx/tree';
import { where } from '../../core/nginx/context';
import { defineNginxRule } from '../define';
import { checkedNamed } from './_common';
import { rangeFor } from './_util';

export default defineNginxRule({
  id: 'nginx/access-log-off',
  severity: 'warning',
  description: 'Access logging is turned off for a whole server or for every server.',
  tags: ['logging', 'incident-response'],
  sources: ['CIS NGINX Benchmark v3.0.0 3.2 (access logging)', 'nginx docs, ngx_http_log_module: access_log'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    server: 'access_log off in a server leaves no record of its requests: an intrusion or abuse cannot be traced. Log to a file (access_log /var/log/nginx/<site>.access.log;), and turn logging off only in noisy locations.',
    http: 'access_log off in http applies to every server that does not set its own ({server} here): their requests leave no record. Log to a file, and turn logging off only in noisy locations.',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'access_log')) {
    if (d.args[0] !== 'off') continue;
    const range = rangeFor(ctx, d, (x) => argRange(x, 0));
    if (d.context === 'server') {
      report({ messageId: 'server', range });
    } else if (d.context === 'http') {
      // Only a finding if some server actually inherits it (each server may log on its own).
      let heir: Directive | undefined;
      walk(ctx.config, (s) => {
        if (heir || s.name !== 'server' || s.context !== 'http' || !s.children) return;
        if (effective(s, 'access_log').directives.includes(d)) heir = s;
        return false;
      });
      if (heir) report({ messageId: 'http', data: { server: where(ctx, heir) }, range });
    }
  }
});
