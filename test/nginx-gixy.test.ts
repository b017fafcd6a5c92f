// gixy's own plugin fixtures (../shared/corpus/nginx/gixy-fixtures, yandex/ and dvershinin/ trees) run through the
// hardlint rule that does the plugin's job. gixy's convention (tests/plugins/test_simply.py, see
// ../shared/recipes/gixy-fixtures.py): `<plugin>/<case>.conf` must raise that plugin's finding, `<case>_fp.conf` must
// not; a first line `# Options: {json}` sets plugin options for flagging cases only; includes are disabled. Each file
// is linted alone (kind nginx, top-level context guessed by core/nginx/context.ts) with only the mapped rule.
// Agreement must stay at or above 95% per set, and every disagreement must be listed in KNOWN_DISAGREEMENTS with
// the reason: a new one fails the test, and so does a listed one that no longer happens.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, HardlintConfig } from '../core/config';
import { lint } from '../core/engine';
import { nodeFileHost } from '../core/host';
import { findRule } from '../rules';
import { CORPUS } from './helpers';
import { nginxCheck, nginxOracleSkipReason } from './nginx-oracle';

const ROOT = path.join(CORPUS, 'nginx', 'gixy-fixtures');
const present = fs.existsSync(ROOT);

/** gixy plugin → the hardlint rule with the same meaning. */
export const PLUGIN_RULES: Record<string, string> = {
  add_header_content_type: 'nginx/add-header-content-type',
  add_header_multiline: 'nginx/add-header-multiline',
  add_header_redefinition: 'nginx/add-header-redefinition',
  alias_traversal: 'nginx/alias-traversal',
  allow_without_deny: 'nginx/allow-without-deny',
  host_spoofing: 'nginx/host-spoofing',
  http_splitting: 'nginx/http-splitting',
  if_is_evil: 'nginx/if-is-evil',
  origins: 'nginx/origins',
  resolver_external: 'nginx/resolver-external',
  ssrf: 'nginx/ssrf',
  valid_referers: 'nginx/valid-referers',
  version_disclosure: 'nginx/server-tokens',
};

/**
 * gixy plugin options hardlint expresses as a profile: origins' `https_only` (accept https origins only) is what
 * the strict profile asks of nginx/origins. `domains` (the list of trusted domains) has no equivalent: hardlint
 * judges a regex without being told which domains are trusted.
 */
function configFor(options: Record<string, unknown> | undefined): HardlintConfig {
  const config = defaultConfig();
  if (options?.https_only === true) config.profile = 'strict';
  return config;
}

/** `<set>/<plugin>/<file>` → why hardlint and gixy disagree on it. */
const KNOWN_DISAGREEMENTS: Record<string, string> = {
  // Linted alone, the file's top level is guessed to be a server (all its directives are allowed there), and an `if`
  // in a server may not hold add_header: `nginx -t` rejects it ("add_header" directive is not allowed here; `if (1)`
  // is not even a valid condition). In a location, where the same lines are valid, the rule flags them
  // (test/fixtures/nginx/add-header-redefinition/bad-if). Checked with the real nginx below.
  'yandex/add_header_redefinition/if_replaces.conf': 'add_header in `if` in the guessed server context is invalid nginx, not a dropped header',
  'dvershinin/add_header_redefinition/if_replaces.conf': 'add_header in `if` in the guessed server context is invalid nginx, not a dropped header',
  // yandex and dvershinin disagree here (yandex's not_secure_*_fp.conf are the same files); hardlint follows yandex
  // by default and dvershinin under `profile: strict`, where dropped non-security headers are reported as info.
  'dvershinin/add_header_redefinition/not_secure_dropped.conf': 'a dropped non-security header (X-Bar) is reported only with profile: strict, as yandex does',
  'dvershinin/add_header_redefinition/not_secure_outer.conf': 'a dropped non-security header (X-Bar) is reported only with profile: strict, as yandex does',
};

interface Case { set: string; plugin: string; file: string; path: string; expectFlag: boolean; options?: Record<string, unknown> }

function cases(): Case[] {
  const out: Case[] = [];
  for (const set of fs.readdirSync(ROOT).sort()) {
    const setDir = path.join(ROOT, set);
    if (!fs.statSync(setDir).isDirectory()) continue;
    for (const plugin of fs.readdirSync(setDir).sort()) {
      const dir = path.join(setDir, plugin);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.conf')).sort()) {
        const p = path.join(dir, file);
        const expectFlag = !file.endsWith('_fp.conf');
        const first = fs.readFileSync(p, 'utf8').split('\n')[0];
        const options = expectFlag && first.startsWith('# Options: ') ? JSON.parse(first.slice('# Options: '.length)) : undefined;
        out.push({ set, plugin, file, path: p, expectFlag, options });
      }
    }
  }
  return out;
}

/** Findings of the mapped rule on one fixture, or undefined when the plugin has no hardlint counterpart. */
function run(c: Case): string[] | undefined {
  const rule = findRule(PLUGIN_RULES[c.plugin] ?? '');
  if (!rule) return undefined;
  const text = fs.readFileSync(c.path, 'utf8');
  const env = { host: nodeFileHost(), config: configFor(c.options), locale: 'en' as const, rules: [rule] };
  const findings = lint({ path: c.path, text, kind: 'nginx' }, env).findings;
  const crash = findings.find((f) => f.message.startsWith('internal error in rule'));
  if (crash) throw new Error(`${c.path}: ${crash.message}`);
  return findings
    .filter((f) => f.ruleId === rule.meta.id)
    .map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}`);
}

describe('gixy fixtures', { skip: present ? false : `corpus not found at ${ROOT}` }, () => {
  const all = present ? cases() : [];
  const results = all.map((c) => {
    const findings = run(c);
    const agrees = findings === undefined ? undefined : (findings.length > 0) === c.expectFlag;
    return { ...c, key: `${c.set}/${c.plugin}/${c.file}`, findings, agrees };
  });

  it('every plugin with fixtures is mapped to a hardlint rule that exists', () => {
    const plugins = [...new Set(all.map((c) => c.plugin))].sort();
    assert.deepEqual(plugins.filter((p) => !PLUGIN_RULES[p]), []);
    assert.deepEqual(Object.values(PLUGIN_RULES).filter((id) => !findRule(id)), [], 'rules not written yet');
  });

  it('disagrees with gixy only where KNOWN_DISAGREEMENTS says why', () => {
    const disagreements = results.filter((r) => r.agrees === false).map((r) => r.key);
    const detail = results.filter((r) => r.agrees === false)
      .map((r) => `${r.key}: gixy ${r.expectFlag ? 'flags' : 'does not flag'}; hardlint: ${r.findings!.join(' | ') || 'nothing'}`);
    assert.deepEqual(disagreements.filter((k) => !(k in KNOWN_DISAGREEMENTS)), [], `new disagreements:\n${detail.join('\n')}`);
    assert.deepEqual(Object.keys(KNOWN_DISAGREEMENTS).filter((k) => !disagreements.includes(k)), [],
      'listed disagreements that no longer happen: remove them');
  });

  for (const set of [...new Set(all.map((c) => c.set))]) {
    it(`${set}: agrees on at least 95% of the fixtures of the plugins hardlint covers`, () => {
      const covered = results.filter((r) => r.set === set && r.agrees !== undefined);
      const agreed = covered.filter((r) => r.agrees).length;
      const perPlugin = [...new Set(covered.map((r) => r.plugin))].map((p) => {
        const mine = covered.filter((r) => r.plugin === p);
        return `${p} ${mine.filter((r) => r.agrees).length}/${mine.length}`;
      });
      const rate = agreed / covered.length;
      console.log(`gixy ${set}: ${agreed}/${covered.length} fixtures agree (${(rate * 100).toFixed(1)}%): ${perPlugin.join(', ')}`);
      assert.ok(covered.length > 0, 'no covered fixture');
      assert.ok(rate >= 0.95, `agreement ${(rate * 100).toFixed(1)}% < 95%`);
    });
  }

  it('flags the dvershinin-only add_header_redefinition cases under profile: strict, as the allow-list says', () => {
    for (const file of ['not_secure_dropped.conf', 'not_secure_outer.conf']) {
      const c = all.find((x) => x.set === 'dvershinin' && x.plugin === 'add_header_redefinition' && x.file === file)!;
      const rule = findRule('nginx/add-header-redefinition')!;
      const config = { ...defaultConfig(), profile: 'strict' as const };
      const findings = lint({ path: c.path, text: fs.readFileSync(c.path, 'utf8'), kind: 'nginx' },
        { host: nodeFileHost(), config, locale: 'en', rules: [rule] }).findings;
      assert.deepEqual(findings.map((f) => f.severity), ['info'], file);
    }
  });

  it('agrees on at least 95% of all covered fixtures', () => {
    const covered = results.filter((r) => r.agrees !== undefined);
    const rate = covered.filter((r) => r.agrees).length / covered.length;
    console.log(`gixy overall: ${covered.filter((r) => r.agrees).length}/${covered.length} (${(rate * 100).toFixed(1)}%)`);
    assert.ok(rate >= 0.95, `agreement ${(rate * 100).toFixed(1)}% < 95%`);
  });

  it('if_replaces.conf is rejected by nginx in a server and flagged by hardlint in a location', (t) => {
    const skip = nginxOracleSkipReason();
    if (skip) { t.skip(skip); return; }
    const body = fs.readFileSync(path.join(ROOT, 'yandex/add_header_redefinition/if_replaces.conf'), 'utf8').replace('if (1)', 'if ($arg_x)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-gixy-'));
    try {
      const check = (text: string) => {
        fs.writeFileSync(path.join(dir, 'nginx.conf'), text);
        return nginxCheck(dir, path.join(dir, 'nginx.conf'), text);
      };
      const inServer = check(`events {}\nhttp {\n server {\n${body}\n }\n}\n`);
      assert.equal(inServer.ok, false);
      assert.match(inServer.output, /"add_header" directive is not allowed here/);
      const inLocation = `events {}\nhttp {\n server {\n  location / {\n${body}\n  }\n }\n}\n`;
      assert.ok(check(inLocation).ok);
      const rule = findRule('nginx/add-header-redefinition')!;
      const findings = lint({ path: path.join(dir, 'nginx.conf'), text: inLocation, kind: 'nginx' },
        { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: [rule] }).findings;
      assert.equal(findings.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('raises one finding per flagged fixture (gixy merges identical reports into one)', () => {
    // Several findings on one fixture are fine when they are on different lines (gixy would merge them only when
    // plugin, summary, severity and reason are all equal); the same line twice would be a duplicate.
    for (const r of results) {
      if (!r.findings) continue;
      const lines = r.findings.map((f) => f.split(' ')[0]);
      assert.equal(new Set(lines).size, lines.length, `${r.key}: duplicate findings\n${r.findings.join('\n')}`);
    }
  });
});

const BAD = path.join(CORPUS, 'nginx', 'bad');

describe('gixy documentation: the vulnerable examples', { skip: fs.existsSync(BAD) ? false : `corpus not found at ${BAD}` }, () => {
  // bad/gixy-docs/<plugin>-<n>.conf are the insecure snippets of gixy's plugin pages, each flagged by gixy; the
  // alias demo is a published off-by-slash lab.
  const cases = fs.existsSync(BAD)
    ? [
      ...fs.readdirSync(path.join(BAD, 'gixy-docs')).filter((f) => f.endsWith('.conf'))
        .map((f) => ({ file: path.join(BAD, 'gixy-docs', f), plugin: f.replace(/-\d+\.conf$/, '') })),
      { file: path.join(BAD, 'nginx-alias-traversal-demo', 'nginx.conf'), plugin: 'alias_traversal' },
    ]
    : [];
  for (const c of cases) {
    it(`${path.relative(BAD, c.file)} raises ${PLUGIN_RULES[c.plugin]}`, () => {
      const rule = findRule(PLUGIN_RULES[c.plugin])!;
      const findings = lint({ path: c.file, text: fs.readFileSync(c.file, 'utf8'), kind: 'nginx' },
        { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: [rule] }).findings;
      assert.ok(findings.length > 0, 'not flagged');
    });
  }
});
