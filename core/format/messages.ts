// What the CLI prints in its own words: around findings (the formatters), its help, usage errors and diagnostics.
// Translations use keys "cli:<id>" in l10n/bundle.l10n.<lang>.json. This module loads that small bundle only, never
// the rule messages: `hardlint --help` and usage errors use it before the engine is loaded.
import { format, frontEndTranslation } from '../front-end-l10n';
import type { Locale } from '../locale';

export const CLI_MESSAGES = {
  problem: '{count} problem',
  problems: '{count} problems',
  error: '{count} error',
  errors: '{count} errors',
  warning: '{count} warning',
  warnings: '{count} warnings',
  info: '{count} info',
  infos: '{count} infos',
  summary: '✖ {problems} ({errors}, {warnings}, {infos})',
  fixableSafe: '{count} fixable with --fix',
  fixableUnsafeMore: '{count} more with --fix --unsafe-fixes',
  fixableUnsafeOnly: '{count} fixable with --fix --unsafe-fixes',
  explainNoDoc: 'No documentation page is installed with this copy of hardlint; see {url}',
  // --list-rules columns.
  columnRule: 'RULE',
  columnSeverity: 'SEVERITY',
  columnFix: 'FIX',
  columnProfile: 'PROFILE',
  columnDescription: 'DESCRIPTION',
  // The command line (cli/args.ts, cli/main.ts).
  help: `Usage: hardlint [options] [paths...]
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
`,
  seeHelp: 'Run "hardlint --help" for usage.',
  /** Node's own message for a malformed command line (unknown option, missing value). */
  commandLineError: '{error}',
  optionChoice: '--{option} must be {choices}, not "{value}"',
  /** The last two choices of a list ("a, b or c"). */
  choiceLastTwo: '{choices} or {last}',
  maxWarningsNotNumber: '--max-warnings must be a whole number, not "{value}"',
  reportNoFix: 'report reads files: --fix, --fix-dry-run and --stdin do not apply',
  unsafeFixesAlone: '--unsafe-fixes only works with --fix or --fix-dry-run',
  fixAndDryRun: 'use either --fix or --fix-dry-run, not both',
  stdinFilenameAlone: '--stdin-filename needs --stdin',
  pathsAndStdin: 'give either paths or --stdin, not both',
  internalError: 'internal error: {error}',
  // Running (cli/run.ts, cli/session.ts, cli/report.ts).
  unknownRule: 'unknown rule "{rule}". Run "hardlint --list-rules" to see every rule.',
  unknownRuleSuggestions: 'unknown rule "{rule}". Did you mean {suggestions}? Run "hardlint --list-rules" to see every rule.',
  unknownKind: 'cannot tell what kind of file "{file}" is (hardlint recognises sshd_config, sshd_config.d/*.conf, nginx '
    + 'configs, firewall scripts and rule files, docker-compose files); pass --kind sshd, nginx, firewall or compose',
  unknownStdinKind: 'cannot tell what kind of configuration standard input holds: '
    + 'pass --stdin-filename (e.g. /etc/ssh/sshd_config) or --kind sshd',
  cannotRead: 'cannot read {file}: {error}',
  cannotReadFolder: 'cannot read {file}: is a folder',
  cannotReadFile: 'cannot read {file}',
  cannotWrite: 'cannot write {file}: {error}',
  notFixedNotUtf8: '{file}: not fixed, the file is not valid UTF-8',
  shellScriptNotLinted: '{file}: a shell script that runs no firewall command: not linted',
  nothingFound: 'no sshd, nginx, firewall or compose file found in {paths}',
  ignoredBy: '{file} is ignored by {config}',
  tooManyWarnings: 'too many warnings ({count}, maximum {maximum})',
  severalHosts: 'these files describe several hosts (more than one sshd_config or nginx.conf): the map puts them together',
  // .hardlint.yaml and --config (core/config.ts): "{file}: {problem}".
  configProblem: '{file}: {problem}',
  configUnreadable: 'cannot read the configuration file',
  configNotYaml: 'not valid YAML: {error}',
  configNotMapping: 'expected a mapping',
  configProfile: 'profile must be "recommended" or "strict", not {value}',
  configRules: 'rules must map rule ids to error, warning, info or off',
  configRuleSetting: 'rules.{rule} must be one of {settings}, not {value}',
  configIgnore: 'ignore must be a list of globs',
  configSshd: 'sshd must be a mapping',
  configSshdUnknown: 'unknown setting sshd.{key}',
  configSshdir: 'sshd.sshdir must be a path',
  configVendor: 'sshd.vendor must be "debian" or "upstream"',
  configUnknown: 'unknown setting "{key}" (known: profile, rules, ignore, sshd)',
} as const;

export type CliMessageId = keyof typeof CLI_MESSAGES;

export type CliMessageData = Record<string, string | number>;

/** A message to word later, in the language of whoever shows it (e.g. a config error found before the locale is known). */
export interface CliText {
  id: CliMessageId;
  data?: CliMessageData;
}

export function cliMessage(locale: Locale, id: CliMessageId, data?: CliMessageData): string {
  return format(frontEndTranslation(locale, `cli:${id}`) ?? CLI_MESSAGES[id], data);
}

/** "1 error" / "2 errors": singular for exactly one in English, for 0 and 1 in French ("0 erreur"). */
export function counted(locale: Locale, count: number, one: CliMessageId, many: CliMessageId): string {
  const singular = locale === 'fr' ? count <= 1 : count === 1;
  return cliMessage(locale, singular ? one : many, { count });
}

/** "a", "a or b", "a, b or c" in `locale`. */
export function choiceList(locale: Locale, choices: readonly string[]): string {
  if (choices.length <= 1) return choices.join('');
  return cliMessage(locale, 'choiceLastTwo', { choices: choices.slice(0, -1).join(', '), last: choices[choices.length - 1] });
}
