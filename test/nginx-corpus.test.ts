// Real third-party nginx configurations published as recommended or stock (../shared/corpus/nginx/good: h5bp,
// Mozilla's generator, nginxconfig.io, nginx's own conf/, gixy's safe doc snippets; see its SOURCES.md). Every file
// parses without error and reprints byte for byte; linted with every rule of the default profile, each file raises
// exactly the findings listed below, and each listed finding carries a judgement of whether it is true. No `error`
// may appear that a reviewer would call false. Skipped when the corpus folder is absent.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { tokenize, reprint } from '../core/nginx/tokenizer';
import { parseNginxFile } from '../core/nginx/tree';
import type { Finding } from '../core/types';
import { CORPUS, lintPath } from './helpers';

const GOOD = path.join(CORPUS, 'nginx', 'good');
const present = fs.existsSync(GOOD);

/** Every finding of the default profile per file (`line severity rule`); files not listed raise none. */
const EXPECTED: Record<string, string[]> = {
  // h5bp: HSTS is opt-in (its include is commented out in h5bp/basic.conf because a preloaded HSTS is hard to undo),
  // so the TLS template really sends none. True.
  'h5bp-server-configs-nginx/conf.d/templates/example.com.conf': ['26 warning nginx/missing-hsts'],
  // The no-ssl template is h5bp's plain-HTTP site (the `www` redirect and the site itself, both on port 80): it really
  // serves content without HTTPS. True — the template exists for setups where TLS ends elsewhere.
  'h5bp-server-configs-nginx/conf.d/templates/no-ssl.example.com.conf': [
    '13 error nginx/missing-https-redirect', '24 error nginx/missing-https-redirect',
  ],
  // Public resolvers for OCSP stapling (1.1.1.1, 8.8.8.8, ...): gixy calls it HIGH, h5bp and nginxconfig.io do it on
  // purpose; information only. True as a fact, a judgement call as a risk.
  'h5bp-server-configs-nginx/h5bp/tls/ocsp_stapling.conf': ['28 info nginx/resolver-external'],
  // h5bp's test vhosts answer on port 80 without a redirect (they test the no-ssl setup). True.
  'h5bp-server-configs-nginx/test/vhosts/server.localhost.conf': [
    '2 error nginx/missing-https-redirect', '11 error nginx/missing-https-redirect',
  ],
  'h5bp-server-configs-nginx/test/vhosts/www-server.localhost.conf': ['2 error nginx/missing-https-redirect'],
  // nginx's default nginx.conf: the example server on port 80 serves html/ over plain HTTP (true, and the reason the
  // file is a starting point, not a deployment); server_tokens is not set so the version is shown (true); no
  // nosniff and no framing protection (true, info).
  'nginx-conf/nginx.conf': [
    '17 warning nginx/server-tokens', '35 info nginx/missing-security-headers', '35 info nginx/missing-security-headers',
    '36 error nginx/missing-https-redirect',
  ],
  // nginxconfig.io's generated nginx.conf sets public resolvers (see ocsp_stapling.conf above).
  'nginxconfig.io/default/nginx.conf': ['51 info nginx/resolver-external'],
  'nginxconfig.io/reverse-proxy/nginx.conf': ['51 info nginx/resolver-external'],
  'nginxconfig.io/strict-security/nginx.conf': ['51 info nginx/resolver-external'],
  'nginxconfig.io/wordpress/nginx.conf': ['51 info nginx/resolver-external'],
};

// Mozilla's generator outputs a TLS setup only: it leaves server_tokens at its default `on` (true) and sends no
// nosniff or framing header (true, info); its TLS settings, HSTS and redirect raise nothing.
const MOZILLA = ['4 warning nginx/server-tokens', '6 info nginx/missing-security-headers', '6 info nginx/missing-security-headers'];
for (const name of [
  'mozilla-g5.8-intermediate-nginx1.18.0-openssl1.1.1k-hsts-ocsp.conf',
  'mozilla-g5.8-intermediate-nginx1.27.3-openssl3.4.0-hsts-ocsp.conf',
  'mozilla-g5.8-modern-nginx1.27.3-openssl3.4.0-hsts-ocsp.conf',
  'mozilla-g6.0-intermediate-nginx1.27.3-openssl3.4.0-hsts.conf',
  'mozilla-g6.0-intermediate-nginx1.27.3-openssl3.5.0-hsts-ocsp.conf',
  'mozilla-g6.0-modern-nginx1.27.3-openssl3.4.0-hsts.conf',
  'mozilla-g6.0-modern-nginx1.27.3-openssl3.5.0-hsts-ocsp.conf',
]) EXPECTED[`mozilla-ssl-config/${name}`] = MOZILLA;

/** Every configuration file of the corpus (licences and notes excepted). */
function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/^LICENSE/.test(e.name) && !e.name.endsWith('.md')) out.push(path.relative(GOOD, p));
    }
  };
  walk(GOOD);
  return out.sort();
}

const summary = (findings: Finding[]): string[] =>
  findings.filter((f) => !f.suppressed).map((f) => `${f.range.start.line + 1} ${f.severity} ${f.ruleId}`);

describe('nginx corpus: recommended and stock configurations', { skip: present ? false : `corpus not found at ${GOOD}` }, () => {
  const files = present ? corpusFiles() : [];

  it('parses every file without a syntax error and reprints it byte for byte', () => {
    assert.ok(files.length > 50, `only ${files.length} files`);
    for (const rel of files) {
      const text = fs.readFileSync(path.join(GOOD, rel), 'utf8');
      assert.equal(reprint(text, tokenize(text).tokens), text, `${rel} does not round-trip`);
      assert.deepEqual(parseNginxFile(rel, text).diagnostics.map((d) => d.message), [], `${rel} has parse errors`);
    }
  });

  for (const rel of files) {
    it(rel, () => {
      const findings = lintPath(path.join(GOOD, rel), { kind: 'nginx' });
      const crashes = findings.filter((f) => f.message.startsWith('internal error in rule'));
      assert.deepEqual(crashes.map((f) => f.message), []);
      const got = summary(findings);
      assert.deepEqual([...got].sort(), [...(EXPECTED[rel] ?? [])].sort());
    });
  }

  it('lists only files that exist', () => {
    assert.deepEqual(Object.keys(EXPECTED).filter((rel) => !files.includes(rel)), []);
  });
});
