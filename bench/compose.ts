// docker-compose: hardlint against dclint 3.1.0 on the same corpus (../shared/corpus/compose, 52 files).
// dclint is installed into a temporary folder on first use (`npm install --prefix <tmp> dclint@3.1.0`), never into the
// project. Both run as a fresh process per measurement (start-up and schema compilation included), 3 runs, median.
// Target: hardlint at least 5x faster. Run alone with `node out/bench/compose.js`, or through bench/run.ts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultConfig } from '../core/config';
import { lint, LintEnv } from '../core/engine';
import { nodeFileHost } from '../core/host';
import { RULES } from '../rules';

export const COMPOSE_TARGET_SPEEDUP = 5;
const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'compose');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const DCLINT_VERSION = '3.1.0';

export interface ComposeBench {
  files: number;
  /** In-process lint of every file, first run (schema compiled inside). */
  hardlintInProcessMs: number;
  /** `node dist/cli.js <files>` wall time, median of 3. */
  hardlintCliMs: number | undefined;
  /** `dclint <files>` wall time, median of 3; undefined when dclint could not be installed. */
  dclintMs: number | undefined;
  speedup: number | undefined;
  met: boolean | undefined;
  detail: string;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function corpusFiles(): string[] {
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(d, e.name)] : []));
  return walk(CORPUS).sort();
}

function installDclint(): string | undefined {
  const prefix = path.join(os.tmpdir(), `hardlint-bench-dclint-${DCLINT_VERSION}`);
  const bin = path.join(prefix, 'node_modules', 'dclint', 'bin', 'dclint.cjs');
  const entry = () => {
    const pkg = path.join(prefix, 'node_modules', 'dclint', 'package.json');
    if (!fs.existsSync(pkg)) return undefined;
    const b = JSON.parse(fs.readFileSync(pkg, 'utf8')).bin;
    const rel = typeof b === 'string' ? b : b?.dclint;
    return rel ? path.join(prefix, 'node_modules', 'dclint', rel) : undefined;
  };
  if (!entry()) {
    fs.mkdirSync(prefix, { recursive: true });
    const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `dclint@${DCLINT_VERSION}`], { encoding: 'utf8', timeout: 300000 });
    if (r.status !== 0) return undefined;
  }
  return entry() ?? (fs.existsSync(bin) ? bin : undefined);
}

function timeProcess(args: string[]): number {
  const t0 = performance.now();
  spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return performance.now() - t0;
}

export function benchCompose(): ComposeBench {
  const files = corpusFiles();
  const env: LintEnv = { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: RULES };
  const t0 = performance.now();
  for (const f of files) lint({ path: f, text: fs.readFileSync(f, 'utf8'), kind: 'compose' }, env);
  const hardlintInProcessMs = performance.now() - t0;
  // dist/cli.js is a small loader; the rules live in the bundle it loads.
  const bundle = path.join(ROOT, 'dist', 'cli-main.js');
  const cliHasCompose = fs.existsSync(CLI) && fs.existsSync(bundle) && fs.readFileSync(bundle, 'utf8').includes('compose/privileged');
  const hardlintCliMs = cliHasCompose ? median([0, 1, 2].map(() => timeProcess([CLI, '--format', 'json', ...files]))) : undefined;
  const dclint = installDclint();
  const dclintMs = dclint ? median([0, 1, 2].map(() => timeProcess([dclint, ...files]))) : undefined;
  const ours = hardlintCliMs ?? hardlintInProcessMs;
  const speedup = dclintMs !== undefined ? dclintMs / ours : undefined;
  return {
    files: files.length,
    hardlintInProcessMs,
    hardlintCliMs,
    dclintMs,
    speedup,
    met: speedup === undefined ? undefined : speedup >= COMPOSE_TARGET_SPEEDUP,
    detail: `${files.length} files; hardlint ${hardlintCliMs !== undefined ? `CLI ${hardlintCliMs.toFixed(0)} ms` : '(dist/cli.js lacks compose: in-process)'}, in-process ${hardlintInProcessMs.toFixed(0)} ms; dclint ${dclintMs === undefined ? 'not installed' : `${dclintMs.toFixed(0)} ms`}`,
  };
}

if (require.main === module) {
  const r = benchCompose();
  console.log(`compose: ${r.detail}; speed-up ${r.speedup?.toFixed(1) ?? '?'}x (target >= ${COMPOSE_TARGET_SPEEDUP}x) ${r.met === undefined ? '' : r.met ? 'met' : 'NOT met'}`);
}
