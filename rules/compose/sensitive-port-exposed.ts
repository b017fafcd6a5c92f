import { defineComposeRule } from '../define';
import { INHERITED_MESSAGE, origin } from './_common';
import { isPublishedEverywhere, publishedPorts, sensitivePort } from './_ports';

export default defineComposeRule({
  id: 'compose/sensitive-port-exposed',
  severity: 'error',
  description: 'A database, cache, remote-access or Docker API port is published on every interface of the host.',
  tags: ['security', 'network', 'firewall-bypass'],
  sources: [
    'CIS Docker Benchmark v1.6.0 5.14', 'KICS Container Traffic Not Bound To Host Interface',
    'chaifeng/ufw-docker README', 'moby/moby#4737',
  ],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    exposed: '{service} publishes {name} ({port}) on every interface of the host{origin}: Docker\'s NAT rules bypass ufw, so anyone who can reach the host can reach it. Bind it to 127.0.0.1 ("127.0.0.1:{spec}") or use expose: when only other containers need it.',
    inherited: INHERITED_MESSAGE,
    fixBind: 'Bind to 127.0.0.1 (clients on other hosts lose access)',
  },
}, (ctx, report) => {
  for (const p of publishedPorts(ctx)) {
    if (!isPublishedEverywhere(p)) continue;
    const sensitive = sensitivePort(p.container);
    if (!sensitive) continue;
    report({
      messageId: 'exposed',
      data: { service: p.service.name, name: sensitive[1], port: sensitive[0], spec: p.label.replace(/^(0\.0\.0\.0|\[::\]):/, ''), origin: origin(ctx, p.item) },
      range: ctx.reportRange(p.item),
      fixes: p.bindLocal ? [{ messageId: 'fixBind', safety: 'unsafe', edits: [p.bindLocal] }] : [],
    });
  }
});
