import { isMap } from '../../core/compose/parse';
import { defineComposeRule } from '../define';
import { INHERITED_MESSAGE, origin, textOf } from './_common';

export default defineComposeRule({
  id: 'compose/logging-disabled',
  severity: 'warning',
  description: 'A service\'s logs are thrown away (logging driver none).',
  tags: ['security', 'logging'],
  sources: ['CIS Docker Benchmark v1.6.0 2.13 (centralised logging)', 'Compose specification: logging'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    none: '{service} uses the logging driver none{origin}: docker logs shows nothing and an intrusion or a crash leaves no trace. Keep the default json-file driver with a size cap (options: max-size: "10m") or send the logs to journald or syslog.',
    inherited: INHERITED_MESSAGE,
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    const logging = ctx.get(service, 'logging');
    if (!logging || !isMap(logging.node)) continue;
    const driver = ctx.entries(logging.node, logging).find((e) => e.name === 'driver')?.value;
    if (!driver || textOf(driver) !== 'none') continue;
    report({ messageId: 'none', data: { service: service.name, origin: origin(ctx, driver) }, range: ctx.reportRange(driver) });
  }
});
