#!/usr/bin/env node
// Extension-host tests (out/test/vscode/index.js, using the `vscode` API) through @vscode/test-electron's runTests,
// with code-server standing in for the VS Code executable (scripts/e2e-code-server-as-vscode.js): nothing is
// downloaded. The extension is loaded from this folder (extensionDevelopmentPath); the workspace is a temp copy of
// test/vscode/workspace. Exit code: the tests' (0 = passed). Needs dist/ and out/ built, code-server and chromium.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerLanguagePack } from './e2e-code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { runTests } = require('@vscode/test-electron');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-vscode-tests-'));
// test-electron spawns the "executable" itself: give it an executable copy of the stand-in.
const shim = path.join(tmp, 'code-server-as-vscode.js');
fs.copyFileSync(path.join(root, 'scripts', 'e2e-code-server-as-vscode.js'), shim);
fs.chmodSync(shim, 0o755);
// The helpers it requires, beside it.
fs.copyFileSync(path.join(root, 'scripts', 'e2e-net.cjs'), path.join(tmp, 'e2e-net.cjs'));
const ws = path.join(tmp, 'ws');
fs.cpSync(path.join(root, 'test', 'vscode', 'workspace'), ws, { recursive: true });
const locale = process.argv.includes('--locale') ? process.argv[process.argv.indexOf('--locale') + 1] : undefined;
if (locale) {
  registerLanguagePack(path.join(root, '.vscode-test', 'user-data'), locale, tmp);
  process.env.CODE_SERVER_ARGS = `${process.env.CODE_SERVER_ARGS ?? ''} --locale ${locale}`;
}
let code;
try {
  process.chdir(root); // the stand-in finds .cache/code-server and playwright-core from the cwd
  code = await runTests({
    vscodeExecutablePath: shim,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'index.js'),
    launchArgs: [ws],
  });
} catch (e) {
  console.error(String(e?.message ?? e));
  code = typeof e?.code === 'number' ? e.code : 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
  if (locale) fs.rmSync(path.join(root, '.vscode-test', 'user-data', 'languagepacks.json'), { force: true });
}
console.log(`extension-host tests exit code: ${code}`);
process.exit(code);
