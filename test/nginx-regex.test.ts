// The PCRE model behind nginx/http-splitting, nginx/ssrf and nginx/origins (rules/nginx/_regex.ts): it must read
// the regexes real configurations use, answer "can this capture hold X" the way PCRE would, and only ever build
// sample strings the regex really accepts (checked against JavaScript's engine, which agrees with PCRE on these).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canContain, mustContain, parseRegex, sampleMatches } from '../rules/nginx/_regex';
import { judgeOriginRegex } from '../rules/nginx/origins';

/** Location, rewrite and if regexes from h5bp, nginxconfig.io, gixy's fixtures and the nginx docs. */
const REAL_WORLD = [
  '/\\.(?!well-known)', '\\.php$', '^/wp-content/plugins',
  '(.+)\\.(?:\\w+)\\.(avifs?|bmp|css|cur|gif|ico|jpe?g|jxl|m?js|a?png|svgz?|webp|webmanifest)$',
  '(?:#.*#|\\.(?:bak|conf|dist|fla|in[ci]|log|orig|psd|sh|sql|sw[op])|~)$', '/\\.(?!well-known\\/)',
  '\\.(?:css(\\.map)?|js(\\.map)?|jpe?g|png|gif|ico|cur|heic|webp|tiff?|mp3|m4a|aac|ogg|midi?|wav|mp4|mov|webm|mpe?g|avi|ogv|flv|wmv)$',
  '^/(?:wp-content|wp-includes)/.*\\.php$', '^/internal-proxy/(?<proxy_proto>https?)/(?<proxy_host>.*?)/(?<proxy_path>.*)$',
  '/v1/((?<action>[^.]*)\\.json)?$', '^/proxy/(a|b)/(?P<path>\\W*)$', '^(GET|HEAD|POST)$', '^/user/(\\d{1,10})/?$',
  '^https?://([^/]+\\.)?example\\.com(:[0-9]+)?$', '[[:alpha:]][[:digit:]]+', '\\Qa.b\\E$', '^/a(?i)bc$', '(?<year>\\d{4})-\\k<year>',
];

describe('PCRE model', () => {
  it('reads the regexes real configurations use', () => {
    for (const source of REAL_WORLD) assert.ok(parseRegex(source), source);
  });

  it('gives up on what it does not model or what PCRE rejects', () => {
    for (const source of ['(a', 'a)', '[a-', '*a', '(?R)', '(?(1)a|b)', '[z-a]']) assert.equal(parseRegex(source), undefined, source);
    assert.ok(parseRegex('a{2}{'), 'a "{" after a quantifier is a literal');
    assert.ok(parseRegex('x{,'), 'a "{" that is no quantifier is a literal');
  });

  it('knows which captures can hold a line break', () => {
    const re = parseRegex('^/(a|b)/(\\W*)/(.*)/([^/]+)/([a-z0-9-]+)/(\\s)/(\\n)$')!;
    const lf = [1, 2, 3, 4, 5, 6, 7].map((g) => canContain(re, re.groups.get(g)!, '\n'));
    // \W, [^/] and \s can; `.`, letters and a literal \n written by the config cannot be steered.
    assert.deepEqual(lf, [false, true, false, true, false, true, false]);
    assert.equal(canContain(re, re.groups.get(3)!, '\r'), true, '`.` matches a carriage return');
  });

  it('tells whether every match holds a character', () => {
    const re = parseRegex('^(/x)(/?y)(a|/b)(/a|/b)(\\/+)$')!;
    assert.deepEqual([1, 2, 3, 4, 5].map((g) => mustContain(re, re.groups.get(g)!, '/')), [true, false, false, true, true]);
  });

  it('builds only sample strings the regex accepts', () => {
    for (const source of REAL_WORLD) {
      if (/\(\?<?[=!]|\(\?P|\\Q|\(\?i\)|\[\[:|\\k</.test(source)) continue; // not JavaScript syntax
      const js = new RegExp(source);
      for (const sample of sampleMatches(parseRegex(source)!, '/', false)) assert.ok(js.test(sample), `${source} !~ ${JSON.stringify(sample)}`);
    }
  });
});

describe('origin regexes (nginx/origins)', () => {
  const verdict = (re: string, insensitive = false) => {
    const v = judgeOriginRegex(re, insensitive)!;
    return v.untrusted.length > 0 ? 'untrusted' : v.plainHttp.length > 0 ? 'plain-http' : 'ok';
  };

  it('accepts a strict, anchored, escaped regex', () => {
    assert.equal(verdict('^https://(www\\.)?example\\.com$'), 'ok');
    assert.equal(verdict('^https://[a-z0-9-]+\\.example\\.com(:[0-9]+)?$'), 'ok');
    assert.equal(verdict('^https://example\\.com/'), 'ok');
  });

  it('rejects an unescaped dot, a missing ^, and a missing end', () => {
    assert.equal(verdict('^https://example.com$'), 'untrusted');
    assert.equal(verdict('https://example\\.com$'), 'untrusted');
    assert.equal(verdict('^https://example\\.com'), 'untrusted');
    assert.equal(verdict('^https://.*\\.example\\.com$'), 'untrusted');
  });

  it('notices plain http', () => {
    assert.equal(verdict('^https?://example\\.com$'), 'plain-http');
  });
});
