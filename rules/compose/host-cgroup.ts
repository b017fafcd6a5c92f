import { hostNamespaceRule } from './_namespace';

export default hostNamespaceRule({
  id: 'compose/host-cgroup',
  key: 'cgroup',
  severity: 'info',
  description: 'A service shares the host\'s cgroup namespace.',
  sources: ['CIS Docker Benchmark v1.6.0 5.25', 'KICS Cgroup Not Default (CWE-400)'],
  why: 'the container sees the host\'s whole cgroup tree (every container and system service) instead of its own. Remove it unless a monitoring agent needs it.',
  fixRisk: 'cgroup monitoring agents stop seeing host cgroups',
});
