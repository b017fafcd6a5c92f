#!/usr/bin/env node
// End-to-end test in real VS Code, as a person uses it: code-server (the VS Code workbench with a Node extension
// host) with hardlint installed from the built .vsix, driven in headless Chromium. It opens an sshd_config with
// `PermitRootLogin yes`, checks the squiggle, the Problems entry and the hover, applies the quick fix with Ctrl+.,
// saves, and checks the file on disk and that the problem is gone. Screenshots go to .cache/e2e/.
// Adapted from ../shared/recipes/code-server-ui-smoke.js. Needs: npm run package, code-server (.cache/code-server
// or $CODE_SERVER), chromium ($CHROMIUM or /usr/bin/chromium). Exit 0 pass, 1 fail.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { chromium } = require('playwright-core');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, '.cache', 'vsix', `${pkg.name}-${pkg.version}.vsix`);
const csBin = process.env.CODE_SERVER || path.join(root, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
const browser = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = path.join(root, '.cache', 'e2e');
const timeout = Number(process.env.E2E_TIMEOUT_MS || 60000);
const ROOT_LOGIN = 'sshd/permit-root-login';

const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const freePort = () => new Promise((res) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
const ready = (url, ms) => new Promise((res, rej) => {
  const end = Date.now() + ms;
  const once = () => http.get(url, (r) => { r.resume(); res(); })
    .on('error', () => (Date.now() > end ? rej(new Error('code-server did not start')) : setTimeout(once, 200)));
  once();
});

for (const [what, p] of [['the .vsix (run npm run package)', vsix], ['code-server', csBin], ['chromium', browser]]) {
  if (!fs.existsSync(p)) { console.error(`missing ${what}: ${p}`); process.exit(1); }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-e2e-ui-'));
const home = path.join(tmp, 'home');
const exts = path.join(tmp, 'exts');
const udd = path.join(tmp, 'udd');
const ws = path.join(tmp, 'ws');
for (const d of [home, exts, udd, shots]) fs.mkdirSync(d, { recursive: true });
fs.cpSync(path.join(root, 'test', 'vscode', 'workspace'), ws, { recursive: true });
// Only the rule under test runs, so the squiggles are the ones this test is about.
const { RULES } = require(path.join(root, 'out', 'rules', 'index.js'));
fs.writeFileSync(path.join(ws, '.hardlint.yaml'),
  ['rules:', ...RULES.map((r) => r.meta.id).filter((id) => id !== ROOT_LOGIN).map((id) => `  ${id}: off`)].join('\n') + '\n');
const file = path.join(ws, 'sshd_config');
const before = fs.readFileSync(file, 'utf8');
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share') };

// Install from the .vsix, as a user would.
const install = spawnSync(csBin, ['--user-data-dir', udd, '--extensions-dir', exts, '--install-extension', vsix], { env, encoding: 'utf8' });
const installed = fs.readdirSync(exts).filter((n) => n.startsWith(`${pkg.publisher}.${pkg.name}-`));
if (install.status !== 0 || installed.length !== 1) {
  console.error(`installing ${vsix} failed (exit ${install.status}):\n${install.stdout}${install.stderr}`);
  process.exit(1);
}
log('installed from the .vsix:', installed[0]);

const port = await freePort();
const host = `127.0.0.1:${port}`;
const cs = spawn(csBin, ['--auth', 'none', '--bind-addr', host, '--user-data-dir', udd, '--extensions-dir', exts,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  ...(process.env.CODE_SERVER_ARGS || '').split(/\s+/).filter(Boolean), ws],
{ detached: true, stdio: ['ignore', 'ignore', 'pipe'], env });
let csErr = '';
cs.stderr.on('data', (b) => { csErr += b; });
const stopCs = () => { try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* gone */ } }; // the whole group: file watcher too
process.on('exit', stopCs);

let ok = false;
let ctx;
try {
  await ready(`http://${host}/healthz`, 30000);
  ctx = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
    executablePath: browser, headless: true, env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  await page.goto(`http://${host}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector('.monaco-workbench', { timeout });
  log('workbench loaded');
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^sshd_config$/ });
  await row.first().waitFor({ timeout });
  await row.first().click();
  await page.waitForSelector('.monaco-editor .view-lines', { timeout });
  const line = page.locator('.monaco-editor .view-line', { hasText: 'PermitRootLogin yes' }).first();
  await line.waitFor({ timeout });
  log('editor open: sshd_config');

  // The squiggle on the PermitRootLogin line (same vertical position as the line).
  const squiggles = page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info');
  await squiggles.first().waitFor({ timeout });
  const lineBox = await line.boundingBox();
  let box;
  for (let i = 0; i < 50 && !box; i++) {
    for (const s of await squiggles.all()) {
      const b = await s.boundingBox();
      if (b && Math.abs(b.y + b.height / 2 - (lineBox.y + lineBox.height / 2)) < lineBox.height) box = b;
    }
    if (!box) await page.waitForTimeout(200);
  }
  if (!box) throw new Error('no squiggle on the PermitRootLogin line');
  log('squiggle on the PermitRootLogin line');

  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Shift+M'); // Problems
  const marker = page.locator('.markers-panel .monaco-list-row', { hasText: 'Root can log in' });
  await marker.first().waitFor({ timeout });
  const markerText = (await marker.first().innerText()).replace(/\s+/g, ' ');
  if (!markerText.includes(ROOT_LOGIN)) throw new Error(`Problems row lacks the rule id: ${markerText}`);
  log('Problems row:', markerText);

  // Hover: locator.hover() times out on squiggles (.view-lines takes the pointer), so move the mouse there.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover', { hasText: 'Why it matters' });
  await hover.first().waitFor({ timeout });
  log('hover shows the rule and why it matters');
  await page.screenshot({ path: path.join(shots, 'vscode-problem.png') });
  log('screenshot', path.join(shots, 'vscode-problem.png'));

  await page.mouse.click(box.x + Math.min(2, box.width / 2), box.y + box.height / 2); // cursor into the squiggle
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+.');
  const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Set PermitRootLogin no' });
  await action.first().waitFor({ timeout });
  const offered = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
  log('quick fixes offered:', offered.map((t) => t.replace(/\s+/g, ' ')).join(' | '));
  await page.screenshot({ path: path.join(shots, 'vscode-quick-fix.png') });
  // A pointer-block overlay covers the page while the menu is open: focus by hover, pick with Enter.
  await action.first().hover({ force: true });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+S');
  let disk = before;
  for (let i = 0; i < 75 && disk === before; i++) { await page.waitForTimeout(200); disk = fs.readFileSync(file, 'utf8'); }
  if (disk === before) throw new Error('the file on disk did not change');
  if (disk !== before.replace('PermitRootLogin yes', 'PermitRootLogin no')) throw new Error(`unexpected saved text: ${JSON.stringify(disk)}`);
  log('saved with the fix');
  await marker.first().waitFor({ state: 'detached', timeout });
  log('problem gone after the fix');
  await page.screenshot({ path: path.join(shots, 'vscode-fixed.png') });
  ok = true;
} catch (e) {
  console.error('FAILED:', e.message);
  if (csErr) console.error('code-server stderr (tail):', csErr.slice(-2000));
  const page = ctx && ctx.pages()[0];
  if (page) await page.screenshot({ path: path.join(shots, 'vscode-fail.png') }).catch(() => {});
} finally {
  if (ctx) await ctx.close().catch(() => {});
  stopCs();
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(tmp, { recursive: true, force: true });
}
log(ok ? 'VS Code end-to-end test passed' : 'VS Code end-to-end test FAILED');
process.exit(ok ? 0 : 1);
