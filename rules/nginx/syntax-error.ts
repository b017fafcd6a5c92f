import { defineNginxRule } from '../define';

export default defineNginxRule({
  id: 'nginx/syntax-error',
  severity: 'error',
  description: 'nginx cannot parse the file and refuses to start or reload.',
  tags: ['validity'],
  sources: ['nginx source, src/core/ngx_conf_file.c (ngx_conf_read_token, ngx_conf_parse)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    syntax: 'nginx rejects this file: {message}. `nginx -t` fails and a reload keeps the old configuration.',
  },
}, (ctx, report) => {
  for (const d of ctx.file.diagnostics) {
    report({ messageId: 'syntax', data: { message: d.message }, range: ctx.src.range(d.start, d.end) });
  }
});
