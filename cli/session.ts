// Linting one file of a CLI run, from reading it to its formatted part of the report. The main thread and the lint
// worker (cli/parallel.ts) run the same code, so a run gives the same output whichever thread linted a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, defaultConfig, findConfigFile, HardlintConfig, isIgnored, parseConfig } from '../core/config';
import { unifiedDiff } from '../core/diff';
import { allowedSafeties, compareRuleIds, fixUntilStable, lint, LintEnv } from '../core/engine';
import { addToSummary, cliMessage, emptySummary, FileFormatOptions, formatFileText, FormatName, Summary } from '../core/format';
import { nodeFileHost, RunFileHost, runFileHost } from '../core/host';
import type { Locale } from '../core/l10n';
import { parentOf } from '../core/paths';
import type { Kind, RuleMeta } from '../core/types';
import { buildWorkspace, Workspace, WorkspaceFile } from '../core/workspace/model';
import type { SshdInclusion, SshdInclusions } from '../core/workspace/sshd-includes';
import { RULES } from '../rules';
import type { CliOptions } from './args';

export interface Target {
  /** As shown in reports. */
  file: string;
  /** Absolute path given to the engine (includes and the config are resolved from it). */
  abs: string;
  /** False for unnamed standard input. */
  named: boolean;
  kind: Kind;
  explicit: boolean;
  /** A main sshd config of the run includes it: linted as its drop-in. */
  sshdInclusion?: SshdInclusion;
}

/** What one file gave: at most one of failure, configError and note, or its part of the report. */
export interface TargetOutcome {
  /** A reason for exit status 2 (the file could not be read, fixed or written). */
  failure?: string;
  /** A configuration file that cannot be used: reported once per run however many files it applies to. */
  configError?: string;
  note?: string;
  /** The file's part of the report (formatFileText) and the counts of what it shows. */
  text?: string;
  summary?: Summary;
}

/** What the files of a run share: the options, a file cache, the configurations found so far. */
export interface LintSession {
  options: CliOptions;
  cwd: string;
  format: FormatName;
  formatOptions: FileFormatOptions;
  host: RunFileHost;
  configFor(abs: string): HardlintConfig;
  fixing: boolean;
  /** Standard input's text when linting it. */
  stdinText?: string;
  /** --fix-dry-run: the diff of each changed file. */
  diffs: string[];
  /** --stdin --fix: the text to print. */
  fixedStdout?: string;
  /** Every file of the run: the cross-file rules see them all (built on first use). */
  targets: readonly Target[];
  workspace?: Workspace | null;
  /** The targets' sshdInclusion by path (built on first use); null when none has one. */
  sshdIncluded?: SshdInclusions | null;
}

/** Every rule's metadata, by id (SARIF points into this list by index). */
export function ruleMetas(): RuleMeta[] {
  return RULES.map((r) => r.meta).sort((a, b) => compareRuleIds(a.id, b.id));
}

/** Finds and parses `.hardlint.yaml` files once each; `--config` and `--profile` apply to every file. */
export function configResolver(options: CliOptions, cwd: string): (abs: string) => HardlintConfig {
  const host = nodeFileHost();
  let fixed: HardlintConfig | undefined;
  if (options.config !== undefined) {
    const file = path.resolve(cwd, options.config);
    const text = host.readFile(file);
    if (text === undefined) throw new ConfigError(options.config, { id: 'configUnreadable' });
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
      const file = findConfigFile(parentOf(abs), host, byDir);
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

export function createSession(
  options: CliOptions, cwd: string, formatOptions: FileFormatOptions, configFor: (abs: string) => HardlintConfig,
  stdinText?: string, targets: readonly Target[] = [], host: RunFileHost = runFileHost(nodeFileHost()),
): LintSession {
  return {
    options,
    cwd,
    format: options.format,
    formatOptions,
    // Drop-ins are read by the Include of their main file and again as targets: read each file once per run (the
    // host expandPaths() followed the Includes with, when given).
    host,
    configFor,
    fixing: options.fix || options.fixDryRun,
    stdinText,
    diffs: [],
    targets,
  };
}

/** The files of the run a main sshd config of the run includes. */
export function sessionSshdInclusions(session: LintSession): SshdInclusions | undefined {
  if (session.sshdIncluded === undefined) {
    const inclusions = new Map<string, SshdInclusion>();
    for (const t of session.targets) if (t.sshdInclusion) inclusions.set(t.abs, t.sshdInclusion);
    session.sshdIncluded = inclusions.size > 0 ? inclusions : null;
  }
  return session.sshdIncluded ?? undefined;
}

/**
 * The model of every file of the run, for the cross-file rules; none when the files are of one kind (no link to
 * follow), so that linting a folder of sshd configs costs nothing more.
 */
export function sessionWorkspace(session: LintSession): Workspace | undefined {
  if (session.workspace !== undefined) return session.workspace ?? undefined;
  const files: WorkspaceFile[] = [];
  const configs = new Map<string, HardlintConfig>();
  if (session.stdinText === undefined && new Set(session.targets.map((t) => t.kind)).size > 1) {
    for (const t of session.targets) {
      let config: HardlintConfig;
      try {
        config = session.configFor(t.abs);
      } catch {
        continue; // reported when the file itself is linted
      }
      if (isIgnored(config, t.abs)) continue;
      const text = session.host.readFile(t.abs);
      if (text === undefined) continue;
      configs.set(t.abs, config);
      files.push({ path: t.abs, text, kind: t.kind });
    }
  }
  session.workspace = files.length > 1
    ? buildWorkspace(files, (p) => ({
      host: session.host, config: configs.get(p) ?? session.configFor(p), sshdIncluded: sessionSshdInclusions(session),
    }))
    : null;
  return session.workspace ?? undefined;
}

/** Reads, fixes (with --fix or --fix-dry-run) and lints one file, and formats its part of the report. */
export function lintTarget(target: Target, session: LintSession): TargetOutcome {
  const { options, host, stdinText } = session;
  const { locale } = session.formatOptions;
  let raw: Buffer | undefined;
  let text: string;
  let known: string | undefined;
  if (!session.fixing && stdinText === undefined) {
    // The cross-file model (mixed runs) and sshd's Include read files through the run's host: a file is read once.
    sessionWorkspace(session);
    known = host.known(target.abs);
  }
  if (stdinText !== undefined) {
    text = stdinText;
  } else if (known !== undefined) {
    text = known;
  } else {
    try {
      // Only --fix needs the bytes (to leave files that are not UTF-8 alone).
      if (session.fixing) {
        raw = fs.readFileSync(target.abs);
        text = raw.toString('utf8');
      } else {
        text = fs.readFileSync(target.abs, 'utf8');
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return {
        failure: err.code === 'EISDIR' ? cliMessage(locale, 'cannotReadFolder', { file: target.file })
          : cliMessage(locale, 'cannotRead', { file: target.file, error: err.message }),
      };
    }
    host.remember(target.abs, text);
  }
  let config: HardlintConfig;
  try {
    config = session.configFor(target.abs);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { configError: e.localized(locale) };
  }
  if (target.named && isIgnored(config, target.abs)) {
    if (stdinText !== undefined && options.fix) session.fixedStdout = text;
    if (!target.explicit) return {};
    return { note: cliMessage(locale, 'ignoredBy', { file: target.file, config: path.relative(session.cwd, config.file!) || config.file! }) };
  }
  const env: LintEnv = {
    host, config, locale: session.formatOptions.locale, rules: RULES, workspace: sessionWorkspace(session),
    sshdIncluded: sessionSshdInclusions(session),
    // expandPaths() looked for the sshd_config next to every file; standard input was not expanded.
    sshdIncludedComplete: stdinText === undefined,
  };
  const input = { path: target.abs, text, kind: target.kind };
  let finalText = text;
  let failure: string | undefined;
  if (session.fixing) {
    const fixed = fixUntilStable(input, env, allowedSafeties(options.unsafeFixes)).text;
    if (options.fixDryRun) {
      if (fixed !== text) session.diffs.push(unifiedDiff(text, fixed, { path: target.file }));
      finalText = fixed;
    } else if (stdinText !== undefined) {
      session.fixedStdout = fixed;
      finalText = fixed;
    } else if (fixed !== text) {
      // Writing back decoded text would replace bytes that are not UTF-8; leave such files alone.
      if (raw && !Buffer.from(text, 'utf8').equals(raw)) {
        failure = cliMessage(locale, 'notFixedNotUtf8', { file: target.file });
      } else {
        try {
          fs.writeFileSync(target.abs, fixed, 'utf8');
          host.remember(target.abs, fixed);
          finalText = fixed;
        } catch (e) {
          failure = cliMessage(locale, 'cannotWrite', { file: target.file, error: (e as Error).message });
        }
      }
    }
  }
  const { findings } = lint({ ...input, text: finalText }, env);
  const report = { file: target.file, ...(target.named ? { path: target.abs } : {}), kind: target.kind, text: finalText, findings };
  const outcome: TargetOutcome = {
    text: formatFileText(session.format, report, session.formatOptions),
    summary: addToSummary(emptySummary(), report),
  };
  if (failure !== undefined) outcome.failure = failure;
  return outcome;
}

/** The config resolver, or undefined after reporting an unusable --config on stderr (the caller exits 2). */
export function configResolverOrReport(options: CliOptions, io: { cwd: string; stderr(text: string): void }, locale: Locale):
  ((abs: string) => HardlintConfig) | undefined {
  try {
    return configResolver(options, io.cwd);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`hardlint: ${e.localized(locale)}\n`);
      return undefined;
    }
    throw e;
  }
}
