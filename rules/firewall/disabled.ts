import type { FirewallContext, ScriptOp } from '../../core/firewall/context';
import type { Seq } from '../../core/firewall/model';
import { defineFirewallRule } from '../define';
import { mayRunAfter, rangeOf, replaceSpan } from './_shared';

/**
 * The script may set up a firewall again after `seq` (enable one, load rules, set a policy): later in the same function,
 * or anywhere in another function (whose order is unknown). Only a script that certainly leaves it off is reported.
 */
function configuredAfter(ctx: FirewallContext, seq: Seq, family?: 'ipv4' | 'ipv6'): boolean {
  return ctx.ops.some((o) => mayRunAfter(seq, o.seq) && reconfigures(o, family));
}

function reconfigures(o: ScriptOp, family?: 'ipv4' | 'ipv6'): boolean {
  switch (o.kind) {
    case 'ufw': return o.cmd.kind === 'enable';
    case 'ipt': {
      const c = o.cmd;
      if (family && c.family !== family) return false;
      return c.table === 'filter' && (c.action === 'policy' || c.action === 'append' || c.action === 'insert')
        && (c.chain === 'INPUT' || c.chain === undefined);
    }
    case 'nft-change': return true;
    case 'service': return o.action === 'start' || o.action === 'enable' || o.action === 'restart';
    case 'firewalld': return true;
    default: return false;
  }
}

export default defineFirewallRule({
  id: 'firewall/disabled',
  severity: 'error',
  description: 'The firewall is turned off, stopped, or flushed with nothing loaded afterwards.',
  tags: ['security', 'network', 'lockout-risk'],
  sources: ['CIS Ubuntu Linux 24.04 4.2.3, 4.3.9 (firewall enabled and running)', 'ComplianceAsCode check_ufw_active', 'Lynis FIRE-4590',
    'ufw(8): enable, disable'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    ufwDisable: '`ufw disable` turns the firewall off and nothing in this script turns it back on: every port of this host is reachable. Leave ufw enabled; to change rules, use `ufw reload`.',
    service: 'This stops or disables {unit}, and nothing in this script starts another firewall: every port of this host is reachable once it runs.',
    flush: 'This removes every filtering rule and the script adds none afterwards: with the default ACCEPT policy everything is open, with a DROP policy everything (SSH included) is cut. Set a policy and rules after flushing.',
    nftFlush: '`nft flush ruleset` removes every rule and nothing is loaded afterwards: every port of this host is reachable. Load a rule set after flushing (`nft -f /etc/nftables.conf`).',
    ufwConf: 'ufw does not start at boot (ENABLED=no, the package default): the rules in /etc/ufw are never applied. Enable it with `ufw enable` once SSH is allowed.',
    fixEnabled: 'Set ENABLED=yes (allow SSH first: ufw blocks everything else at the next boot)',
  },
}, (ctx, report) => {
  for (const op of ctx.ops) {
    if (op.kind === 'ufw' && op.cmd.kind === 'disable') {
      if (ctx.ops.some((o) => o.kind === 'ufw' && o.cmd.kind === 'enable' && mayRunAfter(op.seq, o.seq))) continue;
      report({ messageId: 'ufwDisable', range: rangeOf(ctx, op.cmd.span) });
    }
    if (op.kind === 'service' && (op.action === 'stop' || op.action === 'disable' || op.action === 'mask')) {
      // `systemctl disable ufw` (without --now) only matters at the next boot, like stopping it does now.
      if (configuredAfter(ctx, op.seq)) continue;
      report({ messageId: 'service', data: { unit: op.unit }, range: rangeOf(ctx, op.span) });
    }
    if (op.kind === 'ipt' && op.cmd.action === 'flush' && op.cmd.table === 'filter' && (op.cmd.chain === undefined || op.cmd.chain === 'INPUT')) {
      if (op.cmd.family === 'ipv6' && ctx.ipv6Disabled) continue;
      if (configuredAfter(ctx, op.seq, op.cmd.family)) continue;
      // Restore files or here-documents loaded by the script count as configuring.
      if (ctx.rulesets.some((rs) => rs.origin !== 'script')) continue;
      report({ messageId: 'flush', range: rangeOf(ctx, op.span) });
    }
    if (op.kind === 'nft-flush') {
      if (ctx.ops.some((o) => o !== op && reconfigures(o) && mayRunAfter(op.seq, o.seq))) continue;
      report({ messageId: 'nftFlush', range: rangeOf(ctx, op.span) });
    }
  }
  const enabled = ctx.kv?.get('ENABLED');
  if (ctx.format === 'ufw-conf' && enabled && enabled.value.toLowerCase() === 'no') {
    report({ messageId: 'ufwConf', range: rangeOf(ctx, enabled.span),
      fixes: [{ messageId: 'fixEnabled', safety: 'unsafe', edits: [replaceSpan(enabled.inner, 'yes')] }] });
  }
});
