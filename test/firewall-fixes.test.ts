// Firewall fixes checked by the real tools: every rule file in the fixtures, and every rule file a fix writes (the
// `.fixed` / `.unsafe-fixed` goldens), is accepted by `iptables-restore --test` / `ip6tables-restore --test` or
// `nft -c -f` (Debian `iptables`, `nftables`); fixed shell scripts still parse (`bash -n`). The fixes that --fix does
// not pick first are applied one by one and checked the same way. Tools that are missing or cannot run here (they need
// root for their netlink checks) skip the test with the reason.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyFixes } from '../core/engine';
import { firewallFormatFromPath } from '../core/firewall/context';
import { RULES } from '../rules';
import { FIXTURES, hasBinary, kindOfFile, lintPath } from './helpers';

const DIR = path.join(FIXTURES, 'firewall');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

type Oracle = 'iptables' | 'ip6tables' | 'nft' | 'bash';

function oracleFor(file: string): Oracle | undefined {
  const source = file.replace(/\.(unsafe-)?fixed$/, '');
  const format = firewallFormatFromPath(source);
  if (format === 'iptables-save') return /(^|[._-])v6$|6\.rules$/.test(path.basename(source)) ? 'ip6tables' : 'iptables';
  if (format === 'nft') return 'nft';
  if (source.endsWith('.sh')) return 'bash';
  return undefined;
}

function run(oracle: Oracle, file: string): { ok: boolean; output: string } {
  const [cmd, args] = oracle === 'iptables' ? ['/usr/sbin/iptables-restore', ['--test', file]]
    : oracle === 'ip6tables' ? ['/usr/sbin/ip6tables-restore', ['--test', file]]
      : oracle === 'nft' ? ['/usr/sbin/nft', ['-c', '-f', file]] : ['bash', ['-n', file]];
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

/** Why an oracle cannot run here, or undefined when it works (probed on a file it must accept). */
function unavailable(oracle: Oracle): string | undefined {
  const bin = { iptables: '/usr/sbin/iptables-restore', ip6tables: '/usr/sbin/ip6tables-restore', nft: '/usr/sbin/nft', bash: '/bin/bash' }[oracle];
  if (!hasBinary(bin)) return `${bin} is not installed (Debian packages iptables, nftables)`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-oracle-'));
  try {
    const probe = path.join(dir, oracle === 'nft' ? 'probe.nft' : 'probe');
    fs.writeFileSync(probe, oracle === 'nft' ? 'table inet t {\n\tchain c { type filter hook input priority 0; policy drop; }\n}\n'
      : oracle === 'bash' ? 'true\n' : '*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
    const r = run(oracle, probe);
    return r.ok ? undefined : `${bin} cannot check rules here (needs root and netfilter): ${r.output.split('\n')[0]}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const AVAILABLE = new Map<Oracle, string | undefined>();
const skipReason = (o: Oracle): string | undefined => {
  if (!AVAILABLE.has(o)) AVAILABLE.set(o, unavailable(o));
  return AVAILABLE.get(o);
};

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
