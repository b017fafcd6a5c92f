// The engine's per-file work as reports show it: the order of findings, their messages, fixes and related locations.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../core/config';
import { compareRuleIds, lint } from '../core/engine';
import { memoryHost } from '../core/host';
import type { Finding, Range, Report, Rule, RuleMeta } from '../core/types';

const at = (line: number, character: number): Range => ({ start: { line, character }, end: { line, character: character + 1 } });

function rule(id: string, messages: RuleMeta['messages'], check: (report: (r: Report) => void) => void): Rule<unknown> {
  return {
    meta: { id, family: 'sshd', severity: 'warning', description: id, tags: [], sources: [], fix: 'safe', profile: 'recommended', messages },
    check: (_ctx, report) => check(report),
  };
}

function lintWith(rules: Rule<unknown>[], locale: 'en' | 'fr' = 'en'): Finding[] {
  const text = 'Port 22\nPermitRootLogin yes\n';
  return lint({ path: '/etc/ssh/sshd_config', text, kind: 'sshd' }, {
    host: memoryHost({ '/etc/ssh/sshd_config': text }), config: defaultConfig(), locale, rules,
  }).findings;
}

/** What a stable sort by place, then by rule id in localeCompare's order, gives. */
function byPlaceThenRule(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.range.start.line - b.range.start.line
    || a.range.start.character - b.range.start.character
    || (a.ruleId === b.ruleId ? 0 : compareRuleIds(a.ruleId, b.ruleId)));
}

describe('findings of a file', () => {
  it('come by place, then by rule id, each rule keeping its own order at one place', () => {
    const rules = [
      rule('t/zeta', { m: 'zeta {n}' }, (report) => {
        report({ messageId: 'm', data: { n: 1 }, range: at(1, 0) });
        report({ messageId: 'm', data: { n: 2 }, range: at(0, 0) });
        report({ messageId: 'm', data: { n: 3 }, range: at(0, 0) });
      }),
      rule('t/alpha-2', { m: 'alpha-2 {n}' }, (report) => {
        report({ messageId: 'm', data: { n: 1 }, range: at(0, 0) });
        report({ messageId: 'm', data: { n: 2 }, range: at(0, 3) });
      }),
      rule('t/alpha', { m: 'alpha {n}' }, (report) => report({ messageId: 'm', data: { n: 1 }, range: at(0, 0) })),
    ];
    const findings = lintWith(rules);
    assert.deepEqual(findings.map((f) => f.message), ['alpha 1', 'alpha-2 1', 'zeta 2', 'zeta 3', 'alpha-2 2', 'zeta 1']);
  });

  it('keep that order in files with a few findings and in files with many', () => {
    const ids = ['t/b', 't/a-1', 't/a', 't/c/d', 't/c'];
    for (const perRule of [6, 20]) {
      const rules = ids.map((id, k) => rule(id, { m: `${id} {n}` }, (report) => {
        for (let n = 0; n < perRule; n++) report({ messageId: 'm', data: { n }, range: at((n * 7 + k) % 5, n % 3) });
      }));
      // The findings as the rules report them, one rule after the other, then sorted stably.
      const reported = ids.flatMap((id, k) => Array.from({ length: perRule }, (_, n): Finding => ({
        ruleId: id, severity: 'warning', message: `${id} ${n}`, range: at((n * 7 + k) % 5, n % 3), fixes: [], related: [],
      })));
      assert.deepEqual(lintWith(rules).map((f) => f.message), byPlaceThenRule(reported).map((f) => f.message));
    }
  });

  it('render their messages, fix titles and related messages from the rule templates', () => {
    const rules = [rule('t/render', {
      main: '{option} is {value}: {reason} ({count} lines, {unknown})',
      weak: 'weak because {why}',
      fix: 'Set {option} to {value}',
      seen: 'Also set in {file}',
    }, (report) => {
      report({
        messageId: 'main',
        data: { option: 'Ciphers', value: ['aes', '-', { messageId: 'weak', data: { why: 'old' } }], reason: { messageId: 'weak', data: { why: 'CBC' } }, count: 3 },
        range: at(0, 0),
        fixes: [{ messageId: 'fix', data: { option: 'Ciphers', value: 'aes256-gcm@openssh.com' }, safety: 'safe', edits: [{ start: 0, end: 4, newText: 'x' }] }],
        related: [{ file: '/etc/ssh/other', range: at(3, 0), message: { messageId: 'seen', data: { file: 'other' } } }],
      });
      report({ messageId: 'seen', range: at(1, 0) });
    })];
    const [first, second] = lintWith(rules);
    assert.equal(first.message, 'Ciphers is aes-weak because old: weak because CBC (3 lines, {unknown})');
    assert.deepEqual(first.fixes, [{ title: 'Set Ciphers to aes256-gcm@openssh.com', safety: 'safe', edits: [{ start: 0, end: 4, newText: 'x' }] }]);
    assert.deepEqual(first.related, [{ file: '/etc/ssh/other', range: at(3, 0), message: 'Also set in other' }]);
    // A template without data is shown as written, placeholders included.
    assert.equal(second.message, 'Also set in {file}');
    assert.deepEqual(second.fixes, []);
    assert.deepEqual(second.related, []);
    assert.equal(JSON.stringify(second), JSON.stringify({ ruleId: 't/render', severity: 'warning', message: 'Also set in {file}', range: at(1, 0), fixes: [], related: [] }));
  });
});
