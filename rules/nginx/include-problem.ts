import * as path from 'node:path';
import { argRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';

/** Files the Debian/upstream nginx packages install next to nginx.conf: a checked-out tree often leaves them out. */
const PACKAGE_FILES = new Set([
  'mime.types', 'fastcgi_params', 'fastcgi.conf', 'scgi_params', 'uwsgi_params', 'koi-utf', 'koi-win', 'win-utf',
  'proxy_params', 'snippets/fastcgi-php.conf', 'snippets/snakeoil.conf',
]);

export default defineNginxRule({
  id: 'nginx/include-problem',
  severity: 'error',
  description: 'An include names a file nginx cannot read, a directory, or itself.',
  tags: ['validity'],
  sources: ['nginx source, ngx_conf_file.c (ngx_conf_include)', 'nginx docs, ngx_core_module: include'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    missing: 'include "{pattern}": {path} does not exist, so nginx -t fails with open() failed. Relative paths are read from the directory of nginx.conf ({prefix}), not from this file\'s.',
    directory: 'include "{pattern}": {path} is a directory; nginx cannot read it. Include its files with a glob ({pattern}/*.conf).',
    cycle: 'include "{pattern}" includes {path} again while reading it: nginx would loop until it runs out of file descriptors.',
    tooDeep: 'include "{pattern}" nests includes too deeply at {path}: probably a loop through several files.',
  },
}, (ctx, report) => {
  for (const d of ctx.named('include')) {
    if (!d.include) continue;
    for (const t of d.include.targets) {
      if (!t.problem || t.problem === 'unreadable') continue;
      const rel = path.relative(ctx.config.prefix, t.path);
      if (t.problem === 'missing' && (PACKAGE_FILES.has(rel) || PACKAGE_FILES.has(d.include.pattern))) continue;
      // Linted alone, includes resolve against a guessed prefix: a miss may only mean the guess is wrong.
      if (t.problem === 'missing' && ctx.role === 'standalone' && ctx.config.rootContext !== 'main') continue;
      const messageId = t.problem === 'missing' ? 'missing' : t.problem === 'directory' ? 'directory' : t.problem === 'cycle' ? 'cycle' : 'tooDeep';
      report({ messageId, data: { pattern: d.include.pattern, path: t.path, prefix: ctx.config.prefix }, range: argRange(d, 0) });
    }
  }
});
