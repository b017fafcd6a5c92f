import type { FirewallContext } from '../../core/firewall/context';
import type { FwRule } from '../../core/firewall/model';
import type { FixSpec, TextEdit } from '../../core/types';
import { defineFirewallRule } from '../define';
import { exposedRules, opensSsh, PLACEHOLDER_NET, PLACEHOLDER_NET6, portRange, portText, replaceSpan, textOf, uciAddOption } from './_shared';

export default defineFirewallRule({
  id: 'firewall/ssh-open-to-world',
  severity: 'error',
  description: 'SSH is reachable from every address on the Internet.',
  tags: ['security', 'network', 'ssh', 'lockout-risk'],
  sources: ['CIS Ubuntu Linux 24.04 4.2.6 / 4.4.2.4 (open ports)', 'CIS AWS Foundations, section 5 (no ingress from 0.0.0.0/0 to remote administration ports)',
    'KICS "Unrestricted Access To SSH"', 'DISA STIG UBTU-22-251025 (ufw rate limit)', 'ufw(8): limit'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    open: 'SSH ({port}) accepts connections from any address: bots try passwords on it within minutes of it going online. Allow it only from the networks you administer from, or rate-limit it (ufw limit, -m recent).',
    forwarded: 'SSH ({port}) is forwarded to {host} from any address: every bot on the Internet can try passwords on it. Forward it only from known addresses, or reach it through a VPN.',
    fixLimit: 'Use ufw limit instead of allow (blocks an address after 6 connections in 30 seconds: bursty automation may be throttled)',
    fixRestrict: 'Allow SSH only from {net} (a placeholder: put your own network there first, or you lock yourself out)',
  },
}, (ctx, report) => {
  for (const { rule, forwarded } of exposedRules(ctx)) {
    if (rule.rateLimited || !opensSsh(ctx, rule)) continue;
    const port = portText(ctx, rule);
    const fixes: FixSpec[] = [];
    // An edit must change SSH only: not a rule that also opens other ports, nor a loop's command that opens several.
    if (!rule.looped && onlySsh(ctx, rule)) {
      if (rule.tool === 'ufw' && textOf(ctx, rule.verdict.span!) === 'allow') {
        fixes.push({ messageId: 'fixLimit', safety: 'unsafe', edits: [replaceSpan(rule.verdict.span!, 'limit')] });
      }
      const net = placeholderFor(rule);
      const restrict = restrictEdit(ctx, rule, net);
      if (restrict) fixes.push({ messageId: 'fixRestrict', data: { net }, safety: 'unsafe', edits: [restrict] });
    }
    if (forwarded) {
      report({ messageId: 'forwarded', data: { port, host: rule.verdict.target ?? '?' }, range: portRange(ctx, rule), fixes });
    } else {
      report({ messageId: 'open', data: { port }, range: portRange(ctx, rule), fixes });
    }
  }
});

/** Every port the rule opens is an SSH port (or, from a variable, named as one). */
function onlySsh(ctx: FirewallContext, r: FwRule): boolean {
  if (r.dports === undefined) return false;
  if (r.dports === 'unknown') return r.ssh && (r.portSpan === undefined || !/,/.test(textOf(ctx, r.portSpan)));
  return r.dports.every(([a, b]) => a === b && ctx.sshPorts.has(a));
}

/**
 * The placeholder network of the rule's address family: ip6tables-restore, ip6tables and nft refuse an IPv4 network
 * in an IPv6-only rule (and an IPv6 one in an IPv4-only rule).
 */
const placeholderFor = (r: FwRule): string => (r.families.includes('ipv4') ? PLACEHOLDER_NET : PLACEHOLDER_NET6);

/** Adds a source condition with the placeholder network `net`, in the rule's own syntax. */
function restrictEdit(ctx: FirewallContext, r: FwRule, net: string): TextEdit | undefined {
  const text = textOf(ctx, r.span);
  const at = (i: number) => r.span.start + i;
  switch (r.tool) {
    case 'ufw': {
      const fromAny = /\bfrom\s+(any)\b/.exec(text);
      if (fromAny) {
        const i = fromAny.index + fromAny[0].length - 3;
        return { start: at(i), end: at(i + 3), newText: net };
      }
      const to = /\s(to)\s/.exec(text);
      if (to) return { start: at(to.index + 1), end: at(to.index + 1), newText: `from ${net} ` };
      if (!r.portSpan) return undefined;
      // Simple form: `ufw allow 22/tcp` → `ufw allow from NET to any port 22 proto tcp`.
      const operand = textOf(ctx, r.portSpan);
      const m = /^([\w,:]+)(?:\/(tcp|udp))?$/.exec(operand);
      // Without /proto ufw opens tcp and udp: keep it so (no `proto`), the fix only narrows the source.
      const replacement = m && /^[\d,:]+$|^ssh$/.test(m[1])
        ? `from ${net} to any port ${m[1] === 'ssh' ? '22' : m[1]}${m[2] ? ` proto ${m[2]}` : m[1] === 'ssh' ? ' proto tcp' : ''}`
        : `from ${net} to any app ${operand}`;
      return replaceSpan(r.portSpan, replacement);
    }
    case 'iptables': {
      const m = /(?:^|\s)(?:-A|--append|-I|--insert)\s+\S+(?:\s+\d+(?=\s))?/.exec(text);
      if (!m) return undefined;
      const i = m.index + m[0].length;
      return { start: at(i), end: at(i), newText: ` -s ${net}` };
    }
    case 'nft': {
      // In an inet table this also keeps IPv6 clients out (the placeholder is an IPv4 network).
      const match = r.families.includes('ipv4') ? 'ip' : r.families.includes('ipv6') ? 'ip6' : undefined;
      return match ? { start: r.span.start, end: r.span.start, newText: `${match} saddr ${net} ` } : undefined;
    }
    case 'uci': {
      const section = ctx.uci?.sections.find((s) => s.header.start === r.span.start);
      return section ? uciAddOption(ctx, section, 'src_ip', net) : undefined;
    }
    default:
      return undefined;
  }
}
