#!/usr/bin/env node
// `npm run test:e2e`: the VS Code layer in a real VS Code (code-server) driven by headless Chromium.
//   1. builds dist/ and out/, packs the .vsix (scripts/e2e-vsix.mjs);
//   2. UI tests from the installed .vsix, screenshots in .cache/e2e/: diagnostics and quick fix (scripts/e2e-ui.mjs),
//      "hardlint: Show exposure map" on examples/exposure in English and French (scripts/e2e-exposure.mjs);
//   3. extension-host tests through @vscode/test-electron's runTests (scripts/e2e-vscode-tests.mjs), in English
//      and with VS Code's display language set to French.
// Skips (exit 0, with the reason) when code-server or chromium is missing; install them with
//   apt-get install -y build-essential python3 pkg-config libkrb5-dev ripgrep chromium
//   bash scripts/e2e-install-code-server.sh
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const codeServer = process.env.CODE_SERVER || path.join(root, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
const browser = process.env.CHROMIUM || '/usr/bin/chromium';
const missing = [['code-server', codeServer], ['chromium', browser]].filter(([, p]) => !fs.existsSync(p));
if (missing.length > 0) {
  console.log(`SKIP: end-to-end tests need ${missing.map(([n, p]) => `${n} (${p})`).join(' and ')}; `
    + 'install with: apt-get install -y build-essential python3 pkg-config libkrb5-dev ripgrep chromium && bash scripts/e2e-install-code-server.sh');
  process.exit(0);
}

const run = (what, cmd, args, env = {}) => {
  console.log(`\n== ${what}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
};
const node = process.execPath;
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!run('build', node, ['scripts/build.mjs']) || !run('compile tests', node, [tsc, '-p', 'tsconfig.test.json'])
  || !run('package the .vsix', node, ['scripts/e2e-vsix.mjs'])) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const results = [
  ['VS Code UI, extension installed from the .vsix', run('VS Code UI test', node, ['scripts/e2e-ui.mjs'])],
  ['exposure map webview (examples/exposure)', run('exposure map test', node, ['scripts/e2e-exposure.mjs'])],
  ['exposure map webview (French display language)', run('exposure map test, French', node, ['scripts/e2e-exposure.mjs', '--locale', 'fr'])],
  ['extension-host tests (English)', run('extension-host tests', node, ['scripts/e2e-vscode-tests.mjs'])],
  ['extension-host tests (French display language)', run('extension-host tests, French', node, ['scripts/e2e-vscode-tests.mjs', '--locale', 'fr'])],
];
console.log('');
for (const [name, ok] of results) console.log(`${ok ? '✔' : '✖'} ${name}`);
const failed = results.filter(([, ok]) => !ok).length;
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
