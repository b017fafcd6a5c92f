import { hostNamespaceRule } from './_namespace';

export default hostNamespaceRule({
  id: 'compose/network-mode-host',
  key: 'network_mode',
  severity: 'warning',
  description: 'A service shares the host\'s network stack.',
  sources: ['CIS Docker Benchmark v1.6.0 5.10', 'KICS Shared Host Network Namespace (CWE-668)'],
  why: 'the container sees every service listening on the host\'s loopback (databases, admin ports, the Docker API if exposed) and can bind any host port. Remove it and publish only the ports you need, or keep it only for discovery protocols that need it (mDNS, DLNA).',
  fixRisk: 'the service moves to the project network; publish the ports it needs',
});
