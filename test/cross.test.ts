// Cross-file rules: each fixture case is a folder of configs (sshd_config, a firewall script, a compose file, an nginx
// site) read into one workspace model; every file is linted and must flag exactly what its inline expectations say.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { defaultConfig } from '../core/config';
import { lint, LintEnv } from '../core/engine';
import { nodeFileHost } from '../core/host';
import { detectKind } from '../core/kinds';
import type { Finding, Rule } from '../core/types';
import { RULES } from '../rules';
import { configFilesUnder, configFor, FIXTURES, rangeText, readExpectations, ROOT, workspaceOfFolder } from './helpers';

const CROSS_RULES = RULES.filter((r) => r.meta.family === 'cross');

function lintInWorkspace(file: string, rules: readonly Rule<any>[], workspace: LintEnv['workspace'], text = fs.readFileSync(file, 'utf8')): Finding[] {
  const env: LintEnv = { host: nodeFileHost(), config: configFor(file), locale: 'en', rules, workspace };
  return lint({ path: file, text, kind: detectKind(file, text)! }, env).findings;
}

describe('cross-file rules: fixture folders', () => {
  it('has the four rules of the contract', () => {
    assert.deepEqual(CROSS_RULES.map((r) => r.meta.id).sort(), [
      'cross/compose-bypasses-firewall', 'cross/http-only-service', 'cross/proxied-port-exposed', 'cross/sshd-port-not-allowed',
    ]);
  });

  for (const rule of CROSS_RULES) {
    const dir = path.join(FIXTURES, ...rule.meta.id.split('/'));
    for (const name of fs.readdirSync(dir).sort()) {
      const caseDir = path.join(dir, name);
      it(`${rule.meta.id} ${name}: ${name.startsWith('bad') ? 'flags what every file expects, pointing at the other files' : 'flags nothing'}`, () => {
        const workspace = workspaceOfFolder(caseDir);
        const files = configFilesUnder(caseDir);
        assert.ok(files.length >= 2, 'a case needs at least two files');
        let expectedCount = 0;
        for (const file of files) {
          const text = fs.readFileSync(file, 'utf8');
          const findings = lintInWorkspace(file, [rule], workspace).filter((f) => !f.suppressed);
          const expected = readExpectations(text).filter((e) => e.ruleId === rule.meta.id);
          expectedCount += expected.length;
          const actual = findings.map((f) => `${f.range.start.line + 1}:${f.severity}:${JSON.stringify(rangeText(text, f))}`);
          const want = expected.map((e) => {
            const line = e.line + 1;
            const same = findings.find((f) => f.range.start.line + 1 === line);
            return `${line}:${e.severity ?? same?.severity}:${JSON.stringify(e.text ?? (same ? rangeText(text, same) : undefined))}`;
          });
          assert.deepEqual(actual.sort(), want.sort(), `${path.relative(caseDir, file)}: ${findings.map((f) => f.message).join('\n')}`);
          for (const f of findings) {
            assert.ok(f.related.length > 0, `${f.message}: no related location`);
            for (const r of f.related) {
              assert.notEqual(r.file, file, 'related locations point at the other files involved');
              assert.ok(files.includes(r.file), `related file ${r.file} is in the case`);
              assert.ok(r.message.length > 0);
            }
          }
        }
        if (name.startsWith('bad')) assert.ok(expectedCount > 0, 'a bad case expects a finding');
        else assert.equal(expectedCount, 0, 'good cases carry no expectations');
      });
    }
  }

  it('stays silent without a workspace (a file linted alone has nothing to compare with)', () => {
    const file = path.join(FIXTURES, 'cross', 'sshd-port-not-allowed', 'bad', 'sshd_config');
    const env: LintEnv = { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: CROSS_RULES };
    assert.deepEqual(lint({ path: file, text: fs.readFileSync(file, 'utf8'), kind: 'sshd' }, env).findings, []);
  });

  it('sees the linted text, not the saved file (an editor buffer, a fix pass)', () => {
    const dir = path.join(FIXTURES, 'cross', 'sshd-port-not-allowed', 'bad');
    const workspace = workspaceOfFolder(dir);
    const sshd = path.join(dir, 'sshd_config');
    const firewall = path.join(dir, 'firewall.sh');
    assert.equal(lintInWorkspace(sshd, CROSS_RULES, workspace).length, 1);
    // Opening 2222 in the firewall buffer clears the sshd finding once the workspace sees the new text.
    const opened = fs.readFileSync(firewall, 'utf8').replace('ufw allow 443/tcp', 'ufw allow 443/tcp\nufw allow 2222/tcp');
    const updated = workspace.withFile({ path: firewall, text: opened, kind: 'firewall' });
    assert.deepEqual(lintInWorkspace(sshd, CROSS_RULES, updated), []);
    // Moving sshd back to 22 in its buffer: nothing to say either.
    assert.deepEqual(lintInWorkspace(sshd, CROSS_RULES, workspace, 'Port 443\n'), []);
  });

  it('stays silent on a folder of several hosts (two sshd_config files): it does not guess which files go together', () => {
    const dir = path.join(FIXTURES, 'cross', 'sshd-port-not-allowed', 'bad');
    const sshd = path.join(dir, 'sshd_config');
    const workspace = workspaceOfFolder(dir);
    assert.equal(workspace.singleHost, true);
    const twoHosts = workspace.withFile({ path: path.join(dir, 'other-host', 'sshd_config'), text: 'Port 2200\n', kind: 'sshd' });
    assert.equal(twoHosts.singleHost, false);
    assert.deepEqual(lintInWorkspace(sshd, CROSS_RULES, twoHosts), []);
  });
});

describe('workspace model', () => {
  it('reads ports, addresses, names and proxy targets from each family', () => {
    const ws = workspaceOfFolder(path.join(FIXTURES, 'cross', 'proxied-port-exposed', 'bad-service-name'));
    const compose = ws.compose[0].services.map((s) => ({ name: s.name, ports: s.ports.map((p) => [p.label, p.everywhere, p.host?.from, p.container?.from]) }));
    assert.deepEqual(compose, [
      { name: 'grafana', ports: [['3001:3000', true, 3001, 3000]] },
      { name: 'proxy', ports: [['443:443', true, 443, 443]] },
    ]);
    const server = ws.nginx[0].servers[0];
    assert.deepEqual(server.names, ['grafana.example.org']);
    assert.deepEqual(server.listens.map((l) => [l.port, l.ssl]), [[443, true]]);
    assert.deepEqual(server.proxies.map((p) => [p.host, p.port, p.upstream]), [['grafana', 3000, 'grafana_backend']]);
  });

  it('reads sshd listeners with ListenAddress and the firewall default and openings', () => {
    const ws = workspaceOfFolder(path.join(FIXTURES, 'cross', 'sshd-port-not-allowed', 'good'));
    assert.deepEqual(ws.sshd[0].listeners.map((l) => [l.port, l.local]), [[2222, false]]);
    const fw = ws.firewalls[0];
    assert.equal(fw.defaultDeny, true);
    assert.deepEqual(fw.openings.map((o) => [o.ports, o.anywhere]), [[[[2222, 2222]], true], [[[22, 22]], false]]);
    const local = ws.withFile({ path: ws.sshd[0].file, text: 'Port 2200\nListenAddress 127.0.0.1\nListenAddress 192.0.2.7:2201\n', kind: 'sshd' });
    assert.deepEqual(local.sshd[0].listeners.map((l) => [l.port, l.addresses, l.local]), [[2200, ['127.0.0.1'], true], [2201, ['192.0.2.7'], false]]);
  });
});

const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join('examples', 'exposure');

function hardlint(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LANG: 'C' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI over the bundled example (examples/exposure)', () => {
  it('fires each cross rule, in the file that holds the problem', () => {
    const run = hardlint(['-f', 'json', EXAMPLE]);
    assert.equal(run.status, 1, run.stderr);
    const files = JSON.parse(run.stdout) as { file: string; findings: { rule: string; line: number; severity: string }[] }[];
    const cross = files.flatMap((f) => f.findings.filter((x) => x.rule.startsWith('cross/')).map((x) => `${f.file}:${x.line} ${x.rule} ${x.severity}`));
    assert.deepEqual(cross.sort(), [
      'examples/exposure/docker-compose.yml:14 cross/compose-bypasses-firewall warning',
      'examples/exposure/docker-compose.yml:14 cross/proxied-port-exposed warning',
      'examples/exposure/docker-compose.yml:20 cross/compose-bypasses-firewall warning',
      'examples/exposure/firewall.sh:12 cross/proxied-port-exposed warning',
      'examples/exposure/firewall.sh:7 cross/sshd-port-not-allowed error',
      'examples/exposure/nginx/sites-enabled/shop.example.org:3 cross/http-only-service warning',
      'examples/exposure/sshd_config:6 cross/sshd-port-not-allowed error',
    ]);
  });

  it('gives each cross finding SARIF related locations in the other files', () => {
    const run = hardlint(['-f', 'sarif', EXAMPLE]);
    const sarif = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
      relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } }; message: { text: string } }[] }[] }[] };
    const results = sarif.runs[0].results.filter((r) => r.ruleId.startsWith('cross/'));
    assert.equal(results.length, 7);
    for (const r of results) {
      const own = r.locations[0].physicalLocation.artifactLocation.uri;
      assert.ok((r.relatedLocations ?? []).length > 0, `${r.ruleId} in ${own}: no related location`);
      for (const rel of r.relatedLocations!) {
        assert.notEqual(rel.physicalLocation.artifactLocation.uri, own);
        assert.ok(rel.message.text.length > 0);
      }
    }
  });

  it('does not run the cross rules on a file linted alone', () => {
    const run = hardlint(['-f', 'json', path.join(EXAMPLE, 'sshd_config')]);
    const files = JSON.parse(run.stdout) as { findings: { rule: string }[] }[];
    assert.deepEqual(files.flatMap((f) => f.findings.filter((x) => x.rule.startsWith('cross/'))), []);
  });
});
