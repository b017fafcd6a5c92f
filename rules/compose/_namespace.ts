// One rule per host namespace a service can join (network_mode, pid, ipc, userns_mode, uts, cgroup: host).
import type { RuleMeta, Severity } from '../../core/types';
import { defineComposeRule } from '../define';
import { editableMap, INHERITED_MESSAGE, origin, textOf } from './_common';

export function hostNamespaceRule(opts: {
  id: string; key: string; severity: Severity; description: string; sources: string[]; why: string; fixRisk: string;
}) {
  const meta: Omit<RuleMeta, 'family'> = {
    id: opts.id,
    severity: opts.severity,
    description: opts.description,
    tags: ['security', 'isolation'],
    sources: opts.sources,
    fix: 'unsafe',
    profile: 'recommended',
    messages: {
      host: `{service} sets ${opts.key}: host{origin}: ${opts.why}`,
      inherited: INHERITED_MESSAGE,
      fixRemove: `Remove ${opts.key}: host (${opts.fixRisk})`,
    },
  };
  return defineComposeRule(meta, (ctx, report) => {
    for (const service of ctx.services) {
      const v = ctx.get(service, opts.key);
      if (!v || textOf(v) !== 'host') continue;
      const map = editableMap(service);
      const edit = map && v.local && v.pair ? ctx.deletePair(map, v.pair) : undefined;
      report({
        messageId: 'host',
        data: { service: service.name, origin: origin(ctx, v) },
        range: ctx.reportRange(v),
        fixes: edit ? [{ messageId: 'fixRemove', safety: 'unsafe', edits: [edit] }] : [],
      });
    }
  });
}
