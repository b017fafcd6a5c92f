// Compose fix goldens are real Compose files: each re-parses without a YAML problem, validates against the
// compose-spec schema, changes only the lines its findings point at, and (when docker-compose v1 is installed and
// accepted the file before) is still accepted by `docker-compose config -q`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseCompose } from '../core/compose/parse';
import { validateCompose } from '../core/compose/schema';
import { findRule } from '../rules';
import { FIXTURES, hasBinary, lintPath } from './helpers';

const DIR = path.join(FIXTURES, 'compose');
const DOCKER_COMPOSE = '/usr/bin/docker-compose';

function goldens(): { rule: string; entry: string; golden: string }[] {
  const out: { rule: string; entry: string; golden: string }[] = [];
  for (const rule of fs.readdirSync(DIR).sort()) {
    for (const c of fs.readdirSync(path.join(DIR, rule)).sort()) {
      const dir = path.join(DIR, rule, c);
      for (const name of fs.readdirSync(dir)) {
        if (name.endsWith('.fixed') || name.endsWith('.unsafe-fixed')) {
          out.push({ rule, entry: path.join(dir, name.replace(/\.(unsafe-)?fixed$/, '')), golden: path.join(dir, name) });
        }
      }
    }
  }
  return out;
}

/** docker-compose v1 on a copy of the text (in the fixture's folder, so relative paths resolve); undefined = not run. */
function composeConfig(dir: string, text: string): { ok: boolean; err: string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-compose-'));
  const file = path.join(tmp, 'compose.yaml');
  fs.writeFileSync(file, text);
  const r = spawnSync(DOCKER_COMPOSE, ['-f', file, '--project-directory', dir, 'config', '-q'], { encoding: 'utf8', timeout: 20000 });
  fs.rmSync(tmp, { recursive: true, force: true });
  return { ok: r.status === 0, err: `${r.stderr ?? ''}${r.error?.message ?? ''}` };
}

describe('compose fix goldens', () => {
  const all = goldens();
  it('there are goldens to check', () => assert.ok(all.length >= 10, `${all.length} goldens`));
  for (const g of all) {
    const name = path.relative(DIR, g.golden);
    const before = fs.readFileSync(g.entry, 'utf8');
    const after = fs.readFileSync(g.golden, 'utf8');
    it(`${name}: re-parses and validates against the compose-spec schema`, () => {
      const parsed = parseCompose(after);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(validateCompose(parsed.doc, parsed.value).map((p) => `${p.path} ${p.error.message}`), []);
    });
    it(`${name}: changes only the lines its findings point at, and keeps the line endings`, () => {
      const rule = findRule(`compose/${g.rule}`)!;
      const findings = lintPath(g.entry, { rules: [rule] });
      // Every edit of every fix lies on lines a finding of this rule names, or the lines it deletes/extends.
      const touched = new Set<number>();
      const lineOf = (offset: number) => before.slice(0, offset).split('\n').length - 1;
      for (const f of findings) for (const fix of f.fixes) for (const e of fix.edits) {
        for (let l = lineOf(e.start); l <= lineOf(Math.max(e.start, e.end - 1)); l++) touched.add(l);
      }
      const a = before.split('\n');
      const b = after.split('\n');
      // Lines before the first change and after the last change are identical, byte for byte.
      let head = 0;
      while (head < a.length && head < b.length && a[head] === b[head]) head++;
      let tail = 0;
      while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
      for (let l = head; l < a.length - tail; l++) {
        if (!touched.has(l) && b.includes(a[l])) continue;
        assert.ok(touched.has(l), `line ${l + 1} changed but no fix edits it: ${JSON.stringify(a[l])}`);
      }
      if (before.includes('\r\n')) assert.equal(after.replace(/\r\n/g, '').includes('\n'), false, 'a LF crept into a CRLF file');
    });
    it(`${name}: still accepted by docker-compose config -q`, (t) => {
      if (!hasBinary(DOCKER_COMPOSE)) return t.skip('docker-compose (Debian package docker-compose) is not installed');
      const dir = path.dirname(g.entry);
      const pre = composeConfig(dir, before);
      if (!pre.ok) return t.skip(`docker-compose v1 refuses the fixture before the fix (${pre.err.split('\n')[0]})`);
      const post = composeConfig(dir, after);
      // Debian's docker-compose is v1 (1.29), older than the compose-spec `host_ip` key of the long port syntax that
      // Compose v2 reads; the fixed text passed the compose-spec schema above. Skip only for exactly that refusal.
      if (!post.ok && /unsupported option: 'host_ip'/.test(post.err) && /^\s*host_ip:/m.test(after)) {
        return t.skip('docker-compose v1 predates the long-syntax host_ip key (Compose v2 and the compose-spec schema accept it)');
      }
      assert.ok(post.ok, post.err);
    });
  }
});
