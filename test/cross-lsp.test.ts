// Cross-file rules in the language server: the open documents (and the files "Lint workspace" finds) form the
// workspace model; findings carry relatedInformation in the other files, and editing one file re-lints the others.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { RULES } from '../rules';
import { onlyRules, rangeOf, SERVER, TestClient, uriOf } from './lsp-client';
import { ROOT } from './helpers';

const CROSS = RULES.filter((r) => r.meta.family === 'cross').map((r) => r.meta.id);

/** A copy of examples/exposure where only the cross-file rules run. */
function exampleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-cross-lsp-'));
  fs.cpSync(path.join(ROOT, 'examples', 'exposure'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.hardlint.yaml'), onlyRules(CROSS));
  return dir;
}

const codes = (p: PublishDiagnosticsParams | undefined) => (p?.diagnostics ?? []).map((d) => `${d.range.start.line + 1} ${d.code}`).sort();

describe('language server: cross-file rules', () => {
  const dirs: string[] = [];
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('reports between open documents with related locations, and re-lints one when the other changes', async () => {
    assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run npm run build`);
    const dir = exampleCopy();
    dirs.push(dir);
    const client = new TestClient({ rootPath: dir });
    clients.push(client);
    await client.initialize();
    const sshd = path.join(dir, 'sshd_config');
    const firewall = path.join(dir, 'firewall.sh');
    const sshdUri = await client.open(sshd);
    const firewallUri = await client.open(firewall, undefined, 'shellscript');
    const first = await client.waitFor(() => {
      const p = client.latest.get(sshdUri);
      return p && p.diagnostics.some((d) => d.code === 'cross/sshd-port-not-allowed') ? p : undefined;
    }, 'the sshd finding');
    const d = first.diagnostics.find((x) => x.code === 'cross/sshd-port-not-allowed')!;
    assert.deepEqual(d.range, rangeOf(client.texts.get(sshdUri)!, '2222'));
    assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line + 1]), [[uriOf(firewall), 4]]);
    await client.waitFor(() => codes(client.latest.get(firewallUri)).includes('7 cross/sshd-port-not-allowed') || undefined, 'the stale-hole finding');

    // Allow 2222 in the (unsaved) firewall buffer: the sshd_config diagnostics update without touching that file.
    const text = client.texts.get(firewallUri)!;
    await client.edit(firewallUri, [{ range: rangeOf(text, 'ufw allow 22/tcp'), newText: 'ufw allow 2222/tcp' }]);
    await client.waitFor(() => {
      const p = client.latest.get(sshdUri);
      return p && !p.diagnostics.some((x) => x.code === 'cross/sshd-port-not-allowed') ? true : undefined;
    }, 'the sshd finding to go away');
  });

  it('adds the files found by "Lint workspace" to the model', async () => {
    const dir = exampleCopy();
    dirs.push(dir);
    const client = new TestClient({ rootPath: dir });
    clients.push(client);
    await client.initialize();
    const nginx = path.join(dir, 'nginx', 'sites-enabled', 'shop.example.org');
    const compose = path.join(dir, 'docker-compose.yml');
    const firewall = path.join(dir, 'firewall.sh');
    const result = await client.conn.sendRequest('hardlint/lintFiles', { uris: [compose, firewall, nginx].map(uriOf) }) as { files: number; problems: number };
    assert.equal(result.files, 3);
    const composeCodes = await client.waitFor(() => client.latest.get(uriOf(compose)) && codes(client.latest.get(uriOf(compose))), 'compose diagnostics');
    assert.deepEqual(composeCodes, ['14 cross/compose-bypasses-firewall', '14 cross/proxied-port-exposed', '20 cross/compose-bypasses-firewall']);
    const nginxDiag = client.latest.get(uriOf(nginx))!.diagnostics;
    assert.deepEqual(nginxDiag.map((x) => x.code), ['cross/http-only-service']);
    assert.deepEqual(nginxDiag[0].relatedInformation?.map((r) => r.location.uri), [uriOf(firewall)]);
  });
});
