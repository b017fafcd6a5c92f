// Every rule's fixtures: `bad*` cases flag exactly what their inline expectations say, `good*` cases flag nothing,
// fixes produce the golden `.fixed` (safe) / `.unsafe-fixed` (all) files, and the fixed text re-lints clean.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixUntilStable } from '../core/engine';
import { detectKind } from '../core/kinds';
import { RULES } from '../rules';
import { envFor, FIXTURES, fixtureCases, lintPath, rangeText, readExpectations } from './helpers';

const update = process.env.UPDATE_GOLDEN === '1';

for (const rule of RULES) {
  const { id, fix } = rule.meta;
  const dir = path.join(FIXTURES, ...id.split('/'));
  describe(id, () => {
    it('has a fixture that flags and one that must not', () => {
      assert.ok(fs.existsSync(dir), `missing ${path.relative(process.cwd(), dir)}`);
      const cases = fixtureCases(dir).map((c) => c.name);
      assert.ok(cases.some((c) => c.startsWith('bad')), 'no bad* case');
      assert.ok(cases.some((c) => c.startsWith('good')), 'no good* case');
    });
    // Cross-file cases are folders of several files: test/cross.test.ts lints every file of each.
    if (!fs.existsSync(dir) || rule.meta.family === 'cross') return;
    for (const c of fixtureCases(dir)) {
      const text = fs.readFileSync(c.entry, 'utf8');
      const findings = lintPath(c.entry, { rules: [rule] });
      it(`${c.name}: ${c.name.startsWith('bad') ? 'flags what it expects' : 'flags nothing'}`, () => {
        const expected = readExpectations(text).filter((e) => e.ruleId === id);
        if (c.name.startsWith('bad')) assert.ok(expected.length > 0, `${c.entry} has no "# expect: ${id}" line`);
        else assert.equal(expected.length, 0, 'good cases carry no expectations');
        const actual = findings.filter((f) => !f.suppressed).map((f) => ({
          ruleId: f.ruleId, line: f.range.start.line + 1, text: rangeText(text, f), severity: f.severity,
        }));
        const want = expected.map((e) => ({
          ruleId: e.ruleId, line: e.line + 1, text: e.text ?? actual.find((a) => a.line === e.line + 1)?.text, severity: e.severity ?? actual.find((a) => a.line === e.line + 1)?.severity,
        }));
        const key = (x: { line: number; text?: string; severity?: string }) => `${x.line}:${x.severity}:${JSON.stringify(x.text)}`;
        assert.deepEqual(actual.map(key).sort(), want.map(key).sort(), findings.map((f) => f.message).join('\n'));
      });
      if (!c.name.startsWith('bad') || fix === 'none') continue;
      for (const safety of ['safe', 'unsafe'] as const) {
        if (safety === 'safe' && fix === 'unsafe') continue;
        const golden = c.entry + (safety === 'safe' ? '.fixed' : '.unsafe-fixed');
        const fixable = findings.some((f) => f.fixes.some((x) => safety === 'unsafe' || x.safety === 'safe'));
        // A golden with no fix to produce it is a fix that went missing: tested (and failing), not skipped.
        if (!fixable && !fs.existsSync(golden)) continue;
        it(`${c.name}: ${safety} fixes give ${path.basename(golden)} and re-lint clean`, () => {
          const env = envFor(c.entry, [rule]);
          const kind = detectKind(c.entry, text)!;
          const out = fixUntilStable({ path: c.entry, text, kind }, env, safety === 'safe' ? ['safe'] : ['safe', 'unsafe']);
          if (update) fs.writeFileSync(golden, out.text);
          assert.ok(fs.existsSync(golden), `missing golden ${golden} (UPDATE_GOLDEN=1 writes it)`);
          assert.equal(out.text, fs.readFileSync(golden, 'utf8'));
          assert.notEqual(out.text, text, 'the fix changed nothing');
          const after = lintPath(c.entry, { rules: [rule], text: out.text });
          const left = after.filter((f) => f.fixes.some((x) => safety === 'unsafe' || x.safety === 'safe'));
          assert.deepEqual(left.map((f) => f.message), [], 'fixable findings remain after fixing');
        });
      }
    }
  });
}
