import { defineComposeRule } from '../define';
import { INHERITED_MESSAGE, origin, textOf } from './_common';

export default defineComposeRule({
  id: 'compose/root-user',
  severity: 'warning',
  description: 'A service is told to run as root.',
  tags: ['security', 'least-privilege'],
  sources: ['CIS Docker Benchmark v1.6.0 4.1', 'OWASP Docker Security Cheat Sheet, rule #2'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    root: '{service} sets user: {user}{origin}, so its processes run as root: a flaw in the program gives root in the container, one kernel bug away from root on the host. Run it as an unprivileged user (user: "1000:1000") and give that user the files it needs.',
    inherited: INHERITED_MESSAGE,
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    const v = ctx.get(service, 'user');
    const user = textOf(v);
    if (!v || user === undefined) continue;
    const name = user.split(':')[0];
    if (name !== 'root' && name !== '0') continue;
    report({ messageId: 'root', data: { service: service.name, user, origin: origin(ctx, v) }, range: ctx.reportRange(v) });
  }
});
