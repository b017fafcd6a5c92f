import { isMap } from '../../core/compose/parse';
import { defineComposeRule } from '../define';
import { isTrue } from './_common';

export default defineComposeRule({
  id: 'compose/no-healthcheck',
  severity: 'info',
  description: 'A service has no healthcheck in the compose file.',
  tags: ['availability'],
  sources: ['CIS Docker Benchmark v1.6.0 5.27', 'KICS Healthcheck Not Set (CWE-703)'],
  fix: 'none',
  profile: 'strict',
  messages: {
    missing: '{service} has no healthcheck here: unless its image defines HEALTHCHECK, Docker cannot tell a hung service from a working one, and depends_on: condition: service_healthy cannot wait for it. Add a healthcheck: test: that probes the service.',
    disabled: '{service} turns its healthcheck off: Docker cannot tell a hung service from a working one. Remove disable: true and give it a test.',
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    if (!service.map) continue;
    const hc = ctx.get(service, 'healthcheck');
    if (!hc) {
      report({ messageId: 'missing', data: { service: service.name }, range: ctx.rangeOf(service.key) });
    } else if (isMap(hc.node) && isTrue(ctx.entries(hc.node, hc).find((e) => e.name === 'disable')?.value)) {
      report({ messageId: 'disabled', data: { service: service.name }, range: ctx.reportRange(hc) });
    }
  }
});
