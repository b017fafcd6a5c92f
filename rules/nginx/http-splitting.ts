import { headRange } from '../../core/nginx/context';
import type { Directive } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { rangeOfArg } from './_common';
import { canContain, compileScript, providers, walkWithVariables } from './_variables';

const REDIRECT_STATUS: ReadonlySet<string> = new Set(['301', '302', '303', '307', '308']);

/** The argument that ends up in a header line: the Location of a redirect, a header value, the upstream URL. */
function headerArgument(d: Directive): number | undefined {
  switch (d.name) {
    case 'proxy_pass': return d.args.length >= 1 ? 0 : undefined;
    case 'rewrite': return d.args.length >= 2 ? 1 : undefined;
    case 'add_header':
    case 'proxy_set_header': return d.args.length >= 2 ? 1 : undefined;
    case 'return':
      // `return URL` and `return 30x URL` send a Location header; any other text is the response body.
      if (d.args.length === 1) return /^(?:https?:\/\/|\$scheme)/.test(d.args[0]) ? 0 : undefined;
      return d.args.length >= 2 && REDIRECT_STATUS.has(d.args[0]) ? 1 : undefined;
  }
  return undefined;
}

export default defineNginxRule({
  id: 'nginx/http-splitting',
  severity: 'error',
  description: 'A variable that can hold CR or LF is written into a header line (HTTP response or request splitting).',
  tags: ['security', 'injection', 'gixy'],
  sources: ['gixy http_splitting', 'CWE-113', 'nginx docs: $uri ("normalized" and decoded)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    newline: '${variable} can hold a line feed (for $uri and captures of it, a %0A in the request is decoded), and this `{directive}` writes it into a header line: a client can add headers or a whole response (cookies, redirects, cache poisoning). Use a variable that stays encoded ($request_uri, $args) or a capture that cannot match a newline (`[^\\r\\n]`, `.` instead of `\\W`/`[^/]`).',
    carriageReturn: '${variable} can hold a carriage return, and this `{directive}` writes it into a response header: some clients treat a lone CR as a line break. Use a variable that stays encoded ($request_uri) or a capture that excludes `\\r`.',
    provider: 'Where ${variable} gets its value.',
  },
}, (ctx, report) => {
  walkWithVariables(ctx, (d, env) => {
    const arg = headerArgument(d);
    if (arg === undefined || !d.args[arg].includes('$')) return;
    // A bare CR does not end a line for upstream servers; it does for some browsers.
    const toUpstream = d.name.startsWith('proxy_');
    for (const v of compileScript(d.args[arg], env)) {
      const messageId = canContain(v, '\n') ? 'newline' : !toUpstream && canContain(v, '\r') ? 'carriageReturn' : undefined;
      if (!messageId || v.name === undefined) continue;
      const range = rangeOfArg(ctx, d, arg);
      if (!range) return;
      report({
        messageId,
        data: { variable: v.name, directive: d.name },
        range,
        related: providers(v).map((p) => ({ file: p.file.path, range: headRange(p), message: { messageId: 'provider', data: { variable: v.name! } } })),
      });
      break;
    }
  });
});
