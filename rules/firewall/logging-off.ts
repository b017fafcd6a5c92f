import { chainInfo } from '../../core/firewall/nft';
import { BOTH, endsInDrop, inputChains, isUnconditional, Span } from '../../core/firewall/model';
import type { FixSpec } from '../../core/types';
import { defineFirewallRule } from '../define';
import { insertLineBefore, mayRunAfter, rangeOf, replaceSpan } from './_shared';

const LOG_RULE = '-A INPUT -m limit --limit 3/min -j LOG --log-prefix "[INPUT DROP] "';

export default defineFirewallRule({
  id: 'firewall/logging-off',
  severity: 'warning',
  description: 'Blocked connections are not logged: scans and attacks leave no trace.',
  tags: ['logging', 'network', 'monitoring'],
  sources: ['CIS Ubuntu Linux 24.04 4.2.x (ufw logging)', 'Lynis FIRE-4586', 'ufw(8): logging', 'psad documentation (needs LOG rules)'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    ufwOff: '`ufw logging off` removes ufw\'s LOG rules: blocked connections leave no trace, so scans and attacks go unnoticed. Use `ufw logging low` (rate-limited, the default).',
    ufwConf: 'ufw logging is off (LOGLEVEL=off): blocked connections leave no trace. Use LOGLEVEL=low (rate-limited, the default).',
    noLogRule: 'Packets dropped by this input chain are not logged (no LOG rule before the final drop): scans and attacks leave no trace. Add a rate-limited LOG rule before the drop.',
    fixUfwLow: 'Set ufw logging to low',
    fixConfLow: 'Set LOGLEVEL=low',
    fixAddLog: 'Add a rate-limited LOG rule before the final drop',
  },
}, (ctx, report) => {
  for (const op of ctx.ops) {
    if (op.kind !== 'ufw' || op.cmd.kind !== 'logging' || op.cmd.level !== 'off' || !op.cmd.levelTok) continue;
    const laterOn = ctx.ops.some((o) => o.kind === 'ufw' && o.cmd.kind === 'logging' && o.cmd.level !== undefined && o.cmd.level !== 'off'
      && mayRunAfter(op.seq, o.seq));
    if (laterOn) continue;
    report({ messageId: 'ufwOff', range: rangeOf(ctx, op.cmd.span),
      fixes: [{ messageId: 'fixUfwLow', safety: 'safe', edits: [replaceSpan(op.cmd.levelTok, 'low')] }] });
  }
  const level = ctx.kv?.get('LOGLEVEL');
  if (ctx.format === 'ufw-conf' && level && level.value.toLowerCase() === 'off') {
    report({ messageId: 'ufwConf', range: rangeOf(ctx, level.span),
      fixes: [{ messageId: 'fixConfLow', safety: 'safe', edits: [replaceSpan(level.inner, 'low')] }] });
  }
  // Strict: rule files whose input path drops without logging. Scripts are often fragments: left out.
  for (const rs of ctx.rulesets) {
    if (rs.origin !== 'iptables-save' && rs.origin !== 'nft') continue;
    for (const family of BOTH) {
      const chains = inputChains(rs, family);
      const base = chains.find((c) => c.hook === 'input' && c.type === 'filter');
      if (!base) continue;
      const drops = base.policies.some((p) => p.verdict === 'drop') || endsInDrop(rs, base);
      if (!drops || chains.some((c) => c.rules.some((r) => r.logs))) continue;
      const finalDrop = base.rules.find((r) => isUnconditional(r) && (r.verdict.kind === 'drop' || r.verdict.kind === 'reject'));
      const where: Span | undefined = finalDrop?.span ?? base.policies.find((p) => p.verdict === 'drop')?.span;
      if (!where) continue;
      const fixes: FixSpec[] = [];
      if (rs.origin === 'iptables-save' && base.name === 'INPUT') {
        // Before the final DROP rule, or as the chain's last rule (before COMMIT) when the policy drops.
        const file = ctx.saveFiles.find((f) => f.ruleset === rs);
        const commit = file?.tables.find((t) => t.name === 'filter')?.commitEnd;
        const at = finalDrop ? finalDrop.span.start : commit;
        if (at !== undefined) fixes.push({ messageId: 'fixAddLog', safety: 'safe', edits: [insertLineBefore(ctx, at, LOG_RULE)] });
      } else if (rs.origin === 'nft') {
        const info = ctx.nftStates.map((s) => chainInfo(s, base)).find((x) => x.typeSpan);
        const nftLog = `limit rate 3/minute log prefix "[${base.name} drop] "`;
        if (finalDrop) fixes.push({ messageId: 'fixAddLog', safety: 'safe', edits: [insertLineBefore(ctx, finalDrop.span.start, nftLog)] });
        else if (info?.bodyEnd !== undefined && ctx.src.text.slice(ctx.src.lineStarts[ctx.src.positionAt(info.bodyEnd).line], info.bodyEnd).trim() === '') {
          fixes.push({ messageId: 'fixAddLog', safety: 'safe', edits: [insertLineBefore(ctx, info.bodyEnd, `\t${nftLog}`)] });
        }
      }
      report({ messageId: 'noLogRule', range: rangeOf(ctx, where), strictOnly: true, fixes });
    }
  }
});
