// Host paths a service mounts, in both syntaxes, with where to report them.
import type { ComposeContext, Service } from '../../core/compose/context';
import { isHostPath, normalizeHostPath, parseShortVolume } from '../../core/compose/volumes';
import { isMap, isTrue, listOf, Located, textOf } from './_common';

export interface HostMount {
  service: Service;
  item: Located;
  /** Normalised host path. */
  path: string;
  readOnly: boolean;
}

export function hostMounts(ctx: ComposeContext): HostMount[] {
  const out: HostMount[] = [];
  for (const service of ctx.services) {
    for (const item of listOf(ctx, service, 'volumes')) {
      if (isMap(item.node)) {
        const fields = new Map(ctx.entries(item.node, item).map((e) => [e.name, e.value]));
        const type = textOf(fields.get('type'));
        const source = textOf(fields.get('source'));
        if (type !== 'bind' || source === undefined) continue;
        out.push({ service, item, path: normalizeHostPath(source), readOnly: isTrue(fields.get('read_only')) });
        continue;
      }
      const spec = textOf(item);
      const v = spec === undefined ? undefined : parseShortVolume(spec);
      if (!v?.source || !isHostPath(v.source)) continue;
      out.push({ service, item, path: normalizeHostPath(v.source), readOnly: v.readOnly });
    }
  }
  return out;
}
