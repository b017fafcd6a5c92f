// The TextMate grammars: the scope tests in test/grammar/ (vscode-tmgrammar-test, as `npm run
// test:grammar`), and the sshd grammar's keyword list kept in step with the keyword table the linter uses.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { KEYWORDS } from '../core/sshd/keywords';

const ROOT = path.resolve(__dirname, '..', '..');
const grammar = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes', name), 'utf8'));
/** Oniguruma's leading (?i) as a JavaScript flag. */
const toRegExp = (source: string) => new RegExp(source.replace(/^\(\?i\)/, ''), source.startsWith('(?i)') ? 'i' : '');

describe('TextMate grammars', () => {
  it('pass their scope tests', () => {
    const cli = path.join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
    const r = spawnSync(process.execPath, [cli, '-c', '-g', 'syntaxes/sshd_config.tmLanguage.json', '-g', 'syntaxes/nginx.tmLanguage.json',
      'test/grammar/*.test.{sshd_config,nginx}'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /sshd_config\.test\.sshd_config/);
    assert.match(r.stdout, /nginx\.test\.nginx/);
  });

  it('colour every sshd keyword hardlint knows, and only those, as a directive', () => {
    const repo = grammar('sshd_config.tmLanguage.json').repository;
    const directive = toRegExp(repo.directive.begin);
    for (const { name } of KEYWORDS.values()) {
      const lower = name.toLowerCase();
      if (lower === 'match') assert.match('Match User x', toRegExp(repo.match.begin));
      else if (lower === 'include') assert.match('include a.conf', toRegExp(repo.include.begin));
      else {
        assert.match(`${name} x`, directive, name);
        assert.match(`  ${lower}=x`, directive, name);
      }
    }
    assert.doesNotMatch('PermitRootLoginx yes', directive);
    assert.doesNotMatch('NoSuchOption yes', directive);
  });

  it('are the files the manifest points at', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const g of pkg.contributes.grammars) {
      assert.equal(grammar(path.basename(g.path)).scopeName, g.scopeName);
    }
  });
});
