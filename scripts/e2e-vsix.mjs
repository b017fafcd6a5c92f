#!/usr/bin/env node
// Builds the VS Code extension package offline: `npm run package` → .cache/vsix/hardlint-<version>.vsix.
// package.json's "files" (the npm package's allow-list) and .vscodeignore (the VSIX's) cannot be combined in one
// vsce run, so vsce packs a staging copy whose package.json has no "files". Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.cache', 'vsix');
const stage = path.join(outDir, 'stage');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(outDir, `${pkg.name}-${pkg.version}.vsix`);

for (const f of ['dist/extension.js', 'dist/server.js']) {
  if (!fs.existsSync(path.join(root, f))) {
    console.error(`${f} is missing: run npm run build`);
    process.exit(1);
  }
}
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
const { files: _npmFiles, ...manifest } = pkg;
fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
const copy = ['.vscodeignore', 'README.md', 'LICENSE', 'dist', 'docs', 'syntaxes', 'client/l10n',
  ...fs.readdirSync(root).filter((n) => /^package\.nls(\.[\w-]+)?\.json$/.test(n))];
for (const entry of copy) {
  const from = path.join(root, entry);
  if (!fs.existsSync(from)) continue;
  fs.cpSync(from, path.join(stage, entry), { recursive: true });
}
fs.rmSync(vsix, { force: true });
// README's relative links point at the repository, as the rule doc links do (core/docs.ts).
const repository = /REPOSITORY_URL = '([^']+)'/.exec(fs.readFileSync(path.join(root, 'core', 'docs.ts'), 'utf8'))?.[1];
const base = `${repository}/blob/v${pkg.version}/`;
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix, '--baseContentUrl', base,
  '--baseImagesUrl', base.replace('/blob/', '/raw/')], { cwd: stage, stdio: 'inherit' });
if (r.status !== 0 || !fs.existsSync(vsix)) {
  console.error(`vsce package failed (exit ${r.status})`);
  process.exit(1);
}
console.log(vsix);
