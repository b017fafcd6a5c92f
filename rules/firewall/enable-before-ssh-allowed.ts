import type { FirewallContext, ScriptOp } from '../../core/firewall/context';
import type { FwRule } from '../../core/firewall/model';
import { defineFirewallRule } from '../define';
import { before, lineNumber, opensSsh, rangeOf, related } from './_shared';

/** An accept rule that lets an SSH client in: an SSH port, every port, or a port hardlint cannot read (maybe SSH). */
function mayLetSshIn(ctx: FirewallContext, r: FwRule): boolean {
  if (r.verdict.kind !== 'accept') return false;
  if (r.dports === 'unknown' || r.protos === 'unknown' || r.src === 'unknown' || r.unknown) return true;
  if (r.dports === undefined && (r.protos === undefined || r.protos.includes('tcp'))) return r.inIface === undefined || r.inIface === 'unknown' || !r.inIface.names.includes('lo');
  return opensSsh(ctx, r);
}

function ufwInputRule(o: ScriptOp): FwRule | undefined {
  return o.kind === 'ufw' && o.cmd.kind === 'rule' && !o.cmd.deleted && !o.cmd.route && o.cmd.direction === 'in' ? o.cmd.rule : undefined;
}

/** An iptables INPUT accept rule of the script (for the family), or undefined. */
function iptInputAccept(o: ScriptOp, family: 'ipv4' | 'ipv6'): FwRule | undefined {
  if (o.kind !== 'ipt' || o.cmd.family !== family || o.cmd.table !== 'filter' || o.cmd.chain !== 'INPUT') return undefined;
  if (o.cmd.action !== 'append' && o.cmd.action !== 'insert') return undefined;
  return o.cmd.rule?.verdict.kind === 'accept' ? o.cmd.rule : undefined;
}

/** Keeps an established session alive: ESTABLISHED accepted whatever the port. */
function keepsSessions(r: FwRule): boolean {
  return r.states !== undefined && r.states !== 'unknown' && r.states.includes('established') && r.dports === undefined
    && (r.inIface === undefined || (r.inIface !== 'unknown' && r.inIface.negated));
}

export default defineFirewallRule({
  id: 'firewall/enable-before-ssh-allowed',
  severity: 'warning',
  description: 'The script turns on a default-deny firewall before it allows SSH: run over SSH, it cuts its own session.',
  tags: ['availability', 'lockout-risk', 'network'],
  sources: ['ufw(8): REMOTE MANAGEMENT (allow SSH before enabling)', 'iptables(8): -P changes the policy at once',
    'Oefenweb/ansible-ufw#31, sovereign#303 (lockouts in practice)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    ufw: 'ufw is enabled here, but SSH is only allowed later (line {line}): run over SSH, the script can cut its own connection and lock you out between the two. Move `ufw allow` or `ufw limit` for SSH above `ufw enable`.',
    iptables: 'The INPUT policy becomes DROP here, but SSH is only accepted later (line {line}) and established connections are not accepted before: run over SSH, the script cuts its own session. Accept established connections and SSH before setting the policy.',
    sshLater: 'SSH is allowed only here.',
  },
}, (ctx, report) => {
  for (const op of ctx.ops) {
    if (op.kind === 'ufw' && op.cmd.kind === 'enable' && op.seq.scope >= 0) {
      const earlier = ctx.ops.filter((o) => before(o.seq, op.seq));
      const lastDefault = earlier.filter((o) => o.kind === 'ufw' && o.cmd.kind === 'default' && o.cmd.direction === 'incoming').pop();
      if (lastDefault?.kind === 'ufw' && lastDefault.cmd.kind === 'default' && lastDefault.cmd.policy === 'allow') continue;
      if (earlier.some((o) => { const r = ufwInputRule(o); return r !== undefined && mayLetSshIn(ctx, r); })) continue;
      // An allow in another function may have run first.
      if (ctx.ops.some((o) => { const r = ufwInputRule(o); return r !== undefined && o.seq.scope !== op.seq.scope && mayLetSshIn(ctx, r); })) continue;
      const later = ctx.ops.find((o) => { const r = ufwInputRule(o); return r !== undefined && before(op.seq, o.seq) && opensSsh(ctx, r); });
      if (!later) continue;
      const allow = ufwInputRule(later)!;
      report({ messageId: 'ufw', data: { line: lineNumber(ctx, allow.span.start) }, range: rangeOf(ctx, op.cmd.span),
        related: [related(ctx, allow.span, 'sshLater')] });
    }
    if (op.kind === 'ipt' && op.cmd.action === 'policy' && op.cmd.table === 'filter' && op.cmd.chain === 'INPUT'
      && op.cmd.policy?.value === 'DROP' && op.seq.scope >= 0) {
      const family = op.cmd.family;
      const sameBlock = ctx.ops.filter((o) => o.seq.block === op.seq.block);
      const protectedBefore = sameBlock.some((o) => {
        const r = iptInputAccept(o, family);
        return r !== undefined && o.seq.offset < op.seq.offset && (keepsSessions(r) || mayLetSshIn(ctx, r));
      });
      if (protectedBefore) continue;
      const later = sameBlock.find((o) => {
        const r = iptInputAccept(o, family);
        return r !== undefined && o.seq.offset > op.seq.offset && opensSsh(ctx, r);
      });
      if (!later || later.kind !== 'ipt') continue;
      report({ messageId: 'iptables', data: { line: lineNumber(ctx, later.span.start) }, range: rangeOf(ctx, op.cmd.actionSpan ?? op.span),
        related: [related(ctx, later.span, 'sshLater')] });
    }
  }
});
