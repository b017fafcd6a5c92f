// The pre-commit hook as a user's `pre-commit` installs and runs it (language: node, no pinned Node version), through
// `pre-commit try-repo` on this work tree (../shared/recipes/pre-commit-try.sh). Skipped when pre-commit is missing.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, SHARED } from './helpers';

const recipe = path.join(SHARED, 'recipes', 'pre-commit-try.sh');
const havePreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const skip = !havePreCommit ? 'pre-commit is not installed (apt-get install pre-commit)'
  : !fs.existsSync(recipe) ? `recipe not found: ${recipe}` : false;

function tryHook(files: string[]): { code: number | null; out: string } {
  const r = spawnSync('bash', [recipe, ROOT, 'hardlint', ...files], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('pre-commit hook', { skip }, () => {
  it('fails on the cloud-init trap and names the rule', () => {
    const r = tryHook(['examples/sshd/sshd_config', 'examples/sshd/sshd_config.d/50-cloud-init.conf']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /sshd\/password-authentication/);
    assert.match(r.out, /sshd\/shadowed-directive/);
  });

  it('passes on a hardened config', () => {
    const r = tryHook(['test/fixtures/cli/precommit/hardened/sshd_config']);
    assert.equal(r.code, 0, r.out);
  });
});
