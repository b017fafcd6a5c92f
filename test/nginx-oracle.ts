// The real nginx as an oracle: `nginx -t` on a throwaway prefix, so fixtures and fixed outputs are checked by the
// program that will read them. Fixtures name their certificate files /etc/ssl/hardlint/{cert,key}.pem (and a session
// ticket key /etc/ssl/hardlint/ticket.key); those paths, /etc/nginx/ and /var/log/nginx/ are rewritten into
// throwaway folders, the certificate files being generated once per run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasBinary } from './helpers';

export const NGINX = '/usr/sbin/nginx';
const OPENSSL_CANDIDATES = ['/usr/bin/openssl', '/bin/openssl', '/usr/local/bin/openssl'];

/** The certificate paths fixtures may use; they exist only inside the oracle's prefix. */
export const FIXTURE_CERT = '/etc/ssl/hardlint/cert.pem';
export const FIXTURE_KEY = '/etc/ssl/hardlint/key.pem';

const openssl = (): string | undefined => OPENSSL_CANDIDATES.find(hasBinary);

/** Why the oracle cannot run here, or undefined when it can. */
export function nginxOracleSkipReason(): string | undefined {
  if (!hasBinary(NGINX)) return `${NGINX} is not installed (apt-get install nginx-light)`;
  if (!openssl()) return 'openssl is not installed (apt-get install openssl)';
  return undefined;
}

let certDir: string | undefined;

/** A self-signed certificate, its key and a ticket key, generated once per test run. */
function certificates(): string {
  if (certDir) return certDir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-nginx-ssl-'));
  const r = spawnSync(openssl()!, [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=hardlint.test',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl req failed: ${r.stderr}`);
  // ssl_session_ticket_key wants 80 (or 48) random bytes.
  const ticket = spawnSync(openssl()!, ['rand', '-out', path.join(dir, 'ticket.key'), '80'], { encoding: 'utf8' });
  if (ticket.status !== 0) throw new Error(`openssl rand failed: ${ticket.stderr}`);
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return (certDir = dir);
}

export interface OracleResult {
  ok: boolean;
  /** nginx's messages with the throwaway prefix replaced by the fixture folder. */
  output: string;
}

/**
 * Runs `nginx -t` on a fixture case: `caseDir` is copied to a throwaway prefix, `entry` (a file in it) gets `text`.
 * A main `nginx.conf` is tested as is; any other entry (a site file, a conf.d snippet) is included from a minimal
 * `events {} http { include <entry>; }` main file, which is how nginx reads such files.
 */
export function nginxCheck(caseDir: string, entry: string, text: string): OracleResult {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-nginx-'));
  try {
    fs.cpSync(caseDir, prefix, { recursive: true, filter: (src) => !/\.(unsafe-)?fixed$/.test(src) });
    const certs = certificates();
    const rewrite = (s: string): string => s
      .split('/etc/ssl/hardlint/').join(certs + '/')
      .split('/etc/nginx/').join(prefix + '/')
      .split('/var/log/nginx/').join(prefix + '/');
    const rel = path.relative(caseDir, entry);
    for (const f of listFiles(prefix)) {
      const content = f === path.join(prefix, rel) ? text : fs.readFileSync(f, 'utf8');
      fs.writeFileSync(f, rewrite(content));
    }
    let main = path.join(prefix, rel);
    if (path.basename(entry) !== 'nginx.conf') {
      main = path.join(prefix, '.hardlint-oracle-main.conf');
      fs.writeFileSync(main, `events {}\nhttp {\n    include ${JSON.stringify(path.join(prefix, rel))};\n}\n`);
    }
    const mime = '/etc/nginx/mime.types';
    if (!fs.existsSync(path.join(prefix, 'mime.types')) && fs.existsSync(mime)) fs.copyFileSync(mime, path.join(prefix, 'mime.types'));
    const r = spawnSync(NGINX, ['-t', '-q', '-p', prefix + '/', '-c', main, '-e', 'stderr', '-g', `pid ${prefix}/nginx.pid;`], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.split(prefix).join(caseDir).trim();
    return { ok: r.status === 0, output };
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
