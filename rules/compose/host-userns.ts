import { hostNamespaceRule } from './_namespace';

export default hostNamespaceRule({
  id: 'compose/host-userns',
  key: 'userns_mode',
  severity: 'warning',
  description: 'A service opts out of the daemon\'s user-namespace remapping.',
  sources: ['CIS Docker Benchmark v1.6.0 5.31', 'KICS Shared Host User Namespace (CWE-668)'],
  why: 'when the Docker daemon remaps users (userns-remap), this service opts out and its root is the host\'s root again. Remove it.',
  fixRisk: 'files the service wrote as host root may become unreadable to it',
});
