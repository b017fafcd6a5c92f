// The exposure map over the language server protocol (what "hardlint: Show exposure map" shows in VS Code): the
// server answers hardlint/exposureReport with the map `hardlint report` prints for the same folder, reads unsaved
// buffers and the editor's settings, and sends hardlint/exposureChanged when a file the map reads changes. The page
// the webview shows is the CLI's HTML with words, links and a head of the extension's own.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { CORE_MESSAGES, translation } from '../core/l10n';
import { EXPOSURE_STEPS } from '../core/workspace/exposure';
import { exposureHtml, exposureJson, reportWords } from '../core/workspace/report';
import { EXPOSURE_CHANGED_NOTIFICATION, EXPOSURE_REPORT_REQUEST, ExposureReportResult } from '../server/protocol';
import { ROOT } from './helpers';
import { rangeOf, SERVER, TestClient, uriOf } from './lsp-client';

const CLI = path.join(ROOT, 'dist', 'cli.js');

function exampleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-exposure-lsp-'));
  fs.cpSync(path.join(ROOT, 'examples', 'exposure'), dir, { recursive: true });
  return dir;
}

/** `hardlint report --format json .` run in `dir`. */
function cliReport(dir: string): string {
  const r = spawnSync(process.execPath, [CLI, 'report', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const asJson = (dir: string, result: ExposureReportResult) => exposureJson(result.map, (abs) => path.relative(dir, abs) || path.basename(abs));
const ports = (result: ExposureReportResult) => result.map.ports.map((p) => p.port);
const worstOf = (result: ExposureReportResult, port: number) => {
  const w = result.map.ports.find((p) => p.port === port)?.worst;
  return w && `${w.severity} ${w.ruleId}`;
};

/** Counts the server's hardlint/exposureChanged notifications. */
class ChangeWatcher {
  count = 0;
  private waiters: (() => void)[] = [];
  constructor(client: TestClient) {
    client.conn.onNotification(EXPOSURE_CHANGED_NOTIFICATION, () => {
      this.count++;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves at the next notification after `seen` of them. */
  after(seen: number, timeoutMs = 10000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no hardlint/exposureChanged notification')), timeoutMs);
      const probe = () => (this.count > seen ? (clearTimeout(timer), resolve()) : this.waiters.push(probe));
      probe();
    });
  }
}

describe('language server: exposure map', () => {
  const dirs: string[] = [];
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function start(settings: Record<string, unknown> = {}, locale?: string) {
    assert.ok(fs.existsSync(SERVER) && fs.existsSync(CLI), 'dist/ is missing: run npm run build');
    const dir = exampleCopy();
    dirs.push(dir);
    const client = new TestClient({ rootPath: dir, pull: true, settings, locale });
    clients.push(client);
    const changes = new ChangeWatcher(client);
    await client.initialize();
    const report = (params: object = {}) => client.request<ExposureReportResult>(EXPOSURE_REPORT_REQUEST, params);
    return { dir, client, changes, report };
  }

  it('answers the map `hardlint report` prints for the workspace folder', async () => {
    const { dir, report } = await start();
    const result = await report();
    assert.deepEqual(result.folders, [dir]);
    assert.equal(result.singleHost, true);
    assert.deepEqual(ports(result), [22, 80, 443, 3000, 3001, 5432]);
    assert.equal(asJson(dir, result), cliReport(dir));
  });

  it('reads a drop-in the sshd_config includes from conf.d/ as sshd, like `hardlint report` (not as an nginx file)', async () => {
    const { dir, report, client } = await start();
    // The port moves to a drop-in in a folder name nginx layouts use, and the firewall follows; the open buffer, not
    // the disk, has the Include.
    fs.mkdirSync(path.join(dir, 'conf.d'));
    fs.writeFileSync(path.join(dir, 'conf.d', 'port.conf'), 'Port 2200\n');
    const sshdText = fs.readFileSync(path.join(dir, 'sshd_config'), 'utf8').replace('Port 2222\n', '');
    fs.writeFileSync(path.join(dir, 'sshd_config'), `Include conf.d/*.conf\n${sshdText}`);
    const firewall = path.join(dir, 'firewall.sh');
    fs.writeFileSync(firewall, fs.readFileSync(firewall, 'utf8').replace('ufw allow 22/tcp', 'ufw allow 2200/tcp'));
    await client.filesChanged([path.join(dir, 'sshd_config'), firewall]);
    await client.filesChanged([path.join(dir, 'conf.d', 'port.conf')], FileChangeType.Created);
    const result = await report();
    assert.deepEqual(ports(result), [80, 443, 2200, 3000, 3001, 5432]);
    const ssh = result.map.ports.find((p) => p.port === 2200)!.paths[0].nodes;
    assert.deepEqual(ssh.map((n) => n.label), ['ufw allow 2200/tcp', 'sshd Port 2200', 'sshd']);
    assert.equal(ssh[1].loc?.file, path.join(dir, 'conf.d', 'port.conf'));
    // Read as nginx, the drop-in's worst finding was nginx/unknown-directive on "Port".
    assert.equal(ssh[1].worst, undefined);
    assert.equal(asJson(dir, result), cliReport(dir));
    // Unsaved: the Include removed in the editor, sshd listens on 22 again and nothing on the port the firewall opens.
    await client.open(path.join(dir, 'sshd_config'), sshdText);
    const edited = (await report({ rescan: false })).map.ports.find((p) => p.port === 2200)!.paths[0].nodes;
    assert.deepEqual(edited.map((n) => n.kind), ['firewall', 'service']);
    assert.equal(edited[1].labelId, 'exposureNothingListens');
  });

  it('maps the folders a request names, and nothing for a folder without config files', async () => {
    const { dir, report } = await start();
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    assert.deepEqual(await report({ folders: [uriOf(empty)] }), { folders: [empty], map: { files: [], ports: [] }, singleHost: true });
    const nginxOnly = await report({ folders: [uriOf(path.join(dir, 'nginx'))] });
    assert.deepEqual(nginxOnly.map.files, [path.join(dir, 'nginx', 'sites-enabled', 'shop.example.org')]);
    // No firewall file among the files: what nginx listens on counts as reachable.
    assert.deepEqual(ports(nginxOnly), [80, 443]);
  });

  it('reads unsaved buffers and says when an edit changes the map', async () => {
    const { dir, client, changes, report } = await start();
    const compose = path.join(dir, 'docker-compose.yml');
    const firewall = path.join(dir, 'firewall.sh');
    const composeUri = await client.open(compose, undefined, 'dockercompose');
    const firewallUri = await client.open(firewall, undefined, 'shellscript');
    const before = await report();
    assert.deepEqual(ports(before), [22, 80, 443, 3000, 3001, 5432]);

    // Bind the database to loopback in the (unsaved) compose buffer: 5432 leaves the map.
    let seen = changes.count;
    await client.edit(composeUri, [{ range: rangeOf(client.texts.get(composeUri)!, '"5432:5432"'), newText: '"127.0.0.1:5432:5432"' }]);
    await changes.after(seen);
    assert.deepEqual(ports(await report()), [22, 80, 443, 3000, 3001]);

    // Open 8443 in the firewall buffer: a port nothing listens on, with its rule.
    seen = changes.count;
    await client.edit(firewallUri, [{ range: rangeOf(client.texts.get(firewallUri)!, 'ufw --force enable'), newText: 'ufw allow 8443/tcp\nufw --force enable' }]);
    await changes.after(seen);
    const edited = await report();
    assert.deepEqual(ports(edited), [22, 80, 443, 3000, 3001, 8443]);
    const opened = edited.map.ports.find((p) => p.port === 8443)!;
    assert.deepEqual(opened.paths.map((p) => p.nodes.map((n) => `${n.kind} ${n.label} ${n.loc ? n.loc.range.start.line + 1 : ''}`)),
      [['firewall ufw allow 8443/tcp 13', 'service nothing in these files listens here ']]);

    // Closing the buffers unsaved: the disk's text is what counts again.
    seen = changes.count;
    await client.close(composeUri);
    await client.close(firewallUri);
    await changes.after(seen);
    assert.equal(asJson(dir, await report()), cliReport(dir));
  });

  it('says when a file changes on disk, and reads the new text', async () => {
    const { dir, client, changes, report } = await start();
    await report();
    const sshd = path.join(dir, 'sshd_config');
    fs.writeFileSync(sshd, fs.readFileSync(sshd, 'utf8').replace('Port 2222', 'Port 22'));
    const seen = changes.count;
    await client.filesChanged([sshd]);
    await changes.after(seen);
    const result = await report();
    const ssh = result.map.ports.find((p) => p.port === 22)!;
    assert.deepEqual(ssh.paths[0].nodes.map((n) => n.label), ['ufw allow 22/tcp', 'sshd Port 22', 'sshd']);
    // The port is sshd's now: no longer a stale hole, but SSH open to every address.
    assert.equal(worstOf(result, 22), 'error firewall/ssh-open-to-world');
    assert.equal(asJson(dir, result), cliReport(dir));
  });

  it('walks the folders again unless told the files are the same (after edits in the editor)', async () => {
    const { dir, report } = await start();
    assert.deepEqual(ports(await report()), [22, 80, 443, 3000, 3001, 5432]);
    const admin = path.join(dir, 'admin', 'docker-compose.yml');
    fs.mkdirSync(path.dirname(admin));
    fs.writeFileSync(admin, 'services:\n  adminer:\n    image: adminer\n    ports:\n      - "8080:8080"\n');
    // The file list of the last walk, with the files' current text.
    const reused = await report({ rescan: false });
    assert.ok(!reused.map.files.includes(admin));
    assert.deepEqual(ports(reused), [22, 80, 443, 3000, 3001, 5432]);
    const walked = await report();
    assert.ok(walked.map.files.includes(admin));
    assert.deepEqual(ports(walked), [22, 80, 443, 3000, 3001, 5432, 8080]);
    assert.equal(asJson(dir, walked), cliReport(dir));
  });

  it('lints with the editor settings, and says when they change', async () => {
    const { client, changes, report } = await start({ rules: { 'compose/sensitive-port-exposed': 'off' } });
    assert.equal(worstOf(await report(), 5432), 'warning cross/compose-bypasses-firewall');
    const seen = changes.count;
    await client.changeSettings({});
    await changes.after(seen);
    assert.equal(worstOf(await report(), 5432), 'error compose/sensitive-port-exposed');
  });

  it('words the findings in the client language', async () => {
    const { report } = await start({}, 'fr');
    const w = (await report()).map.ports.find((p) => p.port === 5432)!.worst!;
    assert.equal(w.ruleId, 'compose/sensitive-port-exposed');
    assert.match(w.message, /^db publie PostgreSQL \(5432\)/);
  });

  it('stays quiet until a client asks for the map', async () => {
    const { dir, client, changes, report } = await start();
    const composeUri = await client.open(path.join(dir, 'docker-compose.yml'), undefined, 'dockercompose');
    await client.edit(composeUri, [{ range: rangeOf(client.texts.get(composeUri)!, '"5432:5432"'), newText: '"5433:5432"' }]);
    await client.pull(composeUri); // a round trip: the server has handled the edit
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(changes.count, 0);
    assert.ok(ports(await report()).includes(5433));
    // Editing a file that is not a config file does not change the map.
    const notesUri = await client.open(path.join(dir, 'notes.txt'), 'ufw is in firewall.sh\n', 'plaintext');
    await client.edit(notesUri, [{ range: rangeOf('ufw is in firewall.sh\n', 'ufw'), newText: 'The rules' }]);
    await client.pull(notesUri);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(changes.count, 0);
  });
});

describe('exposure map page for a webview (core/workspace/report.ts options)', () => {
  const dir = path.join(ROOT, 'examples', 'exposure');
  const name = (abs: string) => path.relative(dir, abs);

  /** The map of examples/exposure, as the server answers it. */
  async function exampleMap(): Promise<ExposureReportResult['map']> {
    const client = new TestClient({ rootPath: dir });
    try {
      await client.initialize();
      return (await client.request<ExposureReportResult>(EXPOSURE_REPORT_REQUEST, {})).map;
    } finally {
      await client.shutdown();
    }
  }

  it('links nodes through attributes instead of file URLs, and takes the words, head and notes it is given', async () => {
    const map = await exampleMap();
    const located = map.ports.flatMap((p) => p.paths.flatMap((x) => x.nodes)).filter((n) => n.loc);
    const places: string[] = [];
    const html = exposureHtml(map, name, {
      words: {
        ...reportWords('en'), lang: 'fr', title: 'Carte', summary: (ports, files) => `${ports} ports, ${files} fichiers :`,
        severities: { error: 'erreur', warning: 'avertissement', info: 'info' },
        kinds: { ...reportWords('en').kinds, firewall: 'pare-feu' },
        steps: { ...reportWords('en').steps, exposureDockerBypass: 'Docker contourne le pare-feu' },
      },
      linkAttributes: (loc) => `data-loc="${places.push(`${name(loc.file)}:${loc.range.start.line + 1}`) - 1}"`,
      head: '<meta name="test-head">\n',
      notes: ['Plusieurs hôtes & <un> seul plan'],
    });
    assert.doesNotMatch(html, /<a |file:/, 'no link the webview host would try to open');
    assert.equal(places.length, located.length);
    const nodes = [...html.matchAll(/<g class="node [a-z]+" data-severity="\w+" data-file="([^"]+)" data-line="(\d+)" data-loc="(\d+)">/g)];
    assert.deepEqual(nodes.map((m) => places[Number(m[3])]), nodes.map((m) => `${m[1]}:${m[2]}`));
    assert.equal(nodes.length, located.length);
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<meta name="test-head">\n<\/head>/);
    assert.match(html, /<h1>Carte<\/h1>\n<p>6 ports, 4 fichiers : <code>docker-compose.yml<\/code>/);
    assert.match(html, /<p class="note">Plusieurs hôtes &amp; &lt;un&gt; seul plan<\/p>/);
    assert.match(html, /<span class="sev error">erreur<\/span> <code>compose\/sensitive-port-exposed<\/code>/);
    assert.match(html, /class="kind">pare-feu · firewall.sh:7</);
    assert.match(html, />Docker contourne le pare-feu</);
    assert.doesNotMatch(html, /Docker publishes past the firewall/);
  });

  it('draws the page `hardlint report --format html` writes when given no option', async () => {
    const map = await exampleMap();
    const r = spawnSync(process.execPath, [CLI, 'report', '--format', 'html', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(exposureHtml(map, (abs) => path.relative(dir, abs)), r.stdout);
  });
});

describe('exposure map words in the VS Code extension', () => {
  const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

  it('words the page in the display language from the core catalogue, the steps by message id', async () => {
    const client = new TestClient({ rootPath: path.join(ROOT, 'examples', 'exposure'), locale: 'fr' });
    let map: ExposureReportResult['map'];
    try {
      await client.initialize();
      map = (await client.request<ExposureReportResult>(EXPOSURE_REPORT_REQUEST, {})).map;
    } finally {
      await client.shutdown();
    }
    // The map crosses the protocol with the ids; the English label stays for the JSON.
    const docker = map.ports.find((p) => p.port === 5432)!.paths[0].nodes[0];
    assert.deepEqual([docker.kind, docker.label, docker.labelId], ['docker', 'Docker publishes past the firewall', 'exposureDockerBypass']);
    // What client/exposure.ts renders for a French display language (the server words the findings in French too).
    const html = exposureHtml(map, (abs) => path.basename(abs), { words: reportWords('fr') });
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<title>docker: Docker publie en contournant le pare-feu<\/title>/);
    assert.match(html, />rien dans ces fichiers n&#39;écoute ici</);
    assert.match(html, /<span class="sev error">erreur<\/span> <code>compose\/sensitive-port-exposed<\/code> db publie PostgreSQL/);
    for (const id of EXPOSURE_STEPS) assert.ok(!html.includes(`>${CORE_MESSAGES[id]}<`), `English step "${CORE_MESSAGES[id]}" on the French page`);
  });

  it('has a French sentence for every step the map words itself', () => {
    for (const id of EXPOSURE_STEPS) {
      const fr = translation('fr', `core:${id}`);
      assert.ok(fr && fr !== CORE_MESSAGES[id], `no French text for core:${id} ("${CORE_MESSAGES[id]}")`);
    }
  });

  it('labels every step the map words itself by message id: exposure.ts writes no sentence of its own', () => {
    // A sentence written out in exposure.ts would reach French readers in English: steps go through step(kind, id).
    // (A single word such as 'sshd' is the daemon's own name.)
    const literal = [...read('core/workspace/exposure.ts').matchAll(/node\('\w+', '([^']+ [^']+)'/g)].map((m) => m[1]);
    assert.deepEqual(literal, [], 'use step(kind, id) with an id in CORE_MESSAGES and EXPOSURE_STEPS');
  });

  it('keeps the extension bundle to the strings the extension itself shows (the page words are in the core catalogue)', () => {
    const used = new Set<string>();
    for (const file of ['client/exposure.ts', 'client/extension.ts']) {
      for (const m of read(file).matchAll(/vscode\.l10n\.t\('((?:[^'\\]|\\.)*)'/g)) used.add(m[1].replace(/\\'/g, "'"));
    }
    const fr: Record<string, string> = JSON.parse(read('client/l10n/bundle.l10n.fr.json'));
    assert.deepEqual([...used].filter((s) => !(s in fr)), [], 'untranslated in client/l10n/bundle.l10n.fr.json');
    assert.deepEqual(Object.keys(fr).filter((k) => !used.has(k)), [], 'no longer used by the extension');
  });
});
