import * as path from 'node:path';
import { ipv6Counterpart } from '../../core/firewall/context';
import { Chain, endsInDrop, Ruleset } from '../../core/firewall/model';
import { chainInfo } from '../../core/firewall/nft';
import type { FixSpec } from '../../core/types';
import { defineFirewallRule } from '../define';
import { mayRunAfter, rangeOf, replaceSpan, textOf } from './_shared';

const isInputFilter = (c: Chain) => c.hook === 'input' && c.type === 'filter';
const closed = (rs: Ruleset, c: Chain) => c.policies.some((p) => p.verdict === 'drop') || endsInDrop(rs, c);

export default defineFirewallRule({
  id: 'firewall/ipv6-unprotected',
  severity: 'warning',
  description: 'IPv4 is filtered but IPv6 is left open.',
  tags: ['security', 'network', 'ipv6'],
  sources: ['CIS Ubuntu Linux 24.04 4.4.3.x (ip6tables default deny)', 'ComplianceAsCode set_ip6tables_default_rule', 'Lynis FIRE-4514',
    'ufw(8) and /etc/default/ufw: IPV6'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    noIp6tables: 'Only IPv4 is filtered: this script sets iptables rules but never runs ip6tables, so IPv6 keeps the kernel\'s ACCEPT policy and every service is reachable over IPv6. Add the same rules with ip6tables, or use nftables with the inet family.',
    ip6Open: 'IPv4 input is closed, but the ip6tables INPUT chain keeps its ACCEPT policy (never set to DROP, no final DROP rule): every service is reachable over IPv6. Close it like IPv4.',
    ip6Policy: 'The IPv6 INPUT chain accepts everything no rule drops (policy ACCEPT, no final DROP rule): every service of this host is reachable over IPv6. Set the policy to DROP once SSH is accepted.',
    nftIp6Policy: 'This IPv6 input chain accepts everything no rule drops (policy accept, no final drop rule): every service is reachable over IPv6. Use `policy drop;` once SSH is accepted.',
    nftIpOnly: 'This table filters IPv4 only (family ip) and no ip6 or inet table filters IPv6 input: every service is reachable over IPv6. Use the inet family to apply the same rules to both.',
    noCounterpart: 'This file filters IPv4 only and there is no {file} next to it: IPv6 input stays open. Write the IPv6 rules in {file}.',
    ufwIpv6No: 'IPV6=no: ufw drops all IPv6 traffic except loopback, so IPv6 services (and IPv6-only clients) cannot be reached and your rules do not apply to IPv6. If the host has IPv6, use IPV6=yes.',
    fixDrop: 'Set the policy to DROP (accept SSH and established connections first, or you lock yourself out over IPv6)',
    fixNftDrop: 'Set policy drop (accept SSH and established connections first, or you lock yourself out over IPv6)',
    fixInet: 'Set the table family to inet (the same rules then filter IPv6: accept SSH over IPv6 first)',
    fixIpv6Yes: 'Set IPV6=yes (your allow rules then open the same ports over IPv6)',
  },
}, (ctx, report) => {
  const ipv6 = ctx.kv?.get('IPV6');
  if (ctx.format === 'ufw-default' && ipv6 && ipv6.value.toLowerCase() === 'no') {
    report({ messageId: 'ufwIpv6No', severity: 'info', range: rangeOf(ctx, ipv6.span),
      fixes: [{ messageId: 'fixIpv6Yes', safety: 'unsafe', edits: [replaceSpan(ipv6.inner, 'yes')] }] });
  }
  if (ctx.ipv6Disabled) return;

  // iptables and ip6tables, in scripts and save files.
  for (const rs of ctx.rulesets) {
    if (rs.origin !== 'script' && rs.origin !== 'iptables-save') continue;
    for (const c of rs.chains) {
      if (!isInputFilter(c) || c.syntax !== 'iptables' || c.families.length !== 1 || c.families[0] !== 'ipv6') continue;
      if (closed(rs, c)) continue;
      const accepting = c.policies.filter((p) => p.verdict === 'accept');
      const drops = c.policies.filter((p) => p.verdict === 'drop');
      for (const p of accepting) {
        if (rs.origin === 'script' && drops.some((d) => mayRunAfter(p.seq, d.seq))) continue;
        const fixes: FixSpec[] = p.valueSpan ? [{ messageId: 'fixDrop', safety: 'unsafe', edits: [replaceSpan(p.valueSpan, 'DROP')] }] : [];
        report({ messageId: 'ip6Policy', range: rangeOf(ctx, p.span), fixes });
      }
    }
  }
  if (ctx.format === 'script') {
    const script = ctx.rulesets.find((rs) => rs.origin === 'script')!;
    const v4 = script.chains.find((c) => isInputFilter(c) && c.syntax === 'iptables' && c.families[0] === 'ipv4');
    const v6 = script.chains.find((c) => isInputFilter(c) && c.syntax === 'iptables' && c.families[0] === 'ipv6');
    const otherV6 = ctx.ops.some((o) => o.kind === 'ufw' || o.kind === 'firewalld' || o.kind === 'nft-change' || o.kind === 'nft-flush')
      || ctx.rulesets.some((rs) => rs.origin !== 'script' && rs.chains.some((c) => c.families.includes('ipv6')));
    // IPv4 input is filtered: closed by policy or final drop, or at least some traffic dropped.
    const v4Filter = v4 && (v4.policies.find((p) => p.verdict === 'drop')?.span
      ?? v4.rules.find((r) => r.verdict.kind === 'drop' || r.verdict.kind === 'reject')?.span);
    if (v4 && v4Filter && !otherV6) {
      const anyIp6 = ctx.ops.some((o) => o.kind === 'ipt' && o.cmd.family === 'ipv6');
      if (!anyIp6) report({ messageId: 'noIp6tables', range: rangeOf(ctx, v4Filter) });
      else if (closed(script, v4) && v6 && !closed(script, v6) && v6.policies.length === 0 && v6.rules[0]) {
        report({ messageId: 'ip6Open', range: rangeOf(ctx, v6.rules[0].span) });
      }
    }
  }
  for (const file of ctx.saveFiles) {
    if (ctx.format !== 'iptables-save' || file.family !== 'ipv4') continue;
    const counterpart = ipv6Counterpart(ctx.path);
    const input = file.ruleset.chains.find(isInputFilter);
    if (!counterpart || !input || !closed(file.ruleset, input) || ctx.host.readFile(counterpart) !== undefined) continue;
    const table = file.tables.find((t) => t.name === 'filter');
    if (table) report({ messageId: 'noCounterpart', data: { file: path.basename(counterpart) }, range: rangeOf(ctx, table.span) });
  }

  // nftables: ip6 input chains left open, and ip-only filtering.
  for (const state of ctx.nftStates) {
    const tables = [...state.tables.values()];
    const rs: Ruleset = { origin: 'nft', chains: tables.flatMap((t) => [...t.chains.values()]) };
    let v6Filtered = false;
    for (const t of tables) {
      for (const c of t.chains.values()) {
        if (!isInputFilter(c) || !t.families.includes('ipv6')) continue;
        v6Filtered = true;
        if (t.family !== 'ip6' || closed(rs, c)) continue;
        // Another IPv6 input base chain that drops still protects the host.
        if (rs.chains.some((o) => o !== c && isInputFilter(o) && o.families.includes('ipv6') && closed(rs, o))) continue;
        const info = chainInfo(state, c);
        const p = c.policies.find((x) => x.verdict === 'accept');
        if (p?.valueSpan) {
          report({ messageId: 'nftIp6Policy', range: rangeOf(ctx, p.span), fixes: [{ messageId: 'fixNftDrop', safety: 'unsafe', edits: [replaceSpan(p.valueSpan, 'drop')] }] });
        } else if (!p && info.typeSpan) {
          const at = info.afterType ?? info.typeSpan.end;
          report({ messageId: 'nftIp6Policy', range: rangeOf(ctx, info.typeSpan), fixes: [{ messageId: 'fixNftDrop', safety: 'unsafe', edits: [{ start: at, end: at, newText: ' policy drop;' }] }] });
        }
      }
    }
    if (v6Filtered) continue;
    for (const t of tables) {
      if (t.family !== 'ip' || !t.familyWritten) continue;
      const input = [...t.chains.values()].find(isInputFilter);
      if (!input || !closed(rs, input)) continue;
      // In an inet table nft refuses an address statement that does not name its family (`dnat to 10.0.0.2` must
      // become `dnat ip to 10.0.0.2`): no one-word fix for such a table.
      const fixes = [...t.chains.values()].some((c) => c.rules.some((r) => UNQUALIFIED_ADDRESS_STATEMENT.test(textOf(ctx, r.span))))
        ? [] : [{ messageId: 'fixInet', safety: 'unsafe', edits: [replaceSpan(t.familySpan, 'inet')] } satisfies FixSpec];
      report({ messageId: 'nftIpOnly', range: rangeOf(ctx, t.familySpan), fixes });
    }
  }
});

/** NAT and redirection statements whose address needs a family in an inet table (nft: "ip or ip6 must be specified"). */
const UNQUALIFIED_ADDRESS_STATEMENT = /\b(dnat|snat|tproxy|dup|fwd)\s+to\b/;
