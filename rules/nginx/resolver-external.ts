import { defineNginxRule } from '../define';
import { checkedNamed, rangeOfArg } from './_common';

/** Parameters of `resolver` that are not addresses. */
const PARAMETER = /^(?:valid|ipv4|ipv6|status_zone)=/;

const ipv4 = (s: string): number[] | undefined => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
};

/** Whether a nameserver address is on this host or a private network (loopback, RFC 1918, link-local, CGNAT, ULA). */
export function isLocalNameserver(address: string): boolean {
  let host = address;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) host = bracketed[1];
  else if (/^[^:]+:\d+$/.test(host)) host = host.slice(0, host.lastIndexOf(':'));
  const v4 = ipv4(host);
  if (v4) {
    const [a, b] = v4;
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)
      || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127) || a === 0;
  }
  if (host.includes(':')) {
    const h = host.toLowerCase();
    if (h === '::1' || h === '::') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    if (mapped) return isLocalNameserver(mapped[1]);
    // fc00::/7 (unique local) and fe80::/10 (link-local).
    return /^f[cd][0-9a-f]{0,2}:/.test(h) || /^fe[89ab][0-9a-f]?:/.test(h);
  }
  // A name: local when it cannot be a public DNS name (localhost, a single label, private suffixes).
  const name = host.toLowerCase().replace(/\.$/, '');
  return !name.includes('.') || /(?:^|\.)(?:localhost|local|internal|lan|home\.arpa|localdomain|cluster\.local)$/.test(name);
}

export default defineNginxRule({
  id: 'nginx/resolver-external',
  severity: 'info',
  description: 'resolver points nginx at a public DNS server.',
  tags: ['security', 'dns', 'gixy'],
  sources: ['gixy resolver_external', 'nginx docs: resolver', 'h5bp server-configs-nginx tls/ocsp_stapling.conf (uses public resolvers)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    external: 'nginx sends its own DNS queries to {servers}, across the internet: an attacker who can race the answers (nginx\'s resolver has no DNSSEC and a small ID space) can poison its cache and redirect proxied requests or OCSP queries. Prefer a local caching resolver (127.0.0.1, or the network\'s own).',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'resolver')) {
    const external = d.args.map((a, i) => [a, i] as const).filter(([a]) => !PARAMETER.test(a) && !a.includes('$') && !isLocalNameserver(a));
    if (external.length === 0) continue;
    const range = rangeOfArg(ctx, d, external[0][1]);
    if (range) report({ messageId: 'external', data: { servers: external.map(([a]) => a).join(', ') }, range });
  }
});
