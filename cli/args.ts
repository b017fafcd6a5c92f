// Command-line parsing and validation. Kept free of engine imports so `--version` and `--help` start fast.
import { parseArgs } from 'node:util';
import { FORMATS, FormatName } from '../core/format/names';
import { KINDS } from '../core/kinds';
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

export class UsageError extends Error {
  /** Whether to point at --help (for malformed command lines, not for e.g. an unknown rule name). */
  constructor(message: string, readonly pointToHelp = true) {
    super(message);
  }
}

export const HELP = `Usage: hardlint [options] [paths...]
       hardlint report [-f text|html|json] [-o FILE] [paths...]

Lints the configuration files that expose a server (sshd_config and its drop-ins, nginx, firewall scripts and rule
files, docker-compose files) against hardening guidance.
Folders are searched recursively, skipping node_modules, .git and files excluded by .gitignore.
With no path, the current folder is searched.
"hardlint report" prints, per port reachable from outside, the path firewall rule → published port or listener →
service → proxy and its worst finding (-f html: a page with a diagram).

Options:
  -f, --format NAME        stylish (default), json, sarif or github
  -o, --output-file FILE   write the report to FILE instead of standard output
      --fix                apply safe fixes to the files, then report what remains
      --fix-dry-run        print the changes --fix would make as a unified diff, write nothing
      --unsafe-fixes       with --fix or --fix-dry-run: also apply fixes that may cut access
      --kind KIND          read every file as KIND (sshd, nginx, firewall, compose), whatever its name
      --profile NAME       recommended or strict (overrides the profile of .hardlint.yaml)
  -c, --config FILE        use FILE for every file instead of the nearest .hardlint.yaml
      --max-warnings N     exit 1 only when there are errors or more than N warnings
      --stdin              lint standard input
      --stdin-filename P   the path standard input stands for (kind, config and Include lookup)
      --list-rules         list the rules (with -f json: as JSON)
      --explain RULE       print a rule's documentation
      --lang LANG          message language: en or fr (default: from LC_ALL, LC_MESSAGES, LANG)
      --color, --no-color  force colours on or off (default: on a terminal, unless NO_COLOR is set)
  -v, --version            print the version
  -h, --help               print this help

Exit status: 0 no problem at warning or above, 1 problems found, 2 usage, configuration or read error.
`;

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
  throw new UsageError(`--${option} must be ${list}, not "${value}"`);
}

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
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
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
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
    if (!/^\d+$/.test(v['max-warnings'])) throw new UsageError(`--max-warnings must be a whole number, not "${v['max-warnings']}"`);
    maxWarnings = Number(v['max-warnings']);
  }
  const options: CliOptions = {
    paths: positionals,
    format: report ? 'stylish' : oneOf('format', v.format, FORMATS) ?? 'stylish',
    outputFile: v['output-file'],
    fix: v.fix ?? false,
    fixDryRun: v['fix-dry-run'] ?? false,
    unsafeFixes: v['unsafe-fixes'] ?? false,
    kind: oneOf('kind', v.kind, KINDS),
    profile: oneOf('profile', v.profile, ['recommended', 'strict'] as const),
    config: v.config,
    maxWarnings,
    stdin,
    stdinFilename: v['stdin-filename'],
    listRules: v['list-rules'] ?? false,
    explain: v.explain,
    version: v.version ?? false,
    help: v.help ?? false,
    lang: oneOf('lang', v.lang, ['en', 'fr'] as const),
    color,
  };
  if (report) {
    options.report = { format: oneOf('format', v.format, ['text', 'html', 'json'] as const) ?? 'text' };
    if (options.fix || options.fixDryRun || options.stdin) throw new UsageError('report reads files: --fix, --fix-dry-run and --stdin do not apply');
  }
  if (options.unsafeFixes && !options.fix && !options.fixDryRun) {
    throw new UsageError('--unsafe-fixes only works with --fix or --fix-dry-run');
  }
  if (options.fix && options.fixDryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (options.stdinFilename !== undefined && !options.stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (options.stdin && options.paths.length > 0) throw new UsageError('give either paths or --stdin, not both');
  return options;
}
