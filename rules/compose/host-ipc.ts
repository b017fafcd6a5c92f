import { hostNamespaceRule } from './_namespace';

export default hostNamespaceRule({
  id: 'compose/host-ipc',
  key: 'ipc',
  severity: 'warning',
  description: 'A service shares the host\'s IPC namespace.',
  sources: ['CIS Docker Benchmark v1.6.0 5.17', 'KICS Shared Host IPC Namespace (CWE-668)'],
  why: 'the container can read and write the host\'s shared memory segments and message queues. Remove it, or share IPC only with another service (ipc: "service:name").',
  fixRisk: 'shared memory with host processes stops working',
});
