// Micro-benchmark of the nginx model on a generated 10,000+ line configuration (main file + one include per site):
// lexing, parsing, include resolution with contexts, and inheritance evaluation of every server and location.
// Also measures the start-up cost of the directive table against importing @nginx/reference-lib itself.
//   node out/bench/nginx-parse.js [--lines 12000] [--runs 31]
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { effective } from '../core/nginx/inherit';
import { tokenize } from '../core/nginx/tokenizer';
import { Directive, loadNginx, parseNginxFile, walk } from '../core/nginx/tree';
import { memoryHost } from '../core/host';

export interface NginxBenchResult {
  name: string;
  bytes: number;
  lines: number;
  medianMs: number;
  minMs: number;
  mbPerSec: number;
  /** Median CPU time of a run (user + system, all threads): what an idle core gives on a shared machine. */
  cpuMedianMs: number;
  cpuMbPerSec: number;
}

export interface NginxStartupResult {
  /** Fresh `node` process: require the directive table and answer one lookup. */
  tableMs: number;
  /** Fresh `node` process: import @nginx/reference-lib and list its directives. */
  referenceLibMs: number;
  /** Fresh `node` process doing nothing, subtracted from both. */
  baselineMs: number;
}

/** One site: a redirecting port-80 server and a TLS server with headers, locations, an if, a proxy and Lua. */
function site(i: number): string {
  return `# site ${i}
server {
    listen 80;
    server_name site${i}.example.com www.site${i}.example.com;
    location /.well-known/acme-challenge/ { root /var/www/_letsencrypt; }
    location / { return 301 https://$host$request_uri; }
}
server {
    listen 443 ssl http2;
    server_name site${i}.example.com;
    root /var/www/site${i}/public;
    ssl_certificate /etc/letsencrypt/live/site${i}/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/site${i}/privkey.pem;
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; script-src 'self' 'unsafe-inline'" always;
    add_header X-Content-Type-Options nosniff always;
    location / {
        try_files $uri $uri/ /index.php?$query_string;
    }
    location ~* \\.(?:css|js|woff2?|svg|png|jpe?g|gif|ico)$ {
        expires 7d;
        add_header Cache-Control "public, max-age=604800";
        access_log off;
    }
    location ~ \\.php$ {
        if ($request_method !~ ^(GET|HEAD|POST)$) { return 405; }
        fastcgi_pass unix:/run/php/php8.2-fpm.sock;
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        include fastcgi_params;
    }
    location /api/ {
        proxy_pass http://backend${i % 7}/;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
    location = /status {
        stub_status;
        allow 127.0.0.1;
        deny all;
    }
    location /lua {
        content_by_lua_block {
            local t = { ok = "}" }  -- braces in strings do not count
            ngx.say(t.ok)
        }
    }
}
`;
}

function mainFile(sites: number): string {
  let upstreams = '';
  for (let u = 0; u < 7; u++) upstreams += `    upstream backend${u} {\n        server 10.0.${u}.1:8080 weight=5;\n        server 10.0.${u}.2:8080 backup;\n        keepalive 16;\n    }\n`;
  return `user www-data;
worker_processes auto;
events { worker_connections 1024; }
http {
    server_tokens off;
    include mime.types;
    default_type application/octet-stream;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" '
                    '"$http_user_agent" "$http_x_forwarded_for"';
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_tickets off;
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
${upstreams}    include sites-enabled/*.conf;
}
# ${sites} sites
`;
}

/** A generated configuration of at least `lines` lines: main nginx.conf plus sites-enabled/site-N.conf files. */
export function generateConfig(lines: number): Record<string, string> {
  const files: Record<string, string> = {
    '/etc/nginx/mime.types': 'types {\n    text/html html htm;\n    text/css css;\n    application/javascript js;\n}\n',
    '/etc/nginx/fastcgi_params': 'fastcgi_param QUERY_STRING $query_string;\nfastcgi_param REQUEST_METHOD $request_method;\n',
  };
  const perSite = site(0).split('\n').length - 1;
  const sites = Math.ceil(lines / perSite);
  files['/etc/nginx/nginx.conf'] = mainFile(sites);
  for (let i = 0; i < sites; i++) files[`/etc/nginx/sites-enabled/site-${String(i).padStart(4, '0')}.conf`] = site(i);
  return files;
}

function time(runs: number, fn: () => void): { median: number; min: number; cpu: number } {
  for (let w = 0; w < 3; w++) fn(); // warm-up: the JIT compiles on other threads during the first runs
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { median: samples[samples.length >> 1], min: samples[0], cpu: cpu[cpu.length >> 1] };
}

export function runNginxParseBench(opts: { lines?: number; runs?: number } = {}): NginxBenchResult[] {
  const files = generateConfig(opts.lines ?? 10_000);
  const runs = opts.runs ?? 31;
  const texts = Object.entries(files);
  const bytes = texts.reduce((n, [, t]) => n + Buffer.byteLength(t), 0);
  const lines = texts.reduce((n, [, t]) => n + t.split('\n').length - 1, 0);
  const host = memoryHost(files);
  const result = (name: string, t: { median: number; min: number; cpu: number }): NginxBenchResult => ({
    name, bytes, lines, medianMs: t.median, minMs: t.min, mbPerSec: bytes / 1e6 / (t.median / 1000),
    cpuMedianMs: t.cpu, cpuMbPerSec: bytes / 1e6 / (t.cpu / 1000),
  });

  let sink = 0;
  const out = [
    result('nginx: tokenize', time(runs, () => { for (const [, t] of texts) sink += tokenize(t).tokens.length; })),
    result('nginx: parse statements', time(runs, () => { for (const [p, t] of texts) sink += parseNginxFile(p, t).statements.length; })),
    result('nginx: load tree (includes, contexts)', time(runs, () => {
      sink += loadNginx('/etc/nginx/nginx.conf', files['/etc/nginx/nginx.conf'], host).files.size;
    })),
    result('nginx: load + inheritance of every server/location', time(runs, () => {
      const config = loadNginx('/etc/nginx/nginx.conf', files['/etc/nginx/nginx.conf'], host);
      walk(config, (d: Directive) => {
        if (d.name !== 'server' && d.name !== 'location') return;
        sink += effective(d, 'add_header').directives.length + effective(d, 'server_tokens').directives.length
          + effective(d, 'ssl_protocols').directives.length + effective(d, 'proxy_set_header').directives.length;
      });
    })),
  ];
  if (sink < 0) console.log(sink);
  return out;
}

/** Start-up cost of the directive knowledge, each in a fresh process (median of `runs`). */
export function measureDirectiveStartup(runs = 7): NginxStartupResult {
  const root = path.resolve(__dirname, '..', '..');
  const median = (script: string, type: 'commonjs' | 'module'): number => {
    const samples: number[] = [];
    for (let r = 0; r < runs; r++) {
      const res = spawnSync(process.execPath, ['--input-type=' + type, '-e', script], { cwd: root, encoding: 'utf8' });
      if (res.status !== 0) throw new Error(res.stderr);
      samples.push(Number(res.stdout.trim()));
    }
    return samples.sort((a, b) => a - b)[samples.length >> 1];
  };
  const clock = 'const t0 = performance.now();';
  const table = path.join(root, 'out/core/nginx/directives.js');
  return {
    baselineMs: median(`${clock} console.log(performance.now() - t0)`, 'commonjs'),
    tableMs: median(`${clock} const d = require(${JSON.stringify(table)}); d.isKnown('add_header'); console.log(performance.now() - t0)`, 'commonjs'),
    referenceLibMs: median(`${clock} const m = await import('@nginx/reference-lib'); m.getDirectives(1); console.log(performance.now() - t0)`, 'module'),
  };
}

if (require.main === module) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const results = runNginxParseBench({ lines: arg('--lines', 10_000), runs: arg('--runs', 31) });
  const { bytes, lines } = results[0];
  console.log(`nginx model on ${lines} lines, ${(bytes / 1e6).toFixed(2)} MB (main file + ${Math.ceil(lines / 57)} includes)`);
  for (const r of results) {
    console.log(`  ${r.name.padEnd(52)} median ${r.medianMs.toFixed(1).padStart(6)} ms  min ${r.minMs.toFixed(1).padStart(6)} ms  ${r.mbPerSec.toFixed(1).padStart(6)} MB/s`
      + `  CPU ${r.cpuMedianMs.toFixed(1).padStart(6)} ms ${r.cpuMbPerSec.toFixed(1).padStart(6)} MB/s`);
  }
  const s = measureDirectiveStartup();
  console.log(`  directive table, fresh process: ${(s.tableMs - s.baselineMs).toFixed(1)} ms; `
    + `importing @nginx/reference-lib instead: ${(s.referenceLibMs - s.baselineMs).toFixed(1)} ms`);
}
