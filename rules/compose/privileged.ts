import { defineComposeRule } from '../define';
import { editableMap, INHERITED_MESSAGE, isTrue, origin } from './_common';

export default defineComposeRule({
  id: 'compose/privileged',
  severity: 'error',
  description: 'A service runs privileged: root in the container is root on the host.',
  tags: ['security', 'isolation'],
  sources: ['CIS Docker Benchmark v1.6.0 5.5', 'KICS Privileged Containers Enabled (CWE-250)', 'Semgrep privileged-service'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    privileged: '{service} runs with privileged: true{origin}: it gets every capability, every host device and no seccomp or AppArmor profile, so root in the container is root on the host. Give it only what it needs (devices: [/dev/ttyUSB0], cap_add: [NET_ADMIN]) instead.',
    inherited: INHERITED_MESSAGE,
    fixRemove: 'Remove privileged: true (the service loses host devices and capabilities it may use)',
    fixOverride: 'Set privileged false in this service (it loses host devices and capabilities it may use)',
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    const v = ctx.get(service, 'privileged');
    if (!isTrue(v) || !v) continue;
    const map = editableMap(service);
    const edit = map && (v.local && v.pair ? ctx.deletePair(map, v.pair) : ctx.insertPair(map, 'privileged: false'));
    report({
      messageId: 'privileged',
      data: { service: service.name, origin: origin(ctx, v) },
      range: ctx.reportRange(v),
      fixes: edit ? [{ messageId: v.local ? 'fixRemove' : 'fixOverride', safety: 'unsafe', edits: [edit] }] : [],
    });
  }
});
