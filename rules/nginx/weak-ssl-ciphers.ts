import { isHere, replaceArgs } from '../../core/nginx/context';
import { checkedNamed } from './_common';
import { rangeFor } from './_util';
import { argsRange } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { belowIntermediate, enabledSuites, MOZILLA_INTERMEDIATE_CIPHERS, weaknesses } from './_ciphers';

export default defineNginxRule({
  id: 'nginx/weak-ssl-ciphers',
  severity: 'warning',
  description: 'ssl_ciphers enables broken cipher suites (RC4, DES, 3DES, EXPORT, NULL, anonymous, MD5).',
  tags: ['security', 'tls', 'crypto'],
  sources: [
    'Mozilla Server Side TLS 5.8/6.0 (intermediate cipher list)', 'CIS NGINX Benchmark v3.0.0 4.1.5',
    'dev-sec nginx-baseline nginx-12', 'OpenSSL ciphers(1): cipher list format and aliases',
  ],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    weak: 'ssl_ciphers enables {weaknesses} cipher suites (e.g. {example}), which attackers can break or downgrade to. Use the Mozilla intermediate list.',
    belowIntermediate: 'ssl_ciphers enables suites Mozilla intermediate excludes ({kinds}, e.g. {example}). Use the Mozilla intermediate list.',
    cbc: 'CBC',
    staticKx: 'no forward secrecy',
    fixIntermediate: 'Use the Mozilla intermediate cipher list (clients without ECDHE+AEAD support, e.g. IE 11 on Windows 7, can no longer connect)',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'ssl_ciphers')) {
    if (d.args.length !== 1 || d.args[0].includes('$')) continue;
    const suites = enabledSuites(d.args[0]);
    const fixes = isHere(ctx, d) ? [{ messageId: 'fixIntermediate', safety: 'unsafe' as const, edits: [replaceArgs(d, MOZILLA_INTERMEDIATE_CIPHERS)] }] : [];
    const range = rangeFor(ctx, d, argsRange);
    const broken = suites.filter((s) => weaknesses(s).length > 0);
    if (broken.length > 0) {
      const kinds = [...new Set(broken.flatMap(weaknesses))];
      report({ messageId: 'weak', data: { weaknesses: kinds.join(', '), example: broken[0].name }, range, fixes });
      continue;
    }
    const below = suites.filter((s) => belowIntermediate(s));
    if (below.length > 0) {
      const kinds = [...new Set(below.map((s) => belowIntermediate(s)!))];
      report({
        messageId: 'belowIntermediate',
        data: { kinds: kinds.map((k, i) => [i > 0 ? ', ' : '', { messageId: k === 'cbc' ? 'cbc' : 'staticKx' }]).flat(), example: below[0].name },
        range,
        severity: 'info',
        strictOnly: true,
        fixes,
      });
    }
  }
});
