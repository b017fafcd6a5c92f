import { defineComposeRule } from '../define';
import { INHERITED_MESSAGE, origin, textOf } from './_common';

export default defineComposeRule({
  id: 'compose/image-unpinned',
  severity: 'info',
  description: 'A service image has no tag or uses latest.',
  tags: ['security', 'supply-chain', 'reproducibility'],
  sources: ['CIS Docker Benchmark v1.6.0 5.28', 'dclint service-image-require-explicit-tag'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    untagged: '{service} uses {image} without a tag{origin}, which means :latest: each pull can bring a different image (a breaking upgrade, or a compromised release) without any change to this file. Pin a version (image: {image}:1.2.3) or a digest (@sha256:...).',
    latest: '{service} uses {image}{origin}: :latest moves with every release, so each pull can bring a different image without any change to this file. Pin a version or a digest (@sha256:...).',
    inherited: INHERITED_MESSAGE,
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    const v = ctx.get(service, 'image');
    const image = textOf(v);
    if (!v || image === undefined || image.includes('$') || image.includes('@')) continue;
    const name = image.slice(image.lastIndexOf('/') + 1);
    const colon = name.indexOf(':');
    const tag = colon < 0 ? undefined : name.slice(colon + 1);
    if (tag !== undefined && tag !== 'latest') continue;
    report({ messageId: tag === undefined ? 'untagged' : 'latest', data: { service: service.name, image, origin: origin(ctx, v) }, range: ctx.reportRange(v) });
  }
});
