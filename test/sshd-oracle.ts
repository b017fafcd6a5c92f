// The real OpenSSH 9.2 sshd as a test oracle, shared by oracle.test.ts and oracle-fuzz.test.ts: how to start it,
// the batch runner (scripts/oracle-batch.sh), hardlint's side of the comparison and the line-level diff.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint } from '../core/engine';
import { nodeFileHost } from '../core/host';
import { evaluate, loadConfig, parseFile } from '../core/sshd/config';
import { dumpConfig } from '../core/sshd/dump';
import { Connection } from '../core/sshd/match';
import type { Finding } from '../core/types';
import { RULES } from '../rules';
import { CORPUS, envFor, hasBinary, ROOT } from './helpers';

export const SSHD = '/usr/sbin/sshd';
const BATCH = path.join(ROOT, 'scripts', 'oracle-batch.sh');
export const CORPUS_SSHD = path.join(CORPUS, 'sshd');

/**
 * How to start oracle-batch.sh: directly when root or when user namespaces work (`unshare -r`), else through
 * passwordless sudo (CI runners). A string is the reason the oracle cannot run here.
 */
export function oracleLauncher(): string[] | string {
  if (!hasBinary(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server)`;
  if (spawnSync('ssh-keygen', ['-V']).error) return 'ssh-keygen is not installed';
  const works = (cmd: string[]) => {
    const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
    return !r.error && r.status === 0;
  };
  if (process.getuid?.() === 0) {
    return works(['unshare', '-m', '--propagation', 'private', 'true']) ? []
      : 'unshare -m does not work here: the oracle needs a private mount namespace to present fixtures as /etc/ssh';
  }
  if (works(['unshare', '-r', '-m', '--propagation', 'private', 'true'])) return [];
  if (works(['sudo', '-n', 'unshare', '-m', '--propagation', 'private', 'true'])) return ['sudo', '-n'];
  return 'neither `unshare -r -m` nor `sudo -n unshare -m` works here: the oracle needs a private mount namespace to '
    + 'present fixtures as /etc/ssh';
}

// ---- the batch oracle ----------------------------------------------------------------------------------------

export interface Job { mode: '-T' | '-t'; sshdir: string; config: string; connection: Connection }
export interface Answer { rc: number; lines: string[]; err: string }

const CONNECTION_FIELDS: (keyof Connection)[] = ['user', 'host', 'addr', 'laddr', 'lport', 'rdomain'];

export function connectionSpec(c: Connection): string {
  const spec = CONNECTION_FIELDS.filter((k) => c[k] !== undefined).map((k) => `${k}=${c[k]}`).join(',');
  return spec === '' ? '-' : spec;
}

export class Oracle {
  private readonly jobs: Job[] = [];
  private answers: Answer[] = [];

  constructor(private readonly work: string, private readonly launcher: string[]) {}

  /** Queues a job; its answer is available after run(). */
  add(job: Job): () => Answer {
    const index = this.jobs.push(job) - 1;
    return () => {
      const a = this.answers[index];
      assert.ok(a, 'the oracle batch did not run');
      return a;
    };
  }

  run(): void {
    const jobsFile = path.join(this.work, 'jobs.tsv');
    const out = path.join(this.work, 'answers');
    fs.writeFileSync(jobsFile, this.jobs.map((j) => [j.mode, j.sshdir, j.config, connectionSpec(j.connection)].join('\t') + '\n').join(''));
    const command = [...this.launcher, 'sh', BATCH, jobsFile, out];
    const r = spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
    assert.equal(r.status, 0, `oracle-batch.sh failed: ${r.stderr}`);
    const key = fs.readFileSync(path.join(out, 'HOSTKEY'), 'utf8').trim();
    this.answers = this.jobs.map((_, i) => {
      const read = (ext: string) => fs.readFileSync(path.join(out, `${i + 1}.${ext}`), 'utf8');
      const raw = read('out').split('\n').filter((l) => l !== '');
      return { rc: Number(read('rc')), lines: withoutInjectedKey(raw, key), err: read('err') };
    });
  }
}

/**
 * sshd needs a loadable host key, so the batch adds `-o HostKey=KEY`. Drop its line; when it was the only one the
 * config named none and sshd's compiled-in defaults apply (as ../shared/recipes/sshd-oracle.sh does).
 */
function withoutInjectedKey(lines: string[], key: string): string[] {
  const injected = `hostkey ${key}`;
  const others = lines.some((l) => l.startsWith('hostkey ') && l !== injected);
  return lines.flatMap((l) => {
    if (l !== injected) return [l];
    return others ? [] : ['/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key', '/etc/ssh/ssh_host_ed25519_key'].map((k) => `hostkey ${k}`);
  });
}

// ---- hardlint's side -----------------------------------------------------------------------------------------

export function hardlintDump(file: string, sshdir: string, connection: Connection) {
  const root = parseFile(file, fs.readFileSync(file, 'utf8'));
  const config = loadConfig(root, nodeFileHost(), { sshdir });
  // The batch runs sshd from / as (mapped) root: relative paths resolve against /, `~` is /root.
  return dumpConfig(evaluate(config, connection), { cwd: '/', home: '/root' });
}

/** hardlint's dump and sshd's, without the keys whose value comes from the host rather than the text. */
export function comparableDumps(file: string, sshdir: string, connection: Connection, answer: Answer): { ours: string[]; theirs: string[] } {
  const dump = hardlintDump(file, sshdir, connection);
  // Values that come from the host rather than the text (name resolution, /etc/services, passwd) are left out.
  const comparable = (l: string) => !dump.hostDependent.has(l.slice(0, l.indexOf(' ')));
  return { ours: dump.lines.filter(comparable), theirs: answer.lines.filter(comparable) };
}

export function assertSameDump(file: string, sshdir: string, connection: Connection, answer: Answer): void {
  assert.equal(answer.rc, 0, `sshd rejected the config: ${answer.err}`);
  const { ours, theirs } = comparableDumps(file, sshdir, connection, answer);
  assert.deepEqual(ours, theirs);
}

/**
 * The keys whose lines differ between two dumps, each as `key: sshd [..] / hardlint [..]` (a key's lines compared
 * as a group, so a reordering of a repeated key shows too). Empty when the dumps agree.
 */
export function dumpDifferences(theirs: string[], ours: string[]): string[] {
  const byKey = (lines: string[]) => {
    const m = new Map<string, string[]>();
    for (const l of lines) {
      const space = l.indexOf(' ');
      const key = space < 0 ? l : l.slice(0, space);
      m.set(key, [...(m.get(key) ?? []), l]);
    }
    return m;
  };
  const a = byKey(theirs);
  const b = byKey(ours);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const out: string[] = [];
  for (const k of keys) {
    const x = a.get(k) ?? [];
    const y = b.get(k) ?? [];
    if (x.join('\n') === y.join('\n')) continue;
    out.push(`${k}:\n    sshd:     ${x.length ? x.join(' | ') : '(absent)'}\n    hardlint: ${y.length ? y.join(' | ') : '(absent)'}`);
  }
  // Same lines, different order of keys: dump_config's order matters to the comparison too.
  if (out.length === 0 && theirs.join('\n') !== ours.join('\n')) out.push('same lines in a different order');
  return out;
}

/** Rules whose error findings mean "sshd refuses this file": none may fire on a file sshd accepts. */
export const VALIDITY_RULES = ['sshd/unknown-keyword', 'sshd/invalid-value', 'sshd/keyword-not-allowed-in-match', 'sshd/unknown-algorithm',
  'sshd/include-problem'].filter((id) => RULES.some((r) => r.meta.id === id));

/** The error findings of the validity rules in a file, as `line: rule: message`. */
export function validityErrors(file: string): string[] {
  const findings = lint({ path: file, text: fs.readFileSync(file, 'utf8'), kind: 'sshd' }, envFor(file, RULES)).findings;
  return findings.filter((f) => f.severity === 'error' && VALIDITY_RULES.includes(f.ruleId))
    .map((f) => `${f.range.start.line + 1}: ${f.ruleId}: ${f.message}`);
}

export function assertNoValidityError(file: string): void {
  assert.deepEqual(validityErrors(file), [], 'sshd accepts this file, yet hardlint says sshd would refuse it');
}

/** Copies a tree and makes the copy writable (the shared corpus is read-only). */
export function copyTree(from: string, to: string, filter?: (src: string) => boolean): void {
  fs.cpSync(from, to, { recursive: true, filter });
  const chmod = (p: string) => {
    const dir = fs.statSync(p).isDirectory();
    fs.chmodSync(p, dir ? 0o755 : 0o644);
    if (dir) for (const name of fs.readdirSync(p)) chmod(path.join(p, name));
  };
  chmod(to);
}

export function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

export const errorsOn = (findings: Finding[], line: number) => findings.filter((f) => f.severity === 'error' && f.range.start.line === line - 1);

/**
 * `FILE line N:` / `FILE: line N:` in sshd's messages, mapped back from /etc/ssh to the real directory; a few
 * messages (`Invalid Match address argument '...' at line N`) name no file: that is `config`.
 */
export function rejectedLine(err: string, sshdir: string, config: string): { file: string; line: number } | undefined {
  const m = /(\/etc\/ssh\/[^\s:]+):? line (\d+)/.exec(err);
  if (m) return { file: path.join(sshdir, m[1].slice('/etc/ssh/'.length)), line: Number(m[2]) };
  const bare = / at line (\d+)/.exec(err);
  return bare ? { file: path.join(sshdir, config), line: Number(bare[1]) } : undefined;
}
