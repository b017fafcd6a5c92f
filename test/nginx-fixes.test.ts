// Every nginx fix golden (`.fixed`, `.unsafe-fixed`) is a configuration the real nginx accepts: a fix must never
// turn a working configuration into one that `nginx -t` rejects (the reload would fail and keep the old config).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../rules';
import { FIXTURES, fixtureCases } from './helpers';
import { nginxCheck, nginxOracleSkipReason } from './nginx-oracle';

const skip = nginxOracleSkipReason();

describe('nginx -t accepts every fixed nginx fixture', { skip }, () => {
  for (const rule of RULES.filter((r) => r.meta.family === 'nginx')) {
    const dir = path.join(FIXTURES, ...rule.meta.id.split('/'));
    if (!fs.existsSync(dir)) continue;
    for (const c of fixtureCases(dir)) {
      for (const suffix of ['.fixed', '.unsafe-fixed']) {
        const golden = c.entry + suffix;
        if (!fs.existsSync(golden)) continue;
        it(`${rule.meta.id} ${c.name}${suffix}`, (t) => {
          const caseDir = path.dirname(c.entry).startsWith(path.join(dir, c.name)) ? path.join(dir, c.name) : path.dirname(c.entry);
          const original = nginxCheck(caseDir, c.entry, fs.readFileSync(c.entry, 'utf8'));
          if (!original.ok) { t.skip(`nginx rejects the original too: ${original.output}`); return; }
          const fixed = nginxCheck(caseDir, c.entry, fs.readFileSync(golden, 'utf8'));
          assert.ok(fixed.ok, `nginx -t rejects ${path.relative(FIXTURES, golden)}:\n${fixed.output}`);
        });
      }
    }
  }
});
