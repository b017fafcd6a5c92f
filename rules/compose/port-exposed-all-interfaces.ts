import { defineComposeRule } from '../define';
import { INHERITED_MESSAGE, origin } from './_common';
import { isPublishedEverywhere, publishedPorts, sensitivePort } from './_ports';

export default defineComposeRule({
  id: 'compose/port-exposed-all-interfaces',
  severity: 'info',
  description: 'A port is published on every interface of the host, past the host firewall.',
  tags: ['security', 'network', 'firewall-bypass'],
  sources: [
    'CIS Docker Benchmark v1.6.0 5.14', 'KICS Container Traffic Not Bound To Host Interface',
    'dclint no-unbound-port-interfaces', 'chaifeng/ufw-docker README',
  ],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    exposed: '{service} publishes {spec} on every interface of the host{origin}: Docker\'s NAT rules bypass ufw, so a "ufw deny" does not close it. If only this host (or a reverse proxy on it) needs the port, bind it to 127.0.0.1.',
    inherited: INHERITED_MESSAGE,
    fixBind: 'Bind to 127.0.0.1 (clients on other hosts lose access)',
  },
}, (ctx, report) => {
  for (const p of publishedPorts(ctx)) {
    if (!isPublishedEverywhere(p) || sensitivePort(p.container)) continue;
    report({
      messageId: 'exposed',
      data: { service: p.service.name, spec: p.label, origin: origin(ctx, p.item) },
      range: ctx.reportRange(p.item),
      fixes: p.bindLocal ? [{ messageId: 'fixBind', safety: 'unsafe', edits: [p.bindLocal] }] : [],
    });
  }
});
