import { headRange } from '../../core/nginx/context';
import { ancestors, blockItems, Directive } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { rangeOfArg } from './_common';
import { canContain, compileScript, Environment, mustContain, providers, Variable, walkWithVariables } from './_variables';

/** Directives that open a connection to the address they are given. */
const UPSTREAM: ReadonlySet<string> = new Set(['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass']);

/** `scheme://` and the host part of an upstream address (everything up to the first `/`, `?` or `#`). */
const ADDRESS = /^([^?#/)]+:\/\/)?([^?#/)]+)/;

/** Whether `d` sits in a location only internal redirects reach. */
function internalOnly(d: Directive): boolean {
  const loc = ancestors(d).find((a) => a.name === 'location');
  return loc !== undefined && blockItems(loc).some((c) => c.name === 'internal');
}

/**
 * The first variable of a scheme or host that the client can point elsewhere: one that can hold a "." (so a
 * domain name), before any piece that must hold a "/" (which ends the host part).
 */
function steerable(script: string | undefined, env: Environment): Variable | undefined {
  if (!script) return undefined;
  for (const v of compileScript(script, env)) {
    if (mustContain(v, '/')) return undefined;
    if (v.name !== undefined && canContain(v, '.')) return v;
  }
  return undefined;
}

export default defineNginxRule({
  id: 'nginx/ssrf',
  severity: 'error',
  description: 'The upstream address comes from the request (server-side request forgery).',
  tags: ['security', 'ssrf', 'proxy', 'gixy'],
  sources: ['gixy ssrf', 'CWE-918', 'OWASP SSRF Prevention Cheat Sheet'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    ssrf: 'The {part} of this `{directive}` comes from ${variable}, which the client controls: it can make nginx connect to any host, including internal services and cloud metadata (169.254.169.254). Use fixed upstreams (a `map` from allowed values to addresses), or make the location `internal`.',
    provider: 'Where ${variable} gets its value.',
    partScheme: 'scheme',
    partHost: 'host',
  },
}, (ctx, report) => {
  walkWithVariables(ctx, (d, env) => {
    if (!UPSTREAM.has(d.name) || d.args.length === 0 || !d.args[0].includes('$')) return;
    const m = ADDRESS.exec(d.args[0]);
    if (!m) return;
    const fromScheme = steerable(m[1], env);
    const v = fromScheme ?? steerable(m[2], env);
    if (!v || internalOnly(d)) return;
    const range = rangeOfArg(ctx, d, 0);
    if (!range) return;
    report({
      messageId: 'ssrf',
      data: { part: { messageId: fromScheme ? 'partScheme' : 'partHost' }, directive: d.name, variable: v.name! },
      range,
      related: providers(v).map((p) => ({ file: p.file.path, range: headRange(p), message: { messageId: 'provider', data: { variable: v.name! } } })),
    });
  });
});

