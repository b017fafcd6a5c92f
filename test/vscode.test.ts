// The extension manifest and its translations, checked without VS Code: every %key% resolves in English and French,
// every client string has a French text, languages do not claim unrelated files, and the .vsix holds what the
// extension needs at run time (and nothing else).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { normalizeSettings } from '../server/settings';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');
const pkg = JSON.parse(read('package.json'));
const nls: Record<string, string> = JSON.parse(read('package.nls.json'));
const nlsFr: Record<string, string> = JSON.parse(read('package.nls.fr.json'));

function nlsKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) out.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => nlsKeys(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => nlsKeys(v, out));
  return out;
}

/** Entry names of a zip file, from its central directory. */
function zipEntries(file: string): string[] {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

describe('extension manifest', () => {
  it('resolves every %key% in package.nls.json and package.nls.fr.json, with no stale keys', () => {
    const used = [...nlsKeys(pkg)].sort();
    assert.deepEqual(Object.keys(nls).sort(), used);
    assert.deepEqual(Object.keys(nlsFr).sort(), used);
    for (const k of used) assert.notEqual(nlsFr[k], nls[k], `package.nls.fr.json "${k}" is not translated`);
  });

  it('has a French text for every string the client shows', () => {
    const source = fs.readdirSync(path.join(ROOT, 'client')).filter((f) => f.endsWith('.ts')).map((f) => read(path.join('client', f))).join('\n');
    const strings = [...source.matchAll(/vscode\.l10n\.t\('((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
    assert.ok(strings.length > 5);
    const fr: Record<string, string> = JSON.parse(read(path.join(pkg.l10n, 'bundle.l10n.fr.json')));
    assert.deepEqual(Object.keys(fr).sort(), [...new Set(strings)].sort());
    for (const s of strings) {
      const placeholders = (t: string) => (t.match(/\{\d+\}/g) ?? []).sort().join();
      assert.equal(placeholders(fr[s]), placeholders(s), `placeholders of "${s}"`);
    }
  });

  it('contributes sshd_config and nginx without claiming every .conf file', () => {
    const langs = Object.fromEntries(pkg.contributes.languages.map((l: { id: string }) => [l.id, l]));
    assert.deepEqual(langs.sshd_config.filenames, ['sshd_config']);
    assert.deepEqual(langs.sshd_config.filenamePatterns, ['**/sshd_config.d/*.conf']);
    assert.deepEqual(langs.nginx.filenames, ['nginx.conf']);
    assert.deepEqual(langs.nginx.filenamePatterns, ['**/nginx/**/*.conf', '**/sites-available/*', '**/sites-enabled/*', '**/conf.d/*.conf']);
    for (const l of pkg.contributes.languages) {
      assert.ok(!(l.extensions ?? []).includes('.conf'), `${l.id} claims every .conf file`);
      assert.ok(!(l.filenamePatterns ?? []).some((p: string) => /^(\*\*\/)?\*\.conf$/.test(p)), `${l.id} claims every .conf file`);
      assert.ok(fs.existsSync(path.join(ROOT, l.configuration)), l.configuration);
    }
    assert.ok(!pkg.contributes.languages.some((l: { id: string }) => l.id === 'dockercompose' || l.id === 'shellscript'), 'built-in ids are reused, not redefined');
    assert.ok(pkg.activationEvents.includes('onLanguage:dockercompose'));
    assert.ok(pkg.activationEvents.includes('onLanguage:shellscript'));
    assert.equal(JSON.parse(read('syntaxes/language-configuration.json')).comments.lineComment, '#');
  });

  it('declares the commands the client registers, under the hardlint category', () => {
    const source = read('client/extension.ts');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const declared = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, ['hardlint.lintWorkspace', 'hardlint.restart', 'hardlint.showExposureMap', 'hardlint.showOutput']);
    assert.deepEqual(registered, declared);
    assert.ok(pkg.contributes.commands.every((c: { category: string }) => c.category === 'hardlint'));
  });

  it('offers the settings the server reads, with values the server understands', () => {
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), ['hardlint.enable', 'hardlint.profile', 'hardlint.rules', 'hardlint.run', 'hardlint.trace.server']);
    assert.equal(normalizeSettings({ profile: props['hardlint.profile'].default }).profile, undefined, 'the default profile defers to .hardlint.yaml');
    assert.equal(normalizeSettings({ profile: 'strict' }).profile, 'strict');
    for (const run of props['hardlint.run'].enum) assert.equal(normalizeSettings({ run }).run, run);
    for (const severity of props['hardlint.rules'].additionalProperties.enum) {
      assert.equal(normalizeSettings({ rules: { 'sshd/x': severity } }).rules['sshd/x'], severity);
    }
    assert.ok(Object.values(props).every((p) => (p as { markdownDescription?: string }).markdownDescription));
  });

  it('supports untrusted workspaces (hardlint executes nothing from the workspace)', () => {
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces, { supported: true });
  });

  it('packages a .vsix offline with the server, docs, grammars and translations, and no source maps', () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'extension.js')), 'run npm run build first');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'e2e-vsix.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const vsix = path.join(ROOT, '.cache', 'vsix', `${pkg.name}-${pkg.version}.vsix`);
    const entries = zipEntries(vsix);
    for (const e of ['extension/package.json', 'extension/package.nls.json', 'extension/package.nls.fr.json', 'extension/dist/extension.js',
      'extension/dist/server.js', 'extension/docs/rules/sshd/permit-root-login.md', 'extension/syntaxes/sshd_config.tmLanguage.json',
      'extension/syntaxes/nginx.tmLanguage.json', 'extension/syntaxes/language-configuration.json', 'extension/client/l10n/bundle.l10n.fr.json',
      'extension/LICENSE.txt']) {
      assert.ok(entries.includes(e), `${e} missing from the .vsix`);
    }
    assert.deepEqual(entries.filter((e) => e.endsWith('.map') || e.includes('node_modules/') || e.endsWith('.ts') || e.endsWith('cli.js')), []);
  });
});
