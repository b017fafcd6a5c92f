import { defineComposeRule } from '../define';
import { INHERITED_MESSAGE, listOf, origin, textOf } from './_common';

/** Capabilities that alone give the host away. */
const HOST_ROOT = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE']);
/** Capabilities outside Docker's default set that widen what root in the container can do to the host. */
const RISKY = new Set(['SYS_PTRACE', 'NET_ADMIN', 'DAC_READ_SEARCH', 'SYS_RAWIO', 'SYS_BOOT', 'SYS_TIME', 'BPF', 'PERFMON',
  'MAC_ADMIN', 'MAC_OVERRIDE', 'SYSLOG', 'LINUX_IMMUTABLE', 'SYS_RESOURCE', 'IPC_LOCK', 'IPC_OWNER', 'NET_BROADCAST',
  'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_CONTROL', 'SYS_PACCT', 'SYS_TTY_CONFIG', 'LEASE', 'CHECKPOINT_RESTORE']);

export default defineComposeRule({
  id: 'compose/dangerous-capabilities',
  severity: 'warning',
  description: 'A service adds Linux capabilities that let root in the container act on the host.',
  tags: ['security', 'isolation'],
  sources: ['CIS Docker Benchmark v1.6.0 5.4', 'KICS Container Capabilities Unrestricted (CWE-400)', 'capabilities(7)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    hostRoot: '{service} adds {cap}{origin}: with it, root in the container can mount host disks, load kernel modules or escape the container outright. Add only the narrow capability the program needs (for example NET_BIND_SERVICE), never {cap}.',
    risky: '{service} adds {cap}{origin}, which Docker leaves out by default: it lets root in the container reach beyond it (trace processes, change host networking, read any file). Keep it only if the program really needs it, and document why.',
    inherited: INHERITED_MESSAGE,
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    for (const item of listOf(ctx, service, 'cap_add')) {
      const raw = textOf(item);
      if (raw === undefined) continue;
      const cap = raw.toUpperCase().replace(/^CAP_/, '');
      const hostRoot = HOST_ROOT.has(cap);
      if (!hostRoot && !RISKY.has(cap)) continue;
      report({
        messageId: hostRoot ? 'hostRoot' : 'risky',
        severity: hostRoot ? 'error' : 'warning',
        data: { service: service.name, cap, origin: origin(ctx, item) },
        range: ctx.reportRange(item),
      });
    }
  }
});
