import { isHere } from '../../core/nginx/context';
import { nameRange } from '../../core/nginx/tree';
import type { FixSpec } from '../../core/types';
import { defineNginxRule } from '../define';
import { appendToArg, checkedNamed, enclosingLocation, locationMatch, rangeOfArg } from './_common';

export default defineNginxRule({
  id: 'nginx/alias-traversal',
  severity: 'error',
  description: 'An alias in a prefix location without a trailing slash lets requests climb out of the aliased folder.',
  tags: ['security', 'path-traversal', 'gixy'],
  sources: ['gixy alias_traversal', 'Orange Tsai, "Breaking Parser Logic" (Black Hat USA 2018)', 'nginx docs: alias'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    traversal: '`location {location}` has no trailing slash but `alias {alias}` has one: a request for {location}../x reads {alias}../x, outside the folder. Add the slash to the location: `location {location}/`.',
    prefix: '`location {location}` has no trailing slash: a request for {location}-x reads {alias}-x, so files and folders whose names start with the aliased one are served too. For a folder, write `location {location}/` and `alias {alias}/`.',
    location: 'The prefix location the alias belongs to.',
    fixSlash: 'Add a trailing slash to location {location} (a request for exactly {location} then goes to another location)',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'alias')) {
    if (d.args.length !== 1) continue;
    const loc = enclosingLocation(d);
    if (!loc) continue;
    const match = locationMatch(loc);
    // Only prefix locations append "the rest of the URI" to the alias; regex and exact ones replace it.
    if ((match.modifier !== '' && match.modifier !== '^~') || match.path.endsWith('/') || match.path === '') continue;
    const alias = d.args[0];
    if (alias.includes('$')) continue;
    const range = rangeOfArg(ctx, d, 0);
    if (!range) continue;
    const slashed = alias.endsWith('/');
    const fixes: FixSpec[] = [];
    // Only when the alias is a folder for sure: `location /favicon.ico { alias /srv/favicon.ico; }` aliases a file,
    // and slashes would break it.
    if (slashed && isHere(ctx, d) && isHere(ctx, loc)) {
      fixes.push({ messageId: 'fixSlash', data: { location: match.path }, safety: 'unsafe', edits: [appendToArg(loc, match.arg, '/')] });
    }
    report({
      messageId: slashed ? 'traversal' : 'prefix',
      data: { location: match.path, alias },
      range,
      severity: slashed ? 'error' : 'warning',
      fixes,
      related: [{ file: loc.file.path, range: nameRange(loc), message: { messageId: 'location' } }],
    });
  }
});
