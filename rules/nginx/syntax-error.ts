import { headRange } from '../../core/nginx/context';
import { detectKind } from '../../core/kinds';
import { defineNginxRule } from '../define';
import { checkedNamed } from './_common';
import { rangeFor } from './_util';

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
    included: 'nginx rejects the included file {where}: {message}. `nginx -t` fails and a reload keeps the old configuration.',
  },
}, (ctx, report) => {
  for (const d of ctx.file.diagnostics) {
    report({ messageId: 'syntax', data: { message: d.message }, range: ctx.src.range(d.start, d.end) });
  }
  // An included file hardlint does not lint on its own (`ssl.inc`) has its errors shown on the include line.
  for (const d of checkedNamed(ctx, 'include')) {
    for (const t of d.include?.targets ?? []) {
      const first = t.file?.diagnostics[0];
      if (!first || detectKind(t.path) !== undefined) continue;
      const where = `${ctx.relPath(t.path)}:${t.file!.src.positionAt(first.start).line + 1}`;
      report({ messageId: 'included', data: { where, message: first.message }, range: rangeFor(ctx, d, headRange) });
    }
  }
});
