// The authentication/access rules on real third-party configs, and what `--fix` (safe fixes only) does with
// sshd/shadowed-directive, whose fixes are safe or unsafe depending on where the winning line is.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixUntilStable } from '../core/engine';
import { findRule } from '../rules';
import { CORPUS, envFor, FIXTURES, lintPath } from './helpers';

const SSHD_CORPUS = path.join(CORPUS, 'sshd');
const rule = (id: string) => findRule(id)!;

describe('sshd authentication rules on the corpus', () => {
  const mozilla = path.join(SSHD_CORPUS, 'hardened', 'mozilla_infosec_modern_sshd_config');
  const gotchaDir = path.join(SSHD_CORPUS, 'bad', 'debian12-cloudinit-gotcha');
  const skip = fs.existsSync(SSHD_CORPUS) ? false : `no corpus at ${SSHD_CORPUS}`;

  it('Mozilla "modern" (AuthenticationMethods publickey) is not reported for password or keyboard-interactive login', { skip }, () => {
    const rules = [rule('sshd/password-authentication'), rule('sshd/kbd-interactive-authentication'), rule('sshd/match-weakens-policy')];
    const findings = lintPath(mozilla, { rules, kind: 'sshd' });
    assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
  });

  it('the Debian 12 cloud-init gotcha: password login reported on the Include, the ignored hardening line on its own line', { skip }, () => {
    const entry = path.join(gotchaDir, 'sshd_config');
    const text = fs.readFileSync(entry, 'utf8');
    const lines = text.split('\n');
    const includeLine = lines.findIndex((l) => l.startsWith('Include '));
    const hardeningLine = lines.lastIndexOf('PasswordAuthentication no');
    const findings = lintPath(entry, { rules: [rule('sshd/password-authentication'), rule('sshd/shadowed-directive')] });
    const summary = findings.map((f) => ({ ruleId: f.ruleId, line: f.range.start.line, fixes: f.fixes.map((x) => x.safety) }));
    assert.deepEqual(summary, [
      { ruleId: 'sshd/password-authentication', line: includeLine, fixes: [] },
      { ruleId: 'sshd/shadowed-directive', line: hardeningLine, fixes: ['unsafe'] },
    ]);
    assert.match(findings[0].message, /sshd_config\.d\/50-cloud-init\.conf:1/);
    assert.match(findings[1].message, /sshd_config\.d\/50-cloud-init\.conf:1 already sets PasswordAuthentication yes/);
  });

  it('the Debian 12 cloud-init gotcha: moving the hardening above the Include turns password login off', { skip }, () => {
    const entry = path.join(gotchaDir, 'sshd_config');
    const text = fs.readFileSync(entry, 'utf8');
    const rules = [rule('sshd/shadowed-directive')];
    const safeOnly = fixUntilStable({ path: entry, text, kind: 'sshd' }, envFor(entry, rules), ['safe']);
    assert.equal(safeOnly.text, text, '--fix without --unsafe-fixes must not move a line that changes the effective value');
    const fixed = fixUntilStable({ path: entry, text, kind: 'sshd' }, envFor(entry, rules), ['safe', 'unsafe']);
    const after = lintPath(entry, { rules: [rule('sshd/password-authentication')], text: fixed.text });
    assert.deepEqual(after.map((f) => f.message), []);
  });
});

describe('sshd/shadowed-directive with safe fixes only', () => {
  const fixSafe = (entry: string) => {
    const text = fs.readFileSync(entry, 'utf8');
    return fixUntilStable({ path: entry, text, kind: 'sshd' }, envFor(entry, [rule('sshd/shadowed-directive')]), ['safe']).text;
  };

  it('deletes lines that an earlier line of the same file wins over, and nothing else', () => {
    const entry = path.join(FIXTURES, 'sshd', 'shadowed-directive', 'bad', 'sshd_config');
    // Every fix of this case is a safe deletion, so the safe result is the golden of all fixes.
    assert.equal(fixSafe(entry), fs.readFileSync(entry + '.unsafe-fixed', 'utf8'));
  });

  it('moves a line above the Include only when the drop-in already has the same value', () => {
    const entry = path.join(FIXTURES, 'sshd', 'shadowed-directive', 'bad-included', 'sshd_config');
    const lines = fixSafe(entry).split('\n');
    const include = lines.indexOf('Include sshd_config.d/*.conf');
    assert.ok(lines.indexOf('X11Forwarding no') < include, 'the same-value line moved above the Include');
    assert.ok(lines.indexOf('PasswordAuthentication no') > include, 'the line that would change the value stayed');
  });

  it('offers no fix for a Match block line shadowed through an Include inside the block', () => {
    const entry = path.join(FIXTURES, 'sshd', 'shadowed-directive', 'bad-match-include', 'sshd_config');
    const findings = lintPath(entry, { rules: [rule('sshd/shadowed-directive')] });
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
    assert.match(findings[0].message, /deploy\.conf:1 already sets X11Forwarding yes/);
  });
});
