// Files a main sshd_config includes are sshd drop-ins whatever their names: linted as sshd (not as nginx for a
// conf.d/*.conf, not skipped for sshd_config.local) and in the drop-in role (no findings about keywords they do not
// set, no lines inserted as if they were the main file), by the CLI and by the language server.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT } from './helpers';
import { SERVER, TestClient, uriOf } from './lsp-client';
import { Oracle, oracleLauncher } from './sshd-oracle';

const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Findings about a keyword the file does not set (the default applies): a main sshd_config's only. */
const ABSENT_KEYWORD_RULES = [
  'sshd/client-alive', 'sshd/default-port', 'sshd/kbd-interactive-authentication', 'sshd/login-grace-time',
  'sshd/max-auth-tries', 'sshd/no-user-allowlist',
];

interface JsonFinding { rule: string; line: number; column: number; message: string }
interface JsonFile { file: string; kind: string; findings: JsonFinding[] }

function hardlint(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'LANG', 'LC_ALL', 'LC_MESSAGES']) delete env[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonReport(args: string[], cwd: string): Map<string, JsonFile> {
  const r = hardlint(['--format', 'json', ...args], cwd);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return new Map((JSON.parse(r.stdout) as JsonFile[]).map((f) => [f.file.split(path.sep).join('/'), f]));
}

const rules = (f: JsonFile | undefined): string[] => (f?.findings ?? []).map((x) => x.rule);

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A temporary folder holding `files`, removed after the tests. */
function tempTree(prefix: string, files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(root);
  write(root, files);
  return root;
}

/**
 * /etc/ssh/sshd_config including conf.d/*.conf (a folder nginx layouts use too), sshd_config.local (a name hardlint
 * does not recognise), /etc/ssh/extra/* (absolute, mapped onto the tree; a file with no suffix, itself including
 * nested.d/*.conf); next to it, an nginx conf.d that nothing includes.
 */
function sshdTree(): string {
  const root = tempTree('hardlint-include-role-', {
    'etc/ssh/sshd_config': [
      'Include conf.d/*.conf',
      'Include sshd_config.local',
      'Include /etc/ssh/extra/*',
      'PasswordAuthentication no',
      'PermitRootLogin no',
      '',
    ].join('\n'),
    'etc/ssh/conf.d/10-cloud.conf': 'PasswordAuthentication yes\n',
    'etc/ssh/sshd_config.local': 'X11Forwarding yes\n',
    'etc/ssh/extra/legacy': 'Include nested.d/*.conf\n',
    'etc/ssh/nested.d/20-root.conf': 'PermitRootLogin yes\n',
    'etc/conf.d/site.conf': 'server {\n  listen 80;\n  server_tokens on;\n}\n',
  });
  return root;
}

describe('sshd files reached through an Include (CLI)', () => {
  it('lints every file the main sshd_config includes as an sshd drop-in when walking the tree', () => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
    const root = sshdTree();
    const report = jsonReport(['.'], root);
    const dropIns = ['etc/ssh/conf.d/10-cloud.conf', 'etc/ssh/sshd_config.local', 'etc/ssh/extra/legacy', 'etc/ssh/nested.d/20-root.conf'];
    assert.deepEqual([...report.keys()].sort(), ['etc/conf.d/site.conf', ...dropIns, 'etc/ssh/sshd_config'].sort());
    for (const file of dropIns) {
      const f = report.get(file)!;
      assert.equal(f.kind, 'sshd', file);
      assert.deepEqual(rules(f).filter((r) => !r.startsWith('sshd/')), [], `${file}: ${rules(f)}`);
      assert.deepEqual(rules(f).filter((r) => ABSENT_KEYWORD_RULES.includes(r)), [], `${file}: ${rules(f)}`);
    }
    // Their own settings are still theirs to report.
    const cloud = report.get('etc/ssh/conf.d/10-cloud.conf')!.findings;
    assert.deepEqual(cloud.map((f) => [f.rule, f.line, f.column]), [['sshd/password-authentication', 1, 24]]);
    assert.deepEqual(rules(report.get('etc/ssh/sshd_config.local')), ['sshd/x11-forwarding']);
    assert.deepEqual(rules(report.get('etc/ssh/nested.d/20-root.conf')), ['sshd/permit-root-login']);
    // The main file still reports the absent keywords, and names the drop-in that shadows its line.
    const main = report.get('etc/ssh/sshd_config')!;
    assert.equal(main.kind, 'sshd');
    for (const rule of ABSENT_KEYWORD_RULES) assert.ok(rules(main).includes(rule), `${rule} on sshd_config: ${rules(main)}`);
    const shadowed = main.findings.find((f) => f.rule === 'sshd/shadowed-directive');
    assert.equal(shadowed?.line, 4);
    assert.match(shadowed!.message, /conf\.d\/10-cloud\.conf:1/);
    // The nginx conf.d nothing includes stays nginx.
    const site = report.get('etc/conf.d/site.conf')!;
    assert.equal(site.kind, 'nginx');
    assert.ok(rules(site).includes('nginx/server-tokens'), `${rules(site)}`);
  });

  it('maps a port set in an included conf.d/*.conf as sshd in `hardlint report` (no nginx finding on it)', () => {
    const root = sshdTree();
    write(root, { 'etc/ssh/conf.d/30-port.conf': 'Port 2200\n' });
    const r = hardlint(['report', '--format', 'json', '.'], root);
    assert.equal(r.code, 0, r.stderr);
    const map = JSON.parse(r.stdout) as { files: string[]; ports: { port: number; paths: { kind: string; label: string; file?: string }[][] }[] };
    assert.ok(map.files.includes('etc/ssh/sshd_config.local'), 'the included file with no recognised name is read');
    const sshd = map.ports.find((p) => p.port === 2200);
    assert.ok(sshd, `ports: ${map.ports.map((p) => p.port)}`);
    const listener = sshd.paths[0].find((step) => step.kind === 'listener')!;
    assert.equal(listener.label, 'sshd Port 2200');
    assert.equal(listener.file, 'etc/ssh/conf.d/30-port.conf');
    assert.ok(!r.stdout.includes('nginx/unknown-directive'), 'the sshd drop-in is not read as nginx');
  });

  it('takes a file named with the main file as a drop-in, also with --kind sshd', () => {
    const root = sshdTree();
    const ssh = path.join(root, 'etc', 'ssh');
    // sshd_config.local alone has no kind hardlint can tell; named with the sshd_config that includes it, it is sshd.
    const named = jsonReport(['sshd_config.local', 'sshd_config'], ssh);
    assert.equal(named.get('sshd_config.local')?.kind, 'sshd');
    assert.deepEqual(rules(named.get('sshd_config.local')), ['sshd/x11-forwarding']);
    const forced = jsonReport(['--kind', 'sshd', 'conf.d/10-cloud.conf', 'sshd_config'], ssh);
    assert.deepEqual(rules(forced.get('conf.d/10-cloud.conf')), ['sshd/password-authentication']);
  });

  it('walks a folder named like an sshd config and reports a missing one, with or without --kind sshd', () => {
    // The CLI reads a named sshd config at once: a folder or a missing path under such a name must still be told apart.
    const root = tempTree('hardlint-include-named-', {
      'box/sshd_config/sshd_config': 'Include /etc/ssh/extra.conf\nPermitRootLogin no\n',
      'box/sshd_config/extra.conf': 'X11Forwarding yes\n',
    });
    for (const kind of [[], ['--kind', 'sshd']]) {
      const r = hardlint(['--format', 'json', ...kind, 'box/sshd_config', 'box/missing/sshd_config'], root);
      assert.equal(r.code, 2, kind.join(' '));
      assert.match(r.stderr, /cannot read box\/missing\/sshd_config: no such file or directory/);
      const files = new Map((JSON.parse(r.stdout) as JsonFile[]).map((f) => [f.file.split(path.sep).join('/'), f]));
      assert.deepEqual([...files.keys()], ['box/sshd_config/extra.conf', 'box/sshd_config/sshd_config'], kind.join(' '));
      // Reached by the Include of the walked main file: a drop-in, judged as part of it.
      assert.deepEqual(rules(files.get('box/sshd_config/extra.conf')), ['sshd/x11-forwarding'], kind.join(' '));
    }
  });

  it('finds the sshd_config next to a file named alone (or a folder up) that includes it', () => {
    const root = sshdTree();
    const ssh = path.join(root, 'etc', 'ssh');
    // Named alone, with or without --kind sshd: a drop-in of the sshd_config that includes it, judged as part of it.
    for (const args of [['conf.d/10-cloud.conf'], ['--kind', 'sshd', 'conf.d/10-cloud.conf']]) {
      const alone = jsonReport(args, ssh).get('conf.d/10-cloud.conf')!;
      assert.equal(alone.kind, 'sshd');
      assert.deepEqual(rules(alone), ['sshd/password-authentication'], args.join(' '));
    }
    assert.deepEqual(rules(jsonReport(['sshd_config.local'], ssh).get('sshd_config.local')), ['sshd/x11-forwarding']);
    // Walking only the drop-ins' folder.
    const walked = jsonReport(['conf.d'], ssh);
    assert.deepEqual([...walked.keys()], ['conf.d/10-cloud.conf']);
    assert.equal(walked.get('conf.d/10-cloud.conf')!.kind, 'sshd');
  });

  it('judges a walked sshd_config.d/ drop-in with the sshd_config a folder up (the Debian layout, the drop-ins alone)', () => {
    const root = tempTree('hardlint-include-debian-', {
      'ssh/sshd_config': 'PasswordAuthentication no\nInclude /etc/ssh/sshd_config.d/*.conf\n',
      'ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication yes\n',
    });
    const walked = jsonReport(['ssh/sshd_config.d'], root).get('ssh/sshd_config.d/50-cloud-init.conf')!;
    assert.deepEqual(rules(walked), ['sshd/shadowed-directive']);
    assert.match(walked.findings[0].message, /\.\.\/sshd_config:1 already sets PasswordAuthentication no/);
  });

  it('keeps the path-based kind and role when no sshd_config of the run or next to the file includes it', () => {
    const root = sshdTree();
    write(root, { 'elsewhere/conf.d/10-cloud.conf': 'PasswordAuthentication yes\n', 'elsewhere/sshd_config.local': 'X11Forwarding yes\n' });
    const other = path.join(root, 'elsewhere');
    // --kind sshd on a file alone: a main file, as before.
    const alone = jsonReport(['--kind', 'sshd', 'conf.d/10-cloud.conf'], other);
    for (const rule of ABSENT_KEYWORD_RULES) assert.ok(rules(alone.get('conf.d/10-cloud.conf')).includes(rule), rule);
    // Alone, a conf.d/*.conf whose text is not nginx's, and sshd_config.local, are files of unknown kind.
    const confD = hardlint(['conf.d/10-cloud.conf'], other);
    assert.equal(confD.code, 2);
    assert.match(confD.stderr, /cannot tell what kind of file "conf\.d\/10-cloud\.conf"/);
    const unknown = hardlint(['sshd_config.local'], other);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /cannot tell what kind of file "sshd_config\.local"/);
    // A drop-in in sshd_config.d/ alone stays a drop-in.
    write(root, { 'other/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication yes\n' });
    const dropIn = jsonReport(['other/sshd_config.d/50-cloud-init.conf'], root).get('other/sshd_config.d/50-cloud-init.conf');
    assert.deepEqual(rules(dropIn), ['sshd/password-authentication']);
    // A main file that includes nothing changes nothing for the files next to it.
    write(root, { 'plain/sshd_config': 'PermitRootLogin no\n', 'plain/conf.d/site.conf': 'server {\n  listen 80;\n}\n' });
    assert.equal(jsonReport(['plain'], root).get('plain/conf.d/site.conf')?.kind, 'nginx');
  });

  it('keeps one sshd host for the cross-file rules: an included file is not a second main sshd_config', () => {
    const root = tempTree('hardlint-include-role-', {
      'sshd_config': 'Include conf.d/*.conf\nPort 2222\nPasswordAuthentication no\n',
      'conf.d/10-port.conf': 'Port 2200\n',
      'firewall.sh': '#!/bin/sh\nufw default deny incoming\nufw allow 22/tcp\nufw --force enable\n',
    });
    const report = jsonReport(['.'], root);
    assert.equal(report.get('conf.d/10-port.conf')?.kind, 'sshd');
    const cross = (file: string) => report.get(file)!.findings.filter((f) => f.rule.startsWith('cross/')).map((f) => [f.rule, f.line]);
    assert.deepEqual(cross('sshd_config'), [['cross/sshd-port-not-allowed', 2]]);
    assert.deepEqual(cross('conf.d/10-port.conf'), [['cross/sshd-port-not-allowed', 1]]);
  });

  it('inserts no line into a drop-in as if it were the main file', () => {
    const root = sshdTree();
    const r = hardlint(['--fix-dry-run', '.'], root);
    const parts = r.stdout.split(/^--- /m);
    const partOf = (file: string) => parts.find((p) => p.startsWith(file) || p.startsWith(`a/${file}`)) ?? '';
    assert.match(partOf('etc/ssh/sshd_config'), /^\+ClientAliveInterval 300$/m, r.stdout);
    for (const file of ['etc/ssh/conf.d/10-cloud.conf', 'etc/ssh/sshd_config.local', 'etc/ssh/extra/legacy']) {
      assert.doesNotMatch(partOf(file), /^\+ClientAliveInterval/m, file);
    }
  });
});

describe('a drop-in read as part of its main file', () => {
  /** The main file sets two options before its Include, one after; the drop-in sets all three and opens a Match block. */
  function shadowTree(): string {
    const root = tempTree('hardlint-include-main-', {
      'etc/ssh/sshd_config': [
        'PasswordAuthentication no',
        'X11Forwarding no',
        'Include conf.d/*.conf',
        'PermitRootLogin no',
        '',
      ].join('\n'),
      'etc/ssh/conf.d/50-cloud.conf': [
        'PasswordAuthentication yes',
        'X11Forwarding no',
        'PermitRootLogin prohibit-password',
        'Match User ansible',
        '  PasswordAuthentication yes',
        '',
      ].join('\n'),
    });
    return root;
  }

  it('reports its lines the main file already set as ignored, not as settings in force', () => {
    const root = shadowTree();
    const report = jsonReport(['.'], root);
    const dropIn = report.get('etc/ssh/conf.d/50-cloud.conf')!.findings;
    assert.deepEqual(dropIn.map((f) => [f.line, f.rule]), [
      [1, 'sshd/shadowed-directive'], [2, 'sshd/shadowed-directive'], [5, 'sshd/match-weakens-policy']]);
    assert.match(dropIn[0].message, /^sshd ignores this line: \.\.\/sshd_config:1 already sets PasswordAuthentication no, and sshd reads it before this file/);
    assert.match(dropIn[1].message, /the same value \(X11Forwarding no\)/);
    // Named alone, it is judged the same way: its sshd_config is found next to it.
    const alone = jsonReport(['etc/ssh/conf.d/50-cloud.conf'], root).get('etc/ssh/conf.d/50-cloud.conf')!;
    assert.deepEqual(alone.findings, dropIn);
    // Away from it, the same text says that password login is on: the main file is what turns it off.
    write(root, { 'copy/50-cloud.conf': fs.readFileSync(path.join(root, 'etc/ssh/conf.d/50-cloud.conf'), 'utf8') });
    const away = jsonReport(['--kind', 'sshd', 'copy/50-cloud.conf'], root).get('copy/50-cloud.conf')!;
    assert.ok(rules(away).includes('sshd/password-authentication'), `${rules(away)}`);
    // The main file's own view is unchanged: its PermitRootLogin comes too late.
    assert.deepEqual(rules(report.get('etc/ssh/sshd_config')).filter((r) => r === 'sshd/shadowed-directive'), ['sshd/shadowed-directive']);
  });

  it('--fix deletes the ignored lines only, and what sshd does stays the same', () => {
    const root = shadowTree();
    const before = path.join(root, 'before');
    fs.cpSync(path.join(root, 'etc'), path.join(before, 'etc'), { recursive: true });
    // Only this rule, so that the main file's own safe fixes (ClientAliveInterval...) leave what sshd does alone.
    fs.writeFileSync(path.join(root, 'only-shadowed.yaml'), 'rules:\n  "sshd/*": off\n  sshd/shadowed-directive: warning\n');
    const fixed = hardlint(['--fix', '-c', '../only-shadowed.yaml', '.'], path.join(root, 'etc'));
    assert.ok(fixed.code === 0 || fixed.code === 1, fixed.stderr);
    assert.equal(fs.readFileSync(path.join(root, 'etc/ssh/conf.d/50-cloud.conf'), 'utf8'),
      'PermitRootLogin prohibit-password\nMatch User ansible\n  PasswordAuthentication yes\n');
    // The main file's move above the Include changes the effective value: an unsafe fix, not taken.
    assert.equal(fs.readFileSync(path.join(root, 'etc/ssh/sshd_config'), 'utf8'), fs.readFileSync(path.join(before, 'etc/ssh/sshd_config'), 'utf8'));
    const again = jsonReport(['-c', '../only-shadowed.yaml', '.'], path.join(root, 'etc'));
    assert.deepEqual(rules(again.get('ssh/conf.d/50-cloud.conf')), []);
    const launcher = oracleLauncher();
    if (typeof launcher === 'string') return; // the oracle test files say why it is skipped
    const work = tempTree('hardlint-include-oracle-');
    const oracle = new Oracle(work, launcher);
    const answers = [path.join(before, 'etc/ssh'), path.join(root, 'etc/ssh')].flatMap((sshdir) =>
      [{}, { user: 'ansible' }].map((connection) => oracle.add({ mode: '-T', sshdir, config: 'sshd_config', connection })));
    oracle.run();
    const [globalBefore, ansibleBefore, globalAfter, ansibleAfter] = answers.map((a) => a());
    for (const a of [globalBefore, ansibleBefore, globalAfter, ansibleAfter]) assert.equal(a.rc, 0, a.err);
    assert.deepEqual(globalAfter.lines, globalBefore.lines);
    assert.deepEqual(ansibleAfter.lines, ansibleBefore.lines);
    assert.ok(globalAfter.lines.includes('passwordauthentication no') && ansibleAfter.lines.includes('passwordauthentication yes'));
  });
});

describe('a drop-in its main file includes inside a Match block', () => {
  it('flags its global-only line where it is written, as sshd refuses it', () => {
    const root = tempTree('hardlint-include-match-', {
      'etc/ssh/sshd_config': 'PasswordAuthentication no\nMatch User bob\n  Include conf.d/*.conf\n',
      'etc/ssh/conf.d/bob.conf': 'X11Forwarding yes\nPort 2222\n',
    });
    const report = jsonReport(['.'], path.join(root, 'etc'));
    const own = report.get('ssh/conf.d/bob.conf')!.findings.filter((f) => f.rule === 'sshd/keyword-not-allowed-in-match');
    assert.deepEqual(own.map((f) => [f.line, f.column]), [[2, 1]]);
    assert.match(own[0].message, /^Port is not allowed here: \.\.\/sshd_config:3 includes this file inside "Match User bob"/);
    // The main file still says it on its Include line.
    assert.ok(report.get('ssh/sshd_config')!.findings.some((f) => f.rule === 'sshd/keyword-not-allowed-in-match' && f.line === 3));
    const launcher = oracleLauncher();
    if (typeof launcher === 'string') return; // the oracle test files say why it is skipped
    const work = tempTree('hardlint-include-oracle-');
    const oracle = new Oracle(work, launcher);
    const answer = oracle.add({ mode: '-t', sshdir: path.join(root, 'etc', 'ssh'), config: 'sshd_config', connection: {} });
    oracle.run();
    assert.notEqual(answer().rc, 0, 'sshd accepts the configuration');
    assert.match(answer().err, /conf\.d\/bob\.conf line 2: Directive 'Port' is not allowed within a Match block/);
  });
});

describe('sshd files reached through an Include (language server)', () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
  });

  /** A language server client on `root`, initialised, shut down after the tests. */
  const startClient = async (root: string): Promise<TestClient> => {
    const client = new TestClient({ rootPath: root });
    clients.push(client);
    await client.initialize();
    return client;
  };

  const codes = (d: Diagnostic[] | undefined): string[] => (d ?? []).map((x) => String(x.code));

  it('lints an open file as a drop-in of the sshd_config next to it that includes it, whatever its language', async () => {
    assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run npm run build`);
    const root = sshdTree();
    const ssh = path.join(root, 'etc', 'ssh');
    const client = await startClient(root);
    // The editor takes conf.d/*.conf for nginx, and sshd_config.local for plain text; sshd_config is not open.
    const cloud = await client.open(path.join(ssh, 'conf.d', '10-cloud.conf'), undefined, 'nginx');
    const local = await client.open(path.join(ssh, 'sshd_config.local'), undefined, 'plaintext');
    const cloudCodes = await client.waitFor(() => {
      const c = codes(client.latest.get(cloud)?.diagnostics);
      return c.length > 0 ? c : undefined;
    }, 'the drop-in lint of conf.d/10-cloud.conf');
    assert.deepEqual(cloudCodes, ['sshd/password-authentication']);
    const localCodes = await client.waitFor(() => {
      const c = codes(client.latest.get(local)?.diagnostics);
      return c.length > 0 ? c : undefined;
    }, 'the drop-in lint of sshd_config.local');
    assert.deepEqual(localCodes, ['sshd/x11-forwarding']);
    // Away from any sshd_config, the editor's language decides.
    write(root, { 'elsewhere/conf.d/10-cloud.conf': 'PasswordAuthentication yes\n' });
    const away = await client.open(path.join(root, 'elsewhere', 'conf.d', '10-cloud.conf'), undefined, 'nginx');
    await client.waitFor(() => codes(client.latest.get(away)?.diagnostics).some((c) => c.startsWith('nginx/')) || undefined, 'nginx findings');
  });

  it('judges an open drop-in against the main file as it is in the editor, unsaved edits included', async () => {
    const root = tempTree('hardlint-include-lsp-', {
      'etc/ssh/sshd_config': 'PasswordAuthentication no\nInclude conf.d/*.conf\n',
      'etc/ssh/conf.d/50-cloud.conf': 'PasswordAuthentication yes\n',
    });
    const ssh = path.join(root, 'etc', 'ssh');
    const client = await startClient(root);
    const main = await client.open(path.join(ssh, 'sshd_config'));
    const cloud = await client.open(path.join(ssh, 'conf.d', '50-cloud.conf'), undefined, 'sshd_config');
    const ignored = await client.waitFor(() => {
      const c = codes(client.latest.get(cloud)?.diagnostics);
      return c.includes('sshd/shadowed-directive') ? c : undefined;
    }, 'the drop-in line reported as ignored');
    assert.deepEqual(ignored, ['sshd/shadowed-directive']);
    // The main file's line moved below the Include, unsaved: the drop-in's line is now the one in force.
    await client.replaceAll(main, 'Include conf.d/*.conf\nPasswordAuthentication no\n');
    const inForce = await client.waitFor(() => {
      const c = codes(client.latest.get(cloud)?.diagnostics);
      return c.includes('sshd/password-authentication') ? c : undefined;
    }, 'the drop-in line reported as the setting in force');
    assert.deepEqual(inForce, ['sshd/password-authentication']);
  });

  it('lints the files "Lint workspace" finds as drop-ins of the sshd_config among them', async () => {
    const root = sshdTree();
    const ssh = path.join(root, 'etc', 'ssh');
    const client = await startClient(root);
    const files = [path.join(ssh, 'sshd_config'), path.join(ssh, 'conf.d', '10-cloud.conf'), path.join(ssh, 'extra', 'legacy')];
    const result = await client.conn.sendRequest('hardlint/lintFiles', { uris: files.map(uriOf) }) as { files: number };
    assert.equal(result.files, 3);
    const cloud = await client.waitFor(() => client.latest.get(uriOf(files[1])), 'conf.d/10-cloud.conf diagnostics');
    assert.deepEqual(codes(cloud.diagnostics), ['sshd/password-authentication']);
    // A file of no kind hardlint recognises: linted as sshd, on the Include that brings PermitRootLogin yes in.
    const legacy = await client.waitFor(() => client.latest.get(uriOf(files[2])), 'extra/legacy diagnostics');
    assert.deepEqual(legacy.diagnostics.map((d) => [d.code, d.range.start.line]), [['sshd/permit-root-login', 0]]);
    const main = await client.waitFor(() => client.latest.get(uriOf(files[0])), 'sshd_config diagnostics');
    assert.ok(codes(main.diagnostics).includes('sshd/default-port'), `${codes(main.diagnostics)}`);
  });
});
