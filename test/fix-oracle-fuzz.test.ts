// Seeded random check that fixes never break a file the real tool accepts: rule lines and blocks of the firewall and
// nginx fixtures (and of the firewall corpus, when present) are spliced into other such files; whenever the tool accepts
// the result (`iptables-restore --test`, `ip6tables-restore --test`, `nft -c`, `nginx -t`), fixing it with every fix
// (safe and unsafe, until stable) must give a file the tool still accepts. `npm test` runs a fixed seed; for long runs:
//   HARDLINT_FIX_FUZZ_SEED=7 HARDLINT_FIX_FUZZ_CASES=2000 node --test out/test/fix-oracle-fuzz.test.js
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixUntilStable } from '../core/engine';
import { firewallFormatFromPath } from '../core/firewall/context';
import { RULES } from '../rules';
import { Oracle, oracleFor, run, skipReason } from './firewall-oracle';
import { CORPUS, envFor, FIXTURES, fixtureCases, seededRandom as random } from './helpers';
import { nginxCheck, nginxOracleSkipReason } from './nginx-oracle';

const SEED = Number(process.env.HARDLINT_FIX_FUZZ_SEED ?? 20261121);
const CASES = Number(process.env.HARDLINT_FIX_FUZZ_CASES ?? 250);

const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

const pick = <T>(next: () => number, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-fix-fuzz-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** How many cases the tool accepted, how many a fix changed, and what broke. */
interface Tally { accepted: number; fixed: number; broken: string[] }

function report(t: Tally, what: string, cases: number): void {
  assert.deepEqual(t.broken, [], `fixes broke ${t.broken.length} ${what} file(s) the tool accepted before`);
  // A campaign that never reaches the tool, or never fixes anything, proves nothing.
  assert.ok(t.accepted >= cases / 10, `only ${t.accepted} of ${cases} cases were accepted by the tool`);
  assert.ok(t.fixed >= cases / 20, `only ${t.fixed} accepted cases had something to fix`);
}

describe('fixes keep firewall rule files valid (seeded splices, checked by the real tools)', () => {
  const sources = [path.join(FIXTURES, 'firewall'), path.join(CORPUS, 'firewall')].filter((d) => fs.existsSync(d))
    .flatMap(walk).filter((f) => !/fixed$|\.(md|yaml)$/.test(f));
  const formatOf = (f: string) => firewallFormatFromPath(f);
  const files = { save: sources.filter((f) => formatOf(f) === 'iptables-save'), nft: sources.filter((f) => formatOf(f) === 'nft') };
  const linesOf = (list: string[], re: RegExp) => [...new Set(list.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n')).filter((l) => re.test(l)))];
  const SAVE_RULE = /^-A (INPUT|FORWARD|OUTPUT) /;
  const NFT_RULE = /^\s+(tcp|udp|ip6?|iif|iifname|ct|meta|counter)\b[^{}]*$/;
  const pools = { save: linesOf(files.save, SAVE_RULE), nft: linesOf(files.nft, NFT_RULE) };

  it(`${CASES} cases, seed ${SEED}`, (t) => {
    for (const o of ['iptables', 'ip6tables', 'nft'] as Oracle[]) {
      const reason = skipReason(o);
      if (reason) return t.skip(reason);
    }
    assert.ok(files.save.length >= 5 && files.nft.length >= 5 && pools.save.length >= 10 && pools.nft.length >= 5, 'too few sources');
    const next = random(SEED);
    const tally: Tally = { accepted: 0, fixed: 0, broken: [] };
    for (let i = 0; i < CASES; i++) {
      const format = next() < 0.6 ? 'save' : 'nft';
      const source = pick(next, files[format]);
      const lines = fs.readFileSync(source, 'utf8').split('\n');
      const edits = 1 + Math.floor(next() * 5);
      for (let e = 0; e < edits; e++) {
        // Next to a rule line of the same file, so that the result stays inside a chain.
        const spots = lines.flatMap((l, n) => ((format === 'save' ? SAVE_RULE : NFT_RULE).test(l) ? [n] : []));
        if (spots.length === 0) break;
        const at = pick(next, spots);
        if (next() < 0.75) {
          const line = pick(next, pools[format]);
          lines.splice(at + (next() < 0.5 ? 1 : 0), 0, format === 'nft' ? lines[at].match(/^\s*/)![0] + line.trim() : line);
        } else {
          lines.splice(at, 1);
        }
      }
      const text = lines.join('\n');
      const file = path.join(work, `fw-${i}`, path.basename(source));
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, text);
      // The tool that reads the source's format and family (by its name, as firewall-fixes.test.ts picks it).
      const oracle = oracleFor(source)!;
      if (!run(oracle, file).ok) continue;
      tally.accepted++;
      const out = fixUntilStable({ path: file, text, kind: 'firewall' }, envFor(file, RULES), ['safe', 'unsafe']);
      if (out.text === text) continue;
      tally.fixed++;
      fs.writeFileSync(file, out.text);
      const checked = run(oracle, file);
      if (!checked.ok) {
        tally.broken.push(`case ${i} (${path.basename(source)}; ${out.applied.map((a) => a.ruleId).join(', ')}): `
          + `${checked.output.split('\n')[0]}\n--- before\n${text}\n--- after\n${out.text}`);
      }
    }
    report(tally, 'firewall', CASES);
  });
});

describe('fixes keep nginx configurations valid (seeded splices, checked by nginx -t)', () => {
  const NO_TEST = /syntax-error|include-problem|missing-ssl-certificate/;
  const dir = path.join(FIXTURES, 'nginx');
  const cases = fs.readdirSync(dir).filter((r) => !NO_TEST.test(r))
    .flatMap((r) => fixtureCases(path.join(dir, r))).filter((c) => c.entry.endsWith('.conf'));
  // Simple directives, as written inside blocks: valid in many contexts, and nginx -t tells where they are not.
  const pool = [...new Set(cases.flatMap((c) => fs.readFileSync(c.entry, 'utf8').split('\n'))
    .filter((l) => /^\s+[a-z_]+ [^{}]*;\s*(#.*)?$/.test(l)))];
  // Whole blocks (location, if, server, map, ...) of up to 40 lines, so that fixes meet nested and repeated contexts.
  const blocks = cases.flatMap((c) => blocksOf(fs.readFileSync(c.entry, 'utf8').split('\n')));

  it(`${Math.ceil(CASES / 2)} cases, seed ${SEED}`, (t) => {
    const reason = nginxOracleSkipReason();
    if (reason) return t.skip(reason);
    assert.ok(cases.length >= 20 && pool.length >= 50 && blocks.length >= 50, 'too few sources');
    const next = random(SEED);
    const tally: Tally = { accepted: 0, fixed: 0, broken: [] };
    const n = Math.ceil(CASES / 2);
    for (let i = 0; i < n; i++) {
      const c = pick(next, cases);
      const lines = fs.readFileSync(c.entry, 'utf8').split('\n');
      const edits = 1 + Math.floor(next() * 6);
      for (let e = 0; e < edits; e++) {
        const at = 1 + Math.floor(next() * (lines.length - 1));
        const what = next();
        if (what < 0.3) lines.splice(at, 0, ...pick(next, blocks));
        else if (what < 0.75) lines.splice(at, 0, pick(next, pool));
        else if (!/[{}]/.test(lines[at] ?? '{')) lines.splice(at, 1);
      }
      const text = lines.join('\n');
      const caseDir = path.dirname(c.entry);
      if (!nginxCheck(caseDir, c.entry, text).ok) continue;
      tally.accepted++;
      const out = fixUntilStable({ path: c.entry, text, kind: 'nginx' }, envFor(c.entry, RULES), ['safe', 'unsafe']);
      if (out.text === text) continue;
      tally.fixed++;
      const checked = nginxCheck(caseDir, c.entry, out.text);
      if (!checked.ok) {
        tally.broken.push(`case ${i} (${path.relative(dir, c.entry)}; ${out.applied.map((a) => a.ruleId).join(', ')}): `
          + `${checked.output.split('\n')[0]}\n--- before\n${text}\n--- after\n${out.text}`);
      }
    }
    report(tally, 'nginx', n);
  });
});

/** The balanced blocks of a file that open with location, if, server, map, upstream or limit_except, as lines. */
function blocksOf(lines: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*(location|if|server|map|upstream|limit_except)\b.*\{\s*$/.test(lines[i])) continue;
    let depth = 0;
    const block: string[] = [];
    for (let j = i; j < lines.length && block.length <= 40; j++) {
      block.push(lines[j]);
      depth += (lines[j].match(/\{/g) ?? []).length - (lines[j].match(/\}/g) ?? []).length;
      if (depth <= 0) break;
    }
    if (depth <= 0 && block.length <= 40) out.push(block);
  }
  return out;
}
