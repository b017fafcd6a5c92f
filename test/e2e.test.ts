// The VS Code layer in a real VS Code: code-server (the VS Code workbench and a Node extension host) driven by
// headless Chromium. The .vsix is built and installed as a user would; the UI test shows the squiggle and the
// Problems entry, applies the quick fix and saves (screenshots in .cache/e2e/); the exposure map test runs
// "hardlint: Show exposure map" from the command palette on examples/exposure and checks the webview shows the ports
// `hardlint report` lists, opens a file from a node and follows an unsaved edit; the extension-host tests use the
// `vscode` API through @vscode/test-electron's runTests, in English and with the display language French.
// Skipped, with the reason, when code-server or chromium is missing (.ci/run installs both).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers';

const codeServer = process.env.CODE_SERVER || path.join(ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const missing = [['code-server', codeServer], ['chromium', chromium]].filter(([, p]) => !fs.existsSync(p));
const skip = missing.length > 0
  ? `needs ${missing.map(([n, p]) => `${n} (${p})`).join(' and ')}: apt-get install chromium && bash scripts/e2e-install-code-server.sh`
  : false;

function script(name: string, ...args: string[]): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', name), ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 600_000,
  });
  assert.equal(r.status, 0, `${name} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

describe('VS Code end to end (code-server + headless Chromium)', { skip }, () => {
  it('packs the extension into a .vsix offline', () => script('e2e-vsix.mjs'));
  it('shows the squiggle and the Problems entry, applies the quick fix and saves (from the installed .vsix)', () =>
    script('e2e-ui.mjs'));
  it('shows the exposure map in a webview with the ports hardlint report lists, and follows edits', () =>
    script('e2e-exposure.mjs'));
  it('shows the exposure map in French with the display language French', () =>
    script('e2e-exposure.mjs', '--locale', 'fr'));
  it('passes the extension-host tests (vscode API) in English', () => script('e2e-vscode-tests.mjs'));
  it('passes the extension-host tests with the display language French', () =>
    script('e2e-vscode-tests.mjs', '--locale', 'fr'));
});
