import { argRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamed } from './_common';
import { rangeFor } from './_util';

export default defineNginxRule({
  id: 'nginx/error-log-off',
  severity: 'warning',
  description: 'error_log off does not turn the error log off: it writes to a file named off.',
  tags: ['logging', 'correctness'],
  sources: ['nginx docs, ngx_core_module: error_log', 'gixy-ng error_log_off', 'CIS NGINX Benchmark v3.0.0 3.3 (error logging)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    off: 'error_log off writes errors to a file named "off" in the nginx prefix (often /usr/share/nginx/off), where nobody looks and disks fill up. Log to a real file (error_log /var/log/nginx/error.log;).',
    devNull: 'error_log /dev/null throws away nginx\'s errors, including failed TLS handshakes and upstream errors an investigation needs. Log to a file.',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'error_log')) {
    if (d.args.length === 0) continue;
    const range = rangeFor(ctx, d, (x) => argRange(x, 0));
    if (d.args[0] === 'off') report({ messageId: 'off', range });
    else if (d.args[0] === '/dev/null') report({ messageId: 'devNull', range, severity: 'info', strictOnly: true });
  }
});
