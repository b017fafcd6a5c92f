#!/usr/bin/env node
// End-to-end test in real VS Code, as a person uses it: code-server (the VS Code workbench with a Node extension
// host) with hardlint installed from the built .vsix, driven in headless Chromium. It opens an sshd_config with
// `PermitRootLogin yes`, checks the squiggle, the Problems entry and the hover, applies the quick fix with Ctrl+.,
// saves, and checks the file on disk and that the problem is gone. Screenshots go to .cache/e2e/.
// Needs: npm run package, code-server (.cache/code-server or $CODE_SERVER), chromium ($CHROMIUM or /usr/bin/chromium);
// the set-up is scripts/e2e-code-server.mjs. Exit 0 pass, 1 fail.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inCodeServer, log, onlyRules, root, shots, timeout } from './e2e-code-server.mjs';

const ROOT_LOGIN = 'sshd/permit-root-login';

const ok = await inCodeServer('vscode', (ws) => {
  fs.cpSync(path.join(root, 'test', 'vscode', 'workspace'), ws, { recursive: true });
  // Only the rule under test runs, so the squiggles are the ones this test is about.
  fs.writeFileSync(path.join(ws, '.hardlint.yaml'), onlyRules([ROOT_LOGIN]));
}, async ({ page, ws }) => {
  const file = path.join(ws, 'sshd_config');
  const before = fs.readFileSync(file, 'utf8');
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
});
log(ok ? 'VS Code end-to-end test passed' : 'VS Code end-to-end test FAILED');
process.exit(ok ? 0 : 1);
