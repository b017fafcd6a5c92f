import * as path from 'node:path';
import { defineNginxRule } from '../define';
import { checkedNamedAny, enclosingLocation, isPrefixLocation, locationMatch, rangeOfArg } from './_common';

export default defineNginxRule({
  id: 'nginx/root-filesystem-exposure',
  severity: 'error',
  description: 'root or alias serves the whole filesystem.',
  tags: ['security', 'path-traversal', 'gixy'],
  sources: ['Gixy-Next filesystem_root_exposure', 'nginx docs: root, alias'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    root: '`{name} {path}` maps request paths onto the filesystem root: any file the nginx workers can read (/etc/passwd, keys, other sites\' configs) can be requested. Point it at the folder meant to be served.',
  },
}, (ctx, report) => {
  for (const d of checkedNamedAny(ctx, ['root', 'alias'])) {
    if (d.args.length !== 1) continue;
    const p = d.args[0];
    if (p.includes('$') || !p.startsWith('/') || !isFilesystemRoot(p)) continue;
    if (d.name === 'alias') {
      // An alias replaces the matched prefix: `location /x/ { alias /; }` serves /, `location ~ re` builds a path.
      const loc = enclosingLocation(d);
      if (!loc || !isPrefixLocation(loc)) continue;
      if (locationMatch(loc).path.endsWith('/') && !p.endsWith('/')) continue;
    }
    const range = rangeOfArg(ctx, d, 0);
    if (range) report({ messageId: 'root', data: { name: d.name, path: p }, range });
  }
});

/** `/`, `//`, `/srv/..`: a path that normalizes to the root. Without a dot only slashes can. */
function isFilesystemRoot(p: string): boolean {
  if (!p.includes('.')) return /^\/+$/.test(p);
  return path.posix.normalize(p).replace(/\/+/g, '') === '';
}
