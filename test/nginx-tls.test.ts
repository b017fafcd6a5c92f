// The OpenSSL cipher-string evaluator behind nginx/weak-ssl-ciphers, checked against the real `openssl ciphers`
// (OpenSSL 3.0 has no RC4/DES/3DES suites, so those legacy entries are checked by hand below).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { belowIntermediate, enabledSuites, MOZILLA_INTERMEDIATE_CIPHERS, weaknesses } from '../rules/nginx/_ciphers';
import { hasBinary } from './helpers';

const OPENSSL = ['/usr/bin/openssl', '/bin/openssl'].find(hasBinary);
const LEGACY = new Set(['3DES', 'DES', 'RC4', 'RC2', 'SEED', 'IDEA']);

const names = (s: string): string[] => enabledSuites(s).filter((c) => !LEGACY.has(c.enc) && !c.export).map((c) => c.name).sort();
const kinds = (s: string): string[] => [...new Set(enabledSuites(s).flatMap(weaknesses))].sort();

describe('cipher strings like OpenSSL builds them', () => {
  const strings = [
    'HIGH:!aNULL:!MD5', 'EECDH+CHACHA20:EECDH+AES', 'ALL', 'ALL:!aNULL:!eNULL', 'HIGH:MEDIUM:!aNULL', 'kEECDH+AESGCM',
    'EDH+AESGCM:!DSS', 'AES', 'ALL:COMPLEMENTOFALL', 'ECDHE:!SHA1:!SHA256:!SHA384', 'HIGH:!AES:AES256', 'kRSA:!3DES',
    'aNULL', 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA', 'PSK', 'CAMELLIA:ARIA', 'ECDHE+AESGCM:DHE+AESGCM:!DSS',
    'HIGH:!kRSA:!PSK:!SRP:!aNULL', MOZILLA_INTERMEDIATE_CIPHERS,
  ];
  for (const s of strings) {
    it(`${s} enables what openssl ciphers lists`, { skip: OPENSSL ? undefined : 'openssl is not installed' }, () => {
      const r = spawnSync(OPENSSL!, ['ciphers', '-v', `${s}:@SECLEVEL=0`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const real = r.stdout.trim().split('\n').filter((l) => !/\bTLSv1\.3\b/.test(l)).map((l) => l.split(/\s+/)[0]).sort();
      assert.deepEqual(names(s), real);
    });
  }

  it('finds the broken suites a list lets through, and only those', () => {
    assert.deepEqual(kinds('HIGH:!aNULL:!MD5'), []);
    assert.deepEqual(kinds('HIGH'), ['anonymous']);
    assert.deepEqual(kinds('ALL:!EXPORT'), ['3DES', 'DES', 'MD5', 'RC4', 'anonymous']);
    assert.deepEqual(kinds('ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:DES-CBC3-SHA'), ['3DES']);
    assert.deepEqual(kinds('DEFAULT'), []);
    assert.deepEqual(kinds('RC4-SHA:!RC4'), []);
    assert.deepEqual(kinds('MEDIUM:-RC4:!aNULL'), ['3DES']);
    assert.deepEqual(kinds('MEDIUM:-RC4:RC4'), ['3DES', 'EXPORT', 'MD5', 'RC4', 'anonymous']);
    assert.deepEqual(kinds('ALL:!aNULL:!eNULL:!LOW:!EXP:!RC4:!3DES:!MD5'), []);
    assert.deepEqual(kinds('NULL-SHA256'), ['NULL']);
    assert.deepEqual(kinds('UNKNOWN-ALIAS'), []);
  });

  it('tells Mozilla intermediate from lists with CBC or static RSA', () => {
    assert.deepEqual(enabledSuites(MOZILLA_INTERMEDIATE_CIPHERS).filter((c) => belowIntermediate(c)), []);
    assert.equal(enabledSuites(MOZILLA_INTERMEDIATE_CIPHERS).length, 6);
    assert.equal(belowIntermediate(enabledSuites('AES128-GCM-SHA256')[0]), 'static-kx');
    assert.equal(belowIntermediate(enabledSuites('ECDHE-RSA-AES128-SHA')[0]), 'cbc');
  });
});
