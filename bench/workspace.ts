// Workspace model: building the cross-file model of 1,000 config files of one host (sshd_config and drop-ins, nginx.conf
// and its sites, ufw/iptables/nft firewall files, compose stacks) the way `hardlint report` and a mixed CLI run do —
// finding and reading the files, parsing them into the model, the cross-file rules and the exposure map — against the
// target of issue #7 (< 1 s), then `node dist/cli.js report <folder>` end to end (every rule of every file included).
// The files come from templates and from ../shared/corpus (copied into a temporary folder, never into the repo).
// Run alone: `node out/bench/workspace.js [--json]` (after npm run build and tsc -p tsconfig.test.json); its own process
// so that the first build is measured cold, as a CLI run sees it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultConfig } from '../core/config';
import { detectFileKind, expandPaths } from '../core/files';
import { nodeFileHost, runFileHost } from '../core/host';
import type { Finding, Kind } from '../core/types';
import { createCrossContext } from '../core/workspace/cross';
import { exposureMap } from '../core/workspace/exposure';
import { buildWorkspace, WorkspaceFile } from '../core/workspace/model';
import { RULES } from '../rules';

export const TARGET_MS = 1000;
export const FILE_COUNT = 1000;
const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CROSS_RULES = RULES.filter((r) => r.meta.family === 'cross');
const STAGE_NAMES = { find: 'find+read', model: 'model', cross: 'cross rules', exposure: 'exposure map' };

export interface WorkspaceResult { name: string; value: number; cpu?: number; unit: string; target?: string; met?: boolean; detail?: string }

// ---- the workload ---------------------------------------------------------------------------------------------------

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  }).sort();
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const pad = (i: number, n = 3) => String(i).padStart(n, '0');

function sshdDropIn(i: number): string {
  const lines = [`# Managed by config management: policy ${i}`];
  switch (i % 4) {
    case 0:
      lines.push(`Match Group sftp-team${i}`, `    ChrootDirectory /srv/sftp/team${i}`, '    ForceCommand internal-sftp',
        '    AllowTcpForwarding no', '    X11Forwarding no', '    PermitTTY no');
      break;
    case 1:
      lines.push(`Match User deploy${i} Address 10.${i % 250}.0.0/16`, '    PasswordAuthentication no', '    AllowAgentForwarding no',
        `    AuthorizedKeysFile /etc/ssh/authorized_keys/deploy${i}`);
      break;
    case 2:
      lines.push('ClientAliveInterval 300', 'ClientAliveCountMax 2', 'LoginGraceTime 30', `MaxStartups 10:30:${60 + (i % 30)}`);
      break;
    default:
      lines.push('KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org',
        'Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com',
        'MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com');
  }
  return lines.join('\n') + '\n';
}

const NGINX_MAIN = `user www-data;
worker_processes auto;
pid /run/nginx.pid;

events {
    worker_connections 1024;
}

http {
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    types_hash_max_size 2048;
    default_type application/octet-stream;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;
    access_log /var/log/nginx/access.log;
    error_log /var/log/nginx/error.log;
    gzip on;
    include conf.d/*.conf;
    include sites-enabled/*;
}
`;

/** A site of four kinds in turn: TLS with a redirect and a loopback backend, an upstream of compose services, plain HTTP, PHP. */
function nginxSite(i: number, backendPort: number, service: string): string {
  const name = `app${i}.example.org`;
  const tls = `    ssl_certificate /etc/letsencrypt/live/${name}/fullchain.pem;\n    ssl_certificate_key /etc/letsencrypt/live/${name}/privkey.pem;\n`
    + '    add_header Strict-Transport-Security "max-age=63072000" always;\n    add_header X-Content-Type-Options nosniff always;\n'
    + '    add_header X-Frame-Options DENY always;\n';
  const proxyHeaders = '        proxy_set_header Host $host;\n        proxy_set_header X-Real-IP $remote_addr;\n'
    + '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n        proxy_set_header X-Forwarded-Proto $scheme;\n';
  switch (i % 4) {
    case 0:
      return `server {\n    listen 80;\n    listen [::]:80;\n    server_name ${name};\n    return 301 https://$host$request_uri;\n}\n\n`
        + `server {\n    listen 443 ssl;\n    listen [::]:443 ssl;\n    http2 on;\n    server_name ${name};\n${tls}`
        + `    location / {\n        proxy_pass http://127.0.0.1:${backendPort};\n${proxyHeaders}    }\n`
        + '    location /static/ {\n        alias /srv/static/;\n        expires 7d;\n    }\n}\n';
    case 1:
      return `upstream backend_${i} {\n    server ${service}:3000;\n    keepalive 16;\n}\n\n`
        + `server {\n    listen 443 ssl;\n    server_name ${name};\n${tls}`
        + `    location / {\n        proxy_pass http://backend_${i};\n${proxyHeaders}    }\n`
        + '    location = /healthz {\n        access_log off;\n        return 200 "ok";\n    }\n}\n';
    case 2:
      return `# Internal status page, plain HTTP\nserver {\n    listen ${8000 + (i % 100)};\n    server_name status${i}.internal;\n`
        + `    root /srv/status/${i};\n    index index.html;\n    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n`;
    default:
      return `server {\n    listen 443 ssl;\n    server_name ${name};\n${tls}    root /var/www/${name};\n    index index.php;\n`
        + '    location / {\n        try_files $uri $uri/ /index.php?$args;\n    }\n'
        + '    location ~ \\.php$ {\n        include fastcgi_params;\n        fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n'
        + '        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n    }\n'
        + '    location ~ /\\.(?!well-known) {\n        deny all;\n    }\n}\n';
  }
}

function ufwScript(i: number, port: number): string {
  return `#!/bin/sh\n# Firewall for service ${i}\nset -e\nufw default deny incoming\nufw default allow outgoing\n`
    + `ufw allow from 10.${i % 250}.0.0/16 to any port 22 proto tcp\nufw allow ${port}/tcp\n`
    + `ufw allow from 192.168.${i % 250}.0/24 to any port ${9100 + (i % 50)} proto tcp\nufw limit 2222/tcp\nufw --force enable\n`;
}

function iptablesRules(i: number, port: number): string {
  return `# Generated by iptables-save\n*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n`
    + '-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n'
    + `-A INPUT -s 10.${i % 250}.0.0/16 -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -p tcp -m tcp --dport ${port} -j ACCEPT\n`
    + `-A INPUT -s 192.168.${i % 250}.0/24 -p tcp -m multiport --dports 9100,9113 -j ACCEPT\n-A INPUT -p icmp -j ACCEPT\nCOMMIT\n`;
}

function nftRules(i: number, port: number): string {
  return `#!/usr/sbin/nft -f\nflush ruleset\n\ntable inet filter${i} {\n    chain input {\n        type filter hook input priority 0; policy drop;\n`
    + '        iif lo accept\n        ct state established,related accept\n'
    + `        ip saddr 10.${i % 250}.0.0/16 tcp dport 22 accept\n        tcp dport ${port} accept\n        ip saddr 192.168.${i % 250}.0/24 tcp dport { 9100, 9113 } accept\n    }\n`
    + '    chain forward {\n        type filter hook forward priority 0; policy drop;\n    }\n}\n';
}

/** A compose stack: an app, its database and cache, and (every fifth) an nginx container with its site mounted. */
function composeStack(i: number, appPort: number): { compose: string; nginx?: string } {
  const published = i % 3 === 0 ? `"${appPort}:3000"` : `"127.0.0.1:${appPort}:3000"`;
  const withNginx = i % 5 === 0;
  let compose = `name: stack${i}\nservices:\n  app${i}:\n    image: ghcr.io/example/app${i}:1.${i % 20}.0\n    restart: unless-stopped\n`
    + `    ports:\n      - ${published}\n    environment:\n      DATABASE_URL: postgres://app@db${i}:5432/app\n      REDIS_URL: redis://cache${i}:6379\n`
    + `    depends_on:\n      - db${i}\n      - cache${i}\n    read_only: true\n    security_opt:\n      - no-new-privileges:true\n`
    + `  db${i}:\n    image: postgres:16.${i % 4}\n    restart: unless-stopped\n    volumes:\n      - db${i}-data:/var/lib/postgresql/data\n`
    + (i % 7 === 0 ? `    ports:\n      - "${5400 + (i % 100)}:5432"\n` : '')
    + `  cache${i}:\n    image: redis:7.2.${i % 5}\n    restart: unless-stopped\n    command: ["redis-server", "--appendonly", "yes"]\n`;
  if (withNginx) {
    compose += `  web${i}:\n    image: nginx:1.25.4\n    restart: unless-stopped\n    ports:\n      - "${8000 + i}:80"\n`
      + '    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n';
  }
  compose += `volumes:\n  db${i}-data:\n`;
  const nginx = withNginx
    ? `server {\n    listen 80;\n    server_name stack${i}.example.org;\n    location / {\n        proxy_pass http://app${i}:3000;\n`
      + '        proxy_set_header Host $host;\n    }\n}\n'
    : undefined;
  return { compose, nginx };
}

/** Writes `count` config files of one host under `dir`; returns how many of each kind. */
export function buildWorkspaceFolder(dir: string, count = FILE_COUNT): Record<Kind, number> {
  const written = new Set<string>();
  const put = (rel: string, text: string) => {
    if (written.size >= count) return;
    write(path.join(dir, rel), text);
    written.add(rel);
  };
  const corpus = (sub: string, keep: (f: string) => boolean) => walk(path.join(CORPUS, sub)).filter((f) => !/(SOURCES\.md|LICENSE[^/]*)$/.test(f) && keep(f));
  // sshd: Debian's sshd_config (it includes sshd_config.d/*.conf) and 60 drop-ins, the corpus's first.
  const sshdMain = path.join(CORPUS, 'sshd', 'defaults', 'debian12_openssh-server_9.2p1-2+deb12u10_sshd_config');
  put('ssh/sshd_config', fs.existsSync(sshdMain) ? fs.readFileSync(sshdMain, 'utf8') : 'Include /etc/ssh/sshd_config.d/*.conf\nPort 22\n');
  const dropIns = corpus('sshd', (f) => /sshd_config\.d\/|_config\.d\/|50-cloud-init\.conf$/.test(f));
  dropIns.forEach((f, i) => put(`ssh/sshd_config.d/${pad(i, 2)}-${path.basename(f)}`, fs.readFileSync(f, 'utf8')));
  for (let i = dropIns.length; i < 60; i++) put(`ssh/sshd_config.d/${pad(i, 2)}-policy.conf`, sshdDropIn(i));
  // nginx: one nginx.conf, the corpus's site files in conf.d/, generated sites in sites-enabled/.
  put('nginx/nginx.conf', NGINX_MAIN);
  const sites = corpus('nginx/good', (f) => /(vhosts|sites-available|conf\.d\/templates)\/[^/]+\.conf$/.test(f));
  sites.forEach((f, i) => put(`nginx/conf.d/${pad(i, 2)}-${path.basename(f)}`, fs.readFileSync(f, 'utf8')));
  // firewall: the corpus files hardlint reads as firewall files (by name or content), then generated ones.
  for (const f of corpus('firewall', () => true)) {
    const rel = `firewall/corpus/${path.basename(f)}`;
    put(rel, fs.readFileSync(f, 'utf8'));
    if (written.has(rel) && detectFileKind(path.join(dir, rel)) !== 'firewall') {
      fs.rmSync(path.join(dir, rel));
      written.delete(rel);
    }
  }
  // The edge: what the Internet reaches on this host (the generated firewall files below open one service port each).
  put('firewall/edge.sh', '#!/bin/sh\n# Edge firewall\nufw default deny incoming\nufw default allow outgoing\nufw limit 22/tcp\n'
    + 'ufw allow 80/tcp\nufw allow 443/tcp\nufw --force enable\n');
  // compose: the corpus's awesome-compose stacks.
  for (const f of corpus('compose/awesome-compose', (x) => /\.ya?ml$/.test(x))) {
    put(`compose/awesome/${path.basename(path.dirname(f))}/${path.basename(f)}`, fs.readFileSync(f, 'utf8'));
  }
  // The rest in turn: a site, a compose stack (with its nginx site every fifth), a firewall file.
  for (let i = 0; written.size < count; i++) {
    const port = 3000 + (i % 900);
    put(`nginx/sites-enabled/${pad(i)}-app${i}.example.org`, nginxSite(i, port, `app${i}`));
    const stack = composeStack(i, port);
    put(`compose/stack${pad(i)}/compose.yaml`, stack.compose);
    if (stack.nginx) put(`compose/stack${pad(i)}/nginx/default.conf`, stack.nginx);
    if (i % 2 === 0) {
      const fw = i % 6 === 0 ? ['rules', iptablesRules] as const : i % 6 === 2 ? ['nft', nftRules] as const : ['sh', ufwScript] as const;
      put(`firewall/generated/${pad(i)}-host.${fw[0]}`, fw[1](i, port));
    }
  }
  const kinds: Record<Kind, number> = { sshd: 0, nginx: 0, firewall: 0, compose: 0 };
  for (const rel of written) {
    const kind = detectFileKind(path.join(dir, rel));
    if (!kind) throw new Error(`bench workload: ${rel} is not read by hardlint`);
    kinds[kind]++;
  }
  return kinds;
}

// ---- the measurement ------------------------------------------------------------------------------------------------

const STAGES = ['find', 'model', 'cross', 'exposure'] as const;
type Stage = typeof STAGES[number];

/** Wall and CPU time of each stage and in all, in ms. */
interface Build { wall: Record<Stage | 'total', number>; cpu: Record<Stage | 'total', number>; ports: number; findings: number }

/** What `hardlint report` does before linting each file with every rule: find, read, model, cross rules, map. */
function buildOnce(dir: string): Build {
  const wall = { find: 0, model: 0, cross: 0, exposure: 0, total: 0 };
  const cpu = { ...wall };
  let t = performance.now();
  let c = process.cpuUsage();
  const done = (stage: Stage) => {
    const now = performance.now();
    const used = process.cpuUsage(c);
    wall[stage] = now - t;
    cpu[stage] = (used.user + used.system) / 1000;
    t = now;
    c = process.cpuUsage();
  };
  const host = runFileHost(nodeFileHost());
  const config = defaultConfig();
  const files: WorkspaceFile[] = [];
  for (const f of expandPaths([dir], dir).files) {
    const kind = detectFileKind(f.abs);
    const text = kind && host.readFile(f.abs);
    if (kind && text !== undefined) files.push({ path: f.abs, text, kind });
  }
  done('find');
  const workspace = buildWorkspace(files, () => ({ host, config }));
  done('model');
  // The cross rules alone (lint() would also parse each file for its own family's rules, which is not model work).
  const findings = new Map<string, Finding[]>();
  let count = 0;
  for (const f of files) {
    const context = createCrossContext(f, workspace);
    const found: Finding[] = [];
    for (const rule of CROSS_RULES) {
      rule.check(context, (r) => found.push({ ruleId: rule.meta.id, severity: r.severity ?? rule.meta.severity, message: r.messageId,
        range: r.range, fixes: [], related: [] }));
    }
    findings.set(f.path, found);
    count += found.length;
  }
  done('cross');
  const map = exposureMap(workspace, findings);
  done('exposure');
  for (const s of STAGES) {
    wall.total += wall[s];
    cpu.total += cpu[s];
  }
  return { wall, cpu, ports: map.ports.length, findings: count };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** `node dist/cli.js report <dir>`: wall time and the CPU time of the child (from the shell's `times`), in ms. */
function timeCliReport(dir: string): { wall: number; cpu: number; status: number | null; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', '"$@" >/dev/null 2>&1; st=$?; times; exit $st', 'sh', process.execPath, CLI, 'report', dir], { encoding: 'utf8' });
  const wall = performance.now() - t0;
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { wall, cpu: secs.reduce((a, b) => a + b, 0) * 1000, status: r.status, stderr: r.stderr };
}

export function benchWorkspace(runs = 5): WorkspaceResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-bench-workspace-'));
  try {
    const kinds = buildWorkspaceFolder(dir);
    const mix = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ');
    // Measured in a process of its own: writing the files ran kind detection here, which warms the parsers up.
    const child = spawnSync(process.execPath, [__filename, '--measure', dir, String(runs)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`workspace measurement failed (${child.status}): ${child.stderr}`);
    const [cold, ...warm] = JSON.parse(child.stdout) as Build[];
    const wallOf = (stage: Stage | 'total') => median(warm.map((b) => b.wall[stage]));
    const cpuOf = (stage: Stage | 'total') => median(warm.map((b) => b.cpu[stage]));
    const stages = (wall: (s: Stage) => number, cpu: (s: Stage) => number) => STAGES
      .map((s) => `${STAGE_NAMES[s]} ${wall(s).toFixed(0)}/${cpu(s).toFixed(0)}`).join(', ');
    const results: WorkspaceResult[] = [
      { name: `workspace model, ${FILE_COUNT} files (first build)`, value: cold.wall.total, cpu: cold.cpu.total, unit: 'ms', target: `< ${TARGET_MS} ms`,
        met: cold.wall.total < TARGET_MS,
        detail: `${mix}; a fresh process, ms wall/CPU: ${stages((s) => cold.wall[s], (s) => cold.cpu[s])}; `
          + `${cold.findings} cross findings, ${cold.ports} reachable ports` },
      { name: `workspace model, ${FILE_COUNT} files (warm)`, value: wallOf('total'), cpu: cpuOf('total'), unit: 'ms', target: `< ${TARGET_MS} ms`,
        met: wallOf('total') < TARGET_MS,
        detail: `median of ${runs} after the first, ms wall/CPU: ${stages(wallOf, cpuOf)}` },
    ];
    if (fs.existsSync(CLI)) {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = timeCliReport(dir);
        if (r.status !== 0) throw new Error(`hardlint report failed (${r.status}): ${r.stderr}`);
        wall.push(r.wall);
        cpu.push(r.cpu);
      }
      results.push({ name: `cli report, ${FILE_COUNT} files`, value: median(wall), cpu: median(cpu), unit: 'ms',
        detail: `node dist/cli.js report <folder>, median of 3: start-up and every rule of every file included` });
    }
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const measure = process.argv.indexOf('--measure');
  if (measure >= 0) {
    const [dir, runs] = [process.argv[measure + 1], Number(process.argv[measure + 2])];
    const builds: Build[] = [];
    for (let i = 0; i <= runs; i++) builds.push(buildOnce(dir));
    console.log(JSON.stringify(builds));
  } else {
    const results = benchWorkspace();
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(results));
    } else {
      for (const r of results) {
        console.log(`${r.name}: ${r.value.toFixed(0)} ${r.unit} wall${r.cpu !== undefined ? `, ${r.cpu.toFixed(0)} ${r.unit} CPU` : ''}`
          + `${r.target ? ` (target ${r.target}: ${r.met ? 'ok' : 'MISSED'})` : ''}`);
        if (r.detail) console.log(`  ${r.detail}`);
      }
    }
  }
}
