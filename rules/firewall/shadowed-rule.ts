import { shadowedRules } from '../../core/firewall/model';
import { defineFirewallRule } from '../define';
import { lineNumber, rangeOf, related } from './_shared';

const VERB: Record<string, string> = { accept: 'accepts', drop: 'drops', reject: 'rejects' };

export default defineFirewallRule({
  id: 'firewall/shadowed-rule',
  severity: 'warning',
  description: 'A rule can never match because an earlier rule already accepts or drops the same traffic.',
  tags: ['correctness', 'network'],
  sources: ['iptables(8): rules are matched in order, the first terminating target wins', 'nft(8): chains are evaluated in order',
    'ufw(8): rule ordering, insert', 'Lynis FIRE-4513 (unused rules)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    shadowed: 'This rule never matches: the rule on line {line} already {verb} all of its traffic. It probably was meant to come first: move it above line {line} (iptables -I, ufw insert), or remove it.',
    redundant: 'This rule never matches: the rule on line {line} already {verb} all of its traffic, with the same result. It changes nothing: remove it, or narrow the rule on line {line} if this one was meant to apply.',
    earlier: 'This earlier rule takes all of its traffic.',
    accepts: 'accepts',
    drops: 'drops',
    rejects: 'rejects',
  },
}, (ctx, report) => {
  for (const rs of ctx.rulesets) {
    for (const { rule, by } of shadowedRules(rs)) {
      const verb = VERB[by.verdict.kind];
      if (!verb) continue;
      // Same verdict: a harmless duplicate (info); another verdict: the rule's intent is lost (warning).
      const same = rule.verdict.kind === by.verdict.kind;
      report({
        messageId: same ? 'redundant' : 'shadowed',
        data: { line: lineNumber(ctx, by.span.start), verb: { messageId: verb } },
        range: rangeOf(ctx, rule.span),
        severity: same ? 'info' : undefined,
        related: [related(ctx, by.span, 'earlier')],
      });
    }
  }
});
