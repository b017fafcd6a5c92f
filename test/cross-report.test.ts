// `hardlint report`: the exposure map of examples/exposure as text, JSON and HTML (parsed back), in English and in
// French (--lang, LANG), and the HTML page rendered in a real headless Chromium (skipped with the reason when chromium
// is missing), with a screenshot.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CORE_MESSAGES } from '../core/l10n';
import { EXPOSURE_STEPS } from '../core/workspace/exposure';
import { ROOT } from './helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join('examples', 'exposure');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function hardlint(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LANG: 'C', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonNode { kind: string; label: string; labelId?: string; file?: string; line?: number; worst?: { ruleId: string; severity: string } }
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

  it('speaks French with --lang fr: headings, kinds, step sentences, counts; the files\' words as written', () => {
    const run = hardlint(['report', '--lang', 'fr', EXAMPLE]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Accessibles depuis l\'extérieur (6 ports, 4 fichiers) :');
    const blocks = run.stdout.split(/\n(?=Port \d+\/tcp\n)/).slice(1);
    const byPort = new Map(blocks.map((b) => [Number(/^Port (\d+)/.exec(b)![1]), b]));
    assert.deepEqual([...byPort.keys()], EXPECTED_PORTS);
    assert.deepEqual(byPort.get(80)!.split('\n').slice(1, 5).map((l) => l.trim().replace(/\s+/g, ' ')), [
      '• pare-feu ufw allow 80/tcp [examples/exposure/firewall.sh:9]',
      '→ écoute nginx listen 80 [examples/exposure/nginx/sites-enabled/shop.example.org:3]',
      '→ service nginx shop.example.org [examples/exposure/nginx/sites-enabled/shop.example.org:2]',
      '→ proxy proxy_pass http://127.0.0.1:3000 → app [examples/exposure/nginx/sites-enabled/shop.example.org:6]',
    ]);
    assert.match(byPort.get(80)!, /\n {2}le plus grave : erreur nginx\/missing-https-redirect \(examples\/exposure\/nginx\/sites-enabled\/shop\.example\.org:3\): Ce serveur/);
    assert.match(byPort.get(443)!, /\n {2}le plus grave : aucun problème\n/);
    assert.match(byPort.get(5432)!, /\n {2}• docker +Docker publie en contournant le pare-feu\n {2}→ publié +ports: 5432:5432/);
    assert.match(byPort.get(22)!, /→ service +rien dans ces fichiers n'écoute ici\n/);
    for (const id of EXPOSURE_STEPS) assert.ok(!run.stdout.includes(CORE_MESSAGES[id]), `English step "${CORE_MESSAGES[id]}"`);
    assert.doesNotMatch(run.stdout, /\bworst:|Reachable from outside|no finding|^ {2}[•→] (firewall|listener|published) /m);
    // sshd alone (no firewall file), and the locale from LANG when there is no --lang.
    const alone = hardlint(['report', path.join(EXAMPLE, 'sshd_config')], { LANG: 'fr_FR.UTF-8' });
    assert.equal(alone.stdout, 'Accessibles depuis l\'extérieur (1 port, 1 fichier) :\n\nPort 2222/tcp\n'
      + '  • pare-feu aucun fichier de pare-feu parmi ces fichiers\n  → écoute   sshd Port 2222  [examples/exposure/sshd_config:6]\n'
      + '  → service  sshd\n  le plus grave : aucun problème\n');
    const none = hardlint(['report', '--lang', 'fr', 'test/fixtures/firewall/broad-port-range/bad']);
    assert.equal(none.stdout, 'Rien n\'est accessible depuis l\'extérieur dans ces fichiers (1 fichier).\n');
  });

  it('keeps its English words without --lang under an English or C locale', () => {
    const run = hardlint(['report', EXAMPLE], { LANG: 'en_US.UTF-8' });
    assert.equal(run.stdout, hardlint(['report', '--lang', 'en', EXAMPLE], { LANG: 'fr_FR.UTF-8' }).stdout);
    assert.equal(run.stdout.split('\n')[0], 'Reachable from outside (6 ports, 4 files):');
    assert.match(run.stdout, /\n {2}worst: no finding\n/);
    assert.match(run.stdout, /\n {2}→ service {3}nothing in these files listens here\n/);
    assert.equal(hardlint(['report', 'test/fixtures/firewall/broad-port-range/bad']).stdout, 'Nothing is reachable from outside in these files (1 file).\n');
  });

  it('writes the HTML page in French with --lang fr (JSON labels stay English, with their message ids)', () => {
    const run = hardlint(['report', '-f', 'html', EXAMPLE], { LANG: 'fr_FR.UTF-8' });
    assert.equal(run.status, 0, run.stderr);
    const html = run.stdout;
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<title>Carte d&#39;exposition hardlint<\/title>/);
    assert.match(html, /<p>Accessibles depuis l&#39;extérieur \(6 ports, 4 fichiers\) : <code>examples\/exposure\/docker-compose.yml<\/code>/);
    assert.match(html, /<svg [^>]*aria-label="Diagramme d&#39;exposition"/);
    assert.match(html, /<th>Port<\/th><th>Chemin<\/th><th>Problème le plus grave<\/th>/);
    assert.match(html, /class="kind">pare-feu · firewall.sh:7</);
    assert.match(html, /<title>docker: Docker publie en contournant le pare-feu<\/title>/);
    assert.match(html, /<li>Docker publie en contournant le pare-feu → ports: 5432:5432 <code>/);
    assert.match(html, /<span class="sev error">erreur<\/span> <code>compose\/sensitive-port-exposed<\/code> db publie PostgreSQL/);
    for (const id of EXPOSURE_STEPS) assert.ok(!html.includes(CORE_MESSAGES[id]), `English step "${CORE_MESSAGES[id]}"`);
    assert.doesNotMatch(html, /Worst finding|no finding|reachable from outside|Exposure diagram|class="kind">(firewall|listener|published)/);

    const json = JSON.parse(hardlint(['report', '-f', 'json', '--lang', 'fr', EXAMPLE]).stdout) as JsonMap;
    const docker = json.ports.find((p) => p.port === 5432)!.paths[0][0];
    assert.deepEqual([docker.kind, docker.label, docker.labelId], ['docker', 'Docker publishes past the firewall', 'exposureDockerBypass']);
    const labelled = json.ports.flatMap((p) => p.paths.flat()).filter((n) => n.labelId);
    assert.ok(labelled.length >= 3);
    for (const n of labelled) assert.equal(n.label, CORE_MESSAGES[n.labelId as keyof typeof CORE_MESSAGES]);
  });

  it('takes text, html or json only, and says so', () => {
    const run = hardlint(['report', '-f', 'sarif', EXAMPLE]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--format must be text, html or json, not "sarif"/);
    assert.match(hardlint(['--help']).stdout, /hardlint report \[-f text\|html\|json\]/);
  });

  it('on a Debian layout (sites-enabled/x a link to sites-available/x), shows each listener once, by address, with its finding', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-report-links-'));
    try {
      fs.mkdirSync(path.join(dir, 'nginx', 'sites-available'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'nginx', 'sites-enabled'));
      fs.writeFileSync(path.join(dir, 'nginx', 'nginx.conf'), 'events {}\nhttp {\n  server_tokens off;\n  include sites-enabled/*;\n}\n');
      fs.writeFileSync(path.join(dir, 'nginx', 'sites-available', 'default'),
        'server {\n  listen 80 default_server;\n  listen [::]:80 default_server;\n  root /var/www/html;\n}\n');
      fs.symlinkSync('../sites-available/default', path.join(dir, 'nginx', 'sites-enabled', 'default'));
      const r = spawnSync(process.execPath, [CLI, 'report', '-f', 'json', '.'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const map = JSON.parse(r.stdout) as JsonMap;
      const listeners = map.ports.find((p) => p.port === 80)!.paths.map((nodes) => nodes.find((n) => n.kind === 'listener')!);
      assert.deepEqual(listeners.map((n) => [n.label, n.file, n.line]),
        [['nginx listen 80', 'nginx/sites-enabled/default', 2], ['nginx listen [::]:80', 'nginx/sites-enabled/default', 3]]);
      // Linted once, as sites-available/default: its finding still shows on the step nginx reads as sites-enabled/default.
      assert.equal(listeners[0].worst?.ruleId, 'nginx/missing-https-redirect');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
