// Consistency between the rule registry, the rule files, their docs, fixtures and translations.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { compareRuleIds } from '../core/engine';
import { RULES } from '../rules';
import { ROOT } from './helpers';

const DOC_SECTIONS = ['## What it flags', '## Why it matters', '## Insecure example', '## Hardened example', '## Fix safety',
  '## How to suppress', '## Sources'];

describe('rule registry', () => {
  it('lists every rule file exactly once, with ids matching file names', () => {
    const families = fs.readdirSync(path.join(ROOT, 'rules'), { withFileTypes: true }).filter((d) => d.isDirectory());
    const files = families.flatMap((f) => fs.readdirSync(path.join(ROOT, 'rules', f.name))
      .filter((n) => n.endsWith('.ts') && !n.startsWith('_'))
      .map((n) => `${f.name}/${n.replace(/\.ts$/, '')}`)).sort();
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual([...ids].sort(), files);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
  });

  for (const rule of RULES) {
    const { meta } = rule;
    it(`${meta.id}: metadata, doc page and messages are complete`, () => {
      assert.match(meta.id, /^[a-z]+\/[a-z0-9-]+$/);
      assert.ok(meta.description.length > 10 && meta.description.endsWith('.'), 'description is a sentence');
      assert.ok(meta.sources.length > 0, 'sources');
      assert.ok(meta.tags.length > 0, 'tags');
      assert.ok(Object.keys(meta.messages).length > 0, 'messages');
      const doc = path.join(ROOT, 'docs', 'rules', `${meta.id}.md`);
      assert.ok(fs.existsSync(doc), `missing ${path.relative(ROOT, doc)}`);
      const text = fs.readFileSync(doc, 'utf8');
      assert.ok(text.startsWith(`# ${meta.id} — `), 'doc title is "# <id> — <summary>"');
      for (const s of DOC_SECTIONS) assert.ok(text.includes(s), `doc lacks "${s}"`);
      assert.ok(text.toLowerCase().includes(`fix: **${meta.fix === 'none' ? 'none' : meta.fix}**`), `doc states "Fix: **${meta.fix}**"`);
    });
  }
});

describe('the order of rule ids', () => {
  it('is localeCompare\'s, without loading the collator', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual([...ids].sort(compareRuleIds), [...ids].sort((a, b) => a.localeCompare(b)));
    // Every pair of strings over the ids' alphabet, up to 3 characters, and ids that differ only in punctuation.
    const alphabet = ['a', 'z', '0', '9', '-', '/'];
    const words = [''];
    for (let len = 0; len < 3; len++) for (const w of [...words]) if (w.length === len) for (const c of alphabet) words.push(w + c);
    words.push('nginx/add-header', 'nginx/addheader', 'nginx/add/header', 'sshd/x11-forwarding', 'sshd/x1-forwarding', 'Sshd/x', 'sshd/é');
    for (const a of words) for (const b of words) assert.equal(Math.sign(compareRuleIds(a, b)), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
  });
});
