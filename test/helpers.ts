// Shared test helpers: lint real files with the real engine, read inline expectations.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, findConfigFile, HardlintConfig, parseConfig } from '../core/config';
import { lint, LintEnv } from '../core/engine';
import { nodeFileHost } from '../core/host';
import { detectKind } from '../core/kinds';
import type { Finding, Kind, Rule } from '../core/types';
import { buildWorkspace, Workspace } from '../core/workspace/model';
import { RULES } from '../rules';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus');

export function configFor(file: string): HardlintConfig {
  const host = nodeFileHost();
  const found = findConfigFile(path.dirname(file), host);
  return found ? parseConfig(found, fs.readFileSync(found, 'utf8')) : defaultConfig();
}

export function envFor(file: string, rules: readonly Rule<any>[] = RULES, config = configFor(file)): LintEnv {
  return { host: nodeFileHost(), config, locale: 'en', rules };
}

export function lintPath(file: string, opts: { rules?: readonly Rule<any>[]; text?: string; kind?: Kind; config?: HardlintConfig } = {}): Finding[] {
  const text = opts.text ?? fs.readFileSync(file, 'utf8');
  const kind = opts.kind ?? detectKind(file, text);
  if (!kind) throw new Error(`no kind for ${file}`);
  return lint({ path: path.resolve(file), text, kind }, envFor(file, opts.rules, opts.config)).findings;
}

export interface Expectation { ruleId: string; line: number; severity?: string; text?: string; source: number }

const EXPECT = /^\s*#\s*expect(?:@(\d+))?:\s*(\S+)(?:\s+(error|warning|info))?(?:\s+"((?:[^"\\]|\\.)*)")?\s*$/;

/**
 * Inline expectations, written as comments so fixtures stay valid configs:
 *   # expect: sshd/permit-root-login "yes"        a finding on the next non-expect line, covering exactly "yes"
 *   # expect@1: sshd/password-authentication      a finding on line 1 (for settings that are absent)
 */
export function readExpectations(text: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  lines.forEach((l, i) => {
    const m = EXPECT.exec(l.replace(/\r$/, ''));
    if (!m) return;
    let line: number;
    if (m[1]) line = Number(m[1]) - 1;
    else {
      line = i + 1;
      while (line < lines.length && EXPECT.test(lines[line].replace(/\r$/, ''))) line++;
    }
    out.push({ ruleId: m[2], line, severity: m[3], text: m[4]?.replace(/\\(.)/g, '$1'), source: i + 1 });
  });
  return out;
}

export function rangeText(text: string, f: Finding): string {
  const lines = text.split('\n');
  const start = lines.slice(0, f.range.start.line).reduce((n, l) => n + l.length + 1, 0) + f.range.start.character;
  const end = lines.slice(0, f.range.end.line).reduce((n, l) => n + l.length + 1, 0) + f.range.end.character;
  return text.slice(start, end);
}

/** Case folders of a rule's fixture folder, with the file to lint in each. */
export function fixtureCases(ruleDir: string): { name: string; entry: string }[] {
  const out: { name: string; entry: string }[] = [];
  for (const name of fs.readdirSync(ruleDir).sort()) {
    const dir = path.join(ruleDir, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    out.push({ name, entry: entryFile(dir) });
  }
  return out;
}

/** The kind of a fixture file, its content included (a shell script is a firewall file when it runs one). */
export function kindOfFile(file: string): Kind | undefined {
  return detectKind(file, fs.readFileSync(file, 'utf8'));
}

function entryFile(dir: string): string {
  // A case can name the file to lint in `.entry` (a drop-in beside its main file, say).
  const named = path.join(dir, '.entry');
  if (fs.existsSync(named)) return path.join(dir, fs.readFileSync(named, 'utf8').trim());
  const names = fs.readdirSync(dir).filter((n) => !n.endsWith('.fixed') && !n.startsWith('.'));
  // A main file first: nginx fixtures sit under a `nginx/` folder, where every *.conf is an nginx file.
  const direct = names.find((n) => n === 'nginx.conf' || n === 'sshd_config')
    ?? names.sort().find((n) => !n.endsWith('fixed') && !fs.statSync(path.join(dir, n)).isDirectory() && kindOfFile(path.join(dir, n)) !== undefined);
  if (direct) return path.join(dir, direct);
  // A firewall file known by its folder: config/firewall (OpenWrt), default/ufw, ufw/ufw.conf, iptables/rules.v4.
  for (const folder of ['config', 'default', 'ufw', 'iptables', 'sysconfig']) {
    const sub = path.join(dir, folder);
    if (!fs.existsSync(sub)) continue;
    const first = fs.readdirSync(sub).filter((n) => !n.endsWith('fixed') && kindOfFile(path.join(sub, n)) === 'firewall').sort()[0];
    if (first) return path.join(sub, first);
  }
  // A site-only nginx case: the first file of sites-enabled/, sites-available/ or conf.d/.
  for (const folder of ['sites-enabled', 'sites-available', 'conf.d']) {
    const sub = path.join(dir, folder);
    if (!fs.existsSync(sub)) continue;
    const first = fs.readdirSync(sub).filter((n) => !n.endsWith('fixed') && detectKind(path.join(sub, n)) === 'nginx').sort()[0];
    if (first) return path.join(sub, first);
  }
  // A drop-in-only case: the first .conf of sshd_config.d/.
  const dropins = path.join(dir, 'sshd_config.d');
  if (fs.existsSync(dropins)) {
    const first = fs.readdirSync(dropins).filter((n) => n.endsWith('.conf')).sort()[0];
    if (first) return path.join(dropins, first);
  }
  throw new Error(`${dir}: no file hardlint reads`);
}

export const hasBinary = (p: string): boolean => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Every file hardlint reads under `dir` (recursively), sorted. */
export function configFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) visit(p);
      else if (!name.endsWith('.fixed') && !name.startsWith('.') && kindOfFile(p)) out.push(p);
    }
  };
  visit(dir);
  return out;
}

/** The workspace model of every config file under `dir`, as the CLI builds it for a run over that folder. */
export function workspaceOfFolder(dir: string): Workspace {
  const files = configFilesUnder(dir).map((p) => {
    const text = fs.readFileSync(p, 'utf8');
    return { path: p, text, kind: detectKind(p, text)! };
  });
  return buildWorkspace(files, (p) => ({ host: nodeFileHost(), config: configFor(p) }));
}

/** For cross-file rules, the workspace of a fixture case: the folder of a case holds every file involved. */
export function fixtureWorkspace(file: string, rules: readonly Rule<any>[]): Workspace | undefined {
  if (!rules.some((r) => r.meta.family === 'cross')) return undefined;
  const crossRoot = path.join(FIXTURES, 'cross');
  const rel = path.relative(crossRoot, path.resolve(file)).split(path.sep);
  if (rel[0] === '..' || rel.length < 3) return undefined;
  return workspaceOfFolder(path.join(crossRoot, rel[0], rel[1]));
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so that a failing random case can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
