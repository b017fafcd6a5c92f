// Bundles the CLI, the language server and the VS Code extension into dist/ with esbuild.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const entries = [
  // dist/cli.js loads dist/cli-main.js from a V8 code cache (cli/entry.ts).
  { in: 'cli/entry.ts', out: 'cli' },
  { in: 'cli/main.ts', out: 'cli-main' },
  { in: 'server/main.ts', out: 'server' },
  { in: 'client/extension.ts', out: 'extension' },
].filter((e) => existsSync(e.in));

const options = {
  entryPoints: entries.map((e) => ({ in: e.in, out: e.out })),
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: true,
  minifySyntax: true,
  logLevel: 'warning',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
