// Firewall fixes checked by the real tools: every rule file in the fixtures, and every rule file a fix writes (the
// `.fixed` / `.unsafe-fixed` goldens), is accepted by `iptables-restore --test` / `ip6tables-restore --test` or
// `nft -c -f` (Debian `iptables`, `nftables`); fixed shell scripts still parse (`bash -n`). The fixes that --fix does
// not pick first are applied one by one and checked the same way. Tools that are missing or cannot run here (they need
// root for their netlink checks) skip the test with the reason.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyFixes } from '../core/engine';
import { RULES } from '../rules';
import { oracleFor, run, skipReason } from './firewall-oracle';
import { FIXTURES, kindOfFile, lintPath } from './helpers';

const DIR = path.join(FIXTURES, 'firewall');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

describe('firewall fixtures and fix goldens pass the real tools', () => {
  const files = fs.existsSync(DIR) ? walk(DIR).filter((f) => oracleFor(f) !== undefined).sort() : [];
  it('finds rule files and goldens to check', () => {
    assert.ok(files.filter((f) => /fixed$/.test(f) && oracleFor(f) !== 'bash').length >= 10, 'rule-file goldens');
  });
  for (const file of files) {
    const oracle = oracleFor(file)!;
    const rel = path.relative(DIR, file);
    it(`${rel}: ${oracle === 'bash' ? 'bash -n' : oracle === 'nft' ? 'nft -c' : `${oracle}-restore --test`}`, (t) => {
      const reason = skipReason(oracle);
      if (reason) { t.skip(reason); return; }
      const r = run(oracle, file);
      assert.ok(r.ok, r.output);
    });
  }
});

describe('firewall fixes that --fix does not pick first', () => {
  // Each fix of each finding applied alone: the result still parses, and the finding it fixes is gone.
  const cases = fs.existsSync(DIR) ? walk(DIR).filter((f) => !/fixed$|\.yaml$/.test(f) && kindOfFile(f) === 'firewall') : [];
  for (const file of cases) {
    const rel = path.relative(DIR, file);
    const ruleId = `firewall/${rel.split(path.sep)[0]}`;
    const rule = RULES.find((r) => r.meta.id === ruleId);
    if (!rule) continue;
    const findings = lintPath(file, { rules: [rule] });
    const alternatives = findings.flatMap((f) => f.fixes.slice(1).map((fix) => ({ f, fix })));
    if (alternatives.length === 0) continue;
    it(`${rel}: ${alternatives.length} alternative fix(es)`, (t) => {
      const text = fs.readFileSync(file, 'utf8');
      const oracle = oracleFor(file);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-alt-'));
      try {
        for (const { f, fix } of alternatives) {
          const out = applyFixes(text, [fix]).text;
          assert.notEqual(out, text, fix.title);
          const target = path.join(tmp, path.basename(file));
          fs.writeFileSync(target, out);
          const again = lintPath(file, { rules: [rule], text: out });
          assert.ok(!again.some((g) => g.range.start.line === f.range.start.line && g.message === f.message), `${fix.title}: still reported`);
          if (oracle) {
            const reason = skipReason(oracle);
            if (reason) { t.diagnostic(reason); continue; }
            const r = run(oracle, target);
            assert.ok(r.ok, `${fix.title}\n${out}\n${r.output}`);
          }
        }
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }

  it('ipv6-unprotected: no family change for an ip table whose NAT statements would need `ip` in an inet table', () => {
    const rule = RULES.find((r) => r.meta.id === 'firewall/ipv6-unprotected')!;
    const fixesOf = (c: string) => lintPath(path.join(DIR, 'ipv6-unprotected', c, 'filter.nft'), { rules: [rule] }).map((f) => f.fixes.length);
    assert.deepEqual(fixesOf('bad-nft-ip'), [1]);
    assert.deepEqual(fixesOf('bad-nft-ip-nat'), [0]);
  });

  it('ufw: "allow only from" keeps the protocol and the app the rule had', () => {
    const file = path.join(DIR, 'ssh-open-to-world', 'bad-ufw', 'firewall.sh');
    const rule = RULES.find((r) => r.meta.id === 'firewall/ssh-open-to-world')!;
    const text = fs.readFileSync(file, 'utf8');
    const restricted = lintPath(file, { rules: [rule] }).map((f) => {
      const fix = f.fixes.find((x) => x.title.startsWith('Allow SSH only from'))!;
      return applyFixes(text, [fix]).text.split('\n')[f.range.start.line];
    });
    assert.deepEqual(restricted, [
      'ufw allow from 192.0.2.0/24 to any port 22 proto tcp',
      'sudo ufw allow from 192.0.2.0/24 to any app OpenSSH',
      'ufw allow proto tcp from 192.0.2.0/24 to any port 22',
      'ufw allow in on eth0 from 192.0.2.0/24 to any port ssh proto tcp',
    ]);
  });
});
