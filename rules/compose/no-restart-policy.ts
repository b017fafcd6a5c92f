import { isMap } from '../../core/compose/parse';
import { defineComposeRule } from '../define';

export default defineComposeRule({
  id: 'compose/no-restart-policy',
  severity: 'info',
  description: 'A service has no restart policy and stays down after a crash or a reboot.',
  tags: ['availability'],
  sources: ['CIS Docker Benchmark v1.6.0 5.15', 'Compose specification: restart, deploy.restart_policy'],
  fix: 'none',
  profile: 'strict',
  messages: {
    missing: '{service} has no restart policy: after a crash or a host reboot it stays down until someone runs docker compose up. Add restart: unless-stopped (or on-failure:5 to stop retrying a crash loop).',
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    if (!service.map || ctx.get(service, 'restart')) continue;
    const deploy = ctx.get(service, 'deploy');
    if (deploy && isMap(deploy.node) && ctx.entries(deploy.node, deploy).some((e) => e.name === 'restart_policy')) continue;
    report({ messageId: 'missing', data: { service: service.name }, range: ctx.rangeOf(service.key) });
  }
});
