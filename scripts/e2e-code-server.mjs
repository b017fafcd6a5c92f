// Shared by the end-to-end UI tests (scripts/e2e-ui.mjs, scripts/e2e-exposure.mjs): installs the built .vsix into a
// throw-away code-server profile as a user would, starts code-server on a free loopback port, opens a workspace
// folder in headless Chromium and hands the page to the test; screenshots go to .cache/e2e/. Adapted from
// ../shared/recipes/code-server-ui-smoke.js. Needs: npm run package, code-server (.cache/code-server or
// $CODE_SERVER), chromium ($CHROMIUM or /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import netHelpers from './e2e-net.cjs';

const { freePort, ready } = netHelpers;

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const requireFromRoot = createRequire(path.join(root, 'package.json'));
export const shots = path.join(root, '.cache', 'e2e');
export const timeout = Number(process.env.E2E_TIMEOUT_MS || 60000);

const { chromium } = requireFromRoot('playwright-core');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, '.cache', 'vsix', `${pkg.name}-${pkg.version}.vsix`);
const csBin = process.env.CODE_SERVER || path.join(root, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
const browser = process.env.CHROMIUM || '/usr/bin/chromium';

const t0 = Date.now();
export const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);


/** A `.hardlint.yaml` turning off every rule but `keep` (the compiled rules in out/ name them all). */
export function onlyRules(keep) {
  const { RULES } = requireFromRoot(path.join(root, 'out', 'rules', 'index.js'));
  return ['rules:', ...RULES.map((r) => r.meta.id).filter((id) => !keep.includes(id)).map((id) => `  ${id}: off`)].join('\n') + '\n';
}

/**
 * Makes VS Code take `locale` as its display language. It only switches to a language whose language pack is
 * installed, and none can be downloaded here: register an empty one (VS Code's own texts stay English;
 * vscode.env.language becomes `locale`, which is what extensions and the language server see). Start code-server
 * with `--locale <locale>` too.
 */
export function registerLanguagePack(userDataDir, locale, scratchDir) {
  const pack = path.join(scratchDir, 'language-pack');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(pack, { recursive: true });
  fs.writeFileSync(path.join(pack, 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({
    [locale]: { hash: `hardlint-test-${locale}`, label: locale, extensions: [{ extensionIdentifier: { id: `hardlint-test.language-pack-${locale}` }, version: '0.0.0' }],
      translations: { vscode: path.join(pack, 'main.i18n.json') } },
  }));
}

/**
 * Runs `test({ page, ws })` in code-server with the .vsix installed and the workspace folder `ws` open; `prepare(ws)`
 * fills the folder first; `locale` sets VS Code's display language, `settings` the user settings. On failure, logs the error and code-server's stderr and saves `<name>-fail.png`.
 * Returns true when the test passed; code-server, its file watcher and the temp folders are gone afterwards.
 */
export async function inCodeServer(name, prepare, test, { locale, settings } = {}) {
  for (const [what, p] of [['the .vsix (run npm run package)', vsix], ['code-server', csBin], ['chromium', browser]]) {
    if (!fs.existsSync(p)) { console.error(`missing ${what}: ${p}`); return false; }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `hardlint-e2e-${name}-`));
  const home = path.join(tmp, 'home');
  const exts = path.join(tmp, 'exts');
  const udd = path.join(tmp, 'udd');
  const ws = path.join(tmp, 'ws');
  for (const d of [home, exts, udd, ws, shots]) fs.mkdirSync(d, { recursive: true });
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share') };
  let cs;
  let csErr = '';
  let ctx;
  let ok = false;
  const stopCs = () => { try { if (cs) process.kill(-cs.pid, 'SIGTERM'); } catch { /* gone */ } }; // the whole group: file watcher too
  process.on('exit', stopCs);
  try {
    await prepare(ws);
    // Install from the .vsix, as a user would.
    const install = spawnSync(csBin, ['--user-data-dir', udd, '--extensions-dir', exts, '--install-extension', vsix], { env, encoding: 'utf8' });
    const installed = fs.readdirSync(exts).filter((n) => n.startsWith(`${pkg.publisher}.${pkg.name}-`));
    if (install.status !== 0 || installed.length !== 1) {
      throw new Error(`installing ${vsix} failed (exit ${install.status}):\n${install.stdout}${install.stderr}`);
    }
    log('installed from the .vsix:', installed[0]);
    if (locale) registerLanguagePack(udd, locale, tmp);
    if (settings) {
      fs.mkdirSync(path.join(udd, 'User'), { recursive: true });
      fs.writeFileSync(path.join(udd, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    }

    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    cs = spawn(csBin, ['--auth', 'none', '--bind-addr', host, '--user-data-dir', udd, '--extensions-dir', exts,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      ...(locale ? ['--locale', locale] : []), ...(process.env.CODE_SERVER_ARGS || '').split(/\s+/).filter(Boolean), ws],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env });
    cs.stderr.on('data', (b) => { csErr += b; });
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
    await test({ page, ws });
    ok = true;
  } catch (e) {
    console.error('FAILED:', e.message);
    if (csErr) console.error('code-server stderr (tail):', csErr.slice(-2000));
    const page = ctx && ctx.pages()[0];
    if (page) await page.screenshot({ path: path.join(shots, `${name}-fail.png`) }).catch(() => {});
  } finally {
    if (ctx) await ctx.close().catch(() => {});
    stopCs();
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return ok;
}
