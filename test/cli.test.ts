// The `hardlint` command as a user runs it: the built dist/cli.js in a child process, on small trees under
// test/fixtures/cli/ and on copies in temporary folders (for --fix, .gitignore and node_modules cases).
// Trees pin the rule set with `.hardlint.yaml` (`sshd/*: off`, one rule on) so that adding rules does not break them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { unifiedDiff } from '../core/diff';
import { docsUrl } from '../core/docs';
import { formatGithub, toSarif } from '../core/format';
import type { Finding } from '../core/types';
import { RULES } from '../rules';
import { CORPUS, FIXTURES, ROOT } from './helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const CLI_FIXTURES = path.join(FIXTURES, 'cli');
const PROJECT = path.join(CLI_FIXTURES, 'project');
const PACKAGE_VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

/** Only sshd/permit-root-login, at error. */
const PINNED = 'rules:\n  "sshd/*": off\n  sshd/permit-root-login: error\n';

interface Run { code: number | null; stdout: string; stderr: string }

function hardlint(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'LANG', 'LC_ALL', 'LC_MESSAGES']) delete env[k];
  Object.assign(env, opts.env);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? PROJECT, input: opts.input ?? '', env, encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  rule: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number;
  fixes: { title: string; safety: string }[];
}
interface JsonFile { file: string; kind: string; findings: JsonFinding[] }

function json(run: Run): JsonFile[] {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

const temps: string[] = [];
after(() => { for (const d of temps) fs.rmSync(d, { recursive: true, force: true }); });

/** A temporary folder holding `files` (relative path → content). */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-cli-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}

function copyOf(fixture: string): string {
  const dir = tree({});
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}

const hasSafeFix = (f: JsonFinding) => f.fixes.some((x) => x.safety === 'safe');

describe('hardlint --version / --help / usage errors', () => {
  it('prints the package version', () => {
    const r = hardlint(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${PACKAGE_VERSION}\n`);
    assert.equal(hardlint(['-v']).stdout, `${PACKAGE_VERSION}\n`);
  });

  it('prints help with every option', () => {
    const r = hardlint(['--help']);
    assert.equal(r.code, 0);
    for (const option of ['--format', '--output-file', '--fix', '--fix-dry-run', '--unsafe-fixes', '--kind', '--profile',
      '--config', '--max-warnings', '--stdin', '--stdin-filename', '--list-rules', '--explain', '--lang', '--no-color']) {
      assert.ok(r.stdout.includes(option), option);
    }
  });

  for (const [args, reason] of [
    [['--unsafe-fixes', '.'], /--unsafe-fixes only works with --fix or --fix-dry-run/],
    [['--format', 'xml', '.'], /--format must be stylish, json, sarif or github, not "xml"/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--max-warnings', 'many', '.'], /--max-warnings must be a whole number/],
    [['--lang', 'de', '.'], /--lang must be en or fr/],
    [['--kind', 'apache', '.'], /--kind must be sshd, nginx\b.*, not "apache"/],
    [['--profile', 'paranoid', '.'], /--profile must be recommended or strict/],
    [['--fix', '--fix-dry-run', '.'], /either --fix or --fix-dry-run/],
  ] as const) {
    it(`exits 2 on ${args.join(' ')}`, () => {
      const r = hardlint([...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, reason);
      assert.equal(r.stdout, '');
    });
  }
});

describe('hardlint exit codes and file discovery', () => {
  it('exits 1 with a finding and 0 on a clean file (printing nothing)', () => {
    assert.equal(hardlint(['etc']).code, 1);
    const clean = hardlint(['clean']);
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, '');
    assert.equal(clean.stderr, '');
  });

  it('walks the current folder by default and lints only recognised files', () => {
    const r = hardlint(['-f', 'json']);
    assert.equal(r.code, 1);
    assert.deepEqual(json(r).map((f) => f.file), ['clean/sshd_config', 'etc/ssh/sshd_config']);
  });

  it('refuses a named file of unknown kind unless --kind is given', () => {
    const r = hardlint(['hardened-sshd.txt']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot tell what kind of file "hardened-sshd\.txt" is.*--kind sshd/);
    assert.equal(r.stdout, '');
    const forced = hardlint(['--kind', 'sshd', '-f', 'json', 'hardened-sshd.txt']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(json(forced), [{ file: 'hardened-sshd.txt', kind: 'sshd', findings: [] }]);
  });

  it('reports a missing path with exit 2 and still lints the others', () => {
    const r = hardlint(['-f', 'json', 'etc', 'missing/sshd_config']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read missing\/sshd_config: no such file or directory/);
    assert.deepEqual(json(r).map((f) => f.file), ['etc/ssh/sshd_config']);
  });

  it('keeps paths as given: relative stays relative, absolute stays absolute', () => {
    const abs = path.join(PROJECT, 'etc');
    assert.deepEqual(json(hardlint(['-f', 'json', abs])).map((f) => f.file), [path.join(abs, 'ssh', 'sshd_config')]);
    assert.deepEqual(json(hardlint(['-f', 'json', './etc/ssh/'])).map((f) => f.file), ['etc/ssh/sshd_config']);
  });

  it('skips node_modules, .git and what .gitignore files exclude (nested files and negations too)', () => {
    const bad = 'PermitRootLogin yes\n';
    const dir = tree({
      '.hardlint.yaml': PINNED,
      '.gitignore': 'ignored/\nkeep/\n',
      'sshd_config': bad,
      'ignored/sshd_config': bad,
      'node_modules/some-package/sshd_config': bad,
      '.git/sshd_config': bad,
      'sub/.gitignore': 'skip/\n!keep/\n',
      'sub/skip/sshd_config': bad,
      'sub/keep/sshd_config': bad,
      'deploy/sshd_config.d/10-root.conf': bad,
      'deploy/sshd_config.d/README.md': 'not linted',
      'deploy/sshd_config.bak': bad,
    });
    const r = hardlint(['-f', 'json', '.'], { cwd: dir });
    assert.deepEqual(json(r).map((f) => f.file),
      ['deploy/sshd_config.d/10-root.conf', 'sshd_config', 'sub/keep/sshd_config']);
    // Named explicitly, a git-ignored file is linted.
    assert.deepEqual(json(hardlint(['-f', 'json', 'ignored/sshd_config'], { cwd: dir })).map((f) => f.file),
      ['ignored/sshd_config']);
  });

  it('keeps the cross-file findings of a file nginx reads through a link (once, on the file linted)', () => {
    const dir = tree({
      'nginx/nginx.conf': 'events {}\nhttp {\n  server_tokens off;\n  include sites-enabled/*;\n}\n',
      'nginx/sites-available/shop': 'server {\n  listen 80;\n  server_name shop.example.org;\n  root /var/www/html;\n}\n',
      'firewall.sh': '#!/bin/sh\nufw default deny incoming\nufw allow 80/tcp\nufw enable\n',
    });
    fs.mkdirSync(path.join(dir, 'nginx', 'sites-enabled'));
    fs.symlinkSync('../sites-available/shop', path.join(dir, 'nginx', 'sites-enabled', 'shop'));
    const files = json(hardlint(['-f', 'json', '.'], { cwd: dir }));
    const cross = files.flatMap((f) => f.findings.filter((x) => x.rule === 'cross/http-only-service').map((x) => [f.file, x.line, x.column]));
    assert.deepEqual(cross, [['nginx/sites-available/shop', 2, 10]]);
  });

  it('leaves the conf.d files of other programs alone when walking a folder like /etc', () => {
    const dir = tree({
      'fonts/conf.d/10-hinting.conf': '<?xml version="1.0"?>\n<fontconfig>\n  <match target="font"/>\n</fontconfig>\n',
      'app/conf.d/site.conf': 'server {\n  listen 80;\n  server_tokens on;\n}\n',
    });
    const files = json(hardlint(['-f', 'json', '.'], { cwd: dir }));
    assert.deepEqual(files.map((f) => [f.file, f.kind]), [['app/conf.d/site.conf', 'nginx']]);
    // Named on the command line, a file whose kind cannot be told is an error, unless --kind says what it is.
    assert.equal(hardlint(['fonts/conf.d/10-hinting.conf'], { cwd: dir }).code, 2);
    assert.equal(json(hardlint(['-f', 'json', '--kind', 'nginx', 'fonts/conf.d/10-hinting.conf'], { cwd: dir }))[0].kind, 'nginx');
  });

  it('lints a file found under two names (a symlink to it in the walked folders) once, under its own name', () => {
    const site = 'server {\n  listen 80;\n  server_tokens on;\n}\n';
    const dir = tree({
      'nginx/sites-available/shop': site,
      'nginx/sites-available/blog': site,
      'elsewhere/sshd_config.managed': 'PermitRootLogin yes\n',
      'elsewhere/twice/sshd_config.managed': 'PermitRootLogin yes\n',
    });
    fs.mkdirSync(path.join(dir, 'nginx', 'sites-enabled'));
    fs.symlinkSync('../sites-available/shop', path.join(dir, 'nginx', 'sites-enabled', 'shop'));
    fs.mkdirSync(path.join(dir, 'ssh'));
    // A link whose target the walk does not lint is linted under the link's name; two links to it, once.
    fs.symlinkSync('../elsewhere/sshd_config.managed', path.join(dir, 'ssh', 'sshd_config'));
    fs.mkdirSync(path.join(dir, 'ssh2', 'b'), { recursive: true });
    fs.symlinkSync('../../elsewhere/twice/sshd_config.managed', path.join(dir, 'ssh2', 'b', 'sshd_config'));
    fs.mkdirSync(path.join(dir, 'ssh2', 'a'));
    fs.symlinkSync('../../elsewhere/twice/sshd_config.managed', path.join(dir, 'ssh2', 'a', 'sshd_config'));
    const files = json(hardlint(['-f', 'json', '.'], { cwd: dir })).map((f) => f.file);
    assert.deepEqual(files, ['nginx/sites-available/blog', 'nginx/sites-available/shop', 'ssh/sshd_config', 'ssh2/a/sshd_config']);
    // Named on the command line, each name is linted.
    assert.equal(json(hardlint(['-f', 'json', 'nginx/sites-available/shop', 'nginx/sites-enabled/shop'], { cwd: dir })).length, 2);
  });

  it('applies the .gitignore files above a walked folder inside a git repository', () => {
    const dir = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.hardlint.yaml': PINNED,
      '.gitignore': 'generated/\n',
      'servers/web/sshd_config': 'PermitRootLogin yes\n',
      'servers/generated/sshd_config': 'PermitRootLogin yes\n',
    });
    assert.deepEqual(json(hardlint(['-f', 'json', 'servers'], { cwd: dir })).map((f) => f.file), ['servers/web/sshd_config']);
  });

  it('skips the same files as git (compared with git ls-files on a varied tree)', (t) => {
    if (spawnSync('git', ['--version']).status !== 0) return t.skip('git is not installed');
    const files: Record<string, string> = {
      '.hardlint.yaml': PINNED,
      '.gitignore': '/build\n*.d/99-*.conf\nbackup*/\n!backup-keep/\ndocs/**/sshd_config\n# comment\n\\#literal\n',
      'a/.gitignore': 'local/\n/anchored/sshd_config\n',
      'a/b/.gitignore': '!local/\n',
      'a/deep/.gitignore': 'sshd_config\n!keep/sshd_config\n',
    };
    for (const p of ['sshd_config', 'build/sshd_config', 'x/build/sshd_config', 'etc/sshd_config.d/10-a.conf',
      'etc/sshd_config.d/99-b.conf', 'backup1/sshd_config', 'backup-keep/sshd_config', 'docs/x/y/sshd_config',
      'docs/sshd_config', '#literal/sshd_config', 'a/local/sshd_config', 'a/b/local/sshd_config', 'a/anchored/sshd_config',
      'a/c/anchored/sshd_config', 'a/deep/sshd_config', 'a/deep/keep/sshd_config', 'a/deep/x/sshd_config',
      'with space/[odd]/sshd_config']) files[p] = 'PermitRootLogin yes\n';
    const dir = tree(files);
    const git = spawnSync('git', ['init', '-q'], { cwd: dir });
    assert.equal(git.status, 0);
    const listed = spawnSync('git', ['ls-files', '--others', '--exclude-standard', '-z'], { cwd: dir, encoding: 'utf8' }).stdout
      .split('\0').filter((f) => /(^|\/)sshd_config$|sshd_config\.d\/[^/]+\.conf$/.test(f)).sort();
    const walked = json(hardlint(['-f', 'json', '.'], { cwd: dir })).map((f) => f.file).sort();
    assert.deepEqual(walked, listed);
    assert.ok(listed.length >= 6 && listed.length < 18, `the tree exercises both outcomes (${listed.length} kept)`);
  });

  it('finds firewall scripts by what they run, not by their name', () => {
    const dir = tree({
      'scripts/firewall.sh': '#!/bin/sh\nufw default deny incoming\nufw allow 443/tcp\nufw enable\n',
      'scripts/backup': '#!/bin/bash\niptables -P INPUT ACCEPT\n',
      'scripts/deploy.sh': '#!/bin/sh\necho deploying\n',
      'scripts/notes': 'iptables -P INPUT ACCEPT\n',
    });
    const r = hardlint(['-f', 'json', '.'], { cwd: dir });
    assert.deepEqual(json(r).map((f) => [f.file, f.kind]), [['scripts/backup', 'firewall'], ['scripts/firewall.sh', 'firewall']]);
    assert.equal(r.code, 1, 'iptables -P INPUT ACCEPT is an error');
    // Named explicitly (as pre-commit does with every *.sh), a script that runs no firewall command is skipped.
    const other = hardlint(['scripts/deploy.sh'], { cwd: dir });
    assert.equal(other.code, 0, other.stderr);
    assert.match(other.stderr, /scripts\/deploy\.sh: a shell script that runs no firewall command: not linted/);
  });

  it('notes on stderr when a folder holds nothing to lint', () => {
    const dir = tree({ 'notes.txt': 'hello' });
    const r = hardlint(['-f', 'json', '.'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.deepEqual(json(r), []);
    assert.match(r.stderr, /no sshd, nginx, firewall or compose file found/);
  });
});

describe('hardlint --format json', () => {
  it('follows the contract: one entry per file, 1-based positions, fixes with safety', () => {
    const r = hardlint(['-f', 'json', '.']);
    const files = json(r);
    assert.deepEqual(files.map((f) => Object.keys(f)), [['file', 'kind', 'findings'], ['file', 'kind', 'findings']]);
    assert.deepEqual(files[0], { file: 'clean/sshd_config', kind: 'sshd', findings: [] });
    const [finding, ...rest] = files[1].findings;
    assert.deepEqual(rest, []);
    assert.deepEqual(Object.keys(finding), ['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixes']);
    // Line 2 is "PermitRootLogin yes": the value "yes" spans columns 17-19 (end exclusive: 20).
    assert.deepEqual({ ...finding, message: '', fixes: finding.fixes.map((f) => f.safety) }, {
      rule: 'sshd/permit-root-login', severity: 'error', message: '', line: 2, column: 17, endLine: 2, endColumn: 20,
      fixes: ['unsafe'],
    });
    assert.match(finding.message, /PermitRootLogin/);
    assert.ok(finding.fixes[0].title.length > 0);
  });

  it('counts columns in UTF-16 code units', () => {
    // Under the strict profile an absent PermitRootLogin is reported on the whole first line.
    const first = '# café ☕ 🔒 server';
    const dir = tree({ '.hardlint.yaml': 'profile: strict\n', 'sshd_config': `${first}\nPasswordAuthentication no\n` });
    const finding = json(hardlint(['-f', 'json', '.'], { cwd: dir }))[0].findings.find((f) => f.rule === 'sshd/permit-root-login');
    assert.ok(finding, 'permit-root-login reports the default under strict');
    assert.deepEqual([finding.line, finding.column, finding.endLine, finding.endColumn], [1, 1, 1, first.length + 1]);
    assert.notEqual(first.length, [...first].length, 'the line has characters outside the BMP');
  });

  it('never shows or counts suppressed findings', () => {
    const dir = tree({
      '.hardlint.yaml': PINNED,
      'sshd_config': '# hardlint-disable-next-line sshd/permit-root-login -- break-glass console host\nPermitRootLogin yes\n',
    });
    const r = hardlint(['-f', 'json', '.'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.deepEqual(json(r), [{ file: 'sshd_config', kind: 'sshd', findings: [] }]);
    assert.equal(hardlint(['.'], { cwd: dir }).stdout, '');
  });

  it('writes the report to --output-file instead of stdout', () => {
    const dir = copyOf(PROJECT);
    const r = hardlint(['-f', 'json', '-o', 'report.json', 'etc'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).map((f: JsonFile) => f.file),
      ['etc/ssh/sshd_config']);
  });

  it('writes to --output-file exactly what it prints, in every format, past its 1 MB buffer and in French', () => {
    // 400 main files with many findings each: a report of several MB, with non-ASCII text in French.
    const files: Record<string, string> = {};
    const text = 'PermitRootLogin yes\nPasswordAuthentication yes\nX11Forwarding yes\nCiphers aes128-cbc,3des-cbc\n';
    for (let i = 0; i < 400; i++) files[`host-${i}/sshd_config`] = text;
    const dir = tree(files);
    for (const format of ['stylish', 'json', 'sarif', 'github']) {
      const printed = spawnSync(process.execPath, [CLI, '-f', format, '--lang', 'fr', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      const written = hardlint(['-f', format, '--lang', 'fr', '-o', 'report.out', '.'], { cwd: dir });
      assert.equal(written.code, printed.status);
      assert.equal(written.stdout, '');
      const out = fs.readFileSync(path.join(dir, 'report.out'), 'utf8');
      assert.ok(out.length > (format === 'github' ? 100_000 : 1_000_000), `${format}: ${out.length} characters`);
      assert.ok(out === printed.stdout, `${format}: the file and standard output differ`);
    }
  });

  it('exits 2 when --output-file cannot be written, and says so', () => {
    const r = hardlint(['-f', 'json', '-o', '/dev/full', 'etc']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /hardlint: cannot write \/dev\/full: ENOSPC/);
  });
});

describe('hardlint --format stylish', () => {
  it('groups findings per file with line:col, severity, message, rule and a summary', () => {
    const message = json(hardlint(['-f', 'json', 'etc']))[0].findings[0].message;
    const r = hardlint(['etc']);
    assert.equal(r.stdout, [
      '',
      'etc/ssh/sshd_config',
      `  2:17  error  ${message}  sshd/permit-root-login`,
      '',
      '✖ 1 problem (1 error, 0 warnings, 0 infos)',
      '  1 fixable with --fix --unsafe-fixes',
      '', ''].join('\n'));
  });

  it('counts safe and unsafe fixes in the hints', () => {
    const findings = json(hardlint(['-f', 'json', '.'], { cwd: path.join(CLI_FIXTURES, 'fixable') }))[0].findings;
    const safe = findings.filter(hasSafeFix).length;
    const unsafe = findings.filter((f) => !hasSafeFix(f) && f.fixes.length > 0).length;
    assert.ok(safe > 0 && unsafe > 0, 'the fixture has both kinds of fixes');
    const out = hardlint(['.'], { cwd: path.join(CLI_FIXTURES, 'fixable') }).stdout;
    assert.ok(out.includes(`\n  ${safe} fixable with --fix\n  ${unsafe} more with --fix --unsafe-fixes\n`), out);
    assert.ok(out.includes(`✖ ${findings.length} problems (`), out);
  });

  it('shows control characters and bidi overrides quoted from a file as escapes, never raw to the terminal', () => {
    const dir = tree({ 'sshd_config': 'PermitRootLogin no\n\u001b[2JEvil\u001b]0;pwned\u0007 yes\nBanner\u202enone\r\n' });
    const r = hardlint(['.'], { cwd: dir });
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u202e]/.test(r.stdout), JSON.stringify(r.stdout));
    assert.ok(r.stdout.includes('sshd does not know "\\x1b[2JEvil\\x1b]0;pwned\\x07"'), r.stdout);
    // --color still paints with its own escapes.
    const colored = hardlint(['.', '--color'], { cwd: dir }).stdout;
    assert.ok(colored.includes('\u001b[') && !colored.includes('\u001b[2J'), JSON.stringify(colored));
  });

  it('uses colour only when asked: FORCE_COLOR or --color, never with NO_COLOR or --no-color', () => {
    const ESC = '\u001b[';
    assert.ok(!hardlint(['etc']).stdout.includes(ESC), 'a pipe gets no colour');
    assert.ok(hardlint(['etc'], { env: { FORCE_COLOR: '1' } }).stdout.includes(ESC));
    assert.ok(!hardlint(['etc'], { env: { FORCE_COLOR: '0' } }).stdout.includes(ESC));
    assert.ok(!hardlint(['etc', '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout.includes(ESC));
    assert.ok(hardlint(['etc', '--color'], { env: { NO_COLOR: '1' } }).stdout.includes(ESC));
    assert.ok(!hardlint(['etc'], { env: { NO_COLOR: '1' } }).stdout.includes(ESC));
    const colored = hardlint(['etc', '--color']).stdout;
    assert.ok(colored.includes(`${ESC}4metc/ssh/sshd_config`), 'the path is underlined');
  });
});

describe('hardlint --format github', () => {
  it('prints workflow commands, info as notice', () => {
    const message = json(hardlint(['-f', 'json', 'etc']))[0].findings[0].message;
    const r = hardlint(['-f', 'github', 'etc']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout,
      `::error file=etc/ssh/sshd_config,line=2,endLine=2,col=17,endColumn=20,title=hardlint (sshd/permit-root-login)::${message}\n`);
    const dir = tree({ '.hardlint.yaml': 'profile: strict\n', 'sshd_config': 'PasswordAuthentication no\n' });
    const strict = hardlint(['-f', 'github', '.'], { cwd: dir });
    assert.match(strict.stdout, /^::notice file=sshd_config,line=1,endLine=1,col=1,endColumn=\d+,title=hardlint \(sshd\/permit-root-login\)::/m);
  });

  it('escapes what the runner parses, and drops columns on multi-line annotations', () => {
    const finding: Finding = {
      ruleId: 'sshd/x', severity: 'warning', message: '100% sure\nsecond line',
      range: { start: { line: 0, character: 0 }, end: { line: 2, character: 3 } }, fixes: [], related: [],
    };
    assert.equal(formatGithub([{ file: 'a,b:c.conf', kind: 'sshd', text: '', findings: [finding] }]),
      '::warning file=a%2Cb%3Ac.conf,line=1,endLine=3,title=hardlint (sshd/x)::100%25 sure%0Asecond line\n');
  });
});

/** The SARIF 2.1.0 objects hardlint writes: allowed keys (the schema sets additionalProperties: false) and required. */
const SARIF_OBJECTS: Record<string, { allowed: string[]; required: string[] }> = {
  log: { allowed: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'], required: ['version', 'runs'] },
  run: { allowed: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds',
    'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid',
    'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind',
    'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies',
    'webRequests', 'webResponses', 'specialLocations', 'properties'], required: ['tool'] },
  toolComponent: { allowed: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription',
    'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri',
    'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents',
    'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion',
    'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'], required: ['name'] },
  reportingDescriptor: { allowed: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames',
    'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships',
    'properties'], required: ['id'] },
  multiformatMessageString: { allowed: ['text', 'markdown', 'properties'], required: ['text'] },
  reportingConfiguration: { allowed: ['enabled', 'level', 'rank', 'parameters', 'properties'], required: [] },
  result: { allowed: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid',
    'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs',
    'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri',
    'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'], required: ['message'] },
  message: { allowed: ['text', 'markdown', 'id', 'arguments', 'properties'], required: [] },
  location: { allowed: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships',
    'properties'], required: [] },
  physicalLocation: { allowed: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'], required: [] },
  artifactLocation: { allowed: ['uri', 'uriBaseId', 'index', 'description', 'properties'], required: [] },
  region: { allowed: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset',
    'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'], required: [] },
  suppression: { allowed: ['guid', 'kind', 'status', 'justification', 'location', 'properties'], required: ['kind'] },
};

function checkObject(kind: string, value: any, where: string): void {
  const spec = SARIF_OBJECTS[kind];
  assert.equal(typeof value, 'object', `${where} is an object`);
  for (const key of Object.keys(value)) assert.ok(spec.allowed.includes(key), `${where}: "${key}" is not a SARIF ${kind} property`);
  for (const key of spec.required) assert.ok(key in value, `${where}: missing ${key}`);
}

function checkRegion(region: any, where: string): void {
  checkObject('region', region, where);
  for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
    assert.ok(Number.isInteger(region[k]) && region[k] >= 1, `${where}.${k} = ${region[k]}`);
  }
  assert.ok(region.endLine > region.startLine || region.endColumn >= region.startColumn, `${where}: end before start`);
}

function checkLocation(loc: any, where: string): void {
  checkObject('location', loc, where);
  checkObject('physicalLocation', loc.physicalLocation, `${where}.physicalLocation`);
  checkObject('artifactLocation', loc.physicalLocation.artifactLocation, `${where}.artifactLocation`);
  checkRegion(loc.physicalLocation.region, `${where}.region`);
  if (loc.message) checkObject('message', loc.message, `${where}.message`);
}

/** Structure of a SARIF 2.1.0 log plus GitHub code-scanning expectations (GH2012: fullDescription and help). */
function checkSarif(log: any): void {
  checkObject('log', log, 'log');
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  checkObject('run', run, 'run');
  assert.ok(['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind));
  const driver = run.tool.driver;
  checkObject('toolComponent', driver, 'driver');
  assert.equal(driver.name, 'hardlint');
  assert.equal(driver.version, PACKAGE_VERSION);
  assert.match(driver.informationUri, /^https:\/\//);
  assert.equal(new Set(driver.rules.map((r: any) => r.id)).size, driver.rules.length, 'rule ids are unique');
  driver.rules.forEach((rule: any, i: number) => {
    const where = `rules[${i}] ${rule.id}`;
    checkObject('reportingDescriptor', rule, where);
    for (const k of ['shortDescription', 'fullDescription', 'help']) checkObject('multiformatMessageString', rule[k], `${where}.${k}`);
    assert.ok(rule.help.markdown.length > 0, `${where}: help.markdown`);
    assert.ok(rule.name && /^[A-Za-z0-9]+$/.test(rule.name), `${where}: name`);
    assert.equal(rule.helpUri, docsUrl(rule.id));
    checkObject('reportingConfiguration', rule.defaultConfiguration, `${where}.defaultConfiguration`);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    assert.ok(rule.properties.tags.includes('security'), `${where}: GitHub shows security-severity only with the security tag`);
    assert.equal(new Set(rule.properties.tags).size, rule.properties.tags.length, `${where}: tags are unique`);
    const score = Number(rule.properties['security-severity']);
    assert.ok(score >= 0 && score <= 10, `${where}: security-severity`);
    assert.ok(['very-high', 'high', 'medium', 'low'].includes(rule.properties.precision));
  });
  run.results.forEach((result: any, i: number) => {
    const where = `results[${i}] ${result.ruleId}`;
    checkObject('result', result, where);
    assert.equal(driver.rules[result.ruleIndex].id, result.ruleId, `${where}: ruleIndex points at its rule`);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    checkObject('message', result.message, `${where}.message`);
    assert.ok(result.message.text.length > 0);
    assert.equal(result.locations.length, 1);
    result.locations.forEach((l: any) => checkLocation(l, `${where}.locations`));
    (result.relatedLocations ?? []).forEach((l: any) => checkLocation(l, `${where}.relatedLocations`));
    assert.ok(Object.values(result.partialFingerprints).every((v) => typeof v === 'string' && v.length > 0));
    (result.suppressions ?? []).forEach((s: any) => checkObject('suppression', s, `${where}.suppressions`));
  });
}

describe('hardlint --format sarif', () => {
  it('writes a SARIF 2.1.0 log with every rule and URIs relative to the git root', () => {
    const dir = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.hardlint.yaml': PINNED,
      'deploy/sshd_config': 'PermitRootLogin yes\n',
      'deploy/old server/sshd_config': '# hardlint-disable-next-line sshd/permit-root-login -- break-glass console host\nPermitRootLogin yes\n',
    });
    const r = hardlint(['-f', 'sarif', '.'], { cwd: path.join(dir, 'deploy') });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    checkSarif(log);
    assert.deepEqual(log.runs[0].tool.driver.rules.map((x: any) => x.id), RULES.map((x) => x.meta.id).sort());
    const results = log.runs[0].results;
    assert.deepEqual(results.map((x: any) => [x.ruleId, x.level, x.locations[0].physicalLocation.artifactLocation]), [
      ['sshd/permit-root-login', 'error', { uri: 'deploy/old%20server/sshd_config', uriBaseId: '%SRCROOT%' }],
      ['sshd/permit-root-login', 'error', { uri: 'deploy/sshd_config', uriBaseId: '%SRCROOT%' }],
    ]);
    assert.deepEqual(results[0].suppressions, [{ kind: 'inSource', justification: 'break-glass console host' }]);
    assert.equal(results[1].suppressions, undefined);
    assert.deepEqual(results[1].locations[0].physicalLocation.region, { startLine: 1, startColumn: 17, endLine: 1, endColumn: 20 });
    assert.deepEqual(results[1].properties.fixes.map((f: any) => f.safety), ['unsafe']);
    assert.ok(!r.stdout.includes('file://'), 'no machine-specific URIs');
  });

  it('makes URIs relative to the working folder outside a git repository', () => {
    const dir = tree({ '.hardlint.yaml': PINNED, 'deploy/sshd_config': 'PermitRootLogin yes\n' });
    const log = JSON.parse(hardlint(['-f', 'sarif', 'sshd_config'], { cwd: path.join(dir, 'deploy') }).stdout);
    assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: 'sshd_config', uriBaseId: '%SRCROOT%' });
  });

  it('keeps fingerprints when lines move, and tells repeated findings apart', () => {
    const dir = tree({ '.hardlint.yaml': PINNED, 'sshd_config': 'PermitRootLogin yes\n' });
    const fingerprint = () => JSON.parse(hardlint(['-f', 'sarif', '.'], { cwd: dir }).stdout).runs[0].results[0].partialFingerprints;
    const before = fingerprint();
    fs.writeFileSync(path.join(dir, 'sshd_config'), '# a comment added above\n\nPermitRootLogin yes\n');
    assert.deepEqual(fingerprint(), before);
  });

  it('maps related locations, suppressions and files outside the source root', () => {
    const root = path.join(os.tmpdir(), 'repo');
    const finding: Finding = {
      ruleId: 'sshd/permit-root-login', severity: 'info', message: 'm',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, fixes: [],
      related: [{
        file: path.join(root, 'sshd_config.d', '50 cloud.conf'),
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } },
        message: 'set here',
      }],
      suppressed: { justification: '' },
    };
    const report = { file: '/etc/ssh/sshd_config', path: '/etc/ssh/sshd_config', kind: 'sshd' as const, text: 'Port 22\n', findings: [finding] };
    const log = toSarif([report], { rules: RULES.map((r) => r.meta), sourceRoot: root });
    checkSarif(log);
    const result = log.runs[0].results[0] as any;
    assert.equal(result.level, 'note');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'file:///etc/ssh/sshd_config' });
    assert.deepEqual(result.relatedLocations, [{
      id: 1,
      physicalLocation: {
        artifactLocation: { uri: 'sshd_config.d/50%20cloud.conf', uriBaseId: '%SRCROOT%' },
        region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 6 },
      },
      message: { text: 'set here' },
    }]);
    assert.deepEqual(result.suppressions, [{ kind: 'inSource' }]);
  });
});

describe('hardlint --fix', () => {
  it('applies safe fixes only, reports what remains, and is a no-op the second time', () => {
    const dir = copyOf(path.join(CLI_FIXTURES, 'fixable'));
    const file = path.join(dir, 'sshd_config');
    const original = fs.readFileSync(file, 'utf8');
    const before = json(hardlint(['-f', 'json', '.'], { cwd: dir }))[0].findings;
    assert.ok(before.some(hasSafeFix), 'the fixture has safe fixes');

    const r = hardlint(['--fix', '-f', 'json', '.'], { cwd: dir });
    const fixed = fs.readFileSync(file, 'utf8');
    assert.notEqual(fixed, original);
    assert.ok(fixed.includes('\nPermitRootLogin yes\n'), 'the unsafe PermitRootLogin fix is not applied');
    const remaining = json(r)[0].findings;
    assert.deepEqual(remaining.filter(hasSafeFix), [], 'no safely fixable finding remains');
    assert.ok(remaining.some((f) => f.rule === 'sshd/permit-root-login'));
    assert.equal(r.code, 1);
    // Lines without a safely fixable finding are untouched.
    const untouched = original.split('\n').filter((_, i) => !before.some((f) => f.line === i + 1 && hasSafeFix(f)));
    for (const line of untouched) assert.ok(fixed.split('\n').includes(line), `line changed: ${line}`);

    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, past, past);
    hardlint(['--fix', '.'], { cwd: dir });
    assert.equal(fs.readFileSync(file, 'utf8'), fixed);
    assert.equal(fs.statSync(file).mtime.getTime(), past.getTime(), 'a file with nothing to fix is not rewritten');
  });

  it('leaves a file whose only fix is unsafe byte-identical (LF and CRLF)', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['# root login', 'Port 22', 'PermitRootLogin yes', ''].join(eol);
      const dir = tree({ '.hardlint.yaml': PINNED, 'sshd_config': text });
      const r = hardlint(['--fix', '.'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.ok(fs.readFileSync(path.join(dir, 'sshd_config')).equals(Buffer.from(text)));
      assert.match(r.stdout, /1 fixable with --fix --unsafe-fixes/);
    }
  });

  it('applies unsafe fixes with --unsafe-fixes, keeping CRLF line ends', () => {
    const text = '# root login\r\nPort 22\r\nPermitRootLogin yes\r\nPasswordAuthentication no\r\n';
    const dir = tree({ '.hardlint.yaml': PINNED, 'sshd_config': text });
    const r = hardlint(['--fix', '--unsafe-fixes', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(fs.readFileSync(path.join(dir, 'sshd_config'), 'utf8'), text.replace('PermitRootLogin yes', 'PermitRootLogin no'));
  });

  it('prints a unified diff with --fix-dry-run and writes nothing', () => {
    const dir = copyOf(PROJECT);
    const file = path.join(dir, 'etc', 'ssh', 'sshd_config');
    const original = fs.readFileSync(file, 'utf8');
    const r = hardlint(['--fix-dry-run', '--unsafe-fixes', 'etc'], { cwd: dir });
    assert.equal(r.stdout, [
      '--- etc/ssh/sshd_config',
      '+++ etc/ssh/sshd_config',
      '@@ -1,3 +1,3 @@',
      ' Port 22',
      '-PermitRootLogin yes',
      '+PermitRootLogin no',
      ' PasswordAuthentication no',
      ''].join('\n'));
    assert.equal(r.code, 0, 'nothing would remain after the fix');
    assert.equal(fs.readFileSync(file, 'utf8'), original);
    const safeOnly = hardlint(['--fix-dry-run', 'etc'], { cwd: dir });
    assert.equal(safeOnly.stdout, '', 'no safe fix: empty diff');
    assert.equal(safeOnly.code, 1);
    assert.match(safeOnly.stderr, /sshd\/permit-root-login/, 'the report of what would remain goes to stderr');
  });

  it('writes a diff that patch(1) applies to give the --fix result', (t) => {
    if (spawnSync('patch', ['--version']).status !== 0) return t.skip('patch(1) is not installed');
    const dir = copyOf(path.join(CLI_FIXTURES, 'fixable'));
    const diff = hardlint(['--fix-dry-run', '--unsafe-fixes', 'sshd_config'], { cwd: dir }).stdout;
    const patched = path.join(dir, 'patched');
    const p = spawnSync('patch', ['-s', '-o', patched, 'sshd_config'], { cwd: dir, input: diff, encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr + p.stdout);
    hardlint(['--fix', '--unsafe-fixes', 'sshd_config'], { cwd: dir });
    assert.equal(fs.readFileSync(patched, 'utf8'), fs.readFileSync(path.join(dir, 'sshd_config'), 'utf8'));
  });
});

describe('hardlint --stdin', () => {
  it('lints standard input as the named file (kind and config from the name)', () => {
    const r = hardlint(['--stdin', '--stdin-filename', 'sshd_config', '-f', 'json'], { input: 'Port 22\nPermitRootLogin yes\n' });
    assert.equal(r.code, 1);
    const [entry] = json(r);
    assert.equal(entry.file, 'sshd_config');
    assert.deepEqual(entry.findings.map((f) => [f.rule, f.line, f.column]), [['sshd/permit-root-login', 2, 17]]);
    assert.deepEqual(json(hardlint(['-', '--stdin-filename', 'sshd_config', '-f', 'json'], { input: 'PermitRootLogin yes\n' }))
      .map((f) => f.findings.length), [1]);
  });

  it('needs a recognisable name or --kind', () => {
    const r = hardlint(['--stdin'], { input: 'PermitRootLogin yes\n' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--stdin-filename/);
    assert.equal(hardlint(['--stdin', '--stdin-filename', 'notes.txt'], { input: '' }).code, 2);
    const kind = hardlint(['--stdin', '--kind', 'sshd', '-f', 'json'], { input: 'PermitRootLogin yes\n' });
    assert.deepEqual(json(kind).map((f) => [f.file, f.findings.length]), [['<stdin>', 1]]);
  });

  it('prints the fixed text with --fix and the report on stderr', () => {
    const input = 'Port 22\nPermitRootLogin yes\n';
    const unsafe = hardlint(['--stdin', '--stdin-filename', 'sshd_config', '--fix', '--unsafe-fixes'], { input });
    assert.equal(unsafe.stdout, 'Port 22\nPermitRootLogin no\n');
    assert.equal(unsafe.code, 0);
    const safe = hardlint(['--stdin', '--stdin-filename', 'sshd_config', '--fix'], { input });
    assert.equal(safe.stdout, input);
    assert.equal(safe.code, 1);
    assert.match(safe.stderr, /sshd\/permit-root-login/);
  });
});

describe('hardlint with .hardlint.yaml', () => {
  it('keeps YAML warnings off stderr: a mapping used as a key is reported as a finding or a config error', () => {
    const dir = tree({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - { protocol: tcp }: 80\n' });
    const r = hardlint(['-f', 'json', '.'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.ok(json(r)[0].findings.some((f) => f.rule === 'compose/schema' && f.line === 5), r.stdout);
    fs.writeFileSync(path.join(dir, '.hardlint.yaml'), '{ a: 1 }: x\n');
    const bad = hardlint(['-f', 'json', '.'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, `hardlint: ${path.join(dir, '.hardlint.yaml')}: unknown setting "{ a: 1 }" (known: profile, rules, ignore, sshd)\n`);
  });

  it('applies the nearest config, severity overrides and off', () => {
    const dir = tree({
      '.hardlint.yaml': PINNED,
      'sshd_config': 'PermitRootLogin yes\n',
      'warn/.hardlint.yaml': 'rules:\n  "sshd/*": off\n  sshd/permit-root-login: warning\n',
      'warn/sshd_config': 'PermitRootLogin yes\n',
      'off/.hardlint.yaml': 'rules:\n  "sshd/*": off\n',
      'off/sshd_config': 'PermitRootLogin yes\n',
    });
    const r = hardlint(['-f', 'json', '.'], { cwd: dir });
    assert.deepEqual(json(r).map((f) => [f.file, f.findings.map((x) => x.severity)]), [
      ['off/sshd_config', []], ['sshd_config', ['error']], ['warn/sshd_config', ['warning']],
    ]);
    // --config replaces the lookup for every file.
    const forced = hardlint(['-f', 'json', '--config', '.hardlint.yaml', '.'], { cwd: dir });
    assert.deepEqual(json(forced).map((f) => f.findings.map((x) => x.severity)), [['error'], ['error'], ['error']]);
  });

  it('fails on warnings, unless --max-warnings allows them', () => {
    const dir = tree({ '.hardlint.yaml': 'rules:\n  "sshd/*": off\n  sshd/permit-root-login: warning\n', 'sshd_config': 'PermitRootLogin yes\n' });
    assert.equal(hardlint(['.'], { cwd: dir }).code, 1);
    assert.equal(hardlint(['--max-warnings', '1', '.'], { cwd: dir }).code, 0);
    const over = hardlint(['--max-warnings', '0', '.'], { cwd: dir });
    assert.equal(over.code, 1);
    assert.match(over.stderr, /too many warnings \(1, maximum 0\)/);
  });

  it('does not fail on infos', () => {
    const dir = tree({ '.hardlint.yaml': 'rules:\n  "sshd/*": off\n  sshd/permit-root-login: info\n', 'sshd_config': 'PermitRootLogin yes\n' });
    const r = hardlint(['.'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /1 problem \(0 errors, 0 warnings, 1 info\)/);
  });

  it('honours ignore globs, noting on stderr a named file that is ignored', () => {
    const dir = tree({
      '.hardlint.yaml': `${PINNED}ignore:\n  - legacy/\n`,
      'sshd_config': 'PermitRootLogin yes\n',
      'legacy/sshd_config': 'PermitRootLogin yes\n',
    });
    assert.deepEqual(json(hardlint(['-f', 'json', '.'], { cwd: dir })).map((f) => f.file), ['sshd_config']);
    const named = hardlint(['-f', 'json', 'legacy/sshd_config'], { cwd: dir });
    assert.equal(named.code, 0);
    assert.deepEqual(json(named), []);
    assert.match(named.stderr, /legacy\/sshd_config is ignored by \.hardlint\.yaml/);
  });

  it('takes the profile from the config, and --profile over it', () => {
    const dir = tree({ '.hardlint.yaml': 'profile: strict\n', 'sshd_config': 'PasswordAuthentication no\n' });
    const rootLogin = (args: string[]) => json(hardlint(['-f', 'json', ...args, '.'], { cwd: dir }))[0].findings
      .filter((f) => f.rule === 'sshd/permit-root-login').map((f) => f.severity);
    assert.deepEqual(rootLogin([]), ['info'], 'strict reports the prohibit-password default');
    assert.deepEqual(rootLogin(['--profile', 'recommended']), []);
  });

  it('exits 2 on a broken config, naming it, and still lints the files it does not cover', () => {
    const dir = tree({
      'good/.hardlint.yaml': PINNED,
      'good/sshd_config': 'PermitRootLogin yes\n',
      'broken/.hardlint.yaml': 'profile: paranoid\n',
      'broken/sshd_config': 'PermitRootLogin yes\n',
    });
    const r = hardlint(['-f', 'json', '.'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken[/\\]\.hardlint\.yaml: profile must be "recommended" or "strict"/);
    assert.deepEqual(json(r).map((f) => f.file), ['good/sshd_config']);
    const missing = hardlint(['--config', 'nope.yaml', '.'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml: cannot read the configuration file/);
  });
});

describe('hardlint --list-rules / --explain', () => {
  it('lists every rule with severity, fix, profile and description', () => {
    const r = hardlint(['--list-rules']);
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^RULE\s+SEVERITY\s+FIX\s+PROFILE\s+DESCRIPTION$/);
    assert.equal(lines.length, RULES.length + 1);
    for (const { meta } of RULES) {
      const line = lines.find((l) => l.startsWith(`${meta.id} `));
      assert.ok(line, meta.id);
      assert.deepEqual(line.split(/\s{2,}/).slice(0, 4), [meta.id, meta.severity, meta.fix, meta.profile]);
      assert.ok(line.endsWith(meta.description));
    }
    const asJson = JSON.parse(hardlint(['--list-rules', '-f', 'json']).stdout);
    assert.deepEqual(asJson.map((x: { id: string }) => x.id), RULES.map((x) => x.meta.id).sort());
  });

  it('prints the installed doc page, from any working folder', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'sshd', 'permit-root-login.md'), 'utf8');
    const r = hardlint(['--explain', 'sshd/permit-root-login'], { cwd: os.tmpdir() });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, doc);
    assert.equal(hardlint(['--explain', 'permit-root-login']).stdout, doc, 'a bare rule name is enough');
  });

  it('suggests close rule ids for an unknown one', () => {
    const r = hardlint(['--explain', 'sshd/permit-rot-login']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown rule "sshd\/permit-rot-login"\. Did you mean sshd\/permit-root-login/);
    assert.equal(r.stdout, '');
  });
});

describe('hardlint --lang', () => {
  // Rule messages and CLI strings; l10n/bundle.l10n.fr.json holds the editor and core strings.
  const fr: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'rules.l10n.fr.json'), 'utf8'));
  const frontEndFr: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.fr.json'), 'utf8'));

  it('reports in French with --lang fr or a French LANG', () => {
    for (const run of [hardlint(['--lang', 'fr', '-f', 'json', 'etc']), hardlint(['-f', 'json', 'etc'], { env: { LANG: 'fr_FR.UTF-8' } })]) {
      assert.equal(run.code, 1, run.stderr);
      const [finding] = json(run)[0].findings;
      assert.equal(finding.message, fr['sshd/permit-root-login:yes'].replace('{value}', 'yes'));
      assert.equal(finding.severity, 'error', 'JSON keeps English severities');
    }
    const stylish = hardlint(['--lang', 'fr', 'etc']);
    assert.equal(stylish.code, 1);
    const message = fr['sshd/permit-root-login:yes'].replace('{value}', 'yes');
    assert.equal(stylish.stdout, [
      '',
      'etc/ssh/sshd_config',
      `  2:17  erreur  ${message}  sshd/permit-root-login`,
      '',
      '✖ 1 problème (1 erreur, 0 avertissement, 0 information)',
      `  ${frontEndFr['cli:fixableUnsafeOnly'].replace('{count}', '1')}`,
      '', ''].join('\n'));
  });

  it('lets --lang en win over a French environment', () => {
    const en = json(hardlint(['--lang', 'en', '-f', 'json', 'etc'], { env: { LC_ALL: 'fr_FR.UTF-8' } }));
    const plain = json(hardlint(['-f', 'json', 'etc']));
    assert.deepEqual(en, plain);
  });
});

describe('hardlint on the shared corpus', () => {
  it('lints every third-party config without crashing (json and sarif)', (t) => {
    const dir = path.join(CORPUS, 'sshd');
    if (!fs.existsSync(dir)) return t.skip(`corpus not found at ${dir}`);
    const files = (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => !f.endsWith('.md') && fs.statSync(path.join(dir, f)).isFile()).sort();
    assert.ok(files.length > 5);
    const r = hardlint(['-f', 'json', '--kind', 'sshd', ...files], { cwd: dir });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.equal(r.stderr, '');
    const entries = json(r);
    assert.deepEqual(entries.map((e) => e.file), files);
    for (const e of entries) {
      for (const f of e.findings) assert.ok(!f.message.startsWith('internal error'), `${e.file}: ${f.message}`);
    }
    checkSarif(JSON.parse(hardlint(['-f', 'sarif', '--kind', 'sshd', ...files], { cwd: dir }).stdout));
  });
});

describe('unified diff', () => {
  it('writes hunks with 3 lines of context and merges close changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join('');
    const after = before.replace('line 5\n', 'line five\n').replace('line 9\n', 'line nine\n').replace('line 19\n', '');
    assert.equal(unifiedDiff(before, after, { path: 'f' }), [
      '--- f', '+++ f',
      '@@ -2,11 +2,11 @@', ' line 2', ' line 3', ' line 4', '-line 5', '+line five', ' line 6', ' line 7', ' line 8',
      '-line 9', '+line nine', ' line 10', ' line 11', ' line 12',
      '@@ -16,5 +16,4 @@', ' line 16', ' line 17', ' line 18', '-line 19', ' line 20', ''].join('\n'));
    assert.equal(unifiedDiff(before, before, { path: 'f' }), '');
  });

  it('marks a missing final newline', () => {
    assert.equal(unifiedDiff('a\nb', 'a\nc\n', { path: 'f' }),
      '--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n');
    assert.equal(unifiedDiff('', 'x\n', { path: 'f' }), '--- f\n+++ f\n@@ -0,0 +1 @@\n+x\n');
  });

  it('produces diffs that patch(1) applies, on random edits', (t) => {
    if (spawnSync('patch', ['--version']).status !== 0) return t.skip('patch(1) is not installed');
    const dir = tree({});
    let seed = 42;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (let round = 0; round < 40; round++) {
      const eol = round % 4 === 0 ? '\r\n' : '\n';
      const lines = Array.from({ length: 1 + random(30) }, () => `w${random(6)}`);
      const edited = [...lines];
      for (let e = random(5); e >= 0; e--) {
        const at = random(edited.length + 1);
        const op = random(3);
        if (op === 0) edited.splice(at, 0, `new${random(100)}`);
        else if (op === 1 && edited.length > 0) edited.splice(Math.min(at, edited.length - 1), 1);
        else if (edited.length > 0) edited[Math.min(at, edited.length - 1)] = `changed${random(100)}`;
      }
      const before = lines.join(eol) + (round % 3 === 0 ? '' : eol);
      const after = edited.join(eol) + (round % 5 === 0 ? '' : eol);
      fs.writeFileSync(path.join(dir, 'old'), before);
      const out = path.join(dir, 'new');
      const diff = unifiedDiff(before, after, { path: 'old' });
      if (before === after) { assert.equal(diff, ''); continue; }
      const p = spawnSync('patch', ['-s', '--binary', '-o', out, 'old'], { cwd: dir, input: diff, encoding: 'utf8' });
      assert.equal(p.status, 0, `${p.stderr}${p.stdout}\n${diff}`);
      assert.equal(fs.readFileSync(out, 'utf8'), after, diff);
    }
  });
});
