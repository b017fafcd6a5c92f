// Entry point of `hardlint` (bundled to dist/cli.js): runs the CLI (dist/cli-main.js) from a V8 code cache, so that
// a run (and its lint worker thread) does not parse and compile the whole bundle again. Node 22.1+ has its own compile
// cache; on older versions the cache is made here, in the user's cache folder, after the first run. Set
// NODE_DISABLE_COMPILE_CACHE=1 to do without it.
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const BUNDLE = path.join(__dirname, 'cli-main.js');

/** Set by the CLI (cli/main.ts) once it has linted: a cache is worth writing then. */
const LINTED = Symbol.for('hardlint.cli.linted');

/** The cache file for this bundle on this Node version (it holds V8 bytecode, which V8 checks against both). */
function cacheFile(bundle: fs.Stats): string | undefined {
  const home = os.homedir();
  const base = process.env.XDG_CACHE_HOME || (home ? path.join(home, '.cache') : undefined);
  if (!base || !path.isAbsolute(base)) return undefined;
  const key = `${process.version}-${process.arch}-${bundle.size}-${Math.trunc(bundle.mtimeMs)}`;
  return path.join(base, 'hardlint', `cli-${key}.v8cache`);
}

/** Code caches kept in the cache folder, this one included. */
const KEPT_CACHES = 4;

function writeCache(file: string, data: () => Buffer): void {
  try {
    const dir = path.dirname(file);
    // Before making the data: with a read-only home, a run would pay for it every time.
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.accessSync(dir, fs.constants.W_OK);
    // Written aside and renamed: runs started together never read half a file.
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, data(), { mode: 0o600 });
    fs.renameSync(partial, file);
    // Caches of earlier builds or Node versions are of no further use, but copies installed side by side (global,
    // a project's, pre-commit's) each have theirs: keep the newest few rather than evict each other at every run.
    const caches = fs.readdirSync(dir)
      .filter((name) => name.startsWith('cli-') && name.endsWith('.v8cache') && name !== path.basename(file))
      .map((name) => ({ name, mtime: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { name } of caches.slice(KEPT_CACHES - 1)) fs.rmSync(path.join(dir, name), { force: true });
  } catch {
    // No cache then: the next run compiles the bundle again.
  }
}

/** Runs the bundle as require() would, from its cache when V8 accepts it. False when it could not start the bundle. */
function runCached(): boolean {
  let source: string;
  let script: vm.Script;
  let file: string | undefined;
  let cachedData: Buffer | undefined;
  try {
    source = fs.readFileSync(BUNDLE, 'utf8');
    file = cacheFile(fs.statSync(BUNDLE));
    if (file) {
      try {
        cachedData = fs.readFileSync(file);
      } catch {
        cachedData = undefined;
      }
    }
    script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  } catch {
    return false;
  }
  if (file && isMainThread && (cachedData === undefined || script.cachedDataRejected)) {
    const target = file;
    // Made at exit, so that it holds the functions linting compiled (not when the run only printed --version).
    process.once('exit', () => {
      if ((globalThis as Record<symbol, unknown>)[LINTED] === true) writeCache(target, () => script.createCachedData());
    });
  }
  const mod = new Module(BUNDLE, module);
  mod.filename = BUNDLE;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(BUNDLE));
  mod.loaded = true;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE));
  return true;
}

// Node 20's V8 (11.x) inlines up to 920 bytes of bytecode into each function it optimises: in a run this short,
// compiling those big functions costs more than they save (measured on the bench: 15% less CPU time, the same time
// on the main thread). Other V8 versions, whose tiering and flags differ, are left alone.
if (/^11\./.test(process.versions.v8)) v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

const enableCompileCache = (Module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache;
if (process.env.NODE_DISABLE_COMPILE_CACHE) {
  require(BUNDLE);
} else if (typeof enableCompileCache === 'function') {
  enableCompileCache();
  require(BUNDLE);
} else if (!runCached()) {
  require(BUNDLE);
}
