// Everything the CLI does besides --help and --version: find files, lint or fix them, print a report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, defaultConfig, findConfigFile, HardlintConfig, isIgnored, parseConfig } from '../core/config';
import { unifiedDiff } from '../core/diff';
import { docsPath, docsUrl } from '../core/docs';
import { allowedSafeties, fixUntilStable, lint, LintEnv } from '../core/engine';
import { detectFileKind, expandPaths, findGitRoot } from '../core/files';
import { cliMessage, FileReport, formatReports, summarize } from '../core/format';
import { nodeFileHost, runFileHost } from '../core/host';
import { detectKind } from '../core/kinds';
import { Locale, localeFromEnv, ruleDescription } from '../core/l10n';
import type { Kind, RuleMeta } from '../core/types';
import { RULES } from '../rules';
import { CliOptions, UsageError } from './args';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  readStdin(): Promise<string>;
  /** The installed package (holding docs/). */
  packageRoot: string;
}

/** Colour: --color/--no-color, then FORCE_COLOR (Node's precedence over NO_COLOR), then NO_COLOR, then a TTY. */
export function colorEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}

/** The folder with package.json above `dir` (dist/ in the package, out/cli/ in tests). */
export function findPackageRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return path.resolve(dir, '..');
  }
}

function readDoc(packageRoot: string, ruleId: string): string | undefined {
  try {
    return fs.readFileSync(docsPath(packageRoot, ruleId), 'utf8');
  } catch {
    return undefined;
  }
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Rule ids close to a mistyped one, best first. */
export function suggestRules(input: string, ids: readonly string[]): string[] {
  const wanted = input.toLowerCase();
  const scored = ids.map((id) => {
    const name = id.slice(id.indexOf('/') + 1);
    const d = Math.min(editDistance(wanted, id), editDistance(wanted, name));
    const contains = id.includes(wanted) || (wanted.length > 3 && wanted.includes(name));
    return { id, d: contains ? 0 : d };
  });
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return scored.filter((s) => s.d <= limit).sort((a, b) => a.d - b.d || a.id.localeCompare(b.id)).slice(0, 3).map((s) => s.id);
}

function metas(): RuleMeta[] {
  return RULES.map((r) => r.meta).sort((a, b) => a.id.localeCompare(b.id));
}

function listRules(options: CliOptions, io: Io): number {
  const rules = metas();
  if (options.format === 'json') {
    io.stdout(JSON.stringify(rules.map((m) => ({
      id: m.id, severity: m.severity, fix: m.fix, profile: m.profile, description: m.description, tags: m.tags,
      docs: docsUrl(m.id),
    })), null, 2) + '\n');
    return 0;
  }
  const locale = options.lang ?? localeFromEnv(io.env);
  const rows = [['RULE', 'SEVERITY', 'FIX', 'PROFILE', 'DESCRIPTION'],
    ...rules.map((m) => [m.id, m.severity, m.fix, m.profile, ruleDescription(locale, m)])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  io.stdout(rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n') + '\n');
  return 0;
}

function explain(input: string, locale: Locale, io: Io): number {
  const ids = RULES.map((r) => r.meta.id);
  // A bare name (`permit-root-login`) is accepted when only one family has it.
  const bare = ids.filter((id) => id.slice(id.indexOf('/') + 1) === input);
  const id = ids.includes(input) ? input : bare.length === 1 ? bare[0] : undefined;
  if (!id) {
    const suggestions = suggestRules(input, ids);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : '';
    throw new UsageError(`unknown rule "${input}".${hint} Run "hardlint --list-rules" to see every rule.`, false);
  }
  const doc = readDoc(io.packageRoot, id);
  if (doc !== undefined) {
    io.stdout(doc.endsWith('\n') ? doc : doc + '\n');
  } else {
    const meta = RULES.find((r) => r.meta.id === id)!.meta;
    io.stdout(`# ${id}\n\n${ruleDescription(locale, meta)}\n\n${cliMessage(locale, 'explainNoDoc', { url: docsUrl(id) })}\n`);
  }
  return 0;
}

interface Target {
  /** As shown in reports. */
  file: string;
  /** Absolute path given to the engine (includes and the config are resolved from it). */
  abs: string;
  /** False for unnamed standard input. */
  named: boolean;
  kind: Kind;
  explicit: boolean;
}

/** Finds and parses `.hardlint.yaml` files once each; `--config` and `--profile` apply to every file. */
function configResolver(options: CliOptions, io: Io) {
  const host = nodeFileHost();
  let fixed: HardlintConfig | undefined;
  if (options.config !== undefined) {
    const file = path.resolve(io.cwd, options.config);
    const text = host.readFile(file);
    if (text === undefined) throw new ConfigError(options.config, 'cannot read the configuration file');
    fixed = parseConfig(file, text);
  }
  const byDir = new Map<string, string | undefined>();
  const parsed = new Map<string, HardlintConfig | ConfigError>();
  // One object per configuration, so that what the engine derives from it is computed once per run.
  const fallback = defaultConfig();
  const withProfile = new Map<HardlintConfig, HardlintConfig>();
  return (abs: string): HardlintConfig => {
    let config = fixed;
    if (!config) {
      const file = findConfigFile(path.dirname(abs), host, byDir);
      if (file === undefined) config = fallback;
      else {
        if (!parsed.has(file)) {
          try {
            parsed.set(file, parseConfig(file, host.readFile(file) ?? ''));
          } catch (e) {
            parsed.set(file, e instanceof ConfigError ? e : new ConfigError(file, (e as Error).message));
          }
        }
        const c = parsed.get(file)!;
        if (c instanceof ConfigError) throw c;
        config = c;
      }
    }
    if (!options.profile) return config;
    let profiled = withProfile.get(config);
    if (!profiled) withProfile.set(config, (profiled = { ...config, profile: options.profile }));
    return profiled;
  };
}

function kindHint(file: string): string {
  return `cannot tell what kind of file "${file}" is (hardlint recognises sshd_config, sshd_config.d/*.conf, nginx `
    + 'configs, firewall scripts and rule files); pass --kind sshd, --kind nginx or --kind firewall';
}

export async function run(options: CliOptions, io: Io): Promise<number> {
  if (options.listRules) return listRules(options, io);
  if (options.explain !== undefined) return explain(options.explain, options.lang ?? localeFromEnv(io.env), io);

  const locale: Locale = options.lang ?? localeFromEnv(io.env);
  /** Reasons for exit status 2, printed at the end (other files are still linted). */
  const failures: string[] = [];
  const notes: string[] = [];
  let configFor: (abs: string) => HardlintConfig;
  try {
    configFor = configResolver(options, io);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`hardlint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  const targets: Target[] = [];
  let stdinText: string | undefined;
  if (options.stdin) {
    const name = options.stdinFilename;
    const abs = path.resolve(io.cwd, name ?? '<stdin>');
    stdinText = await io.readStdin();
    const kind = options.kind ?? (name !== undefined ? detectKind(abs, stdinText) : undefined);
    if (!kind) {
      throw new UsageError(name !== undefined ? kindHint(name) : 'cannot tell what kind of configuration standard input holds: '
        + 'pass --stdin-filename (e.g. /etc/ssh/sshd_config) or --kind sshd', false);
    }
    targets.push({ file: name ?? '<stdin>', abs, named: name !== undefined, kind, explicit: true });
  } else {
    const inputs = options.paths.length > 0 ? options.paths : ['.'];
    const expansion = expandPaths(inputs, io.cwd);
    for (const e of expansion.errors) failures.push(`cannot read ${e.path}: ${e.message}`);
    const unknown: string[] = [];
    for (const f of expansion.files) {
      const abs = path.resolve(io.cwd, f.file);
      const kind = options.kind ?? detectFileKind(abs);
      if (!kind) unknown.push(f.file);
      else targets.push({ file: f.file, abs, named: true, kind, explicit: f.explicit });
    }
    if (unknown.length > 0) throw new UsageError(unknown.map(kindHint).join('\nhardlint: '), false);
    if (targets.length === 0 && expansion.errors.length === 0) {
      notes.push(`no sshd, nginx or firewall file found in ${inputs.join(', ')}`);
    }
  }

  const fixing = options.fix || options.fixDryRun;
  // Drop-ins are read by the Include of their main file and again as targets: read each file once per run.
  const host = runFileHost(nodeFileHost());
  const reports: FileReport[] = [];
  const diffs: string[] = [];
  let fixedStdout: string | undefined;
  const reportedConfigErrors = new Set<string>();
  for (const target of targets) {
    let raw: Buffer | undefined;
    let text: string;
    if (stdinText !== undefined) {
      text = stdinText;
    } else {
      try {
        raw = fs.readFileSync(target.abs);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        failures.push(`cannot read ${target.file}: ${err.code === 'EISDIR' ? 'is a folder' : err.message}`);
        continue;
      }
      text = raw.toString('utf8');
      host.remember(target.abs, text);
    }
    let config: HardlintConfig;
    try {
      config = configFor(target.abs);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      if (!reportedConfigErrors.has(e.message)) failures.push(e.message);
      reportedConfigErrors.add(e.message);
      continue;
    }
    if (target.named && isIgnored(config, target.abs)) {
      if (target.explicit) notes.push(`${target.file} is ignored by ${path.relative(io.cwd, config.file!) || config.file}`);
      if (stdinText !== undefined && options.fix) fixedStdout = text;
      continue;
    }
    const env: LintEnv = { host, config, locale, rules: RULES };
    const input = { path: target.abs, text, kind: target.kind };
    let finalText = text;
    if (fixing) {
      const fixed = fixUntilStable(input, env, allowedSafeties(options.unsafeFixes)).text;
      if (options.fixDryRun) {
        if (fixed !== text) diffs.push(unifiedDiff(text, fixed, { path: target.file }));
        finalText = fixed;
      } else if (stdinText !== undefined) {
        fixedStdout = fixed;
        finalText = fixed;
      } else if (fixed !== text) {
        // Writing back decoded text would replace bytes that are not UTF-8; leave such files alone.
        if (raw && !Buffer.from(text, 'utf8').equals(raw)) {
          failures.push(`${target.file}: not fixed, the file is not valid UTF-8`);
        } else {
          try {
            fs.writeFileSync(target.abs, fixed, 'utf8');
            host.remember(target.abs, fixed);
            finalText = fixed;
          } catch (e) {
            failures.push(`cannot write ${target.file}: ${(e as Error).message}`);
          }
        }
      }
    }
    const { findings } = lint({ ...input, text: finalText }, env);
    reports.push({ file: target.file, ...(target.named ? { path: target.abs } : {}), kind: target.kind, text: finalText, findings });
  }

  // When standard output carries a diff or the fixed text, the report goes to stderr (or --output-file).
  const stdoutTaken = options.fixDryRun || (options.stdin && options.fix);
  if (options.fixDryRun) io.stdout(diffs.join(''));
  if (options.stdin && options.fix) io.stdout(fixedStdout ?? stdinText ?? '');
  const toStderr = stdoutTaken && options.outputFile === undefined;
  const isTTY = options.outputFile !== undefined ? false : toStderr ? io.stderrIsTTY : io.stdoutIsTTY;
  const rules = metas();
  const packageRoot = io.packageRoot;
  const output = formatReports(options.format, reports, {
    color: colorEnabled(options.color, io.env, isTTY),
    locale,
    rules,
    sourceRoot: findGitRoot(io.cwd) ?? io.cwd,
    ruleHelp: (id) => readDoc(packageRoot, id),
  });
  if (options.outputFile !== undefined) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, options.outputFile), output);
    } catch (e) {
      failures.push(`cannot write ${options.outputFile}: ${(e as Error).message}`);
    }
  } else if (output) {
    if (toStderr) io.stderr(output); else io.stdout(output);
  }

  for (const n of notes) io.stderr(`hardlint: ${n}\n`);
  for (const f of failures) io.stderr(`hardlint: ${f}\n`);
  if (failures.length > 0) return 2;
  const sum = summarize(reports);
  if (sum.errors > 0) return 1;
  if (options.maxWarnings !== undefined) {
    if (sum.warnings <= options.maxWarnings) return 0;
    io.stderr(`hardlint: too many warnings (${sum.warnings}, maximum ${options.maxWarnings})\n`);
    return 1;
  }
  return sum.warnings > 0 ? 1 : 0;
}
