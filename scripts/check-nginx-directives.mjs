// Checks the argument counts of core/nginx/directives.json against a real nginx: for every http/core directive the
// installed nginx knows, which of 0..8 arguments does `nginx -t` accept? Run after upgrading @nginx/reference-lib
// and regenerating the table; mismatches go into OVERRIDES in gen-nginx-directives.mjs when nginx is stricter.
//   node scripts/check-nginx-directives.mjs [path/to/nginx]     (Debian: apt-get install nginx-light)
// Last run (nginx 1.22.1, reference-lib 1.1.41): 0 directives where the table is stricter than nginx; 10 where it
// is more permissive (newer nginx versions, or exact maxima the docs do not give).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const nginx = process.argv[2] ?? '/usr/sbin/nginx';
const table = JSON.parse(readFileSync(path.join(root, 'core/nginx/directives.json'), 'utf8')).directives;
const dir = mkdtempSync(path.join(tmpdir(), 'hardlint-nginx-args-'));

const wrap = {
  main: (x) => `${x}\nevents {}\n`,
  events: (x) => `events { ${x} }\n`,
  http: (x) => `events {} http { ${x} }\n`,
  server: (x) => `events {} http { server { ${x} } }\n`,
  location: (x) => `events {} http { server { location / { ${x} } } }\n`,
  'if in location': (x) => `events {} http { server { location / { if ($a) { ${x} } } } }\n`,
  'if in server': (x) => `events {} http { server { if ($a) { ${x} } } }\n`,
  upstream: (x) => `events {} http { upstream u { server 127.0.0.1; ${x} } }\n`,
  limit_except: (x) => `events {} http { server { location / { limit_except GET { ${x} } } } }\n`,
};

function check(text) {
  writeFileSync(path.join(dir, 'nginx.conf'), text);
  const r = spawnSync(nginx, ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', `pid ${dir}/nginx.pid;`], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.stderr;
}

const stricter = [];
const looser = [];
let checked = 0;
for (const [name, entries] of Object.entries(table)) {
  for (const e of entries) {
    if (!(e.module.startsWith('ngx_http_') || e.module === 'Core functionality') || name === 'include') continue;
    const context = e.contexts.find((c) => wrap[c]);
    if (!context) continue;
    const accepted = [];
    let known = true;
    for (let n = 0; n <= 8 && known; n++) {
      const args = Array.from({ length: n }, (_, i) => ` a${i}`).join('');
      const err = check(wrap[context](e.block ? `${name}${args} { }` : `${name}${args};`));
      if (/unknown directive|is not allowed here|is not terminated|has no opening/.test(err)) known = false;
      else if (!/invalid number of arguments/.test(err)) accepted.push(n);
    }
    if (!known || accepted.length === 0) continue;
    checked++;
    const [min, max] = [e.args[0], e.args[1] ?? Infinity];
    const ours = Array.from({ length: 9 }, (_, n) => n >= min && n <= max);
    const theirs = Array.from({ length: 9 }, (_, n) => accepted.includes(n));
    if (theirs.some((ok, n) => ok && !ours[n])) stricter.push(`${name} (${e.module}): nginx accepts ${accepted.join(',')}, table ${min}..${e.args[1] ?? '∞'}`);
    else if (ours.some((ok, n) => ok && !theirs[n])) looser.push(`${name}: nginx accepts ${accepted.join(',')}, table ${min}..${e.args[1] ?? '∞'}`);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`${checked} directives checked against ${nginx}`);
console.log(`table stricter than nginx (fix these): ${stricter.length}\n  ${stricter.join('\n  ')}`);
console.log(`table more permissive (harmless): ${looser.length}\n  ${looser.join('\n  ')}`);
process.exit(stricter.length ? 1 : 0);
