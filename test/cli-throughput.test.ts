// What makes the CLI fast must not change what it prints: the lint worker thread (cli/parallel.ts) and the V8 code
// cache of dist/cli.js (cli/entry.ts) give the very report, messages and exit status of a plain single-thread run.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseCliArgs } from '../cli/args';
import { lintInParallel } from '../cli/parallel';
import { Io, run } from '../cli/run';
import { configResolver, createSession, lintTarget, Target } from '../cli/session';
import { detectFileKind, expandPaths } from '../core/files';
import { FIXTURES, ROOT } from './helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
/** The CLI entry point as tsc compiles it: what the lint worker thread runs in these tests. */
const WORKER_SCRIPT = path.join(__dirname, '..', 'cli', 'main.js');

const temps: string[] = [];
after(() => { for (const d of temps) fs.rmSync(d, { recursive: true, force: true }); });

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-throughput-'));
  temps.push(dir);
  return dir;
}

/**
 * A tree with what a run reports besides findings: files of every family, an unreadable file, a file ignored by
 * its .hardlint.yaml, a broken .hardlint.yaml shared by two files, and a suppression comment.
 */
function mixedTree(): string {
  const dir = tempDir();
  // The repository's own fixtures, so that the test runs without ../shared.
  for (const family of ['sshd', 'nginx', 'firewall']) fs.cpSync(path.join(FIXTURES, family), path.join(dir, family), { recursive: true });
  fs.mkdirSync(path.join(dir, 'ignored'));
  fs.writeFileSync(path.join(dir, 'ignored', '.hardlint.yaml'), 'ignore:\n  - sshd_config\n');
  fs.writeFileSync(path.join(dir, 'ignored', 'sshd_config'), 'PermitRootLogin yes\n');
  fs.mkdirSync(path.join(dir, 'broken', 'a'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'broken', '.hardlint.yaml'), 'profile: paranoid\n');
  fs.writeFileSync(path.join(dir, 'broken', 'sshd_config'), 'PermitRootLogin yes\n');
  fs.writeFileSync(path.join(dir, 'broken', 'a', 'sshd_config'), 'PermitRootLogin yes\n');
  fs.mkdirSync(path.join(dir, 'suppressed'));
  fs.writeFileSync(path.join(dir, 'suppressed', 'sshd_config'), '# hardlint-disable-next-line sshd/permit-root-login -- lab box\nPermitRootLogin yes\n');
  return dir;
}

interface Output { code: number; stdout: string; stderr: string }

async function runCli(args: string[], cwd: string, worker: boolean): Promise<Output> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd,
    env: {},
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    readStdin: async () => '',
    packageRoot: ROOT,
    // A worker for any run, whatever this machine's cores.
    ...(worker ? { lintWorker: WORKER_SCRIPT, parallelLimits: { minFiles: 1, minCpus: 1 } } : {}),
  };
  const code = await run(parseCliArgs(args), io);
  return { code, stdout, stderr };
}

describe('linting on a worker thread too', () => {
  const dir = mixedTree();

  it('the worker thread lints every file it is given as this thread would', async () => {
    const options = parseCliArgs(['-f', 'json', '.']);
    const { files } = expandPaths(['.'], dir);
    const targets: Target[] = files.map((f) => ({ file: f.file, abs: f.abs, named: true, kind: detectFileKind(f.abs)!, explicit: false }));
    const formatOptions = { color: false, locale: 'en' as const, rules: [], sourceRoot: dir };
    const session = () => createSession(options, dir, formatOptions, configResolver(options, dir), undefined, targets);
    const single = session();
    const here = targets.map((t) => lintTarget(t, single));
    const { outcomes, byWorker } = await lintInParallel(targets, session(), WORKER_SCRIPT, { minFiles: 1, minCpus: 1, mainThreadLints: false });
    assert.equal(byWorker, targets.length, 'the worker delivered every file');
    assert.deepEqual(outcomes, here);
    assert.ok(here.some((o) => o.configError) && here.filter((o) => o.text !== undefined).length > 100);
  });

  const files = ['sshd', 'nginx', 'firewall', 'ignored/sshd_config', 'broken', 'suppressed', 'missing/sshd_config'];

  for (const format of ['json', 'stylish', 'sarif', 'github']) {
    it(`prints the ${format} report of a single thread, with the same notes, errors and exit status`, async () => {
      const alone = await runCli(['-f', format, ...files], dir, false);
      const shared = await runCli(['-f', format, ...files], dir, true);
      assert.equal(shared.stdout, alone.stdout);
      assert.equal(shared.stderr, alone.stderr);
      assert.equal(shared.code, alone.code);
      // The run met what it must report besides findings.
      assert.equal(alone.code, 2);
      assert.match(alone.stderr, /cannot read missing\/sshd_config/);
      assert.match(alone.stderr, /ignored\/sshd_config is ignored by ignored\/\.hardlint\.yaml/);
      assert.equal(alone.stderr.match(/profile must be/g)?.length, 1, 'a broken configuration is reported once');
      if (format === 'json') assert.ok(JSON.parse(alone.stdout).length > 100);
    });
  }

  it('keeps French messages and --max-warnings', async () => {
    const args = ['--lang', 'fr', '--max-warnings', '100000', '-f', 'json', 'sshd', 'nginx'];
    const alone = await runCli(args, dir, false);
    const shared = await runCli(args, dir, true);
    assert.deepEqual(shared, alone);
  });
});

describe('the code cache of dist/cli.js', () => {
  const project = mixedTree();
  const args = ['-f', 'json', 'sshd', 'nginx'];
  const cli = (cacheHome: string, extra: NodeJS.ProcessEnv = {}, cliArgs = args) =>
    spawnSync(process.execPath, [CLI, ...cliArgs], { cwd: project, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...extra } });
  const caches = (cacheHome: string): string[] => {
    const dir = path.join(cacheHome, 'hardlint');
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.v8cache')) : [];
  };
  const supported = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache !== 'function';

  it('is written by the first lint run (not by --version) and used by the next, with the same output', { skip: !supported && 'Node has its own compile cache' }, () => {
    const home = tempDir();
    assert.equal(cli(home, {}, ['--version']).status, 0);
    assert.deepEqual(caches(home), [], '--version alone does not write a cache');
    const first = cli(home);
    assert.deepEqual(caches(home).length, 1);
    const second = cli(home);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.stderr, first.stderr);
    assert.equal(second.status, first.status);
    assert.ok(JSON.parse(second.stdout).length > 10);
  });

  it('is ignored and replaced when it is damaged', { skip: !supported && 'Node has its own compile cache' }, () => {
    const home = tempDir();
    const clean = cli(home);
    const [name] = caches(home);
    const file = path.join(home, 'hardlint', name);
    fs.writeFileSync(file, Buffer.from('not a V8 code cache'));
    const damaged = cli(home);
    assert.equal(damaged.stdout, clean.stdout);
    assert.equal(damaged.status, clean.status);
    assert.ok(fs.statSync(file).size > 1000, 'rewritten');
  });

  it('keeps the caches of a few other installs (the newest) and removes older ones', { skip: !supported && 'Node has its own compile cache' }, () => {
    const home = tempDir();
    const dir = path.join(home, 'hardlint');
    fs.mkdirSync(dir, { recursive: true });
    // Five caches of other builds, the oldest first; and a file that is not a cache, left alone.
    const others = [1, 2, 3, 4, 5].map((n) => `cli-v0.0.0-x64-${n}-${n}.v8cache`);
    others.forEach((name, i) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'another build');
      fs.utimesSync(file, new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    cli(home);
    const left = caches(home);
    assert.equal(left.length, 4, left.join(', '));
    for (const name of others.slice(2)) assert.ok(left.includes(name), `${name} (one of the 3 newest) is kept`);
    for (const name of others.slice(0, 2)) assert.ok(!left.includes(name), `${name} (older) is removed`);
    assert.ok(fs.existsSync(path.join(dir, 'notes.txt')));
  });

  it('is not written with NODE_DISABLE_COMPILE_CACHE', () => {
    const home = tempDir();
    const r = cli(home, { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.ok(JSON.parse(r.stdout).length > 10);
    assert.deepEqual(caches(home), []);
  });
});

describe('the JSON report', () => {
  it('is written by hand exactly as JSON.stringify(entries, null, 2) prints it', () => {
    const dir = mixedTree();
    // A finding with several fixes, one with none, a message with quotes and non-ASCII text, a file with no finding.
    fs.mkdirSync(path.join(dir, 'sshd_config.d'));
    fs.writeFileSync(path.join(dir, 'sshd_config.d', 'odd "name" é.conf'), 'PermitRootLogin yes\nPasswordAuthentication yes\n');
    fs.writeFileSync(path.join(dir, 'sshd_config.d', 'all-suppressed.conf'), '# hardlint-disable-file -- test box\nPermitRootLogin yes\n');
    fs.writeFileSync(path.join(dir, 'firewall.sh'), '#!/bin/sh\nufw allow 22/tcp\n');
    for (const lang of ['en', 'fr']) {
      const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--lang', lang, '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.ok(r.status === 1 || r.status === 2, r.stderr);
      const parsed = JSON.parse(r.stdout) as { findings: { fixes: unknown[] }[] }[];
      assert.equal(r.stdout, JSON.stringify(parsed, null, 2) + '\n');
      const findings = parsed.flatMap((f) => f.findings);
      assert.ok(parsed.some((f) => f.findings.length === 0), 'a file without findings');
      assert.ok(findings.some((f) => f.fixes.length === 0) && findings.some((f) => f.fixes.length > 1), 'findings with 0 and 2+ fixes');
    }
  });
});

describe('reading', () => {
  it('opens each file of a mixed run once (kind sniffing, Include, the cross-file model and the lint share the text)', async () => {
    const dir = tempDir();
    fs.cpSync(path.join(ROOT, 'examples', 'exposure'), dir, { recursive: true });
    fs.mkdirSync(path.join(dir, 'sshd_config.d'));
    fs.writeFileSync(path.join(dir, 'sshd_config.d', 'cloud.conf'), 'PasswordAuthentication yes\n');
    fs.appendFileSync(path.join(dir, 'sshd_config'), '\nInclude sshd_config.d/*.conf\n');
    const opened = new Map<string, number>();
    const count = (p: fs.PathOrFileDescriptor) => {
      if (typeof p === 'string' && p.startsWith(dir)) opened.set(path.relative(dir, p), (opened.get(path.relative(dir, p)) ?? 0) + 1);
    };
    // The module itself (the namespace import only has getters): the CLI's modules read it through theirs.
    const patched = require('node:fs') as { readFileSync: unknown; openSync: unknown };
    const { readFileSync, openSync } = fs;
    patched.readFileSync = (p: fs.PathOrFileDescriptor, ...rest: unknown[]) => { count(p); return (readFileSync as (...a: unknown[]) => unknown)(p, ...rest); };
    patched.openSync = (p: fs.PathLike, ...rest: unknown[]) => { count(p as string); return (openSync as (...a: unknown[]) => unknown)(p, ...rest); };
    let out: Output;
    try {
      out = await runCli(['-f', 'json', '.'], dir, false);
    } finally {
      patched.readFileSync = readFileSync;
      patched.openSync = openSync;
    }
    const linted = (JSON.parse(out.stdout) as { file: string }[]).map((f) => f.file).sort();
    assert.deepEqual(linted, ['docker-compose.yml', 'firewall.sh', 'nginx/sites-enabled/shop.example.org', 'sshd_config', 'sshd_config.d/cloud.conf']);
    for (const file of linted) assert.equal(opened.get(file), 1, `${file} opened ${opened.get(file)} times`);
  });
});
