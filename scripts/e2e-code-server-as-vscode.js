#!/usr/bin/env node
// e2e-code-server-as-vscode.js (from ../shared/recipes/code-server-as-vscode.js) — a stand-in "VS Code executable" for @vscode/test-electron's
// runTests({ vscodeExecutablePath }). No VS Code/Electron build can be installed from the
// npm registry or Debian, but code-server ships the VS Code workbench and a real Node
// extension host. This script takes the arguments test-electron passes
//   [folder] --extensionDevelopmentPath=… --extensionTestsPath=… --extensions-dir=…
//   --user-data-dir=… (+ --no-sandbox, --skip-welcome, … which are ignored)
// starts code-server on a free 127.0.0.1 port in its own process group, opens the workbench
// in headless Debian chromium with the test `payload` URL parameter (the way VS Code runs its
// own browser integration tests), prints the extension host's console output, and exits
// with the tests' exit code (window.codeAutomationExit). The whole group is killed at the end.
//
// env: CODE_SERVER        code-server binary (default .cache/code-server/node_modules/.bin/code-server,
//                         relative to the cwd, else `code-server` on PATH)
//      CODE_SERVER_ARGS   extra args, space-separated. code-server >= 4.13x ignores the payload
//                         unless started with: --vscode-option enable-smoke-test-driver
//      PLAYWRIGHT_CORE    module path (default: resolved from the cwd)
//      CHROMIUM           default /usr/bin/chromium
//      TEST_TIMEOUT_MS    default 300000
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const req = createRequire(path.join(process.cwd(), 'package.json'));
const { chromium } = req(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const argv = process.argv.slice(2);
const opts = (name) => argv.filter((x) => x.startsWith(`--${name}=`)).map((x) => x.slice(name.length + 3));
const folder = argv.find((x) => !x.startsWith('-'));
const devs = opts('extensionDevelopmentPath');
const tests = opts('extensionTestsPath')[0];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-as-vscode-'));
const udd = opts('user-data-dir')[0] || path.join(tmp, 'udd');
const exts = opts('extensions-dir')[0] || path.join(tmp, 'exts');
for (const d of [udd, exts]) fs.mkdirSync(d, { recursive: true });  // code-server does not create them
const localCs = path.resolve('.cache/code-server/node_modules/.bin/code-server');
const csBin = process.env.CODE_SERVER || (fs.existsSync(localCs) ? localCs : 'code-server');

const { freePort, ready } = require('./e2e-net.cjs');

(async () => {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const home = path.join(tmp, 'home');
  const cs = spawn(csBin, [
    '--auth', 'none', '--bind-addr', host, '--user-data-dir', udd, '--extensions-dir', exts,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    ...(process.env.CODE_SERVER_ARGS || '').split(/\s+/).filter(Boolean),
  ], { detached: true, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share') } });
  const stop = () => { try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* already gone */ } };
  process.on('exit', stop);
  let code = 1;
  let ctx;
  try {
    await ready(`http://${host}/healthz`, 30000);
    // paths inside the payload are URIs on the "remote", i.e. this machine
    const remote = (p) => `vscode-remote://${host}${path.resolve(p)}`;
    const payload = [['skipWelcome', 'true']];
    for (const d of devs) payload.push(['extensionDevelopmentPath', remote(d)]);
    if (tests) payload.push(['extensionTestsPath', remote(tests)]);
    const q = (folder ? `folder=${encodeURIComponent(path.resolve(folder))}&` : '') + `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    ctx = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
      // chromium writes ~/.config/chromium/Crash Reports even with its own profile dir: isolate HOME
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = ctx.pages()[0] || await ctx.newPage();
    // the extension host's console.log arrives as page console messages (with %c styling)
    page.on('console', (m) => {
      const t = m.text();
      if (!/ENOTFOUND|Failed to load resource|marketplace|gallery/i.test(t)) console.log(t.replace(/%c\s*\w*\s*color: #\w+\s*/, ''));
    });
    const exited = new Promise((res) => page.exposeFunction('codeAutomationExit', (c) => res(c)));
    await page.goto(`http://${host}/?${q}`);
    const timeout = Number(process.env.TEST_TIMEOUT_MS || 300000);
    code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeout))]);
    if (code === 'timeout') { console.error(`no test result within ${timeout} ms`); code = 1; }
  } catch (e) {
    console.error(e);
    code = 1;
  } finally {
    if (ctx) await ctx.close().catch(() => {});
    stop();
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(code);
})();
