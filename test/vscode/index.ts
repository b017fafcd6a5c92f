// Extension-host tests: run inside a real VS Code extension host (code-server standing in for VS Code, through
// @vscode/test-electron's runTests; see scripts/e2e-vscode-tests.mjs). They use only the `vscode` API, the way a
// user's actions reach the extension. `run()` throws on the first failure.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { translate } from '../../core/l10n';
import { RULES } from '../../rules';

const ROOT_LOGIN = 'sshd/permit-root-login';
const EMPTY_PASSWORDS = 'sshd/permit-empty-passwords';

interface HardlintApi { status(): { text: string; detail: string; severity: vscode.LanguageStatusSeverity } }

function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const hardlintDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'hardlint');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  check(folder, 'the tests need a workspace folder');
  return folder.uri.fsPath;
}

/** Only the rules a test is about run (naming a rule in the config would turn on its strict-only checks). */
function writeConfig(dir: string, keep: string[]): void {
  const off = RULES.map((r) => r.meta.id).filter((id) => !keep.includes(id));
  fs.writeFileSync(path.join(dir, '.hardlint.yaml'), ['rules:', ...off.map((id) => `  ${id}: off`)].join('\n') + '\n');
}

async function openFile(file: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

const tests: [string, () => Promise<void>][] = [];
const test = (name: string, fn: () => Promise<void>) => tests.push([name, fn]);
let api: HardlintApi;

test('the extension activates on an sshd_config and recognises its language', async () => {
  const dir = workspaceDir();
  writeConfig(dir, [ROOT_LOGIN, EMPTY_PASSWORDS]);
  const doc = await openFile(path.join(dir, 'sshd_config'));
  check(doc.languageId === 'sshd_config', `language id is ${doc.languageId}`);
  const ext = vscode.extensions.getExtension('hardlint.hardlint');
  check(ext, 'extension hardlint.hardlint not found');
  api = await until('activation', async () => (ext.isActive ? ext.exports as HardlintApi : (await ext.activate(), undefined)));
  await until('status item "running"', () => api.status().text === '$(check) hardlint');
});

test('the finding appears with its rule id, exact range and documentation link', async () => {
  const doc = await openFile(path.join(workspaceDir(), 'sshd_config'));
  const diags = await until('diagnostics', () => {
    const d = hardlintDiagnostics(doc.uri);
    return d.length > 0 && d;
  });
  const d = diags.find((x) => codeOf(x) === ROOT_LOGIN);
  check(d, `no ${ROOT_LOGIN} diagnostic: ${diags.map(codeOf)}`);
  check(doc.getText(d.range) === 'yes', `range covers "${doc.getText(d.range)}"`);
  check(d.severity === vscode.DiagnosticSeverity.Error, `severity ${d.severity}`);
  const target = typeof d.code === 'object' ? d.code.target.toString() : '';
  check(target.endsWith('/docs/rules/sshd/permit-root-login.md'), `doc link ${target}`);
});

test('hover explains the rule and the effective value', async () => {
  const doc = await openFile(path.join(workspaceDir(), 'sshd_config'));
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('PermitRootLogin'));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 17));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  check(text.includes('**sshd/permit-root-login**'), text);
  check(text.includes('Why it matters'), text);
  check(text.includes('Effective value: `yes`'), text);
});

test('quick fixes: the fix, the suppression comment and the documentation; the fix clears the problem once saved', async () => {
  const doc = await openFile(path.join(workspaceDir(), 'sshd_config'));
  const d = hardlintDiagnostics(doc.uri).find((x) => codeOf(x) === ROOT_LOGIN)!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range,
    vscode.CodeActionKind.QuickFix.value);
  const titles = actions.map((a) => a.title);
  for (const t of ['Set PermitRootLogin no (make sure a sudo user can log in first)', `Disable ${ROOT_LOGIN} for this line`,
    `Show documentation for ${ROOT_LOGIN}`]) {
    check(titles.includes(t), `missing action "${t}" in ${JSON.stringify(titles)}`);
  }
  const fix = actions.find((a) => a.title.startsWith('Set PermitRootLogin no'))!;
  check(!fix.isPreferred, 'an unsafe fix is not preferred');
  check(await vscode.workspace.applyEdit(fix.edit!), 'applyEdit failed');
  await until('the problem to go', () => !hardlintDiagnostics(doc.uri).some((x) => codeOf(x) === ROOT_LOGIN));
  check(await doc.save(), 'save failed');
  check(fs.readFileSync(doc.uri.fsPath, 'utf8').includes('\nPermitRootLogin no\n'), 'the saved file has the fix');
});

test('source.fixAll.hardlint applies safe fixes only', async () => {
  const doc = await openFile(path.join(workspaceDir(), 'sshd_config'));
  const editor = vscode.window.activeTextEditor!;
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'PermitRootLogin yes\n'));
  await until('both findings', () => new Set(hardlintDiagnostics(doc.uri).map(codeOf)).size === 2);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri,
    new vscode.Range(0, 0, 0, 0), 'source.fixAll.hardlint');
  check(actions.length === 1, `fix-all actions: ${actions.map((a) => a.title)}`);
  check(await vscode.workspace.applyEdit(actions[0].edit!), 'applyEdit failed');
  check(doc.getText().includes('PermitEmptyPasswords no'), 'the safe fix was applied');
  check(doc.getText().startsWith('PermitRootLogin yes\n'), 'the unsafe fix was not applied');
  await until('only the unsafe finding left', () => {
    const codes = hardlintDiagnostics(doc.uri).map(codeOf);
    return codes.length === 1 && codes[0] === ROOT_LOGIN;
  });
});

test('settings take effect without a restart', async () => {
  const doc = await openFile(path.join(workspaceDir(), 'sshd_config'));
  const config = vscode.workspace.getConfiguration('hardlint');
  await config.update('rules', { [ROOT_LOGIN]: 'warning' }, vscode.ConfigurationTarget.Workspace);
  await until('severity warning', () => hardlintDiagnostics(doc.uri).find((d) => codeOf(d) === ROOT_LOGIN)?.severity === vscode.DiagnosticSeverity.Warning);
  await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
  await until('no diagnostics when disabled', () => hardlintDiagnostics(doc.uri).length === 0);
  await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
  await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  await until('diagnostics back', () => hardlintDiagnostics(doc.uri).some((d) => codeOf(d) === ROOT_LOGIN && d.severity === vscode.DiagnosticSeverity.Error));
});

test('an unsaved drop-in changes the diagnostics of the main file that includes it', async () => {
  const dir = workspaceDir();
  const main = await openFile(path.join(dir, 'sshd_config'));
  const dropIn = await openFile(path.join(dir, 'sshd_config.d', '50-local.conf'));
  const editor = vscode.window.activeTextEditor!;
  check(editor.document === dropIn, 'the drop-in is the active editor');
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'PermitEmptyPasswords yes\n'));
  await until('the Include line of the main file is flagged', () =>
    hardlintDiagnostics(main.uri).some((d) => codeOf(d) === EMPTY_PASSWORDS && main.getText(d.range).includes('sshd_config.d')));
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await until('the main file clean again', () => !hardlintDiagnostics(main.uri).some((d) => codeOf(d) === EMPTY_PASSWORDS));
});

test('the client restarts a server that died and says so in the status item', async () => {
  const doc = await openFile(path.join(workspaceDir(), 'sshd_config'));
  const servers = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .split('\n').filter((l) => l.includes('dist/server.js')).map((l) => Number(l.trim().split(/\s+/)[0]));
  check(servers.length === 1, `expected one server process, found ${servers.length}`);
  process.kill(servers[0], 'SIGKILL');
  const status = await until('status "restarted"', () => {
    const s = api.status();
    return s.severity === vscode.LanguageStatusSeverity.Warning && s;
  });
  check(/crashed and was restarted/.test(status.detail), status.detail);
  // The new server lints again.
  const editor = vscode.window.activeTextEditor!;
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'PermitEmptyPasswords yes\n'));
  await until('diagnostics from the restarted server', () => hardlintDiagnostics(doc.uri).some((d) => codeOf(d) === EMPTY_PASSWORDS), 30000);
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('"hardlint: Restart server" restarts it and the status returns to normal', async () => {
  await vscode.commands.executeCommand('hardlint.restart');
  await until('status "running"', () => api.status().text === '$(check) hardlint');
});

test('"hardlint: Lint workspace" reports problems of files that are not open', async () => {
  const dir = workspaceDir();
  const closed = path.join(dir, 'other', 'sshd_config');
  const result = await vscode.commands.executeCommand<{ files: number; problems: number }>('hardlint.lintWorkspace');
  check(result.files >= 2, `files ${result.files}`);
  await until('diagnostics for the closed file', () => hardlintDiagnostics(vscode.Uri.file(closed)).some((d) => codeOf(d) === ROOT_LOGIN));
});

// With VS Code's display language French (code-server --locale fr), the same flow in French.
const frenchTests: [string, () => Promise<void>][] = [];

frenchTests.push(['in French: status, diagnostics, quick-fix titles, suppression comment and hover', async () => {
  check(vscode.env.language.startsWith('fr'), `display language is ${vscode.env.language}`);
  const rule = RULES.find((r) => r.meta.id === ROOT_LOGIN)!;
  const dir = workspaceDir();
  writeConfig(dir, [ROOT_LOGIN]);
  const doc = await openFile(path.join(dir, 'sshd_config'));
  const ext = vscode.extensions.getExtension('hardlint.hardlint')!;
  api = await until('activation', async () => (ext.isActive ? ext.exports as HardlintApi : (await ext.activate(), undefined)));
  await until('status "En marche"', () => api.status().detail === 'En marche');
  const d = await until('diagnostic', () => hardlintDiagnostics(doc.uri).find((x) => codeOf(x) === ROOT_LOGIN));
  const expected = translate('fr', `${ROOT_LOGIN}:yes`, rule.meta.messages.yes, { value: 'yes' });
  check(d.message === expected, `message: ${d.message}`);
  check(d.message !== rule.meta.messages.yes.replace('{value}', 'yes'), 'the message is in French');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range,
    vscode.CodeActionKind.QuickFix.value);
  const titles = actions.map((a) => a.title);
  const fixTitle = translate('fr', `${ROOT_LOGIN}:fixNo`, rule.meta.messages.fixNo);
  check(fixTitle !== rule.meta.messages.fixNo, 'the fix title has a French text');
  for (const t of [fixTitle, `Désactiver ${ROOT_LOGIN} pour cette ligne`, `Afficher la documentation de ${ROOT_LOGIN}`]) {
    check(titles.some((x) => x.startsWith(t)), `missing action "${t}" in ${JSON.stringify(titles)}`);
  }
  const disable = actions.find((a) => a.title === `Désactiver ${ROOT_LOGIN} pour cette ligne`)!;
  check(await vscode.workspace.applyEdit(disable.edit!), 'applyEdit failed');
  check(doc.getText().includes(`# hardlint-disable-next-line ${ROOT_LOGIN} -- raison\nPermitRootLogin yes`), doc.getText());
  await until('the problem to go', () => !hardlintDiagnostics(doc.uri).some((x) => codeOf(x) === ROOT_LOGIN));
  await vscode.commands.executeCommand('workbench.action.files.revert');
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('PermitRootLogin'));
  const hovers = await until('hover', async () => {
    const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 17));
    return h.length > 0 && h;
  });
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  check(text.includes("Pourquoi c'est important") && text.includes('Valeur effective'), text);
}]);

export async function run(): Promise<void> {
  let failed = 0;
  const suite = vscode.env.language.startsWith('fr') ? frenchTests : tests;
  console.log(`extension-host tests, display language ${vscode.env.language}`);
  for (const [name, fn] of suite) {
    const start = Date.now();
    try {
      await fn();
      console.log(`  ✔ ${name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✖ ${name}\n    ${(e as Error).stack ?? e}`);
      break; // later tests build on earlier ones
    }
  }
  console.log(`extension-host tests: ${suite.length} planned, ${failed ? 'FAILED' : 'all passed'}`);
  if (failed) throw new Error(`${failed} extension-host test(s) failed`);
}
