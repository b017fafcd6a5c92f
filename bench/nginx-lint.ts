// hardlint against gixy on the same large nginx configuration: one nginx.conf of 10,000+ lines (the sites of
// bench/nginx-parse.ts written inline in http, so both tools read a single file and its two small includes), linted
// with every nginx rule, in-process and through the CLI. gixy is timed when `gixy` is on the PATH; it cannot be
// installed offline here, so the comparison is skipped with "gixy: not installed".
//   node out/bench/nginx-lint.js [--lines 12000] [--runs 15]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultConfig } from '../core/config';
import { lint, LintEnv } from '../core/engine';
import { nodeFileHost } from '../core/host';
import { RULES } from '../rules';
import { generateConfig } from './nginx-parse';

export const TARGET_MB_PER_S = 20;
export const TARGET_SPEEDUP = 50;
const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface NginxLintResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  detail?: string;
}

/** Writes the benchmark configuration to `dir`; returns the main file's path, its size and line count. */
export function writeLargeConfig(dir: string, lines: number): { file: string; bytes: number; lines: number } {
  const files = generateConfig(lines);
  const sites = Object.keys(files).filter((p) => p.includes('/sites-enabled/')).sort().map((p) => files[p]);
  const indent = (text: string) => text.split('\n').map((l) => (l ? '    ' + l : l)).join('\n');
  const main = files['/etc/nginx/nginx.conf'].replace('    include sites-enabled/*.conf;\n', indent(sites.join('')));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), main);
  fs.writeFileSync(path.join(dir, 'mime.types'), files['/etc/nginx/mime.types']);
  fs.writeFileSync(path.join(dir, 'fastcgi_params'), files['/etc/nginx/fastcgi_params']);
  return { file: path.join(dir, 'nginx.conf'), bytes: Buffer.byteLength(main), lines: main.split('\n').length - 1 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Input linted before measuring, as bench/run.ts does for sshd: one run leaves the JIT compiling on other threads. */
const WARM_UP_BYTES = 6 * 1024 * 1024;

/**
 * Runs a command `runs` times; medians of its wall time and of the CPU time it used (user + system, all its threads,
 * from the shell's `times`), in ms.
 */
function timeCommand(cmd: string, args: string[], runs: number): { ms: number; cpuMs: number; status: number | null; stderr: string } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let last = { status: null as number | null, stderr: '' };
  const errFile = path.join(os.tmpdir(), `hardlint-nginx-bench-${process.pid}.err`);
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const res = spawnSync('sh', ['-c', '"$@" >/dev/null 2>"$ERR_FILE"; st=$?; times; exit $st', 'sh', cmd, ...args],
      { encoding: 'utf8', env: { ...process.env, ERR_FILE: errFile } });
    wall.push(performance.now() - t0);
    // `times` prints the shell's own user/system time, then its children's: "0m0.081s 0m0.012s".
    const children = (res.stdout ?? '').trim().split('\n').at(-1) ?? '';
    const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    cpu.push(secs.reduce((a, b) => a + b, 0) * 1000);
    last = { status: res.status, stderr: fs.existsSync(errFile) ? fs.readFileSync(errFile, 'utf8') : '' };
  }
  fs.rmSync(errFile, { force: true });
  return { ms: median(wall), cpuMs: median(cpu), ...last };
}

export function runNginxLintBench(opts: { lines?: number; runs?: number } = {}): { results: NginxLintResult[]; notes: string[] } {
  const runs = opts.runs ?? 15;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-nginx-lint-'));
  const results: NginxLintResult[] = [];
  const notes: string[] = [];
  try {
    const { file, bytes, lines } = writeLargeConfig(dir, opts.lines ?? 10_000);
    const text = fs.readFileSync(file, 'utf8');
    const env: LintEnv = { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: RULES };
    let findings = 0;
    // A different trailing comment each run: the parse cache (kept for editors) must not serve an earlier parse.
    const once = (run: number) => { findings = lint({ path: file, text: `${text}# run ${run}\n`, kind: 'nginx' }, env).findings.length; };
    // The first lint of a process is what one CLI run pays (measured below); warm up like an editor session.
    const c0 = process.cpuUsage();
    once(-1);
    const first = process.cpuUsage(c0);
    const warmUps = Math.max(1, Math.ceil(WARM_UP_BYTES / bytes));
    for (let r = 1; r < warmUps; r++) once(-1 - r);
    const samples: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < runs; r++) {
      const c1 = process.cpuUsage();
      const t0 = performance.now();
      once(r);
      samples.push(performance.now() - t0);
      const c = process.cpuUsage(c1);
      cpu.push((c.user + c.system) / 1000);
    }
    const ms = median(samples);
    const cpuMs = median(cpu);
    const mbps = bytes / 1e6 / (ms / 1000);
    const cpuMbps = bytes / 1e6 / (cpuMs / 1000);
    const size = `${lines} lines, ${(bytes / 1e6).toFixed(2)} MB`;
    results.push({
      name: 'nginx lint in-process', value: mbps, unit: 'MB/s', target: `>= ${TARGET_MB_PER_S} MB/s`, met: mbps >= TARGET_MB_PER_S,
      detail: `${size}, every nginx rule of the default profile, ${warmUps} warm-up runs then median of ${runs}: `
        + `${ms.toFixed(1)} ms wall (fastest ${Math.min(...samples).toFixed(1)} ms), ${cpuMs.toFixed(1)} ms CPU, ${findings} findings; `
        + `first lint of the process ${((first.user + first.system) / 1000).toFixed(0)} ms CPU; `
        + `load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`,
    });
    // On a machine shared with other jobs the wall clock mostly measures waiting; CPU time is what an idle core gives.
    results.push({
      name: 'nginx lint in-process, CPU time', value: cpuMbps, unit: 'MB/s', target: `>= ${TARGET_MB_PER_S} MB/s`,
      met: cpuMbps >= TARGET_MB_PER_S,
    });

    let cliMs: number | undefined;
    if (fs.existsSync(CLI)) {
      const cliRuns = Math.min(runs, 5);
      const cli = timeCommand(process.execPath, [CLI, '--format', 'json', file], cliRuns);
      if (cli.status !== 0 && cli.status !== 1) throw new Error(`hardlint CLI failed (${cli.status}): ${cli.stderr}`);
      const bare = timeCommand(process.execPath, ['-e', '0'], cliRuns);
      cliMs = cli.ms;
      results.push({
        name: 'nginx lint CLI', value: cli.ms, unit: 'ms',
        detail: `${size}, start-up included, median of ${cliRuns}: ${cli.cpuMs.toFixed(0)} ms CPU `
          + `(${(bytes / 1e6 / (cli.cpuMs / 1000)).toFixed(1)} MB/s; a bare \`node -e 0\` takes ${bare.cpuMs.toFixed(0)} ms CPU)`,
      });
      results.push({ name: 'nginx lint CLI, CPU time', value: bytes / 1e6 / (cli.cpuMs / 1000), unit: 'MB/s' });
    } else notes.push(`${path.relative(process.cwd(), CLI)} is missing (npm run build): CLI timing skipped`);

    const gixy = spawnSync('sh', ['-c', 'command -v gixy'], { encoding: 'utf8' }).stdout.trim();
    if (!gixy) {
      notes.push('gixy: not installed');
    } else {
      // gixy exits 1 when it reports issues.
      const g = timeCommand(gixy, ['--format', 'json', file], 3);
      const speedup = (cliMs ?? ms) > 0 ? g.ms / (cliMs ?? ms) : 0;
      results.push({ name: 'gixy', value: g.ms, unit: 'ms', detail: `${gixy}, same file, median of 3, exit ${g.status}` });
      results.push({
        name: `speed-up over gixy (${cliMs !== undefined ? 'CLI' : 'in-process'})`, value: speedup, unit: 'x',
        target: `>= ${TARGET_SPEEDUP}x`, met: speedup >= TARGET_SPEEDUP,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { results, notes };
}

export function printNginxLintBench(out: { results: NginxLintResult[]; notes: string[] }): void {
  for (const r of out.results) {
    const value = r.value >= 100 ? r.value.toFixed(0) : r.value.toFixed(1);
    const verdict = r.met === undefined ? '' : r.met ? '  ok' : '  MISSED';
    console.log(`  ${r.name.padEnd(36)} ${`${value} ${r.unit}`.padStart(12)}${r.target ? `  (target ${r.target})` : ''}${verdict}`);
    if (r.detail) console.log(`      ${r.detail}`);
  }
  for (const n of out.notes) console.log(`  ${n}`);
}

if (require.main === module) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  console.log('nginx: hardlint vs gixy on one large nginx.conf');
  printNginxLintBench(runNginxLintBench({ lines: arg('--lines', 10_000), runs: arg('--runs', 15) }));
}
