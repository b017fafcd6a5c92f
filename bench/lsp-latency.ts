// LSP latency: time from a `textDocument/didChange` to the `publishDiagnostics` for that version, while editing a
// 10,000-line sshd_config through a real stdio client (`node dist/server.js --stdio`, vscode-jsonrpc), all rules on.
// Edits come 100 ms apart, a fast typist's pace; each one changes a value the rules look at.
// Run alone: `node out/bench/lsp-latency.js [--json]` (after npm run build and tsc -p tsconfig.test.json).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LINT_FILES_REQUEST } from '../server/protocol';
import { SERVER, TestClient, uriOf } from '../test/lsp-client';
import { buildWorkspaceFolder, FILE_COUNT } from './workspace';

export const TARGET_P95_MS = 50;
const LINES = 10000;
const EDITS = 100;
const GAP_MS = 100;

export interface LatencyResult { name: string; value: number; unit: string; target?: string; met?: boolean; detail?: string }

/** A realistic 10,000-line main sshd_config: global settings, comments, Match blocks. */
export function bigSshdConfig(lines = LINES): string {
  const head = ['# Generated for the LSP latency benchmark', 'Include /etc/ssh/sshd_config.d/*.conf', 'Port 2222',
    'PermitRootLogin no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'X11Forwarding no', 'AllowGroups ssh-users'];
  const block = (i: number) => [
    `# team ${i}: sftp-only accounts`,
    `Match Group team${i}`,
    `    ChrootDirectory /srv/sftp/team${i}`,
    '    ForceCommand internal-sftp',
    '    AllowTcpForwarding no',
    `    PermitTTY no`,
    '',
  ];
  const out = [...head];
  for (let i = 0; out.length < lines; i++) out.push(...block(i));
  return out.slice(0, lines).join('\n') + '\n';
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];

/**
 * Toggles the `no` at `line`:`col` to `yes` and back `edits` times, GAP_MS apart; the change→publishDiagnostics times,
 * sorted.
 */
async function typeYesNo(client: TestClient, uri: string, line: number, col: number, edits: number): Promise<number[]> {
  const latencies: number[] = [];
  let value = 'no';
  for (let i = 0; i < edits; i++) {
    const next = value === 'no' ? 'yes' : 'no';
    const start = performance.now();
    await client.edit(uri, [{ range: { start: { line, character: col }, end: { line, character: col + value.length } }, newText: next }]);
    await client.pushed(uri, () => true, 60000);
    latencies.push(performance.now() - start);
    value = next;
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  return latencies.sort((a, b) => a - b);
}

export async function measureLspLatency(): Promise<LatencyResult[]> {
  if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run npm run build`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-lsp-bench-'));
  const client = new TestClient({ rootPath: dir });
  try {
    const text = bigSshdConfig();
    const file = path.join(dir, 'sshd_config');
    fs.writeFileSync(file, text);
    await client.initialize();
    const uri = await client.open(file, text);
    const t0 = performance.now();
    await client.pushed(uri, () => true, 60000);
    const openMs = performance.now() - t0;
    // Toggle the value of one line in a Match block: a real edit the effective-config rules must re-evaluate.
    const line = text.split('\n').findIndex((l, i) => i > LINES / 2 && l.trim() === 'AllowTcpForwarding no');
    const col = text.split('\n')[line].indexOf('no');
    const sorted = await typeYesNo(client, uri, line, col, EDITS);
    const p95 = percentile(sorted, 95);
    const findings = client.latest.get(uri)?.diagnostics.length ?? 0;
    return [
      { name: 'lsp change→diagnostics p95', value: p95, unit: 'ms', target: `< ${TARGET_P95_MS} ms`, met: p95 < TARGET_P95_MS,
        detail: `${LINES}-line sshd_config, ${EDITS} edits ${GAP_MS} ms apart over stdio; p50 ${percentile(sorted, 50).toFixed(1)} ms, `
          + `max ${sorted[sorted.length - 1].toFixed(1)} ms; first lint on open ${openMs.toFixed(0)} ms; ${findings} findings` },
      { name: 'lsp change→diagnostics p50', value: percentile(sorted, 50), unit: 'ms' },
    ];
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * The same typing, in a small sshd drop-in of a workspace of 1,000 config files that "Lint workspace" found (the
 * cross-file model and the sshd Include roles are worked out for every lint).
 */
export async function measureWorkspaceLspLatency(): Promise<LatencyResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-lsp-ws-bench-'));
  const client = new TestClient({ rootPath: dir });
  try {
    buildWorkspaceFolder(dir, FILE_COUNT);
    const main = filesUnder(dir).find((f) => path.basename(f) === 'sshd_config')!;
    const dropIn = path.join(path.dirname(main), 'conf.d', 'team.conf');
    fs.mkdirSync(path.dirname(dropIn), { recursive: true });
    fs.writeFileSync(dropIn, 'X11Forwarding no\n');
    fs.writeFileSync(main, `Include conf.d/*.conf\n${fs.readFileSync(main, 'utf8')}`);
    await client.initialize();
    await client.conn.sendRequest(LINT_FILES_REQUEST, { uris: filesUnder(dir).map(uriOf) });
    const uri = await client.open(dropIn, 'X11Forwarding no\n');
    await client.pushed(uri, () => true, 60000);
    const sorted = await typeYesNo(client, uri, 0, 'X11Forwarding '.length, EDITS / 2);
    const p95 = percentile(sorted, 95);
    return [{
      name: 'lsp change→diagnostics p95, 1,000-file workspace', value: p95, unit: 'ms', target: `< ${TARGET_P95_MS} ms`,
      met: p95 < TARGET_P95_MS,
      detail: `a 1-line drop-in of the workspace's sshd_config, ${EDITS / 2} edits ${GAP_MS} ms apart; p50 `
        + `${percentile(sorted, 50).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
    }];
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  Promise.all([measureLspLatency()]).then(async ([single]) => [...single, ...await measureWorkspaceLspLatency()]).then((results) => {
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(results));
    } else {
      for (const r of results) {
        console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit}${r.target ? ` (target ${r.target}: ${r.met ? 'ok' : 'MISSED'})` : ''}`);
        if (r.detail) console.log(`  ${r.detail}`);
      }
    }
  }, (e) => {
    console.error(`lsp latency benchmark failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  });
}
