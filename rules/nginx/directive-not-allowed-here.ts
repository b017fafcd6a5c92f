import { directiveSpecs, isKnown } from '../../core/nginx/directives';
import { allowedIn } from '../../core/nginx/directives';
import { nameRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';

export default defineNginxRule({
  id: 'nginx/directive-not-allowed-here',
  severity: 'error',
  description: 'A directive is written in a block where nginx does not accept it.',
  tags: ['validity'],
  sources: ['nginx docs: the Context line of each directive (via @nginx/reference-lib)', 'nginx source, ngx_conf_file.c ("directive is not allowed here")'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    notAllowed: '"{name}" is not allowed in {context}: nginx -t fails with "directive is not allowed here". It belongs in {allowed}.',
  },
}, (ctx, report) => {
  // A snippet linted alone has a guessed context: what it is included into decides.
  if (!ctx.contextKnown) return;
  for (let i = 0; i < ctx.directives.length; i++) {
    const d = ctx.directives[i];
    if (d.context === 'opaque' || !isKnown(d.name) || allowedIn(d.name, d.context)) continue;
    const allowed = [...new Set(directiveSpecs(d.name).flatMap((s) => s.contexts))].join(', ');
    report({ messageId: 'notAllowed', data: { name: d.name, context: d.context, allowed }, range: nameRange(d) });
  }
});
