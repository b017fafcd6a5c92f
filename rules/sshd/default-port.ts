import type { Directive } from '../../core/sshd/config';
import { firstLineRange, includeLeadingTo, SshdContext, valueRange, where } from '../../core/sshd/context';
import type { Range } from '../../core/types';
import { defineSshdRule } from '../define';

/** The explicit port of a ListenAddress (`host:port`, `[addr]:port`), or undefined when it takes the Port list. */
function listenPort(arg: string): string | undefined {
  if (arg.startsWith('[')) {
    const m = /^\[[^\]]*\]:(.+)$/.exec(arg);
    return m?.[1];
  }
  const parts = arg.split(':');
  return parts.length === 2 ? parts[1] : undefined; // a bare IPv6 address has several colons and no port
}

const samePort = (a: string, b: string): boolean => Number(a) === Number(b);

/**
 * The line that makes sshd listen on 22 (a Port line, or a ListenAddress naming :22), or null when the default Port
 * applies. Undefined when it listens on some other port too.
 */
function port22Source(ctx: SshdContext): Directive | null | undefined {
  const ports = ctx.ev.lists.get('port');
  const listens = ctx.ev.lists.get('listenaddress');
  // The most common case, neither Port nor ListenAddress: the default port 22.
  if (ports === undefined && listens === undefined) return null;
  const portValues = ports !== undefined && ports.length > 0
    ? ports.map((p) => ({ port: p.args[0] ?? '', directive: p.directive as Directive | null }))
    : [{ port: '22', directive: null }];
  const effective = listens === undefined || listens.length === 0 ? portValues : listens.flatMap((l) => {
    const explicit = listenPort(l.args[0] ?? '');
    return explicit !== undefined ? [{ port: explicit, directive: l.directive as Directive | null }] : portValues;
  });
  if (effective.length === 0 || !effective.every((e) => samePort(e.port, '22'))) return undefined;
  return effective[0].directive;
}

export default defineSshdRule({
  id: 'sshd/default-port',
  severity: 'info',
  description: 'sshd listens on the default port 22 only.',
  tags: ['security', 'network'],
  sources: ['Lynis SSH-7408', 'dev-sec ssh-baseline sshd-07'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    here: 'sshd listens on port 22 only, where every scanner knocks. Another port cuts log noise and drive-by attempts (it is no defence on its own). To move it, open the new port in the firewall first (ufw, cloud security group, SELinux ssh_port_t; ssh.socket on Ubuntu), add it next to 22, test a login, then remove 22.',
    included: 'sshd listens on port 22 only (set in {where}). To move it, open the new port in the firewall first, add it next to 22, test a login, then remove 22.',
    default: 'sshd listens on port 22 only: Port is not set and defaults to 22, where every scanner knocks. To move it, open the new port in the firewall first (ufw, cloud security group, SELinux ssh_port_t; ssh.socket on Ubuntu), add a Port line next to 22, test a login, then remove 22.',
  },
}, (ctx, report) => {
  // Port and ListenAddress add up across files: a drop-in linted alone cannot know what else the server listens on.
  if (ctx.role !== 'main') return;
  const source = port22Source(ctx);
  if (source === undefined) return;
  let range: Range;
  let messageId = 'here';
  const data: Record<string, string> = {};
  if (source === null) {
    range = firstLineRange(ctx);
    messageId = 'default';
  } else if (source.file === ctx.file) {
    range = valueRange(ctx, source);
  } else {
    const include = includeLeadingTo(ctx, source.file);
    if (!include) return;
    range = valueRange(ctx, include);
    messageId = 'included';
    data.where = where(ctx, source);
  }
  report({ messageId, data, range });
});
