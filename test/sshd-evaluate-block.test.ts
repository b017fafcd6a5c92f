// evaluateForBlock() and evaluate() without a connection replay one symbolic re-parse (computed once per config) instead
// of running sshd's re-parse again. On generated Include/Match trees, they must give exactly what the re-parse run for
// a real connection gives: a connection that matches one block alone (its unique `Match User`), or none.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  blockMayShadow, blockSetsAny, Directive, evaluate, evaluateForBlock, Evaluation, isMatch, loadConfig, MatchDirective, parseFile, SshdConfig,
} from '../core/sshd/config';
import { memoryHost } from '../core/host';

const SETTINGS = [
  'PasswordAuthentication yes', 'PasswordAuthentication no', 'PermitRootLogin yes', 'PermitRootLogin no',
  'X11Forwarding yes', 'X11Forwarding no', 'MaxSessions 2', 'MaxSessions 5', 'AllowUsers alice', 'AllowUsers bob',
  'AcceptEnv LANG', 'MaxStartups 3', 'MaxStartups 10:30:60', 'IPQoS lowdelay', 'ForceCommand internal-sftp',
  'AuthenticationMethods publickey', 'Port 2222', 'AddressFamily inet', 'Banner /etc/issue', 'Bogus yes', 'PermitTunnel',
];
const INCLUDES = ['Include /etc/ssh/sshd_config.d/*.conf', 'Include extra/a', 'Include extra/*', 'Include sshd_config.d/10.conf'];

/**
 * A deterministic tree: Match blocks (unique users, `Match all`, blocks no connection here reaches), Includes in and
 * out of them, drop-ins read twice.
 */
function generate(seed: number): Record<string, string> {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  let users = 0;
  const lines = (count: number, includes: boolean): string => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = random();
      if (r < 0.15) out.push(pick([`Match User u${seed}x${users++}`, 'Match all', 'Match Group staff', 'Match Address 10.0.0.0/8']));
      else if (r < 0.25 && includes) out.push(pick(INCLUDES));
      else out.push(pick(SETTINGS));
    }
    return out.join('\n') + '\n';
  };
  return {
    '/etc/ssh/sshd_config': lines(10 + Math.floor(random() * 30), true),
    '/etc/ssh/sshd_config.d/10.conf': lines(Math.floor(random() * 10), random() < 0.3),
    '/etc/ssh/sshd_config.d/20.conf': lines(Math.floor(random() * 10), false),
    '/etc/ssh/extra/a': lines(Math.floor(random() * 8), false),
    '/etc/ssh/extra/b': lines(Math.floor(random() * 8), false),
  };
}

const id = (d: Directive): string => `${path.posix.basename(d.file.path)}:${d.line.index + 1}`;

function comparable(ev: Evaluation) {
  return {
    values: [...ev.values].map(([option, s]) => [option, id(s.directive), s.args]),
    lists: [...ev.lists].map(([option, list]) => [option, list.map((s) => [id(s.directive), s.args])]),
    states: [...ev.states].map(([d, s]) => [id(d), s.state, s.state === 'shadowed' ? id(s.by) : '']),
    overriddenByMatch: [...ev.overriddenByMatch].map(([a, b]) => [id(a), id(b)]),
    order: ev.order.map(id),
    active: { startup: ev.active.startup.map(id), connection: ev.active.connection.map(id) },
  };
}

/** The 150 generated trees, loaded as sshd loads them. */
function* generatedConfigs(): Generator<{ seed: number; config: SshdConfig }> {
  for (let seed = 1; seed <= 150; seed++) {
    const files = generate(seed);
    yield { seed, config: loadConfig(parseFile('/etc/ssh/sshd_config', files['/etc/ssh/sshd_config']), memoryHost(files), { sshdir: '/etc/ssh' }) };
  }
}

describe('evaluateForBlock and evaluate() replay the per-connection re-parse', () => {
  for (const { seed, config } of generatedConfigs()) {
    const blocks = [...config.items.values()].flat().filter(isMatch);
    it(`tree ${seed}: ${blocks.length} Match lines`, () => {
      assert.deepEqual(comparable(evaluate(config)), comparable(evaluate(config, { user: 'nobody-matches' })));
      const seen = new Set<MatchDirective>();
      for (const block of blocks) {
        if (seen.has(block)) continue; // a file read twice lists its blocks twice
        seen.add(block);
        const user = block.parsed.ok && !block.parsed.all && block.parsed.criteria[0].name === 'user'
          ? block.parsed.criteria[0].value : undefined;
        if (user === undefined) continue;
        assert.deepEqual(comparable(evaluateForBlock(config, block)), comparable(evaluate(config, { user })), `Match User ${user}`);
      }
    });
  }

  it('a block that sets none of some options leaves their values and lists as evaluate() has them (blockSetsAny)', () => {
    const options = [...new Set([...SETTINGS.map((l) => l.split(' ')[0].toLowerCase()), 'include'])];
    const setting = (ev: Evaluation, option: string) => {
      const value = ev.values.get(option);
      return { value: value && [id(value.directive), value.args], list: (ev.lists.get(option) ?? []).map((x) => id(x.directive)) };
    };
    let unset = 0;
    let set = 0;
    for (const { seed, config } of generatedConfigs()) {
      const everyone = evaluate(config);
      for (const block of [...config.items.values()].flat().filter(isMatch)) {
        const ev = evaluateForBlock(config, block);
        for (const option of options) {
          if (blockSetsAny(config, block, [option])) {
            set++;
            continue;
          }
          unset++;
          assert.deepEqual(setting(ev, option), setting(everyone, option), `tree ${seed}, ${option} in ${id(block)}`);
        }
      }
    }
    assert.ok(unset > 1000 && set > 100, `${unset} options a block leaves alone, ${set} it sets`);
  });

  it('a block that cannot shadow (blockMayShadow false) leaves its lines their state in evaluate()', () => {
    let cannot = 0;
    let may = 0;
    for (const { seed, config } of generatedConfigs()) {
      const everyone = evaluate(config);
      for (const block of [...config.items.values()].flat().filter(isMatch)) {
        if (blockMayShadow(config, block)) {
          may++;
          continue;
        }
        cannot++;
        const ev = evaluateForBlock(config, block);
        for (const d of ev.order) {
          if (d.match !== block) continue;
          assert.equal(ev.states.get(d), everyone.states.get(d), `tree ${seed}, ${id(d)} in the block of ${id(block)}`);
          assert.notEqual(ev.states.get(d)?.state, 'shadowed', `tree ${seed}, ${id(d)}`);
        }
      }
    }
    assert.ok(cannot > 100 && may > 100, `${cannot} blocks that cannot shadow, ${may} that may`);
  });

  it('exercises blocks reached through Includes and files read twice', () => {
    let throughInclude = 0;
    let readTwice = 0;
    for (const { config } of generatedConfigs()) {
      const ev = evaluate(config);
      if (ev.order.some((d) => d.file !== config.root && isMatch(d))) throughInclude++;
      if (new Set(ev.order).size < ev.order.length) readTwice++;
    }
    assert.ok(throughInclude > 20 && readTwice > 20, `${throughInclude} trees with included Match blocks, ${readTwice} with files read twice`);
  });
});
