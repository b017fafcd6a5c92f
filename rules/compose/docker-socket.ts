import { defineComposeRule } from '../define';
import { INHERITED_MESSAGE, isTrue, origin } from './_common';
import { hostMounts } from './_volumes';

/** The Docker socket itself, or a folder that holds it. */
const isDockerSocket = (p: string): boolean => /(^|\/)docker\.sock$/.test(p) || p === '/run' || p === '/var/run';

export default defineComposeRule({
  id: 'compose/docker-socket',
  severity: 'error',
  description: 'A service can reach the Docker API socket, which gives root on the host.',
  tags: ['security', 'isolation'],
  sources: [
    'CIS Docker Benchmark v1.6.0 5.32', 'KICS Docker Socket Mounted In Container (CWE-284)',
    'Semgrep exposing-docker-socket-volume', 'OWASP Docker Security Cheat Sheet, rule #1',
  ],
  fix: 'none',
  profile: 'recommended',
  messages: {
    mounted: '{service} mounts {path}{origin}: whoever controls this container can start a privileged container through the Docker API and own the host — read-only (:ro) does not help, the API is still writable. Use a socket proxy that allows only the calls it needs (tecnativa/docker-socket-proxy) or rootless Docker.',
    apiSocket: '{service} sets use_api_socket: true{origin}: the container gets the Docker API socket, which is root on the host. Remove it unless the container must drive Docker, and then prefer a socket proxy.',
    inherited: INHERITED_MESSAGE,
  },
}, (ctx, report) => {
  for (const m of hostMounts(ctx)) {
    if (!isDockerSocket(m.path)) continue;
    report({ messageId: 'mounted', data: { service: m.service.name, path: m.path, origin: origin(ctx, m.item) }, range: ctx.reportRange(m.item) });
  }
  for (const service of ctx.services) {
    const v = ctx.get(service, 'use_api_socket');
    if (!v || !isTrue(v)) continue;
    report({ messageId: 'apiSocket', data: { service: service.name, origin: origin(ctx, v) }, range: ctx.reportRange(v) });
  }
});
