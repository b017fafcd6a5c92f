// Malformed input never crashes lint() (nor any rule: a throwing rule turns into an "internal error" finding) and
// the findings that can still be computed are still reported.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultConfig } from '../core/config';
import { fixUntilStable, lint, LintEnv } from '../core/engine';
import { nodeFileHost } from '../core/host';
import { tokenize } from '../core/sshd/tokenizer';
import { SourceText } from '../core/text';
import type { Finding } from '../core/types';
import { RULES } from '../rules';
import { CORPUS, ROOT, seededRandom as random } from './helpers';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-robust-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const env: LintEnv = { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: RULES };

/** Lints `text` as the main sshd_config of a fresh folder (with optional sibling files) and checks the output is sane. */
function lintText(text: string, siblings: Record<string, string> = {}): Finding[] {
  return lintCase(text, siblings).findings;
}

function lintCase(text: string, siblings: Record<string, string> = {}): { findings: Finding[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(work, 'case-'));
  for (const [rel, content] of Object.entries(siblings)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  const file = path.join(dir, 'sshd_config');
  fs.writeFileSync(file, text);
  const { findings } = lint({ path: file, text, kind: 'sshd' }, env);
  assertSane(text, findings);
  return { findings, dir };
}

function assertSane(text: string, findings: Finding[]): void {
  const internal = findings.filter((f) => f.message.startsWith('internal error'));
  assert.deepEqual(internal.map((f) => f.message), [], 'a rule threw');
  const src = new SourceText(text);
  for (const f of findings) {
    const start = src.offsetAt(f.range.start);
    const end = src.offsetAt(f.range.end);
    assert.ok(f.range.start.line < src.lineCount && f.range.end.line < src.lineCount, `${f.ruleId}: range beyond the last line`);
    assert.ok(start <= end, `${f.ruleId}: range ends before it starts`);
    for (const fix of f.fixes) {
      for (const e of fix.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${f.ruleId}: edit out of the text`);
    }
  }
}

const on = (findings: Finding[], ruleId: string, line: number) =>
  findings.some((f) => f.ruleId === ruleId && f.range.start.line === line - 1 && !f.suppressed);
const errorsOn = (findings: Finding[], line: number) => findings.filter((f) => f.severity === 'error' && f.range.start.line === line - 1);

describe('malformed sshd_config input', () => {
  it('survives random bytes decoded as UTF-8 and as Latin-1, and still finds a real problem after them', () => {
    const next = random(0x5eed);
    for (let round = 0; round < 20; round++) {
      const bytes = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(next() * 256)));
      for (const encoding of ['utf8', 'latin1'] as const) {
        const text = bytes.toString(encoding) + '\nPermitRootLogin yes\n';
        const findings = lintText(text);
        const last = new SourceText(text).lineCount - 1; // the line before the final newline
        assert.ok(on(findings, 'sshd/permit-root-login', last), `round ${round} ${encoding}: PermitRootLogin yes not flagged`);
      }
    }
  });

  it('still reports the problems around a half-typed Match, and flags the Match lines themselves', () => {
    const text = [
      'PermitRootLogin yes', // 1
      'PermitEmptyPasswords yes', // 2
      'Match User', // 3: what an editor sees while the user types
      '  X11Forwarding yes',
      'Match', // 5
      'Match User bob', // 6
      '  PermitEmptyPasswords yes',
      '',
    ].join('\n');
    const findings = lintText(text);
    assert.ok(on(findings, 'sshd/permit-root-login', 1));
    assert.ok(on(findings, 'sshd/permit-empty-passwords', 2));
    assert.ok(errorsOn(findings, 3).length > 0, 'no error on `Match User` (sshd: Missing Match criteria for User)');
    assert.ok(errorsOn(findings, 5).length > 0, 'no error on `Match` alone (sshd: no argument after keyword)');
  });

  it('reports a file that includes itself instead of looping', () => {
    const findings = lintText('PermitRootLogin yes\nInclude sshd_config\n');
    assert.ok(on(findings, 'sshd/permit-root-login', 1));
    assert.ok(on(findings, 'sshd/include-problem', 2));
  });

  it('survives two files that include each other, and reports the loop in both', () => {
    const siblings = { 'a.conf': 'Include b.conf\nPermitEmptyPasswords yes\n', 'b.conf': 'Include a.conf\n' };
    const { findings, dir } = lintCase('Include a.conf\nPermitRootLogin yes\n', siblings);
    assert.ok(on(findings, 'sshd/permit-root-login', 2));
    for (const name of ['a.conf', 'b.conf']) {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, 'utf8');
      const own = lint({ path: file, text, kind: 'sshd' }, env).findings;
      assertSane(text, own);
      assert.ok(on(own, 'sshd/include-problem', 1), `${name}: the Include loop is not reported`);
    }
  });

  it('finishes on a 50,000-line file', () => {
    const corpus = fs.readFileSync(path.join(ROOT, 'examples', 'sshd', 'sshd_config'), 'utf8').split('\n');
    const lines = Array.from({ length: 50_000 }, (_, i) => corpus[i % corpus.length]);
    const findings = lintText(lines.join('\n'));
    assert.ok(findings.length > 0);
  });

  it('splits 50,000 `Key=value` lines as fast as 50,000 ordinary ones (no scan runs past the end of a line)', () => {
    // The tokenizer scans the whole text with sticky regexes: one that could cross a line feed made every `Key=value`
    // line scan to the end of the file (25 s for this one). Compared with ordinary lines rather than a clock: linear
    // splitting keeps the two close, a scan to the end of the file makes the first hundreds of times slower.
    const corpus = fs.readFileSync(path.join(ROOT, 'examples', 'sshd', 'sshd_config'), 'utf8').split('\n');
    const ordinary = Array.from({ length: 50_000 }, (_, i) => corpus[i % corpus.length]).join('\n');
    const shapes = ['MaxSessions=5', 'Ciphers=aes128-ctr,aes256-ctr', 'Banner a\\', 'Foo', '"Foo bar', 'Port=22\r'];
    const fastest = (text: string): number => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        tokenize(new SourceText(text));
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const baseline = fastest(ordinary);
    for (const shape of shapes) {
      const ms = fastest(Array.from({ length: 50_000 }, () => shape).join('\n'));
      assert.ok(ms < 20 * baseline + 50, `${JSON.stringify(shape)} x 50,000: ${ms.toFixed(0)} ms, ordinary lines ${baseline.toFixed(0)} ms`);
    }
  });

  it('flags a UTF-8 byte order mark on line 1 (sshd rejects it) and still reads the other lines', () => {
    const findings = lintText('\uFEFFPermitRootLogin no\nPermitEmptyPasswords yes\n');
    assert.ok(errorsOn(findings, 1).length > 0, 'sshd: Bad configuration option: \\357\\273\\277PermitRootLogin');
    assert.ok(on(findings, 'sshd/permit-empty-passwords', 2));
  });

  it('handles very long lines', () => {
    const long = 'AllowUsers ' + Array.from({ length: 100_000 }, (_, i) => `user${i}`).join(' ');
    const keyword = 'X'.repeat(200_000) + ' yes';
    const quotes = 'AllowGroups "' + 'a'.repeat(100_000);
    const findings = lintText([long, keyword, quotes, 'PermitEmptyPasswords yes', ''].join('\n'));
    assert.ok(on(findings, 'sshd/permit-empty-passwords', 4));
  });

  it('handles NUL bytes', () => {
    const findings = lintText('Permit\0RootLogin yes\nPasswordAuthentication\0 yes\n\0\0\0\nPermitEmptyPasswords yes\n');
    assert.ok(on(findings, 'sshd/permit-empty-passwords', 4));
  });

  it('handles a lone carriage return inside a line', () => {
    const findings = lintText('PermitRootLogin no\rPasswordAuthentication yes\nPermitEmptyPasswords yes\r\n\r\rX11Forwarding yes\r');
    assert.ok(on(findings, 'sshd/permit-empty-passwords', 2));
  });

  const corpusSkip = fs.existsSync(path.join(CORPUS, 'sshd')) ? false : `corpus not found at ${CORPUS}`;
  it('survives random edits of real configs, and --fix on them', { skip: corpusSkip }, () => {
    const next = random(42);
    const sources = ['bad/sshd-lint-samples/tricky.conf', 'bad/sshd-lint-samples/edge.conf', 'hardened/devsec_ssh_hardening_rendered_debian12_defaults.conf',
      'defaults/debian12_openssh-server_9.2p1-2+deb12u10_sshd_config'].map((p) => fs.readFileSync(path.join(CORPUS, 'sshd', p), 'utf8'));
    const noise = ['"', "'", '=', '#', '\\', ' ', '\t', '\r', '\n', '\0', 'Match ', 'Match User', 'Include ', '*', ',', '+', '-', '^', '\uFEFF', 'é'];
    for (let round = 0; round < 60; round++) {
      let text = sources[round % sources.length];
      for (let edit = 0; edit < 25; edit++) {
        const at = Math.floor(next() * text.length);
        const cut = next() < 0.5 ? Math.floor(next() * 8) : 0;
        text = text.slice(0, at) + noise[Math.floor(next() * noise.length)] + text.slice(at + cut);
      }
      lintText(text);
      if (round % 6 === 0) {
        const file = path.join(work, `fuzz-${round}`, 'sshd_config');
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const fixed = fixUntilStable({ path: file, text, kind: 'sshd' }, env, ['safe', 'unsafe']);
        assertSane(fixed.text, lint({ path: file, text: fixed.text, kind: 'sshd' }, env).findings);
      }
    }
  });
});
