#!/usr/bin/env node
// End-to-end test of "hardlint: Show exposure map" in real VS Code (code-server, hardlint installed from the .vsix,
// headless Chromium), as a person uses it: opens a copy of examples/exposure, runs the command from the command
// palette, and checks that the webview shows the ports `hardlint report --format json examples/exposure` lists; then
// clicks the diagram node of the database's published port, checks the editor opens docker-compose.yml with that
// entry selected, binds it to 127.0.0.1 by typing (unsaved), and checks the map drops the port; runs the command
// again (same panel); covers the map with another editor, closes a port in firewall.sh on disk and checks the map
// has caught up when shown again. With `--locale fr`, VS Code's display language is French: the command, the page
// and the findings are in French. Screenshots in .cache/e2e/vscode-exposure-*.png. Needs what
// scripts/e2e-code-server.mjs needs. Exit 0 pass, 1 fail.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inCodeServer, log, root, shots, timeout } from './e2e-code-server.mjs';

const locale = process.argv.includes('--locale') ? process.argv[process.argv.indexOf('--locale') + 1] : undefined;
const suffix = locale ? `-${locale}` : '';
const read = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
const nls = read(locale ? `package.nls.${locale}.json` : 'package.nls.json');
const bundle = locale ? read(`client/l10n/bundle.l10n.${locale}.json`) : {};
const t = (english) => bundle[english] ?? english;
// The page's own words come from the core catalogue, as in `hardlint report` (keys core:<id>, English in core/l10n.ts).
const core = locale ? read(`l10n/bundle.l10n.${locale}.json`) : {};
const c = (id, english) => core[`core:${id}`] ?? english;
/** What a person sees in this language. */
const texts = {
  command: `hardlint: ${nls['command.showExposureMap']}`,
  tab: t('Exposure map'),
  title: c('reportTitle', 'hardlint exposure map'),
  dockerStep: c('exposureDockerBypass', 'Docker publishes past the firewall'),
  // The database finding (compose/sensitive-port-exposed), worded by the language server.
  finding: locale === 'fr' ? 'db publie PostgreSQL (5432)' : 'db publishes PostgreSQL (5432)',
};
const example = path.join(root, 'examples', 'exposure');
// VS Code in a browser saves edits after a second; with the desktop default (off) the edit stays unsaved.
const settings = { 'files.autoSave': 'off' };
const cli = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'report', '--format', 'json', 'examples/exposure'],
  { cwd: root, encoding: 'utf8' });
if (cli.status !== 0) {
  console.error(`hardlint report failed (exit ${cli.status}): ${cli.stderr}`);
  process.exit(1);
}
const expected = JSON.parse(cli.stdout).ports.map((p) => p.port);
log('hardlint report --format json examples/exposure: ports', expected.join(', '));

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Polls until `probe` returns a value other than undefined/false. */
async function until(what, probe, ms = timeout) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What the map in a frame shows: the ports of the diagram and of the table, or undefined when it has no map. */
const mapIn = (frame) => frame.evaluate(() => {
  if (!document.querySelector('.diagram svg')) return undefined;
  const diagram = [...new Set([...document.querySelectorAll('.diagram g.node.port')].map((g) => Number(g.getAttribute('data-port'))))];
  const table = [...document.querySelectorAll('tr[data-port]')].map((r) => Number(r.getAttribute('data-port')));
  return { diagram, table, title: document.querySelector('h1')?.textContent, text: document.body.innerText };
}).catch(() => undefined);

const quickInput = (page) => page.locator('.quick-input-widget input');

/**
 * Runs the command from the command palette, as a person does. Contributed commands are listed once the extensions
 * are scanned, a few seconds after the workbench shows, and the palette can lose the focus while the workbench
 * settles: until the entry shows, close the palette and open it again.
 */
async function runCommand(page) {
  const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: texts.command });
  await until(`"${texts.command}" in the command palette`, async () => {
    try {
      await page.keyboard.press('F1');
      await quickInput(page).fill(`>${texts.command}`, { timeout: 3000 });
      await entry.first().waitFor({ timeout: 3000 });
      await page.keyboard.press('Enter');
      return true;
    } catch {
      await page.keyboard.press('Escape');
      return false;
    }
  });
}

/** The frame of the exposure map webview (an iframe in an iframe: found by what it shows), and what it shows. */
async function mapFrame(page, ms) {
  return until('the exposure map webview', async () => {
    for (const frame of page.frames()) {
      const map = await mapIn(frame);
      if (map) return { frame, map };
    }
    return undefined;
  }, ms);
}

const ok = await inCodeServer(`vscode-exposure${suffix}`, (ws) => {
  fs.cpSync(example, ws, { recursive: true });
}, async ({ page, ws }) => {
  const compose = path.join(ws, 'docker-compose.yml');
  const composeOnDisk = fs.readFileSync(compose, 'utf8');
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^sshd_config$/ }).first().waitFor({ timeout });

  // Should the palette close before Enter reaches it, run the command again; but only until the panel opens: each
  // run asks for a new map and drops the answer still on its way, so a slow machine would never see one.
  const panelTab = page.locator('.tabs-container .tab', { hasText: texts.tab });
  await until('the exposure map panel after running the command', async () => {
    if (await panelTab.count() > 0) return true;
    await runCommand(page);
    return panelTab.first().waitFor({ timeout: 10000 }).then(() => true, () => false);
  });
  const found = await mapFrame(page, timeout);
  log(`ran "${texts.command}" from the command palette`);
  const { frame } = found;
  let shown = found.map;
  await until('the webview to show the ports hardlint report lists', async () => {
    shown = (await mapIn(frame)) ?? shown;
    return same(shown.diagram, expected) && same(shown.table, expected);
  }, 10000).catch(() => {
    throw new Error(`the webview shows ports ${shown.diagram} (table ${shown.table}), hardlint report lists ${expected}`);
  });
  log('webview:', shown.title, '— ports in the diagram and the table:', shown.diagram.join(', '));
  for (const [what, text] of [['title', texts.title], ['Docker step', texts.dockerStep], ['database finding', texts.finding]]) {
    if (!shown.text.includes(text)) throw new Error(`the webview lacks the ${what} "${text}"`);
  }
  const tab = page.locator('.tabs-container .tab', { hasText: texts.tab });
  await tab.first().waitFor({ timeout });
  await page.screenshot({ path: path.join(shots, `vscode-exposure-map${suffix}.png`) });
  log('screenshot', path.join(shots, `vscode-exposure-map${suffix}.png`));

  // A node opens its file at its line, with the step selected.
  const published = frame.locator('g.node.published[data-file="docker-compose.yml"][data-line="20"]');
  await published.click();
  const activeTab = page.locator('.tabs-container .tab.active', { hasText: 'docker-compose.yml' });
  await activeTab.first().waitFor({ timeout });
  const selection = page.locator('.statusbar-item', { hasText: /Ln 20, Col 20 \(11 selected\)/ });
  await selection.first().waitFor({ timeout });
  log('clicking the published-port node opened docker-compose.yml at line 20 with "5432:5432" selected');

  // Bind the database to loopback, unsaved: the map follows the buffer.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('127.0.0.1:');
  const line = page.locator('.monaco-editor .view-line', { hasText: '"127.0.0.1:5432:5432"' });
  await line.first().waitFor({ timeout });
  const after = expected.filter((p) => p !== 5432);
  const updated = await until('the map to drop port 5432', async () => {
    const map = await mapIn(frame);
    return map && same(map.diagram, after) && same(map.table, after) ? map : undefined;
  });
  if (fs.readFileSync(compose, 'utf8') !== composeOnDisk) throw new Error('docker-compose.yml was saved: the test is about the unsaved buffer');
  log('after binding 5432 to 127.0.0.1 (unsaved), the webview shows ports', updated.diagram.join(', '));
  await page.screenshot({ path: path.join(shots, `vscode-exposure-live${suffix}.png`) });
  log('screenshot', path.join(shots, `vscode-exposure-live${suffix}.png`));

  // Running the command again brings the same panel forward.
  await runCommand(page);
  await page.locator('.tabs-container .tab.active', { hasText: texts.tab }).first().waitFor({ timeout });
  const panels = await tab.count();
  if (panels !== 1) throw new Error(`${panels} exposure map panels after running the command twice`);
  const again = await mapIn(frame);
  if (!again || !same(again.diagram, after)) throw new Error(`after running the command again the webview shows ${again?.diagram}`);
  log('running the command again brings the same panel forward, with the same map');

  // Hidden behind another editor, the panel catches up when shown again: close port 3000 in firewall.sh on disk,
  // as another program would, while sshd_config covers the map.
  await tab.first().click();
  await until('sshd_config over the map', async () => {
    try {
      await page.keyboard.press('Control+P');
      await quickInput(page).fill('sshd_config', { timeout: 3000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'sshd_config' }).first().waitFor({ timeout: 3000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: 'sshd_config' }).first().waitFor({ timeout: 3000 });
      return true;
    } catch {
      await page.keyboard.press('Escape');
      return false;
    }
  });
  if (await page.locator('.tabs-container .tab.active', { hasText: texts.tab }).count() !== 0) throw new Error('sshd_config did not cover the map');
  const firewall = path.join(ws, 'firewall.sh');
  fs.writeFileSync(firewall, fs.readFileSync(firewall, 'utf8').replace('ufw allow 3000/tcp\n', ''));
  await page.waitForTimeout(1000); // the change reaches VS Code while the map is hidden
  await tab.first().click();
  const closed = after.filter((p) => p !== 3000);
  const caught = await until('the map to catch up with firewall.sh', async () => {
    for (const f of page.frames()) {
      const map = await mapIn(f);
      if (map && same(map.diagram, closed) && same(map.table, closed)) return map;
    }
    return undefined;
  });
  log('shown again after firewall.sh changed on disk, the webview shows ports', caught.diagram.join(', '));
}, { locale, settings });
log(ok ? 'exposure map end-to-end test passed' : 'exposure map end-to-end test FAILED');
process.exit(ok ? 0 : 1);
