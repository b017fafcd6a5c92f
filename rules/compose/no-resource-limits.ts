import type { ComposeContext, Service } from '../../core/compose/context';
import { isMap } from '../../core/compose/parse';
import { defineComposeRule } from '../define';

/** `deploy.resources.limits.<name>`, merges followed. */
function deployLimit(ctx: ComposeContext, service: Service, name: string): boolean {
  let v = ctx.get(service, 'deploy');
  for (const key of ['resources', 'limits', name]) {
    if (!v || !isMap(v.node)) return false;
    v = ctx.entries(v.node, v).find((e) => e.name === key)?.value;
  }
  return v !== undefined;
}

export default defineComposeRule({
  id: 'compose/no-resource-limits',
  severity: 'info',
  description: 'A service has no memory or process-count limit.',
  tags: ['availability', 'denial-of-service'],
  sources: ['CIS Docker Benchmark v1.6.0 5.11, 5.29', 'KICS Memory Not Limited (CWE-770)', 'KICS Pids Limit Not Set (CWE-770)'],
  fix: 'none',
  profile: 'strict',
  messages: {
    missing: '{service} has no {what}: a leak or a fork bomb in it can starve the whole host, other services and sshd included. Set mem_limit and pids_limit (or deploy.resources.limits) to what it needs.',
    memory: 'memory limit',
    pids: 'process-count limit (pids_limit)',
    both: 'memory limit and no process-count limit (pids_limit)',
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    if (!service.map) continue;
    const memory = !!ctx.get(service, 'mem_limit') || deployLimit(ctx, service, 'memory');
    const pids = !!ctx.get(service, 'pids_limit') || deployLimit(ctx, service, 'pids');
    if (memory && pids) continue;
    const what = !memory && !pids ? 'both' : !memory ? 'memory' : 'pids';
    report({ messageId: 'missing', data: { service: service.name, what: { messageId: what } }, range: ctx.rangeOf(service.key) });
  }
});
