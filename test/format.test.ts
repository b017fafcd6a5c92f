// The report formats as the CLI prints them: `--format json` written by hand must be the text JSON.stringify gives, and
// stylish shows each finding on one line, in the reader's language, with nothing a terminal would run.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileReport, formatReports, toJson } from '../core/format';
import { jsonFileText } from '../core/format/json';
import { stylishFileText } from '../core/format/stylish';
import type { Finding } from '../core/types';

function finding(message: string, at: [number, number, number, number], fixes: [string, 'safe' | 'unsafe'][] = [],
  extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'sshd/permit-root-login',
    severity: 'error',
    message,
    range: { start: { line: at[0], character: at[1] }, end: { line: at[2], character: at[3] } },
    fixes: fixes.map(([title, safety]) => ({ title, safety, edits: [] })),
    related: [],
    ...extra,
  };
}

/** Messages JSON.stringify escapes (quotes, backslashes, control characters, lone surrogates) and ones it does not. */
const MESSAGES = [
  'PermitRootLogin yes lets anyone who guesses the password log in as root.',
  'Value "yes" is not one of \\"no\\" or prohibit-password',
  'a line\nbreak, a\ttab, a \u0001 control and \u001f',
  'a lone \ud800 high and \udc00 low surrogate',
  'a pair 😀, an accent é, U+2028 \u2028 and DEL \u007f stay as they are',
  'Valeur « yes » refusée : l’accès root reste ouvert.',
  '',
  'x'.repeat(5000),
];

function report(file: string, findings: Finding[]): FileReport {
  return { file, path: `/abs/${file}`, kind: 'sshd', text: '', findings };
}

const REPORTS: FileReport[] = [
  report('etc/ssh/sshd_config', MESSAGES.map((m, i) => finding(m, [i, i * 7, i * 1000 + 9, 1234567],
    i % 3 === 0 ? [] : i % 3 === 1 ? [['Set PermitRootLogin no', 'safe']] : [['Remove "yes"', 'unsafe'], ['Set it to no', 'safe']]))),
  report('empty/sshd_config', []),
  report('only-suppressed/sshd_config', [finding('hidden', [0, 0, 0, 1], [], { suppressed: { justification: 'why' } })]),
  report('dossier é\\sshd_config "quoted"', [finding('shown', [0, 0, 0, 1]), finding('hidden', [1, 0, 1, 1], [], { suppressed: { justification: '' } })]),
  // The same rule at two severities, and the same fix title at two safeties: each keeps its own text.
  report('severities/sshd_config', [
    finding('one', [0, 0, 0, 1], [['Set X11Forwarding no', 'safe']], { ruleId: 'sshd/x11-forwarding', severity: 'warning' }),
    finding('two', [1, 0, 1, 1], [['Set X11Forwarding no', 'unsafe']], { ruleId: 'sshd/x11-forwarding', severity: 'info' }),
    finding('three', [2, 0, 2, 1], [['Set X11Forwarding no', 'safe']], { ruleId: 'sshd/x11-forwarding', severity: 'warning' }),
  ]),
];

describe('--format json', () => {
  it('gives each file the text JSON.stringify indents, escaping what it escapes', () => {
    for (const r of REPORTS) {
      assert.equal(`[\n  ${jsonFileText(r)}\n]`, JSON.stringify(toJson([r]), null, 2), r.file);
    }
  });

  it('prints the report JSON.stringify indents, files without findings included', () => {
    const options = { color: false, locale: 'en' as const, rules: [], sourceRoot: '/abs' };
    for (const reports of [REPORTS, []]) {
      assert.equal(formatReports('json', reports, options), JSON.stringify(toJson(reports), null, 2) + '\n');
    }
  });
});

describe('--format stylish', () => {
  const r = report('etc/ssh/sshd_config', [
    finding('Ciphers lists 3des-cbc:\n   use aes256-gcm@openssh.com  \n instead', [3, 0, 3, 7]),
    finding('sshd does not know "\u001b[2JEvil\u202e"', [11, 4, 11, 9], [], { severity: 'warning' }),
    finding('PermitRootLogin yes', [0, 0, 0, 19], [], { severity: 'info' }),
    finding('hidden', [1, 0, 1, 1], [], { suppressed: { justification: 'why' } }),
  ]);

  it('prints each finding on one line, control characters and bidi overrides as escapes', () => {
    assert.equal(stylishFileText(r, { color: false, locale: 'en' }), [
      '',
      'etc/ssh/sshd_config',
      '  4:1   error    Ciphers lists 3des-cbc: use aes256-gcm@openssh.com instead  sshd/permit-root-login',
      '  12:5  warning  sshd does not know "\\x1b[2JEvil\\u202e"                      sshd/permit-root-login',
      '  1:1   info     PermitRootLogin yes                                         sshd/permit-root-login',
      '',
    ].join('\n'));
  });

  it('names the severities in the reader\'s language, whichever language came first', () => {
    for (const locale of ['fr', 'en', 'fr'] as const) {
      const words = stylishFileText(r, { color: false, locale }).split('\n').slice(2, 5).map((line) => line.split(/ +/)[2]);
      assert.deepEqual(words, locale === 'fr' ? ['erreur', 'avertissement', 'information'] : ['error', 'warning', 'info']);
    }
  });

  it('escapes a file name that holds a control character', () => {
    const text = stylishFileText(report('evil\rname', [finding('x', [0, 0, 0, 1])]), { color: false, locale: 'en' });
    assert.equal(text.split('\n')[1], 'evil\\x0dname');
  });
});
