import { hostNamespaceRule } from './_namespace';

export default hostNamespaceRule({
  id: 'compose/host-uts',
  key: 'uts',
  severity: 'warning',
  description: 'A service shares the host\'s UTS namespace (hostname).',
  sources: ['CIS Docker Benchmark v1.6.0 5.21'],
  why: 'the container sees the host\'s hostname and, with CAP_SYS_ADMIN, can change it for the whole host. Remove it.',
  fixRisk: 'the service sees its own hostname instead of the host\'s',
});
