// Command-line parsing and validation. Kept free of engine imports so `--version` and `--help` start fast.
import { parseArgs, ParseArgsConfig } from 'node:util';
import { choiceList, cliMessage, CliMessageData, CliMessageId } from '../core/format/messages';
import { FORMATS, FormatName } from '../core/format/names';
import { KINDS } from '../core/kinds';
import { Locale, localeFromEnv } from '../core/locale';
import type { Kind, Profile } from '../core/types';

export interface CliOptions {
  paths: string[];
  format: FormatName;
  outputFile?: string;
  fix: boolean;
  fixDryRun: boolean;
  unsafeFixes: boolean;
  kind?: Kind;
  profile?: Profile;
  config?: string;
  maxWarnings?: number;
  stdin: boolean;
  stdinFilename?: string;
  listRules: boolean;
  explain?: string;
  version: boolean;
  help: boolean;
  lang?: 'en' | 'fr';
  /** --color / --no-color; undefined leaves it to the environment. */
  color?: boolean;
  /** `hardlint report [paths]`: the exposure map instead of the findings. */
  report?: { format: 'text' | 'html' | 'json' };
}

/** A mistake on the command line, worded (`message`) in the language of the run. */
export class UsageError extends Error {
  /** Whether to point at --help (for malformed command lines, not for e.g. an unknown rule name). */
  constructor(message: string, readonly pointToHelp = true) {
    super(message);
  }
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  kind: { type: 'string' },
  profile: { type: 'string' },
  config: { type: 'string', short: 'c' },
  'max-warnings': { type: 'string' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  'list-rules': { type: 'boolean' },
  explain: { type: 'string' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/**
 * The language of the CLI's own messages: a valid --lang, read even from a command line that is otherwise malformed
 * (so that its usage error is worded in it), else the environment.
 */
export function cliLocale(argv: readonly string[], env: NodeJS.ProcessEnv): Locale {
  let lang: unknown;
  try {
    lang = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false }).values.lang;
  } catch {
    lang = undefined;
  }
  return lang === 'en' || lang === 'fr' ? lang : localeFromEnv(env);
}

function oneOf<T extends string>(locale: Locale, option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(cliMessage(locale, 'optionChoice', { option, choices: choiceList(locale, allowed), value }));
}

/** Parses the command line; usage errors are worded in cliLocale(argv, env). */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const locale = cliLocale(argv, env);
  const usage = (id: CliMessageId, data?: CliMessageData): UsageError => new UsageError(cliMessage(locale, id, data));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, tokens: true, options: OPTIONS });
  } catch (e) {
    throw usage('commandLineError', { error: (e as Error).message });
  }
  const v = parsed.values;
  // The last of --color / --no-color wins, as with most tools.
  let color: boolean | undefined;
  for (const t of parsed.tokens ?? []) {
    if (t.kind === 'option' && t.name === 'color') color = true;
    if (t.kind === 'option' && t.name === 'no-color') color = false;
  }
  const positionals = [...parsed.positionals];
  // `report` as the first word is the exposure report (a folder named report is linted as ./report).
  const report = positionals[0] === 'report';
  if (report) positionals.shift();
  let stdin = v.stdin ?? false;
  if (positionals.includes('-')) {
    stdin = true;
    positionals.splice(positionals.indexOf('-'), 1);
  }
  let maxWarnings: number | undefined;
  if (v['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(v['max-warnings'])) throw usage('maxWarningsNotNumber', { value: v['max-warnings'] });
    maxWarnings = Number(v['max-warnings']);
  }
  const options: CliOptions = {
    paths: positionals,
    format: report ? 'stylish' : oneOf(locale, 'format', v.format, FORMATS) ?? 'stylish',
    outputFile: v['output-file'],
    fix: v.fix ?? false,
    fixDryRun: v['fix-dry-run'] ?? false,
    unsafeFixes: v['unsafe-fixes'] ?? false,
    kind: oneOf(locale, 'kind', v.kind, KINDS),
    profile: oneOf(locale, 'profile', v.profile, ['recommended', 'strict'] as const),
    config: v.config,
    maxWarnings,
    stdin,
    stdinFilename: v['stdin-filename'],
    listRules: v['list-rules'] ?? false,
    explain: v.explain,
    version: v.version ?? false,
    help: v.help ?? false,
    lang: oneOf(locale, 'lang', v.lang, ['en', 'fr'] as const),
    color,
  };
  if (report) {
    options.report = { format: oneOf(locale, 'format', v.format, ['text', 'html', 'json'] as const) ?? 'text' };
    if (options.fix || options.fixDryRun || options.stdin) throw usage('reportNoFix');
  }
  if (options.unsafeFixes && !options.fix && !options.fixDryRun) {
    throw usage('unsafeFixesAlone');
  }
  if (options.fix && options.fixDryRun) throw usage('fixAndDryRun');
  if (options.stdinFilename !== undefined && !options.stdin) throw usage('stdinFilenameAlone');
  if (options.stdin && options.paths.length > 0) throw usage('pathsAndStdin');
  return options;
}
