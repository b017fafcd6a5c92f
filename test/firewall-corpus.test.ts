// Real third-party firewall files (../shared/corpus/firewall, see its SOURCES.md), linted as firewall files with every
// firewall rule: the exact findings of each file, with a judgement of each. good/ raises no error a reviewer would call
// false; bad/ raises the problems its name (and SOURCES.md) describes, or says why a problem is out of scope.
// Skipped when the corpus folder is absent.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../rules';
import { CORPUS, lintPath } from './helpers';

const DIR = path.join(CORPUS, 'firewall');
const present = fs.existsSync(DIR);
const FIREWALL_RULES = RULES.filter((r) => r.meta.family === 'firewall');

const SSH = 'error firewall/ssh-open-to-world';

/** `file → [expected "line severity rule" entries, judgement]`. */
const EXPECTED: Record<string, [string[], string]> = {
  // ---- good/ -------------------------------------------------------------------------------------------------------
  'good/ComplianceAsCode_check_ufw_active__correct.pass.sh': [[`5 ${SSH}`],
    'true: `ufw allow ssh` opens SSH to every address (SOURCES.md: the pass setups contain it); the file passes a different check (ufw active)'],
  'good/ComplianceAsCode_ip6tables_rules_for_open_ports__correct.pass.sh': [[`9 ${SSH}`],
    'true: ip6tables accepts NEW connections to 22 from any address'],
  'good/ComplianceAsCode_ip6tables_rules_for_open_ports__correct_multiport.pass.sh': [[`9 ${SSH}`],
    'true: the multiport list holds 22, from any address'],
  'good/ComplianceAsCode_nftables_rules_permanent__valid_top_level_config_file.pass.sh': [[], 'Jinja-templated echo lines, no rule'],
  'good/ComplianceAsCode_set_ip6tables_default_rule__correct.pass.sh': [[], 'IPv6 policies DROP'],
  'good/ComplianceAsCode_set_ip6tables_default_rule__ipv6_disabled.pass.sh': [[],
    'ip6tables -P INPUT ACCEPT, but the script turns IPv6 off (disable_ipv6=1): nothing is exposed'],
  'good/ComplianceAsCode_set_iptables_default_rule__correct.pass.sh': [['10 warning firewall/ipv6-unprotected'],
    'true, as a warning: IPv4 input closed, no ip6tables at all (the CIS IPv6 rule is a separate check)'],
  'good/ComplianceAsCode_set_iptables_outbound_n_established__rules_established_n_output.pass.sh': [[],
    '`$CMD` comes from an array extended under a condition: unknown, never guessed'],
  'good/ComplianceAsCode_set_ipv6_loopback_traffic__correct.pass.sh': [[], 'loopback rules only'],
  'good/ComplianceAsCode_set_ipv6_loopback_traffic__ipv6_disabled.pass.sh': [[], 'ip6tables -F while IPv6 is turned off'],
  'good/ComplianceAsCode_set_nftables_base_chain__set_base_chain.pass.sh': [[],
    'flush then chains added through eval: something may be loaded after the flush, so it is not reported'],
  'good/ComplianceAsCode_set_nftables_loopback_traffic__valid_config_file_handle_lo.pass.sh': [[], 'here-document nft body, policy drop'],
  'good/ComplianceAsCode_set_nftables_table__nftables_table_present.pass.sh': [[], 'a table without chains'],
  'good/ComplianceAsCode_ufw_default_incoming_rule__deny.pass.sh': [[`4 ${SSH}`], 'true: `ufw allow ssh`'],
  'good/ComplianceAsCode_ufw_default_incoming_rule__reject.pass.sh': [[`4 ${SSH}`], 'true: `ufw allow ssh`'],
  'good/ComplianceAsCode_ufw_default_outgoing_rule__deny.pass.sh': [[`4 ${SSH}`], 'true: `ufw allow ssh`'],
  'good/ComplianceAsCode_ufw_default_outgoing_rule__reject.pass.sh': [[`4 ${SSH}`], 'true: `ufw allow ssh`'],
  'good/ComplianceAsCode_ufw_rate_limit__correct.pass.sh': [[], '`ufw limit 22` is the hardened form'],
  'good/Nyr-openvpn-install_openvpn-install.sh': [[], 'ports from variables; iptables lines inside an echoed unit file are text, not commands'],
  'good/angristan-openvpn-install_openvpn-install.sh': [[], 'ports and interfaces from variables and user input: unknown'],
  'good/arno-iptables-firewall_bin_arno-iptables-firewall.sh': [[],
    'flushes in one function, policies and rules in others: order unknown, nothing reported (a flow-insensitive check gave false positives here)'],
  'good/chaifeng-ufw-docker_README_after.rules-snippet.rules': [[], 'DOCKER-USER hardening, no input chain'],
  'good/chaifeng-ufw-docker_ufw-docker.sh': [[], 'ufw rules built from variables and arguments'],
  'good/debian-nginx-common-1.22.1_ufw-applications.d_nginx': [[], 'an app profile, not a rule file'],
  'good/debian-openssh-server-9.2p1_ufw-applications.d_openssh-server': [[], 'an app profile, not a rule file'],
  'good/firewalld-1.3.3_zone-drop.xml': [[], 'firewalld zone XML is not an input format (only firewall-cmd commands are read)'],
  'good/firewalld-1.3.3_zone-public.xml': [[], 'firewalld zone XML is not an input format'],
  'good/geerlingguy-ansible-role-firewall_firewall.bash.j2': [['68 warning firewall/broad-port-range', '116 warning firewall/broad-port-range'],
    'true, as warnings: `-p udp --sport 123 -j ACCEPT` accepts every UDP port from anyone sending from port 123. '
    + '`-P INPUT ACCEPT` plus the final `-A INPUT -j DROP` is a default deny: no finding; `{{ port }}` words are unknown'],
  'good/hwdsl2-setup-ipsec-vpn_vpnsetup_ubuntu.sh': [[],
    'SOURCES.md expects FW-NO-IPV6, but the script runs ip6tables through `$ip6ti` (resolved): IPv6 is handled'],
  'good/imthenachoman-How-To-Secure-A-Linux-Server_README_ufw-codeblocks.sh': [[], '`ufw limit in ssh` before `ufw enable`; outgoing rules'],
  'good/konstruktoid-hardening_scripts_ufw.sh': [[], 'SSH allowed from "$admin" (unknown source) before `ufw --force enable`'],
  'good/nftables-1.0.6_inet-nat.nft': [[], 'nat chains only'],
  'good/nftables-1.0.6_workstation.nft': [[], 'no policy, but a final `counter drop`: a default deny'],
  'good/openwrt-packages_net-miniupnpd_upnpd.config': [[], 'UPnP shipped disabled'],
  'good/openwrt_package-network-config-firewall_firewall.config': [[], 'wan zone REJECT; the redirect examples are commented out'],
  'good/ovh-debian-cis_ufw_default_deny.sh': [[], 'sets deny defaults'],
  'good/ovh-debian-cis_ufw_loopback_is_configured.sh': [[], 'loopback rules'],
  'good/ufw-0.36.2_after.rules': [[], 'ufw-after-input jumps, no accepts'],
  'good/ufw-0.36.2_applications.d_ufw-webserver': [[], 'an app profile'],
  'good/ufw-0.36.2_before.rules': [[], 'ICMP, DHCP, mDNS/UPnP multicast accepts: not TCP services'],
  'good/ufw-0.36.2_before6.rules': [[], 'the IPv6 twin'],
  'good/ufw-0.36.2_etc-default-ufw': [[], 'IPV6=yes, DEFAULT_INPUT_POLICY="DROP"'],
  'good/ufw-0.36.2_user.rules': [[], 'no user rule yet'],
  'good/ufw-0.36.2_user6.rules': [[], 'no user rule yet'],
  // ---- bad/ --------------------------------------------------------------------------------------------------------
  'bad/ComplianceAsCode_check_ufw_active__incorrect.fail.sh': [[`6 ${SSH}`, '8 error firewall/disabled'], 'found: `ufw disable` ends the script'],
  'bad/ComplianceAsCode_ip6tables_rules_for_open_ports__missing.fail.sh': [[],
    'out of scope: "rules for open ports" compares rules with the ports a live host listens on'],
  'bad/ComplianceAsCode_ip6tables_rules_for_open_ports__missing_multiport.fail.sh': [[], 'out of scope: same live-host check'],
  'bad/ComplianceAsCode_nftables_rules_permanent__invalid_top_level_config_file.fail.sh': [[],
    'out of scope: an include path written with echo into nftables.conf'],
  'bad/ComplianceAsCode_nftables_rules_permanent__no_top_level_config_file.fail.sh': [[], 'out of scope: `rm` of nftables.conf'],
  'bad/ComplianceAsCode_set_ip6tables_default_rule__wrong.fail.sh': [['8 warning firewall/ipv6-unprotected'], 'found: ip6tables -P INPUT ACCEPT'],
  'bad/ComplianceAsCode_set_iptables_default_rule__wrong.fail.sh': [['11 error firewall/default-allow-inbound'], 'found: iptables -P INPUT ACCEPT'],
  'bad/ComplianceAsCode_set_iptables_outbound_n_established__no_output_rules.fail.sh': [[],
    'out of scope: outbound rules; and `$CMD` is unknown (conditionally extended array)'],
  'bad/ComplianceAsCode_set_ipv6_loopback_traffic__wrong.fail.sh': [['8 error firewall/disabled'],
    'found: ip6tables -F with nothing afterwards (the CIS loopback rules themselves are out of scope)'],
  'bad/ComplianceAsCode_set_nftables_base_chain__no_chains.fail.sh': [['3 error firewall/disabled'], 'found: `nft flush ruleset` and nothing else'],
  'bad/ComplianceAsCode_set_nftables_loopback_traffic__valid_config_file_drop_only.fail.sh': [[],
    'out of scope: CIS loopback rules (the chains drop by policy)'],
  'bad/ComplianceAsCode_set_nftables_table__nftables_incorrect_family.fail.sh': [[], 'out of scope: table family for a CIS naming check, no chain'],
  'bad/ComplianceAsCode_set_nftables_table__nftables_no_tables.fail.sh': [[], 'out of scope: tables deleted in a loop over command output'],
  'bad/ComplianceAsCode_ufw_default_incoming_rule__allow.fail.sh': [[`4 ${SSH}`, '5 error firewall/default-allow-inbound'], 'found: default allow incoming'],
  'bad/ComplianceAsCode_ufw_default_outgoing_rule__allow.fail.sh': [[`4 ${SSH}`],
    'out of scope: outgoing allow is ufw\'s default and not a rule of this family; the SSH finding is true'],
  'bad/ComplianceAsCode_ufw_rate_limit__allow.fail.sh': [[`8 ${SSH}`], 'found: `ufw allow 22` instead of `limit`'],
  'bad/ComplianceAsCode_ufw_rate_limit__default_allow.fail.sh': [['7 error firewall/default-allow-inbound'], 'found: `ufw default allow`'],
  'bad/ComplianceAsCode_ufw_rate_limit__disabled.fail.sh': [['7 error firewall/disabled'], 'found: `ufw -f disable`'],
  'bad/OWASP-IoTGoat_etc-config-upnpd': [['2 error firewall/upnp-enabled'], 'found: enabled 1 with secure_mode 0 (error)'],
  'bad/c0m4r-iptables-analyzer_testdata_basic.iptables-save': [[`8 ${SSH}`], 'found: the only problem SOURCES.md lists'],
  'bad/c0m4r-iptables-analyzer_testdata_docker.iptables-save': [
    ['15 error firewall/sensitive-port-open', '18 error firewall/default-allow-inbound', `27 ${SSH}`],
    'found: MySQL published through Docker\'s DNAT, INPUT policy ACCEPT, SSH open (the Docker-bypass check itself is not in this family)'],
  'bad/c0m4r-iptables-analyzer_testdata_insecure.iptables-save': [
    ['4 error firewall/default-allow-inbound', `7 ${SSH}`, '9 warning firewall/shadowed-rule', '10 warning firewall/shadowed-rule',
      '11 info firewall/shadowed-rule'],
    'found: INPUT policy ACCEPT, SSH open, the three rules after `-A INPUT -j ACCEPT` (the two DROPs lose their intent: warnings; '
    + 'the ACCEPT is a duplicate: info). FORWARD ACCEPT is out of scope'],
  'bad/firewalld-1.3.3_firewalld.conf.logdenied-off': [[], 'not an input format: firewalld.conf is not read'],
  'bad/firewalld-1.3.3_zone-trusted.xml': [[], 'not an input format; alone, a zone file does not say it is used'],
  'bad/nftables-1.0.6-debian_etc-nftables.conf.no-policy': [['7 error firewall/default-allow-inbound'],
    'found: the input chain without policy (forward/output are not inbound)'],
  'bad/openwrt_package-network-services-dropbear_dropbear.config': [
    ['4 error firewall/dropbear-password-auth', '5 error firewall/dropbear-password-auth'], 'found: PasswordAuth and RootPasswordAuth on'],
  'bad/trimstray-iptables-essentials_README_codeblocks.sh': [[
    '22 error firewall/default-allow-inbound', '35 warning firewall/ipv6-unprotected', `54 ${SSH}`,
    ...[55, 58, 64, 67, 70, 73, 76].map((l) => `${l} info firewall/shadowed-rule`), '78 error firewall/sensitive-port-open',
    '79 info firewall/shadowed-rule', '82 info firewall/shadowed-rule', '84 error firewall/sensitive-port-open',
    ...[85, 90, 93, 96, 99, 102].map((l) => `${l} info firewall/shadowed-rule`), '116 warning firewall/shadowed-rule',
    '117 info firewall/shadowed-rule', `125 ${SSH}`, '210 info firewall/shadowed-rule'],
  'found: the "reset" recipe\'s -P INPUT ACCEPT, SSH open twice (the third SSH rule is MAC-restricted), MySQL and PostgreSQL on an '
    + 'interface, no ip6tables. The snippets form one straight-line block, so repeated rules are reported as shadowed: duplicates as info, '
    + 'the LOG rule after the DROP of the same traffic (line 116) as a warning. The flush is followed by rules, so it is not "disabled"'],
  'bad/ufw-0.36.2_manpage-examples.sh': [[`3 ${SSH}`, `14 ${SSH}`, `16 ${SSH}`, '49 warning firewall/logging-off'],
    'found: the SSH allows and `ufw logging off`; `ufw disable` is followed by `ufw enable`, so not reported'],
  'bad/ufw-0.36.2_ufw.conf.disabled-by-default': [['6 error firewall/disabled'], 'found: ENABLED=no'],
};

describe('firewall corpus (../shared/corpus/firewall)', { skip: present ? false : `no corpus at ${DIR}` }, () => {
  const files = present ? ['good', 'bad'].flatMap((sub) => fs.readdirSync(path.join(DIR, sub)).map((f) => `${sub}/${f}`)).sort() : [];

  it('has an expectation for every corpus file', () => {
    assert.deepEqual(files.filter((f) => !(f in EXPECTED)), []);
    assert.deepEqual(Object.keys(EXPECTED).filter((f) => !files.includes(f)), []);
  });

  for (const rel of files) {
    const [want, why] = EXPECTED[rel] ?? [[], ''];
    it(`${rel}: ${why}`, () => {
      const found = lintPath(path.join(DIR, rel), { kind: 'firewall', rules: FIREWALL_RULES }).filter((f) => !f.suppressed)
        .map((f) => `${f.range.start.line + 1} ${f.severity} ${f.ruleId}`);
      assert.deepEqual(found, want);
      // Every finding points at text of the file, and no rule crashed.
      assert.ok(!found.some((f) => f.includes('internal error')));
    });
  }

  it('good/ raises no error but the SSH rules the ComplianceAsCode setups contain', () => {
    const errors = Object.entries(EXPECTED).filter(([f]) => f.startsWith('good/')).flatMap(([, [want]]) => want)
      .filter((w) => w.includes(' error ') && !w.endsWith('firewall/ssh-open-to-world'));
    assert.deepEqual(errors, []);
  });
});
