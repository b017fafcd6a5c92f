// The CLI's own words (help, usage errors, read/write/config errors, notes) in the run's language, through the built
// dist/cli.js as a user runs it: French with --lang fr or a French LANG, English byte for byte as it always was, and
// --help in French without loading the rule catalogue.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_MESSAGES } from '../core/format/messages';
import { ROOT } from './helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const FRONT_END_FR: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.fr.json'), 'utf8'));

interface Run { code: number | null; stdout: string; stderr: string }

function hardlint(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'LANG', 'LC_ALL', 'LC_MESSAGES', 'LANGUAGE', 'NODE_V8_COVERAGE']) delete base[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...base, ...env }, input: '', encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];
after(() => { for (const d of temps) fs.rmSync(d, { recursive: true, force: true }); });

/** A temporary folder holding `files` (relative path → content). */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-cli-l10n-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const ROOT_LOGIN = 'PermitRootLogin yes\n';
const DIR = tree({
  'ignored/sshd_config': ROOT_LOGIN,
  'ignored/.hardlint.yaml': 'ignore:\n  - sshd_config\n',
  'bad/sshd_config': ROOT_LOGIN,
  'bad/.hardlint.yaml': 'profile: lax\n',
  'warn/sshd_config': ROOT_LOGIN,
  'warn/.hardlint.yaml': 'rules:\n  "sshd/*": off\n  sshd/permit-root-login: warning\n',
  'notes.txt': 'not a config\n',
});
const BAD_CONFIG = path.join(DIR, 'bad', '.hardlint.yaml');

interface Case {
  name: string;
  args: string[];
  code: number;
  /** stderr in English, exactly as hardlint has always printed it. */
  english: string;
  french: string;
}

const CASES: Case[] = [
  {
    name: 'a usage error',
    args: ['--format', 'xml', 'warn'],
    code: 2,
    english: 'hardlint: --format must be stylish, json, sarif or github, not "xml"\nRun "hardlint --help" for usage.\n',
    french: 'hardlint: --format doit être stylish, json, sarif ou github, et non « xml »\n'
      + 'Lancez « hardlint --help » pour afficher l\'aide.\n',
  },
  {
    name: 'an option Node does not know (its own message kept inside the sentence)',
    args: ['--colour', 'warn'],
    code: 2,
    english: `hardlint: ${nodeParseError('--colour')}\nRun "hardlint --help" for usage.\n`,
    french: `hardlint: ligne de commande invalide : ${nodeParseError('--colour')}\nLancez « hardlint --help » pour afficher l'aide.\n`,
  },
  {
    name: 'a path that does not exist',
    args: ['missing'],
    code: 2,
    english: 'hardlint: cannot read missing: no such file or directory\n',
    french: 'hardlint: impossible de lire missing : no such file or directory\n',
  },
  {
    name: 'a report that cannot be written (the system error stays as Node words it)',
    args: ['-o', 'nowhere/report.txt', 'warn'],
    code: 2,
    english: `hardlint: cannot write nowhere/report.txt: ${enoentOpen('nowhere/report.txt')}\n`,
    french: `hardlint: impossible d'écrire nowhere/report.txt : ${enoentOpen('nowhere/report.txt')}\n`,
  },
  {
    name: 'an unknown rule, with the rule it is close to',
    args: ['--explain', 'permit-root-logn'],
    code: 2,
    english: 'hardlint: unknown rule "permit-root-logn". Did you mean sshd/permit-root-login? '
      + 'Run "hardlint --list-rules" to see every rule.\n',
    french: 'hardlint: règle inconnue « permit-root-logn ». Vouliez-vous dire sshd/permit-root-login ? '
      + 'Lancez « hardlint --list-rules » pour voir toutes les règles.\n',
  },
  {
    name: 'too many warnings',
    args: ['--max-warnings', '0', 'warn'],
    code: 1,
    english: 'hardlint: too many warnings (1, maximum 0)\n',
    french: 'hardlint: trop d\'avertissements (1, maximum 0)\n',
  },
  {
    name: 'a bad .hardlint.yaml',
    args: ['bad'],
    code: 2,
    english: `hardlint: ${BAD_CONFIG}: profile must be "recommended" or "strict", not "lax"\n`,
    french: `hardlint: ${BAD_CONFIG} : profile doit être "recommended" ou "strict", et non "lax"\n`,
  },
  {
    name: 'a --config file that cannot be read',
    args: ['-c', 'none.yaml', 'warn'],
    code: 2,
    english: 'hardlint: none.yaml: cannot read the configuration file\n',
    french: 'hardlint: none.yaml : impossible de lire le fichier de configuration\n',
  },
  {
    name: 'a file the configuration ignores',
    args: ['ignored/sshd_config'],
    code: 0,
    english: 'hardlint: ignored/sshd_config is ignored by ignored/.hardlint.yaml\n',
    french: 'hardlint: ignored/sshd_config est ignoré par ignored/.hardlint.yaml\n',
  },
  {
    name: 'a file of no known kind',
    args: ['notes.txt'],
    code: 2,
    english: 'hardlint: cannot tell what kind of file "notes.txt" is (hardlint recognises sshd_config, sshd_config.d/*.conf, '
      + 'nginx configs, firewall scripts and rule files, docker-compose files); pass --kind sshd, nginx, firewall or compose\n',
    french: 'hardlint: impossible de déterminer le type du fichier « notes.txt » (hardlint reconnaît sshd_config, '
      + 'sshd_config.d/*.conf, les configurations nginx, les scripts et fichiers de règles de pare-feu, les fichiers '
      + 'docker-compose) ; indiquez --kind sshd, nginx, firewall ou compose\n',
  },
];

/** Node's parseArgs message for an unknown option, as this Node version words it. */
function nodeParseError(option: string): string {
  const { parseArgs } = require('node:util') as typeof import('node:util');
  try {
    parseArgs({ args: [option], options: {}, strict: true, allowPositionals: true });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${option} was accepted`);
}

function enoentOpen(rel: string): string {
  try {
    fs.openSync(path.join(DIR, rel), 'w');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${rel} could be opened`);
}

describe('hardlint speaks its own messages in the run\'s language', () => {
  for (const c of CASES) {
    it(`words ${c.name} in French with --lang fr and with LANG=fr_FR.UTF-8, in English otherwise`, () => {
      const runs: [string, Run, string][] = [
        ['--lang fr', hardlint(['--lang', 'fr', ...c.args], DIR), c.french],
        ['LANG=fr_FR.UTF-8', hardlint(c.args, DIR, { LANG: 'fr_FR.UTF-8' }), c.french],
        ['no locale', hardlint(c.args, DIR), c.english],
        ['--lang en over LC_ALL=fr_FR.UTF-8', hardlint(['--lang', 'en', ...c.args], DIR, { LC_ALL: 'fr_FR.UTF-8' }), c.english],
      ];
      for (const [how, run, stderr] of runs) {
        assert.equal(run.stderr, stderr, how);
        assert.equal(run.code, c.code, `${how}: exit status`);
      }
    });
  }

  it('words a usage error in the language of --lang even when --lang comes after the mistake', () => {
    const r = hardlint(['--fix', '--fix-dry-run', '--lang=fr', 'warn'], DIR);
    assert.equal(r.stderr, 'hardlint: utilisez --fix ou --fix-dry-run, pas les deux\nLancez « hardlint --help » pour afficher l\'aide.\n');
  });

  it('words a wrong --lang in the language of the environment', () => {
    assert.equal(hardlint(['--lang', 'de'], DIR, { LANG: 'fr_FR.UTF-8' }).stderr,
      'hardlint: --lang doit être en ou fr, et non « de »\nLancez « hardlint --help » pour afficher l\'aide.\n');
    assert.equal(hardlint(['--lang', 'de'], DIR).stderr, 'hardlint: --lang must be en or fr, not "de"\nRun "hardlint --help" for usage.\n');
  });

  it('words the notes of `hardlint report` in French', () => {
    const hosts = tree({ 'a/sshd_config': 'Port 22\n', 'b/sshd_config': 'Port 2222\n' });
    const note = (env: Record<string, string>) => hardlint(['report', '.'], hosts, env).stderr;
    assert.equal(note({ LANG: 'fr_FR.UTF-8' }),
      'hardlint: ces fichiers décrivent plusieurs machines (plus d\'un sshd_config ou nginx.conf) : la carte les réunit\n');
    assert.equal(note({}),
      'hardlint: these files describe several hosts (more than one sshd_config or nginx.conf): the map puts them together\n');
  });
});

describe('hardlint --help in French', () => {
  it('prints the French help with --lang fr or LANG=fr_FR.UTF-8, the English one otherwise', () => {
    for (const r of [hardlint(['--help', '--lang', 'fr'], DIR), hardlint(['-h'], DIR, { LANG: 'fr_FR.UTF-8' })]) {
      assert.equal(r.code, 0);
      assert.equal(r.stdout, FRONT_END_FR['cli:help']);
      assert.match(r.stdout, /^Utilisation : hardlint \[options\] \[chemins\.\.\.\]\n/);
      assert.match(r.stdout, /^ {2}-o, --output-file FICHIER +écrit le rapport dans FICHIER au lieu de la sortie standard$/m);
    }
    const english = hardlint(['--help'], DIR, { LANG: 'en_US.UTF-8' });
    assert.equal(english.stdout, CLI_MESSAGES.help);
    assert.match(english.stdout, /^Usage: hardlint \[options\] \[paths\.\.\.\]\n/);
    assert.match(english.stdout, /^ {2}-o, --output-file FILE {3}write the report to FILE instead of standard output$/m);
  });

  it('names every option and option letter of the English help, within 120 columns', () => {
    const options = (s: string) => new Set(s.match(/(?<![\w-])--?[a-z][\w-]*/g) ?? []);
    const french = FRONT_END_FR['cli:help'];
    assert.deepEqual([...options(CLI_MESSAGES.help)].filter((o) => !options(french).has(o)), []);
    assert.deepEqual(french.split('\n').filter((l) => [...l].length > 120), []);
  });

  it('does not load the rule catalogue (l10n/rules.l10n.fr.json), which linting does', () => {
    /** Whether the run evaluated the bundled module `name` (esbuild's lazy module initialisers are named after their file). */
    const evaluated = (args: string[]): Map<string, boolean> => {
      const coverage = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-cov-'));
      temps.push(coverage);
      // Without the code cache, so that the coverage sees dist/cli-main.js as an ordinary script.
      const r = hardlint(args, DIR, { LANG: 'fr_FR.UTF-8', NODE_V8_COVERAGE: coverage, NODE_DISABLE_COMPILE_CACHE: '1' });
      assert.ok(r.code !== null && r.code <= 1, r.stderr);
      const out = new Map<string, boolean>();
      for (const file of fs.readdirSync(coverage)) {
        const { result } = JSON.parse(fs.readFileSync(path.join(coverage, file), 'utf8')) as {
          result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
        };
        for (const script of result.filter((s) => s.url.endsWith('/dist/cli-main.js'))) {
          for (const f of script.functions) {
            if (f.functionName.startsWith('l10n/') || f.functionName === 'core/l10n.ts') {
              out.set(f.functionName, (out.get(f.functionName) ?? false) || f.ranges[0].count > 0);
            }
          }
        }
      }
      return out;
    };
    const help = evaluated(['--help']);
    assert.equal(help.get('l10n/bundle.l10n.fr.json'), true, 'the French CLI strings are loaded');
    assert.equal(help.get('l10n/rules.l10n.fr.json'), false);
    assert.equal(help.get('core/l10n.ts'), false);
    const lint = evaluated(['warn']);
    assert.equal(lint.get('l10n/rules.l10n.fr.json'), true, 'a lint loads the rule messages (so the check above can fail)');
  });
});

describe('CLI message catalogue', () => {
  it('has a French translation of every message, with the same placeholders, that is not the English text', () => {
    const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort().join(' ');
    // Words that are the same in both languages.
    const same = new Set(['summary', 'columnDescription']);
    const problems: string[] = [];
    for (const [id, english] of Object.entries(CLI_MESSAGES)) {
      const french = FRONT_END_FR[`cli:${id}`];
      if (french === undefined) problems.push(`cli:${id}: missing from l10n/bundle.l10n.fr.json`);
      else if (placeholders(french) !== placeholders(english)) problems.push(`cli:${id}: placeholders ${placeholders(french)}`);
      else if (french === english && !same.has(id)) problems.push(`cli:${id}: same as the English`);
    }
    assert.deepEqual(problems, []);
  });
});
