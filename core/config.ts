// `.hardlint.yaml`: found by walking up from the linted file (the nearest one wins), or given with --config.
import * as path from 'node:path';
import type * as Yaml from 'yaml';
import { cliMessage, CliMessageData, CliMessageId, CliText } from './format/messages';
import type { Locale } from './locale';
import { isNormalAbsolute, parentOf, resolvePath } from './paths';
import type { FileHost, Profile, Severity } from './types';

export const CONFIG_NAMES = ['.hardlint.yaml', '.hardlint.yml'];

export type RuleSetting = Severity | 'off';

export interface HardlintConfig {
  /** The file it came from, if any. */
  file?: string;
  profile: Profile;
  /** Rule id (or `family/*`) → severity or off. */
  rules: Record<string, RuleSetting>;
  /** Globs, relative to the config file's folder. */
  ignore: string[];
  sshd: { sshdir?: string; vendor: 'debian' | 'upstream' };
}

/** An unusable configuration file: `message` in English, `localized()` in the user's language. */
export class ConfigError extends Error {
  /** `problem`: a catalogue message, or text that has no translation (e.g. an exception's message). */
  constructor(readonly file: string, readonly problem: CliText | string) {
    super(configErrorText('en', file, problem));
  }

  localized(locale: Locale): string {
    return configErrorText(locale, this.file, this.problem);
  }
}

function configErrorText(locale: Locale, file: string, problem: CliText | string): string {
  const text = typeof problem === 'string' ? problem : cliMessage(locale, problem.id, problem.data);
  return cliMessage(locale, 'configProblem', { file, problem: text });
}

function invalid(file: string, id: CliMessageId, data?: CliMessageData): ConfigError {
  return new ConfigError(file, { id, data });
}

export function defaultConfig(): HardlintConfig {
  return { profile: 'recommended', rules: {}, ignore: [], sshd: { vendor: 'debian' } };
}

const SETTINGS: RuleSetting[] = ['error', 'warning', 'info', 'off'];

export function parseConfig(file: string, text: string): HardlintConfig {
  // Loaded on first use: most runs find no config file, and the YAML parser weighs on every start-up.
  const { parse: parseYaml } = require('yaml') as typeof Yaml;
  let raw: unknown;
  try {
    // Keys it cannot represent are reported below as unknown settings, not printed by yaml as process warnings.
    raw = parseYaml(text, { logLevel: 'error' }) ?? {};
  } catch (e) {
    throw invalid(file, 'configNotYaml', { error: (e as Error).message.split('\n')[0] });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(file, 'configNotMapping');
  const config = defaultConfig();
  config.file = file;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    switch (key) {
      case 'profile':
        if (value !== 'recommended' && value !== 'strict') {
          throw invalid(file, 'configProfile', { value: JSON.stringify(value) });
        }
        config.profile = value;
        break;
      case 'rules':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw invalid(file, 'configRules');
        }
        for (const [id, setting] of Object.entries(value as Record<string, unknown>)) {
          const s = setting === false ? 'off' : setting === 'warn' ? 'warning' : setting;
          if (!SETTINGS.includes(s as RuleSetting)) {
            throw invalid(file, 'configRuleSetting', { rule: id, settings: SETTINGS.join(', '), value: JSON.stringify(setting) });
          }
          config.rules[id] = s as RuleSetting;
        }
        break;
      case 'ignore':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
          throw invalid(file, 'configIgnore');
        }
        config.ignore = value as string[];
        break;
      case 'sshd': {
        if (typeof value !== 'object' || value === null) throw invalid(file, 'configSshd');
        const v = value as Record<string, unknown>;
        for (const k of Object.keys(v)) {
          if (k !== 'sshdir' && k !== 'vendor') throw invalid(file, 'configSshdUnknown', { key: k });
        }
        if (v.sshdir !== undefined) {
          if (typeof v.sshdir !== 'string') throw invalid(file, 'configSshdir');
          config.sshd.sshdir = path.resolve(path.dirname(file), v.sshdir);
        }
        if (v.vendor !== undefined) {
          if (v.vendor !== 'debian' && v.vendor !== 'upstream') {
            throw invalid(file, 'configVendor');
          }
          config.sshd.vendor = v.vendor;
        }
        break;
      }
      default:
        throw invalid(file, 'configUnknown', { key });
    }
  }
  return config;
}

/**
 * The nearest config file at or above `dir`. With `cache` (folder → answer), each folder is looked at once: a run
 * over many files in sibling folders shares the answers for their common parents.
 */
export function findConfigFile(dir: string, host: FileHost, cache?: Map<string, string | undefined>): string | undefined {
  const start = resolvePath(dir);
  const walked: string[] = [];
  let found: string | undefined;
  for (let current = start; ; ) {
    if (cache?.has(current)) {
      found = cache.get(current);
      break;
    }
    walked.push(current);
    for (const name of CONFIG_NAMES) {
      const candidate = !isNormalAbsolute(current) ? path.join(current, name) : current === '/' ? '/' + name : current + '/' + name;
      if (host.readFile(candidate) !== undefined) {
        found = candidate;
        break;
      }
    }
    if (found !== undefined) break;
    const parent = parentOf(current);
    if (parent === current) break;
    current = parent;
  }
  if (cache) for (const d of walked) cache.set(d, found);
  return found;
}

/** A gitignore-style glob as a RegExp over a `/`-separated relative path. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/');
  const anchored = g.includes('/') && !g.endsWith('/') ? g.startsWith('/') || !g.startsWith('**') : false;
  g = g.replace(/^\/+/, '').replace(/\/+$/, '/**');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      if (g[i + 2] === '/') { re += '(?:.*/)?'; i += 2; } else { re += '.*'; i++; }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp((anchored ? '^' : '(?:^|/)') + re + '(?:/.*)?$');
}

export function isIgnored(config: HardlintConfig, filePath: string): boolean {
  if (config.ignore.length === 0) return false;
  const base = config.file ? path.dirname(config.file) : process.cwd();
  const rel = path.relative(base, path.resolve(filePath)).split(path.sep).join('/');
  if (rel.startsWith('..')) return false;
  return config.ignore.some((g) => globToRegExp(g).test(rel));
}

/** The severity for a rule after config overrides (exact id beats `family/*`), or 'off'. */
export function ruleSetting(config: HardlintConfig, ruleId: string): RuleSetting | undefined {
  return config.rules[ruleId] ?? config.rules[ruleId.split('/')[0] + '/*'] ?? config.rules['*'];
}
