// The language server as an editor sees it: `node dist/server.js --stdio` driven by a real JSON-RPC client.
// Each workspace is a temp folder whose `.hardlint.yaml` keeps only the rules a test is about, so new rules added
// to the registry do not change what these tests expect.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { docsUrl } from '../core/docs';
import { coreMessage, CORE_MESSAGES, format, translate } from '../core/l10n';
import { findRule } from '../rules';
import { unsafeTitle } from '../server/actions';
import { normalizeSettings, mergeSettings } from '../server/settings';
import { defaultConfig } from '../core/config';
import { onlyRules, rangeOf, SERVER, TestClient, uriOf } from './lsp-client';

const ROOT_LOGIN = 'sshd/permit-root-login';
const EMPTY_PASSWORDS = 'sshd/permit-empty-passwords';
const rootLoginFixTitle = findRule(ROOT_LOGIN)!.meta.messages.fixNo;

/** A temp workspace where only `rules` run. */
function workspace(files: Record<string, string>, rules: string[] = [ROOT_LOGIN]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-lsp-'));
  const config = onlyRules(rules);
  const all = { '.hardlint.yaml': config, ...files };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const hoverText = (h: { contents: unknown } | null): string => (h ? (h.contents as MarkupContent).value : '');
const message = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const titles = (actions: CodeAction[]) => actions.map((a) => a.title);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function started(options: ConstructorParameters<typeof TestClient>[0] = {}): Promise<TestClient> {
  const client = new TestClient(options);
  await client.initialize();
  return client;
}

describe('language server over stdio (push client, like Neovim 0.7)', () => {
  let client: TestClient;
  const dirs: string[] = [];
  before(async () => {
    assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run npm run build`);
    client = await started();
  });
  after(async () => {
    await client.shutdown();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('announces incremental sync, code actions, hover, and no pull for a client that cannot pull', () => {
    const caps = client.init!.capabilities;
    assert.equal(client.init!.serverInfo?.name, 'hardlint');
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.hardlint'] });
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.diagnosticProvider, undefined);
  });

  it('registers watchers for .hardlint.yaml and sshd files, and for settings changes', async () => {
    const watch = await client.waitFor(() => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'watch registration');
    const globs = (watch.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.ok(globs.includes('**/{.hardlint.yaml,.hardlint.yml}'), globs.join(' '));
    assert.ok(globs.includes('**/sshd_config'));
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'));
  });

  it('pushes the finding with code, exact range, doc link and fix data; the quick fix clears it', async () => {
    const text = '# test server\nPort 2222\nPermitRootLogin yes\n';
    const dir = workspace({ sshd_config: text });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    const diags = await client.pushed(uri, (d) => d.length > 0);
    assert.equal(diags.length, 1);
    const d = diags[0];
    assert.equal(d.code, ROOT_LOGIN);
    assert.equal(d.source, 'hardlint');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, rangeOf(text, 'yes'));
    assert.equal(d.codeDescription?.href, docsUrl(ROOT_LOGIN));
    assert.match(message(d), /PermitRootLogin yes/);
    const data = d.data as { version: number; fixes: { title: string; safety: string }[] };
    assert.equal(data.version, 1);
    assert.deepEqual(data.fixes.map((f) => [f.title, f.safety]), [[rootLoginFixTitle, 'unsafe']]);

    const actions = await client.codeActions(uri, d.range, [d]);
    assert.deepEqual(titles(actions), [
      rootLoginFixTitle,
      `Disable ${ROOT_LOGIN} for this line`,
      `Disable ${ROOT_LOGIN} for the entire file`,
      `Show documentation for ${ROOT_LOGIN}`,
    ]);
    const fix = actions[0];
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, false, 'an unsafe fix is never preferred');
    const version = await client.apply(uri, fix.edit);
    assert.equal(client.texts.get(uri), '# test server\nPort 2222\nPermitRootLogin no\n');
    const afterFix = await client.pushed(uri, () => true);
    assert.equal(client.latest.get(uri)!.version, version);
    assert.deepEqual(afterFix, []);
  });

  it('"Disable for this line" inserts the suppression comment with a reason placeholder, at the line\'s indentation', async () => {
    const text = 'Port 2222\n\t  PermitRootLogin yes\n';
    const dir = workspace({ sshd_config: text });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    const [d] = await client.pushed(uri, (x) => x.length === 1);
    const actions = await client.codeActions(uri, d.range, [d], ['quickfix']);
    const disable = actions.find((a) => a.title === `Disable ${ROOT_LOGIN} for this line`)!;
    await client.apply(uri, disable.edit);
    assert.equal(client.texts.get(uri), `Port 2222\n\t  # hardlint-disable-next-line ${ROOT_LOGIN} -- reason\n\t  PermitRootLogin yes\n`);
    assert.deepEqual(await client.pushed(uri), []);
  });

  it('"Disable for the entire file" adds a file-wide suppression on the first line', async () => {
    const text = 'Port 2222\r\nPermitRootLogin yes\r\n';
    const dir = workspace({ sshd_config: text });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    const [d] = await client.pushed(uri, (x) => x.length === 1);
    const actions = await client.codeActions(uri, d.range, [d]);
    await client.apply(uri, actions.find((a) => a.title.includes('entire file'))!.edit);
    assert.equal(client.texts.get(uri), `# hardlint-disable-file ${ROOT_LOGIN} -- reason\r\n${text}`);
    assert.deepEqual(await client.pushed(uri), []);
  });

  it('"Show documentation" asks the editor to open the rule\'s page', async () => {
    const dir = workspace({ sshd_config: 'PermitRootLogin yes\n' });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    const [d] = await client.pushed(uri, (x) => x.length === 1);
    const actions = await client.codeActions(uri, d.range, [d]);
    const show = actions.find((a) => a.title === `Show documentation for ${ROOT_LOGIN}`)!;
    assert.ok(show.command, 'a command, not an edit');
    await client.executeCommand(show.command.command, show.command.arguments ?? []);
    const shown = await client.waitFor(() => client.shownDocuments[0], 'window/showDocument');
    assert.deepEqual(shown, { uri: docsUrl(ROOT_LOGIN), external: true });
  });

  it('source.fixAll.hardlint applies the safe fixes and never an unsafe one', async () => {
    const text = 'PermitRootLogin yes\nPermitEmptyPasswords yes\n';
    const dir = workspace({ sshd_config: text }, [ROOT_LOGIN, EMPTY_PASSWORDS]);
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    const diags = await client.pushed(uri, (x) => x.length === 2);
    assert.deepEqual(diags.map((x) => x.code).sort(), [EMPTY_PASSWORDS, ROOT_LOGIN]);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [[coreMessage('en', 'fixAll'), 'source.fixAll.hardlint']]);
    const edit = actions[0].edit!;
    const change = edit.documentChanges![0] as { textDocument: { version: number } };
    assert.equal(change.textDocument.version, 1, 'fix-all is tied to the version it was computed for');
    await client.apply(uri, edit);
    assert.equal(client.texts.get(uri), 'PermitRootLogin yes\nPermitEmptyPasswords no\n');
    const left = await client.pushed(uri);
    assert.deepEqual(left.map((x) => x.code), [ROOT_LOGIN]);
    const again = await client.codeActions(uri, left[0].range, [], ['source.fixAll.hardlint']);
    assert.deepEqual(again, [], 'nothing safe left to fix');
    // The quick fix for the safe finding is marked preferred.
    const text2 = 'PermitEmptyPasswords yes\n';
    await client.replaceAll(uri, text2);
    const [d] = await client.pushed(uri, (x) => x.length === 1);
    const quick = await client.codeActions(uri, d.range, [d], ['quickfix']);
    assert.equal(quick[0].isPreferred, true);
  });

  it('hover on a flagged value shows the rule, why it matters and the fix', async () => {
    const text = 'PermitRootLogin yes\n';
    const dir = workspace({ sshd_config: text });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    await client.pushed(uri, (x) => x.length === 1);
    const h = hoverText(await client.hover(uri, { line: 0, character: 17 }));
    assert.match(h, /\*\*sshd\/permit-root-login\*\* · error — Root can log in over SSH/);
    assert.match(h, /\*\*Why it matters:\*\* `root` exists on every Linux machine/);
    assert.ok(h.includes(`${rootLoginFixTitle} (unsafe, review before applying)`), h);
    assert.ok(h.includes(`](${docsUrl(ROOT_LOGIN)})`), h);
  });

  it('hover on an sshd keyword tells its effective value and where it comes from', async () => {
    const main = 'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\nAllowUsers alice\nAllowUsers bob\n';
    const dir = workspace({ sshd_config: main, 'sshd_config.d/10-root.conf': 'PermitRootLogin yes\n' });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    const [d] = await client.pushed(uri, (x) => x.length === 1);
    assert.deepEqual(d.range, rangeOf(main, '/etc/ssh/sshd_config.d/*.conf'), 'reported on the Include line');
    assert.match(message(d), /sshd_config\.d\/10-root\.conf:1/);

    const onKeyword = hoverText(await client.hover(uri, { line: 1, character: 3 }));
    assert.match(onKeyword, /\*\*PermitRootLogin\*\*/);
    assert.match(onKeyword, /Effective value: `yes` Set at `sshd_config\.d\/10-root\.conf:1`\./);
    assert.match(onKeyword, /This line has no effect: sshd keeps the first value it reads, from `sshd_config\.d\/10-root\.conf:1`\./);
    const onList = hoverText(await client.hover(uri, { line: 3, character: 2 }));
    assert.match(onList, /`alice` \(`sshd_config:3`\), `bob` \(`sshd_config:4`\)/);
    const onInclude = hoverText(await client.hover(uri, { line: 0, character: 1 }));
    assert.match(onInclude, /Reads `sshd_config\.d\/10-root\.conf`\./);
    assert.equal(await client.hover(uri, { line: 7, character: 0 }), null, 'nothing past the end');
  });

  it('an unsaved change in an included drop-in re-lints the main file; closing it unsaved restores the disk version', async () => {
    const dir = workspace({ sshd_config: 'Include sshd_config.d/*.conf\nPort 2222\n', 'sshd_config.d/50-local.conf': 'PermitRootLogin no\n' });
    dirs.push(dir);
    const main = await client.open(path.join(dir, 'sshd_config'));
    assert.deepEqual(await client.pushed(main), []);
    const dropIn = await client.open(path.join(dir, 'sshd_config.d/50-local.conf'));
    await client.pushed(dropIn);
    const pushesBefore = client.pushes.filter((p) => p.uri === main).length;
    await client.edit(dropIn, [{ range: rangeOf('PermitRootLogin no\n', 'no'), newText: 'yes' }]);
    const [d] = await client.pushed(main, (x) => x.length === 1);
    assert.match(message(d), /50-local\.conf:1/);
    assert.ok(client.pushes.filter((p) => p.uri === main).length > pushesBefore);
    assert.equal(fs.readFileSync(path.join(dir, 'sshd_config.d/50-local.conf'), 'utf8'), 'PermitRootLogin no\n', 'nothing was saved');
    await client.close(dropIn);
    assert.deepEqual(await client.pushed(main, (x) => x.length === 0), []);
    assert.deepEqual(client.latest.get(dropIn)!.diagnostics, [], 'a closed document\'s diagnostics are cleared');
  });

  it('a drop-in created on disk is picked up when the watcher reports it', async () => {
    const dir = workspace({ sshd_config: 'Include sshd_config.d/*.conf\n' });
    fs.mkdirSync(path.join(dir, 'sshd_config.d'));
    dirs.push(dir);
    const main = await client.open(path.join(dir, 'sshd_config'));
    assert.deepEqual(await client.pushed(main), []);
    fs.writeFileSync(path.join(dir, 'sshd_config.d/99-new.conf'), 'PermitRootLogin yes\n');
    await client.filesChanged([path.join(dir, 'sshd_config.d/99-new.conf')], 1);
    const [d] = await client.pushed(main, (x) => x.length === 1);
    assert.match(message(d), /99-new\.conf:1/);
  });

  it('settings change severities, the profile, enable and run mode without a restart', async () => {
    const text = 'Port 2222\nPermitRootLogin yes\n';
    const dir = workspace({ sshd_config: text });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    assert.equal((await client.pushed(uri, (x) => x.length === 1))[0].severity, 1);

    await client.changeSettings({ rules: { [ROOT_LOGIN]: 'warn' } });
    assert.equal((await client.pushed(uri, (x) => x.length === 1 && x[0].severity === 2))[0].code, ROOT_LOGIN);

    await client.changeSettings({ enable: false });
    await client.pushed(uri, (x) => x.length === 0);

    // Settings beat the file: the strict profile reports the key-only default on line 1.
    await client.changeSettings({ profile: 'strict' });
    await client.replaceAll(uri, 'Port 2222\n');
    const [strict] = await client.pushed(uri, (x) => x.length === 1);
    assert.equal(strict.severity, 3);
    assert.equal(strict.range.start.line, 0);

    await client.changeSettings({ run: 'onSave' });
    await client.pushed(uri, (x) => x.length === 0);
    const pushes = client.pushes.length;
    await client.replaceAll(uri, 'Port 2222\nPermitRootLogin yes\n');
    await sleep(400);
    assert.equal(client.pushes.filter((p) => p.uri === uri).length, client.pushes.slice(0, pushes).filter((p) => p.uri === uri).length,
      'no lint while typing in onSave mode');
    await client.save(uri);
    await client.pushed(uri, (x) => x.length === 1);
    await client.changeSettings({});
  });

  it('applies .hardlint.yaml when the watcher reports a change, and reports an invalid one in the status', async () => {
    const dir = workspace({ sshd_config: 'PermitRootLogin yes\n' });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    await client.pushed(uri, (x) => x.length === 1);
    const config = path.join(dir, '.hardlint.yaml');
    fs.writeFileSync(config, 'rules:\n  "*": off\n');
    await client.filesChanged([config]);
    await client.pushed(uri, (x) => x.length === 0);

    fs.writeFileSync(config, 'profile: paranoid\n');
    await client.filesChanged([config]);
    const status = await client.waitFor(() => client.statuses.find((s) => s.uri === uri && s.state === 'warning'), 'status warning');
    assert.match(status.message, /Invalid configuration file .*\.hardlint\.yaml: profile must be "recommended" or "strict"/);
  });

  it('lints files that are not open on request ("Lint workspace")', async () => {
    const dir = workspace({ sshd_config: 'PermitRootLogin yes\n', 'notes.txt': 'PermitRootLogin yes\n' });
    dirs.push(dir);
    const result = await client.request<{ files: number; problems: number }>('hardlint/lintFiles',
      { uris: [uriOf(path.join(dir, 'sshd_config')), uriOf(path.join(dir, 'notes.txt')), uriOf(path.join(dir, 'missing'))] });
    assert.deepEqual(result, { files: 1, problems: 1 });
    assert.equal(client.latest.get(uriOf(path.join(dir, 'sshd_config')))!.diagnostics[0].code, ROOT_LOGIN);
    assert.equal(client.latest.get(uriOf(path.join(dir, 'notes.txt'))), undefined);
  });

  it('leaves files of other kinds alone', async () => {
    const dir = workspace({ 'README.md': 'PermitRootLogin yes\n' });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'README.md'), undefined, 'markdown');
    assert.deepEqual(await client.pushed(uri), []);
    assert.equal(await client.hover(uri, { line: 0, character: 2 }), null);
  });
});

describe('language server over stdio (pull client, like VS Code)', () => {
  let client: TestClient;
  const dirs: string[] = [];
  before(async () => { client = await started({ pull: true }); });
  after(async () => {
    await client.shutdown();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('serves textDocument/diagnostic, never pushes, and answers "unchanged" for the same result', async () => {
    assert.deepEqual(client.init!.capabilities.diagnosticProvider, { identifier: 'hardlint', interFileDependencies: true, workspaceDiagnostics: false });
    const text = 'PermitRootLogin yes\n';
    const dir = workspace({ sshd_config: text });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    const first = await client.pull(uri);
    assert.equal(first.kind, 'full');
    const items = (first as { items: Diagnostic[] }).items;
    assert.deepEqual(items.map((d) => [d.code, d.range]), [[ROOT_LOGIN, rangeOf(text, 'yes')]]);
    assert.equal(items[0].codeDescription?.href, docsUrl(ROOT_LOGIN));
    const again = await client.pull(uri, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });

    const actions = await client.codeActions(uri, items[0].range, items);
    await client.apply(uri, actions.find((a) => a.title === rootLoginFixTitle)!.edit);
    const fixed = await client.pull(uri, first.resultId);
    assert.deepEqual(fixed.kind === 'full' && fixed.items, []);
    await sleep(200);
    assert.equal(client.pushes.filter((p) => p.uri === uri).length, 0, 'a pull client must not also get pushes');
  });

  it('asks the client to pull again when a config file or an included file changes on disk', async () => {
    const dir = workspace({ sshd_config: 'Include sshd_config.d/*.conf\n', 'sshd_config.d/a.conf': 'PermitRootLogin no\n' });
    dirs.push(dir);
    const uri = await client.open(path.join(dir, 'sshd_config'));
    assert.deepEqual((await client.pull(uri) as { items: Diagnostic[] }).items, []);
    const refreshes = client.refreshes;
    fs.writeFileSync(path.join(dir, 'sshd_config.d/a.conf'), 'PermitRootLogin yes\n');
    await client.filesChanged([path.join(dir, 'sshd_config.d/a.conf')]);
    await client.waitFor(() => client.refreshes > refreshes, 'workspace/diagnostic/refresh');
    const after = await client.pull(uri) as { items: Diagnostic[] };
    assert.equal(after.items.length, 1);
  });
});

describe('language server robustness', () => {
  let client: TestClient;
  let dir: string;
  before(async () => {
    client = await started();
    dir = workspace({});
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The server still answers and still lints correctly. */
  async function stillServing(): Promise<void> {
    const file = path.join(dir, `alive-${crypto.randomUUID()}`, 'sshd_config');
    fs.mkdirSync(path.dirname(file));
    const uri = await client.open(file, 'PermitRootLogin yes\n');
    assert.equal((await client.pushed(uri, (x) => x.length === 1))[0].code, ROOT_LOGIN);
    await client.close(uri);
    assert.equal(client.child!.exitCode, null, 'the server process is alive');
  }

  it('survives a garbage document', async () => {
    const garbage = crypto.randomBytes(64 * 1024).toString('latin1').replace(/\0/g, ' ')
      + '\n"unterminated\n=\n==\nMatch\nMatch User\nInclude\nInclude "\n\uD800\uDFFF\uD800 lone surrogate\nPermitRootLogin yes yes yes\n'
      + 'x'.repeat(200000) + '\n\t \t\n';
    const uri = await client.open(path.join(dir, 'garbage', 'sshd_config'), garbage);
    await client.pushed(uri);
    await client.hover(uri, { line: 3, character: 3 });
    await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 99999, character: 0 } }, [], ['source.fixAll']);
    await stillServing();
  });

  it('lints a 5 MB file without wedging', async () => {
    const unit = 'AllowUsers alice bob carol dave eve\n# a comment line that is fairly long, to reach five megabytes\nX11Forwarding no\n';
    const big = unit.repeat(Math.ceil(5 * 1024 * 1024 / unit.length)) + 'PermitRootLogin yes\n';
    assert.ok(big.length >= 5 * 1024 * 1024);
    const started = Date.now();
    const uri = await client.open(path.join(dir, 'big', 'sshd_config'), big);
    const [d] = await client.pushed(uri, (x) => x.length === 1, 30000);
    assert.equal(d.range.start.line, big.split('\n').length - 2);
    const hover = await client.hover(uri, { line: 0, character: 2 });
    assert.ok(hover);
    await client.close(uri);
    assert.ok(Date.now() - started < 30000);
    await stillServing();
  });

  it('does not lint a binary file and says why in the status', async () => {
    const bytes = crypto.randomBytes(256 * 1024);
    bytes[10] = 0;
    const uri = await client.open(path.join(dir, 'bin', 'sshd_config'), 'PermitRootLogin yes\n' + bytes.toString('latin1'));
    assert.deepEqual(await client.pushed(uri), []);
    const status = await client.waitFor(() => client.statuses.find((s) => s.uri === uri), 'status');
    assert.deepEqual(status, { state: 'warning', message: 'Not linted: this looks like a binary file.', uri });
    await stillServing();
  });

  it('coalesces a flood of edits and publishes the final version', async () => {
    let text = '';
    for (let i = 0; i < 2000; i++) text += `# line ${i}\nAllowUsers user${i}\n`;
    const uri = await client.open(path.join(dir, 'flood', 'sshd_config'), text);
    await client.pushed(uri);
    const before = client.pushes.filter((p) => p.uri === uri).length;
    let version = 1;
    for (let i = 0; i < 1000; i++) {
      version = await client.edit(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: i % 2 ? 'x' : '#' }]);
    }
    version = await client.edit(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'PermitRootLogin yes\n' }]);
    const [d] = await client.pushed(uri, (x) => x.length === 1, 20000);
    assert.equal(d.range.start.line, 0);
    assert.equal(client.latest.get(uri)!.version, version);
    const lints = client.pushes.filter((p) => p.uri === uri).length - before;
    assert.ok(lints < 200, `${lints} publishes for 1001 edits: edits were not coalesced`);
    await client.close(uri);
    await stillServing();
  });

  it('answers malformed requests without dying', async () => {
    const uri = uriOf(path.join(dir, 'never-opened', 'sshd_config'));
    assert.equal(await client.hover(uri, { line: 0, character: 0 }), null);
    assert.deepEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []), []);
    const open = await client.open(path.join(dir, 'odd', 'sshd_config'), 'PermitRootLogin yes\n');
    await client.pushed(open, (x) => x.length === 1);
    const weird = [{ code: 42, source: 'hardlint', message: 'x', range: { start: { line: 1e6, character: 0 }, end: { line: 1e6, character: 5 } } },
      { code: ROOT_LOGIN, source: 'hardlint', message: 'stale', range: { start: { line: 1e6, character: 0 }, end: { line: 1e6, character: 5 } }, data: { version: 'x' } }] as Diagnostic[];
    const actions = await client.codeActions(open, weird[0].range, weird);
    assert.ok(actions.every((a) => !a.title.includes('42')));
    assert.equal(await client.hover(open, { line: 1e6, character: 1e6 }), null);
    await client.request('hardlint/lintFiles', { uris: 'not a list' });
    await client.executeCommand('hardlint.server.showDocumentation', [{ not: 'a url' }]);
    await client.close(open);
    await stillServing();
  });
});

describe('language server in French (VS Code display language fr)', () => {
  let client: TestClient;
  let dir: string;
  before(async () => {
    client = await started({ locale: 'fr-FR' });
    dir = workspace({ sshd_config: 'Port 2222\nPermitRootLogin yes\n' });
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has a French text for every string the server shows', () => {
    const fr = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.fr.json'), 'utf8'));
    const missing = Object.keys(CORE_MESSAGES).filter((k) => !fr[`core:${k}`]);
    assert.deepEqual(missing, []);
  });

  it('titles code actions, fills the suppression comment and writes hovers in French', async () => {
    const uri = await client.open(path.join(dir, 'sshd_config'));
    const [d] = await client.pushed(uri, (x) => x.length === 1);
    const rule = findRule(ROOT_LOGIN)!;
    // Rule texts come from the French bundle (English until a translation exists there).
    assert.equal(message(d), translate('fr', `${ROOT_LOGIN}:yes`, rule.meta.messages.yes, { value: 'yes' }));
    assert.notEqual(message(d), format(rule.meta.messages.yes, { value: 'yes' }), 'the rule message is translated');
    const actions = await client.codeActions(uri, d.range, [d]);
    assert.notEqual(actions[0].title, rootLoginFixTitle, 'the fix title is translated');
    assert.deepEqual(titles(actions), [
      unsafeTitle(translate('fr', `${ROOT_LOGIN}:fixNo`, rootLoginFixTitle), 'fr'),
      `Désactiver ${ROOT_LOGIN} pour cette ligne`,
      `Désactiver ${ROOT_LOGIN} pour tout le fichier`,
      `Afficher la documentation de ${ROOT_LOGIN}`,
    ]);
    const h = hoverText(await client.hover(uri, { line: 1, character: 17 }));
    assert.ok(h.includes(`— ${translate('fr', `${ROOT_LOGIN}:description`, rule.meta.description)}`), h);
    assert.match(h, /\*\*Pourquoi c'est important:\*\*/);
    assert.match(h, /\*\*sshd\/permit-root-login\*\* · erreur/);
    assert.match(h, /\(risquée, à vérifier avant de l'appliquer\)/);
    assert.match(h, /\[Documentation\]/);
    assert.match(h, /Valeur effective : `yes` Définie en `sshd_config:2`\./);
    await client.apply(uri, actions[1].edit);
    assert.equal(client.texts.get(uri), `Port 2222\n# hardlint-disable-next-line ${ROOT_LOGIN} -- raison\nPermitRootLogin yes\n`);
    assert.deepEqual(await client.pushed(uri), []);
  });

  it('puts the generic risk note in French on an unsafe title without one', () => {
    assert.equal(unsafeTitle('Set Port 2222', 'fr'), 'Set Port 2222 (peut changer le comportement)');
  });
});

describe('server pieces', () => {
  it('unsafe fix titles show the risk: the rule\'s own warning is kept, else the generic one is added', () => {
    assert.equal(unsafeTitle('Set PermitRootLogin no (make sure a sudo user can log in first)', 'en'),
      'Set PermitRootLogin no (make sure a sudo user can log in first)');
    assert.equal(unsafeTitle('Set Port 2222', 'en'), 'Set Port 2222 (may change behaviour)');
  });

  it('client settings are read leniently and beat .hardlint.yaml for matching rules', () => {
    const s = normalizeSettings({ enable: 'yes', profile: 'paranoid', run: 'sometimes', rules: { 'sshd/*': 'warn', 'sshd/x': 'loud', [ROOT_LOGIN]: false } });
    assert.deepEqual(s, { enable: true, profile: undefined, run: 'onType', rules: { 'sshd/*': 'warning', [ROOT_LOGIN]: 'off' } });
    const file = { ...defaultConfig(), profile: 'strict' as const, rules: { [EMPTY_PASSWORDS]: 'off' as const, 'sshd/other': 'info' as const } };
    const merged = mergeSettings(file, s, [ROOT_LOGIN, EMPTY_PASSWORDS]);
    assert.equal(merged.profile, 'strict');
    assert.deepEqual(merged.rules, { [EMPTY_PASSWORDS]: 'warning', 'sshd/other': 'info', [ROOT_LOGIN]: 'off' });
  });
});
