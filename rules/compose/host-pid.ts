import { hostNamespaceRule } from './_namespace';

export default hostNamespaceRule({
  id: 'compose/host-pid',
  key: 'pid',
  severity: 'error',
  description: 'A service shares the host\'s process namespace.',
  sources: ['CIS Docker Benchmark v1.6.0 5.16', 'KICS Host Namespace is Shared (CWE-250)'],
  why: 'the container sees every process of the host, can signal them and, as root, read their memory and environment (secrets included). Remove it unless this is a monitoring agent that needs it.',
  fixRisk: 'process monitoring agents stop seeing host processes',
});
