// The firewall policy model and its readers: which files are firewall files, how ufw / iptables / nft / UCI are read,
// and the two questions the rules ask ("is TCP port P reachable from anywhere?", "is this rule ever reached?").
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../core/config';
import { lint } from '../core/engine';
import { createFirewallContext, firewallFormatFromPath, firewallFormatFromText, FirewallContext } from '../core/firewall/context';
import { exposures, FwRule, opensPort, Ruleset, shadowedRules } from '../core/firewall/model';
import { parseCidr, parsePortList } from '../core/firewall/ports';
import { detectKind } from '../core/kinds';
import { nodeFileHost } from '../core/host';
import { RULES } from '../rules';

function context(text: string, file = '/tmp/hardlint-test/firewall.sh'): FirewallContext {
  return createFirewallContext({ path: file, text, kind: 'firewall' }, { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: [] });
}

/** Exposed TCP ports (as `port/family`) of every rule set, for a list of candidate ports. */
function reachable(ctx: FirewallContext, ports: number[]): string[] {
  const out = new Set<string>();
  for (const rs of ctx.rulesets) {
    for (const e of exposures(rs)) for (const p of ports) if (opensPort(e.rule, p)) out.add(`${p}/${e.family}`);
  }
  return [...out].sort();
}

const text = (ctx: FirewallContext, r: FwRule) => ctx.src.text.slice(r.span.start, r.span.end);

describe('firewall files: detection', () => {
  const cases: [string, string | undefined, string?][] = [
    ['/etc/iptables/rules.v4', 'firewall'], ['/etc/iptables/rules.v6', 'firewall'], ['/etc/ufw/user.rules', 'firewall'],
    ['/etc/ufw/before6.rules', 'firewall'], ['/etc/sysconfig/iptables', 'firewall'], ['/srv/backup.iptables-save', 'firewall'],
    ['/etc/nftables.conf', 'firewall'], ['/etc/nftables.d/10-web.nft', 'firewall'], ['/etc/default/ufw', 'firewall'],
    ['/etc/ufw/ufw.conf', 'firewall'], ['/etc/config/firewall', 'firewall'], ['/etc/config/upnpd', 'firewall'],
    ['/etc/config/dropbear', 'firewall'],
    // *.rules of other programs, and files that only look alike
    ['/etc/udev/rules.d/70-persistent-net.rules', undefined], ['/etc/audit/rules.d/audit.rules', undefined],
    ['/usr/share/polkit-1/rules.d/50-default.rules', undefined], ['/etc/default/grub', undefined], ['/etc/config/network', undefined],
    ['/etc/sysconfig/network', undefined],
    // shell scripts: only with their content, and only when they run a firewall program
    ['/srv/deploy/firewall.sh', undefined],
    ['/srv/deploy/firewall.sh', 'firewall', 'sudo ufw allow 80/tcp\n'],
    ['/srv/deploy/backup.sh', undefined, 'tar czf /backup.tgz /etc\necho "ufw is not used here"\n'],
    ['/srv/deploy/fw', 'firewall', '#!/usr/bin/env bash\nIPT=/usr/sbin/iptables\n$IPT -P INPUT DROP\n'],
    ['/srv/deploy/fw', undefined, 'IPT=/usr/sbin/iptables\n$IPT -P INPUT DROP\n'],
    ['/srv/deploy/check.sh', undefined, 'command -v ufw >/dev/null && echo present\n'],
    ['/etc/ssh/sshd_config', 'sshd'], ['/etc/nginx/nginx.conf', 'nginx'],
  ];
  for (const [p, want, content] of cases) {
    it(`${p}${content ? ` (${JSON.stringify(content.split('\n')[0])}…)` : ''} → ${want ?? 'not read'}`, () => {
      assert.equal(detectKind(p, content), want);
    });
  }

  it('tells formats from the content when the name does not (--kind firewall)', () => {
    assert.equal(firewallFormatFromText('*filter\n:INPUT DROP [0:0]\nCOMMIT\n'), 'iptables-save');
    assert.equal(firewallFormatFromText('table inet filter {\n}\n'), 'nft');
    assert.equal(firewallFormatFromText("config dropbear\n\toption PasswordAuth 'on'\n"), 'uci-dropbear');
    assert.equal(firewallFormatFromText("config upnpd 'config'\n\toption enabled '1'\n"), 'uci-upnpd');
    assert.equal(firewallFormatFromText("config zone\n\toption name 'wan'\n"), 'uci-firewall');
    assert.equal(firewallFormatFromText('IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\n'), 'ufw-default');
    assert.equal(firewallFormatFromText('ENABLED=no\nLOGLEVEL=low\n'), 'ufw-conf');
    assert.equal(firewallFormatFromText('ufw allow 80\n'), 'script');
    assert.equal(firewallFormatFromPath('/etc/iptables/rules.v4'), 'iptables-save');
  });

  it('tells an ip6tables-save file from an iptables-save one by its content when the name does not', () => {
    const family = (body: string) => reachable(context(`*filter\n:INPUT DROP [0:0]\n${body}-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`,
      '/srv/backup/host.iptables-save'), [22]);
    assert.deepEqual(family(''), ['22/ipv4']);
    assert.deepEqual(family('-A INPUT -s 2001:db8::/32 -j ACCEPT\n'), ['22/ipv6']);
    assert.deepEqual(family('-A INPUT -j ufw6-before-input\n'), ['22/ipv6']);
    assert.deepEqual(family('-A INPUT -p ipv6-icmp -j ACCEPT\n'), ['22/ipv6']);
    // iptables takes protocol 58 by name too: IPv4 addresses or ICMP types say it is an IPv4 file.
    assert.deepEqual(family('-A INPUT -p ipv6-icmp -j ACCEPT\n-A OUTPUT ! -d 127.0.0.0/8 -j ACCEPT\n'), ['22/ipv4']);
    assert.deepEqual(family('-A INPUT -p ipv6-icmp -j ACCEPT\n-A INPUT -p icmp --icmp-type echo-request -j ACCEPT\n'), ['22/ipv4']);
    assert.deepEqual(family('-A INPUT -s 10.0.0.0/8 -j ACCEPT\n-A INPUT -s fd00::/8 -j ACCEPT\n'), ['22/ipv6']);
    assert.deepEqual(family('# Generated by iptables-save v1.8.10\n-A INPUT -p ipv6-icmp -j ACCEPT\n'), ['22/ipv4']);
    assert.deepEqual(family('# Generated by ip6tables-save v1.8.10\n'), ['22/ipv6']);
  });
});

describe('firewall model: "is TCP port P reachable from anywhere?"', () => {
  it('ufw: simple and full forms, services, app profiles, limit, sources, directions', () => {
    const ctx = context([
      'ufw allow 80', 'ufw allow 443/udp', 'ufw allow ssh', "ufw allow 'Nginx Full'", 'ufw allow proto tcp from any to any port 8000:8002',
      'ufw limit 2222/tcp', 'ufw allow from 10.0.0.0/8 to any port 3306', 'ufw allow out 25', 'ufw deny 6379', 'ufw route allow 9000',
      'ufw allow in on eth0 to any port 9090 proto tcp', 'ufw allow from 2001:db8::/32 to any port 9100 proto tcp',
      'ufw delete allow 5432',
    ].join('\n'));
    assert.deepEqual(reachable(ctx, [22, 25, 80, 443, 2222, 3306, 5432, 6379, 8001, 9000, 9090, 9100]), [
      '2222/ipv4', '2222/ipv6', // rate-limited, still reachable (ssh-open-to-world does not report limit)
      '22/ipv4', '22/ipv6', '443/ipv4', '443/ipv6', '8001/ipv4', '8001/ipv6', '80/ipv4', '80/ipv6', '9090/ipv4', '9090/ipv6',
    ].sort());
  });

  it('iptables: tables, chains jumped to from INPUT, multiport, negations, states, loopback, DNAT', () => {
    const ctx = context([
      'iptables -N TCP',
      'iptables -A INPUT -p tcp -j TCP',
      'iptables -A TCP -p tcp --dport 8080 -j ACCEPT',
      'iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
      'iptables -A INPUT ! -s 10.0.0.0/8 -p tcp --dport 25 -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 110 -m conntrack --ctstate ESTABLISHED -j ACCEPT',
      'iptables -A INPUT -i lo -p tcp --dport 631 -j ACCEPT',
      'iptables -A INPUT -p tcp -s 0.0.0.0/0 --dport 993 -j ACCEPT',
      'iptables -A OUTPUT -p tcp --dport 587 -j ACCEPT',
      'iptables -t nat -A PREROUTING -p tcp --dport 3389 -j DNAT --to-destination 192.168.1.5',
      'ip6tables -A INPUT -p tcp --dport 853 -j ACCEPT',
      'iptables -A INPUT -p tcp --dport $PORT -j ACCEPT',
    ].join('\n'));
    assert.deepEqual(reachable(ctx, [25, 80, 110, 443, 587, 631, 853, 993, 3389, 8080]),
      ['3389/ipv4', '443/ipv4', '80/ipv4', '8080/ipv4', '853/ipv6', '993/ipv4']);
  });

  it('iptables-save: rules after an unconditional DROP are not reachable', () => {
    const ctx = context('*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 80 -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -p tcp --dport 443 -j ACCEPT\nCOMMIT\n',
      '/etc/iptables/rules.v4');
    assert.deepEqual(reachable(ctx, [80, 443]), ['80/ipv4']);
  });

  it('nftables: families, sets, named sets, defines, saddr, iifname, ranges', () => {
    const ctx = context([
      'define WEB = { 80, 443 }',
      'table inet filter {',
      '  set admin_ports { type inet_service; elements = { 2222, 8443 } }',
      '  chain input {',
      '    type filter hook input priority 0; policy drop;',
      '    iifname "lo" accept',
      '    tcp dport $WEB accept',
      '    tcp dport @admin_ports accept',
      '    ip saddr 192.0.2.0/24 tcp dport 5432 accept',
      '    meta nfproto ipv6 tcp dport 9000-9001 accept',
      '    ip6 saddr fe80::/10 udp dport 546 accept',
      '  }',
      '}',
    ].join('\n'), '/etc/nftables.conf');
    assert.deepEqual(reachable(ctx, [80, 443, 2222, 5432, 8443, 9001]),
      ['2222/ipv4', '2222/ipv6', '443/ipv4', '443/ipv6', '80/ipv4', '80/ipv6', '8443/ipv4', '8443/ipv6', '9001/ipv6']);
  });

  it('OpenWrt: wan rules and redirects, disabled sections and source restrictions', () => {
    const ctx = context([
      'config zone', "\toption name 'wan'", "\tlist network 'wan'",
      'config rule', "\toption src 'wan'", "\toption dest_port '443'", "\toption target 'ACCEPT'", "\toption proto 'tcp'",
      'config rule', "\toption src 'wan'", "\toption dest_port '80'", "\toption target 'ACCEPT'", "\toption enabled '0'",
      'config rule', "\toption src 'lan'", "\toption dest_port '8080'", "\toption target 'ACCEPT'",
      'config rule', "\toption src 'wan'", "\toption src_ip '198.51.100.7'", "\toption dest_port '22'", "\toption target 'ACCEPT'",
      'config redirect', "\toption src 'wan'", "\toption src_dport '3389'", "\toption dest_ip '192.168.1.9'",
    ].join('\n'), '/etc/config/firewall');
    assert.deepEqual(reachable(ctx, [22, 80, 443, 3389, 8080]), ['3389/ipv4', '3389/ipv6', '443/ipv4', '443/ipv6']);
  });
});

describe('firewall model: "is this rule ever reached?"', () => {
  const shadows = (ctx: FirewallContext) => ctx.rulesets.flatMap((rs: Ruleset) => shadowedRules(rs)).map((s) => `${text(ctx, s.rule)} <- ${text(ctx, s.by)}`);

  it('judges containment of ports, addresses, protocols, states and families', () => {
    const ctx = context([
      '*filter', ':INPUT DROP [0:0]',
      '-A INPUT -s 10.0.0.0/8 -p tcp -j ACCEPT',
      '-A INPUT -s 10.2.0.0/16 -p tcp --dport 22 -j DROP',
      '-A INPUT -s 10.2.0.0/16 -p udp --dport 53 -j DROP',
      '-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
      '-A INPUT -p tcp --dport 443 -m conntrack --ctstate NEW -j DROP',
      '-A INPUT -p tcp --dport 8443 -j DROP',
      '-A INPUT -p tcp --dport 1000:2000 -m limit --limit 5/min -j ACCEPT',
      '-A INPUT -p tcp --dport 1500 -j DROP',
      'COMMIT',
    ].join('\n'), '/etc/iptables/rules.v4');
    assert.deepEqual(shadows(ctx), [
      '-A INPUT -s 10.2.0.0/16 -p tcp --dport 22 -j DROP <- -A INPUT -s 10.0.0.0/8 -p tcp -j ACCEPT',
      '-A INPUT -p tcp --dport 443 -m conntrack --ctstate NEW -j DROP <- -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
    ]);
  });

  it('in scripts, only within one straight-line block', () => {
    const ctx = context([
      'iptables -A INPUT -j DROP',
      'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
      'if true; then iptables -A INPUT -p tcp --dport 81 -j ACCEPT; fi',
      'iptables -A INPUT -p tcp --dport 82 -j ACCEPT',
      'reset_rules() { iptables -F; }',
      'iptables -A INPUT -j REJECT',
      'reset_rules',
      'iptables -A INPUT -p tcp --dport 83 -j ACCEPT',
    ].join('\n'));
    assert.deepEqual(shadows(ctx), ['iptables -A INPUT -p tcp --dport 80 -j ACCEPT <- iptables -A INPUT -j DROP']);
  });
});

describe('firewall readers', () => {
  it('port lists and addresses', () => {
    assert.deepEqual(parsePortList('22,80:82,ssh', ':'), [[22, 22], [80, 82]]);
    assert.deepEqual(parsePortList('1024:', ':'), [[1024, 65535]]);
    assert.deepEqual(parsePortList('ftp-data', '-'), [[20, 20]]);
    assert.deepEqual(parsePortList('8000-8100', '-'), [[8000, 8100]]);
    assert.equal(parsePortList('70000', ':'), undefined);
    assert.equal(parsePortList('nosuchservice', ':'), undefined);
    assert.equal(parseCidr('10.0.0.0/255.0.0.0')?.prefix, 8);
    assert.equal(parseCidr('::/0')?.prefix, 0);
    assert.equal(parseCidr('2001:db8::1')?.prefix, 128);
    assert.equal(parseCidr('example.org'), undefined);
  });

  it('never throws on mutated rule files of every format', () => {
    const samples = [
      ['/etc/iptables/rules.v4', '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m multiport --dports 22,80 -m comment --comment "a b" -j ACCEPT\nCOMMIT\n'],
      ['/etc/nftables.conf', 'define P = { 22 }\ntable inet f {\n set s { type ipv4_addr; elements = { 1.2.3.4 } }\n chain i { type filter hook input priority 0; policy drop; ip saddr @s tcp dport $P accept; }\n}\n'],
      ['/etc/config/firewall', "config redirect\n\toption src 'wan'\n\toption dest_ip '192.168.1.2'\nconfig zone\n\toption name wan\n"],
      ['/etc/config/dropbear', "config dropbear\n\toption PasswordAuth 'on'\n"],
      ['/etc/default/ufw', 'IPV6="no" # comment\nDEFAULT_INPUT_POLICY=ACCEPT\n'],
    ];
    const pieces = ['{', '}', ';', '"', "'", '\n', '#', '-A', '!', '@', '$', ',', '=', 'é'];
    let seed = 7;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const env = { host: nodeFileHost(), config: defaultConfig(), locale: 'en' as const, rules: RULES.filter((r) => r.meta.family === 'firewall') };
    for (let k = 0; k < 1500; k++) {
      const [file, base] = samples[k % samples.length];
      let t = base;
      for (let e = 0; e < 1 + random(4); e++) {
        const at = random(t.length + 1);
        t = random(2) ? t.slice(0, at) + pieces[random(pieces.length)] + t.slice(at) : t.slice(0, at) + t.slice(at + 1 + random(8));
      }
      const out = lint({ path: file, text: t, kind: 'firewall' }, env);
      const crashed = out.findings.filter((f) => f.message.startsWith('internal error'));
      assert.deepEqual(crashed.map((f) => f.message), [], JSON.stringify(t));
    }
  });
});

describe('firewall rules: nftables base chains', () => {
  it('an accepting input chain is not reported when another input chain of the same family drops', () => {
    const rules = RULES.filter((r) => ['firewall/default-allow-inbound', 'firewall/ipv6-unprotected'].includes(r.meta.id));
    const env = { host: nodeFileHost(), config: defaultConfig(), locale: 'en' as const, rules };
    const text = [
      'table inet fw4 {', '  chain input { type filter hook input priority 0; policy drop; ct state established accept; }', '}',
      'table inet extra {', '  chain input { type filter hook input priority 10; tcp dport 80 accept; }', '}',
      'table ip6 more {', '  chain input { type filter hook input priority 20; }', '}',
    ].join('\n');
    assert.deepEqual(lint({ path: '/etc/nftables.conf', text, kind: 'firewall' }, env).findings.map((f) => f.ruleId), []);
    const open = text.replace('policy drop;', 'policy accept;');
    assert.deepEqual(lint({ path: '/etc/nftables.conf', text: open, kind: 'firewall' }, env).findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`),
      ['2 firewall/default-allow-inbound', '5 firewall/default-allow-inbound', '8 firewall/ipv6-unprotected']);
  });
});
