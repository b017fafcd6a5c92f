import { chainInfo } from '../../core/firewall/nft';
import { FirewallContext, isWanZone } from '../../core/firewall/context';
import { Chain, endsInDrop, isUnconditional, Ruleset, Span } from '../../core/firewall/model';
import type { FixSpec, Report } from '../../core/types';
import { defineFirewallRule } from '../define';
import { mayRunAfter, rangeOf, replaceSpan } from './_shared';

export default defineFirewallRule({
  id: 'firewall/default-allow-inbound',
  severity: 'error',
  description: 'Incoming connections that no rule denies are accepted: the firewall is open by default.',
  tags: ['security', 'network', 'policy', 'lockout-risk'],
  sources: ['CIS Ubuntu Linux 24.04 4.2.7, 4.3.8, 4.4.2.1 (default deny firewall policy)', 'Lynis FIRE-4508', 'ufw(8): default',
    'NIST SP 800-41r1, 4.1 (deny by default)'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    ufwDefault: 'ufw accepts every incoming connection that no rule denies (default allow): every service of this host is reachable. Use `ufw default deny incoming` and allow only the ports you need.',
    ufwFile: 'ufw accepts every incoming connection that no rule denies (DEFAULT_INPUT_POLICY="ACCEPT"): every service of this host is reachable. Use "DROP" and allow only the ports you need.',
    policy: 'The INPUT chain accepts everything no rule drops (policy ACCEPT, and no final DROP rule): every port of this host is reachable. Set the policy to DROP once SSH and the services you need are allowed.',
    nftPolicy: 'This input chain accepts everything no rule drops (policy accept, and no final drop rule): every port of this host is reachable. Use `policy drop;` once SSH and the services you need are accepted.',
    nftNoPolicy: 'This input chain has no policy, so nftables accepts everything no rule drops: every port of this host is reachable. Add `policy drop;` once SSH and the services you need are accepted.',
    acceptsAll: 'This rule accepts every packet, from any address to any port: the rules after it and the default policy never apply. Accept only the ports you need, or only established connections.',
    uciZone: 'The {zone} zone accepts every incoming connection (input ACCEPT): the router\'s own services (web interface, SSH, DNS) are reachable from the Internet. OpenWrt ships REJECT here.',
    firewalldTrusted: 'The default zone becomes "trusted", which accepts every connection: every service is reachable on every interface in that zone. Keep "public" as the default zone.',
    firewalldTarget: 'Zone {zone} gets target ACCEPT: it accepts every connection that no rule rejects. Keep the default target and add only the services you need.',
    fixUfwDeny: 'Set the default incoming policy to deny (allow SSH first, or ufw cuts your session)',
    fixDrop: 'Set the policy to DROP (accept SSH and established connections first, or you lock yourself out)',
    fixNftDrop: 'Set policy drop (accept SSH and established connections first, or you lock yourself out)',
    fixUfwFileDrop: 'Set DEFAULT_INPUT_POLICY to "DROP" (allow SSH first, or ufw cuts your session)',
    fixUciReject: 'Set input to REJECT on the {zone} zone (allow the services you reach from the Internet first)',
  },
}, (ctx, report) => {
  for (const op of ctx.ops) {
    if (op.kind === 'ufw' && op.cmd.kind === 'default' && op.cmd.direction === 'incoming' && op.cmd.policy === 'allow') {
      const later = ctx.ops.some((o) => o.kind === 'ufw' && o.cmd.kind === 'default' && o.cmd.direction === 'incoming'
        && o.cmd.policy !== 'allow' && mayRunAfter(op.seq, o.seq));
      if (later) continue;
      report({ messageId: 'ufwDefault', range: rangeOf(ctx, op.cmd.span),
        fixes: [{ messageId: 'fixUfwDeny', safety: 'unsafe', edits: [replaceSpan(op.cmd.policyTok, 'deny')] }] });
    }
    if (op.kind === 'firewalld' && op.op.kind === 'default-zone' && op.op.zone === 'trusted') {
      report({ messageId: 'firewalldTrusted', range: rangeOf(ctx, op.op.span) });
    }
    if (op.kind === 'firewalld' && op.op.kind === 'target' && /^accept$/i.test(op.op.target)) {
      report({ messageId: 'firewalldTarget', data: { zone: op.op.zone ?? 'public' }, range: rangeOf(ctx, op.op.span) });
    }
  }
  const policy = ctx.kv?.get('DEFAULT_INPUT_POLICY');
  if (ctx.format === 'ufw-default' && policy && policy.value.toUpperCase() === 'ACCEPT') {
    report({ messageId: 'ufwFile', range: rangeOf(ctx, policy.span),
      fixes: [{ messageId: 'fixUfwFileDrop', safety: 'unsafe', edits: [replaceSpan(policy.inner, 'DROP')] }] });
  }
  for (const rs of ctx.rulesets) checkRuleset(ctx, rs, report);
  for (const zone of ctx.uci?.sections ?? []) {
    if (zone.type !== 'zone' || !isWanZone(zone)) continue;
    const input = zone.options.get('input');
    if (!input || input.value.toUpperCase() !== 'ACCEPT') continue;
    const name = zone.options.get('name')?.value ?? 'wan';
    report({ messageId: 'uciZone', data: { zone: name }, range: rangeOf(ctx, input.span),
      fixes: [{ messageId: 'fixUciReject', data: { zone: name }, safety: 'unsafe', edits: [replaceSpan(input.inner, 'REJECT')] }] });
  }
});

/** IPv4 (or dual-stack) input chains left open; IPv6-only ones are firewall/ipv6-unprotected's. */
function checkRuleset(ctx: FirewallContext, rs: Ruleset, report: (r: Report) => void): void {
  const nftStates = ctx.nftStates;
  const range = (s: Span) => rangeOf(ctx, s);
  for (const chain of rs.chains) {
    if (chain.hook !== 'input' || chain.type !== 'filter' || !chain.families.includes('ipv4')) continue;
    const nft = chain.syntax === 'nft';
    // nftables runs every base chain of a hook: another input chain that drops still protects the host.
    const closedElsewhere = nft && rs.chains.some((c) => c !== chain && c.syntax === 'nft' && c.hook === 'input' && c.type === 'filter'
      && c.families.includes('ipv4') && (c.policies.some((p) => p.verdict === 'drop') || endsInDrop(rs, c)));
    if (!endsInDrop(rs, chain) && !closedElsewhere) {
      const accepting = chain.policies.filter((p) => p.verdict === 'accept');
      const drops = chain.policies.filter((p) => p.verdict === 'drop');
      for (const p of accepting) {
        // A `-P INPUT DROP` that may run later closes it again.
        if (rs.origin === 'script' && drops.some((d) => mayRunAfter(p.seq, d.seq))) continue;
        const fixes: FixSpec[] = p.valueSpan
          ? [{ messageId: nft ? 'fixNftDrop' : 'fixDrop', safety: 'unsafe', edits: [replaceSpan(p.valueSpan, nft ? 'drop' : 'DROP')] }] : [];
        report({ messageId: nft ? 'nftPolicy' : 'policy', range: range(p.span), fixes });
      }
      if (nft && chain.policies.length === 0) {
        const info = nftStates.map((s) => chainInfo(s, chain)).find((x) => x.typeSpan);
        if (info?.typeSpan) {
          const at = info.afterType ?? info.typeSpan.end;
          report({ messageId: 'nftNoPolicy', range: range(info.typeSpan),
            fixes: [{ messageId: 'fixNftDrop', safety: 'unsafe', edits: [{ start: at, end: at, newText: ' policy drop;' }] }] });
        }
      }
    }
    if (rs.origin === 'script') continue;
    // With a closed policy, an unconditional ACCEPT still opens everything.
    const closed = chain.policies.some((p) => p.verdict === 'drop') || endsInDrop(rs, chain);
    const first = chain.rules.find((r) => isUnconditional(r) && r.verdict.kind === 'accept');
    if (closed && first && !firstDropBefore(chain, first)) report({ messageId: 'acceptsAll', range: range(first.span) });
  }
}

function firstDropBefore(chain: Chain, rule: Chain['rules'][number]): boolean {
  for (const r of chain.rules) {
    if (r === rule) return false;
    if (isUnconditional(r) && (r.verdict.kind === 'drop' || r.verdict.kind === 'reject')) return true;
  }
  return false;
}
