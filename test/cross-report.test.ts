// `hardlint report`: the exposure map of examples/exposure as text, JSON and HTML (parsed back), and the HTML page
// rendered in a real headless Chromium (skipped with the reason when chromium is missing), with a screenshot.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join('examples', 'exposure');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function hardlint(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LANG: 'C' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonNode { kind: string; label: string; file?: string; line?: number; worst?: { ruleId: string; severity: string } }
interface JsonMap { files: string[]; ports: { port: number; paths: JsonNode[][]; worst?: { ruleId: string; severity: string; file: string; line: number } }[] }

const EXPECTED_PORTS = [22, 80, 443, 3000, 3001, 5432];

describe('hardlint report', () => {
  it('prints, per reachable port, the path and its worst finding (text)', () => {
    const run = hardlint(['report', EXAMPLE]);
    assert.equal(run.status, 0, run.stderr);
    const blocks = run.stdout.split(/\n(?=Port \d+\/tcp\n)/).slice(1);
    const byPort = new Map(blocks.map((b) => [Number(/^Port (\d+)/.exec(b)![1]), b]));
    assert.deepEqual([...byPort.keys()], EXPECTED_PORTS);
    // 80: firewall rule → nginx listener → server → proxy to the app, worst is the missing redirect.
    const port80 = byPort.get(80)!.split('\n').map((l) => l.trim());
    assert.deepEqual(port80.slice(1, 5).map((l) => l.replace(/\s+/g, ' ')), [
      '• firewall ufw allow 80/tcp [examples/exposure/firewall.sh:9]',
      '→ listener nginx listen 80 [examples/exposure/nginx/sites-enabled/shop.example.org:3]',
      '→ service nginx shop.example.org [examples/exposure/nginx/sites-enabled/shop.example.org:2]',
      '→ proxy proxy_pass http://127.0.0.1:3000 → app [examples/exposure/nginx/sites-enabled/shop.example.org:6]',
    ]);
    assert.match(byPort.get(80)!, /worst: error nginx\/missing-https-redirect \(examples\/exposure\/nginx\/sites-enabled\/shop\.example\.org:3\)/);
    // 5432 is reached past ufw through Docker.
    assert.match(byPort.get(5432)!, /• docker +Docker publishes past the firewall/);
    assert.match(byPort.get(22)!, /worst: error cross\/sshd-port-not-allowed/);
    assert.match(byPort.get(3000)!, /worst: warning cross\/proxied-port-exposed/);
  });

  it('takes text, html or json only, and says so', () => {
    const run = hardlint(['report', '-f', 'sarif', EXAMPLE]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--format must be text, html or json, not "sarif"/);
    assert.match(hardlint(['--help']).stdout, /hardlint report \[-f text\|html\|json\]/);
  });

  it('without a firewall file, shows what listens as reachable', () => {
    const run = hardlint(['report', path.join(EXAMPLE, 'sshd_config')]);
    assert.equal(run.status, 0, run.stderr);
    // sshd alone, with no firewall file: its port is reachable as far as these files tell.
    assert.match(run.stdout, /Port 2222\/tcp\n  • firewall  no firewall file among these files\n  → listener  sshd Port 2222/);
  });

  it('writes the same map as JSON', () => {
    const run = hardlint(['report', '-f', 'json', EXAMPLE]);
    const map = JSON.parse(run.stdout) as JsonMap;
    assert.deepEqual(map.ports.map((p) => p.port), EXPECTED_PORTS);
    assert.equal(map.files.length, 4);
    const p3001 = map.ports.find((p) => p.port === 3001)!;
    assert.deepEqual(p3001.paths[0].map((n) => [n.kind, n.file, n.line]), [
      ['docker', undefined, undefined], ['published', 'examples/exposure/docker-compose.yml', 14], ['service', 'examples/exposure/docker-compose.yml', 7],
    ]);
    assert.equal(p3001.worst?.severity, 'warning');
  });

  it('writes a self-contained HTML page whose diagram nodes link to file and line', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-report-')), 'exposure.html');
    const run = hardlint(['report', '-f', 'html', '-o', out, EXAMPLE]);
    assert.equal(run.status, 0, run.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /<script|<link |src="http|href="http/, 'no script and no external resource');
    const svg = /<svg[\s\S]*<\/svg>/.exec(html)?.[0];
    assert.ok(svg, 'an inline SVG diagram');
    assert.match(svg, />Internet</);
    const ports = [...svg.matchAll(/class="node port" data-port="(\d+)" data-severity="(\w+)"/g)].map((m) => [Number(m[1]), m[2]]);
    assert.deepEqual([...new Set(ports.map(([p]) => p))], EXPECTED_PORTS);
    assert.deepEqual(ports.find(([p]) => p === 22), [22, 'error']);
    assert.deepEqual(ports.find(([p]) => p === 443), [443, 'none']);
    const links = [...svg.matchAll(/<a href="([^"]+)" class="node (\w+)" data-severity="(\w+)" data-file="([^"]+)" data-line="(\d+)"/g)]
      .map((m) => ({ href: m[1], kind: m[2], severity: m[3], file: m[4], line: Number(m[5]) }));
    const firewall22 = links.find((l) => l.kind === 'firewall' && l.line === 7)!;
    assert.equal(firewall22.file, 'examples/exposure/firewall.sh');
    assert.equal(firewall22.severity, 'error');
    assert.equal(firewall22.href, `file://${path.join(ROOT, 'examples', 'exposure', 'firewall.sh')}#L7`);
    for (const l of links) {
      const target = decodeURIComponent(new URL(l.href).pathname);
      assert.ok(fs.existsSync(target), `${l.href} names a file`);
      assert.ok(l.line <= fs.readFileSync(target, 'utf8').split('\n').length);
    }
  });

  it('renders in headless Chromium, nodes linking to the files, and saves a screenshot', { skip: fs.existsSync(CHROMIUM) ? false : `needs chromium (${CHROMIUM}): apt-get install chromium` }, async () => {
    const dir = path.join(ROOT, '.cache', 'report');
    fs.mkdirSync(dir, { recursive: true });
    const page = path.join(dir, 'exposure.html');
    const run = hardlint(['report', '-f', 'html', '-o', page, EXAMPLE]);
    assert.equal(run.status, 0, run.stderr);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      const tab = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      await tab.goto(`file://${page}`);
      const svg = tab.locator('svg[aria-label="Exposure diagram"]');
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 600 && box.height > 100, `the diagram has a size: ${JSON.stringify(box)}`);
      const ports = await tab.locator('g.node.port text').allTextContents();
      assert.deepEqual([...new Set(ports)], EXPECTED_PORTS.map((p) => `${p}/tcp`));
      // Each linked node is visible and its link names a file and line of the example.
      const links = tab.locator('svg a.node');
      const count = await links.count();
      assert.ok(count >= 10, `${count} linked nodes`);
      for (let i = 0; i < count; i++) {
        const a = links.nth(i);
        assert.ok(await a.isVisible());
        const href = await a.getAttribute('href');
        assert.match(href ?? '', /^file:\/\/.*examples\/exposure\/.+#L\d+$/);
      }
      // Colour by severity: the error node of port 22's firewall rule is drawn in the error colour.
      const stroke = await tab.locator('svg a.node.firewall[data-line="7"] rect').getAttribute('stroke');
      assert.equal(stroke, '#c62828');
      const shot = path.join(dir, 'exposure.png');
      await tab.screenshot({ path: shot, fullPage: true });
      assert.ok(fs.statSync(shot).size > 5000, 'a screenshot was written');
    } finally {
      await browser.close();
    }
  });
});
