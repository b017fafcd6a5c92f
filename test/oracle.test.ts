// The real OpenSSH 9.2 sshd as the test oracle: hardlint's evaluator must print exactly what `sshd -T` prints for
// every corpus config and for generated Include/Match cases; configs sshd rejects must get an error finding on the
// line sshd names; every fix hardlint writes must still pass `sshd -t`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixUntilStable, lint } from '../core/engine';
import { Connection, parseMatch } from '../core/sshd/match';
import { RULES } from '../rules';
import { envFor, FIXTURES } from './helpers';
import {
  assertNoValidityError, assertSameDump, connectionSpec, copyTree, CORPUS_SSHD, errorsOn, Oracle, oracleLauncher, rejectedLine,
  VALIDITY_RULES, walk,
} from './sshd-oracle';

/** Connections that reach each Match block of a config tree: the block's literal criteria turned into a -C spec. */
function connectionsFor(files: string[]): Connection[] {
  const out: Connection[] = [{}];
  let needsLport = false;
  for (const file of files) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = /^\s*match\s+(.*)$/i.exec(line);
      if (!m) continue;
      const parsed = parseMatch([], m[1]);
      if (!parsed.ok || parsed.all) continue;
      const c: Connection = {};
      for (const { name, value } of parsed.criteria) {
        const first = (value ?? '').split(',').find((p) => !p.startsWith('!'));
        if (first === undefined) continue;
        const literal = first.replace(/[*?]/g, 'x');
        if (name === 'user') c.user = literal;
        if (name === 'host') c.host = literal;
        if (name === 'address') c.addr = literal.replace(/\/\d+$/, '');
        if (name === 'localaddress') c.laddr = literal.replace(/\/\d+$/, '');
        if (name === 'localport') { c.lport = literal; needsLport = true; }
      }
      out.push(c);
    }
  }
  out.push({ user: 'alice', host: 'client.example.org', addr: '203.0.113.5' });
  // sshd -T dies on `Match LocalPort` when the connection has no lport ("not in connection test specification").
  return needsLport ? out.map((c) => ({ lport: '22', ...c })) : out;
}

/** Corpus files whose row in SOURCES.md records sshd's verdict as `**rc 255**` (paths relative to their section). */
function documentedRejections(): string[] {
  const sources = fs.readFileSync(path.join(CORPUS_SSHD, 'SOURCES.md'), 'utf8');
  return [...sources.matchAll(/^\| ([^|]+?) \|.*\*\*rc 255\*\*/gm)].map((m) => m[1].trim());
}

// ---- generated Include/Match cases ---------------------------------------------------------------------------

interface GeneratedCase {
  name: string;
  /** Relative path → content; `sshd_config` is the file sshd reads. */
  files: Record<string, string>;
  connections?: Connection[];
}

const ALICE: Connection = { user: 'alice', host: 'ws1.example.org', addr: '10.1.2.3' };
const BOB: Connection = { user: 'bob', host: 'bob.example.net', addr: '203.0.113.9' };
const ADMIN: Connection = { user: 'admin', addr: '192.0.2.7', laddr: '192.0.2.1', lport: '2222' };

const GENERATED: GeneratedCase[] = [
  {
    name: 'nested includes, first value wins across them',
    files: {
      sshd_config: 'Include a.conf\nPasswordAuthentication yes\nMaxAuthTries 2\n',
      'a.conf': 'Include sub/*.conf\nMaxAuthTries 5\n',
      'sub/1.conf': 'PasswordAuthentication no\nAllowGroups sub1\n',
      'sub/2.conf': 'Include ../deeper.conf\nAllowGroups sub2\n',
      'deeper.conf': 'X11Forwarding yes\n',
    },
  },
  {
    name: 'glob results in C byte order; directories and dot files skipped',
    files: {
      sshd_config: 'Include sshd_config.d/*.conf\nMaxAuthTries 9\n',
      'sshd_config.d/10-a.conf': 'MaxAuthTries 1\nAllowGroups g10\n',
      'sshd_config.d/9-b.conf': 'MaxAuthTries 2\nAllowGroups g9\n',
      'sshd_config.d/Z.conf': 'AllowGroups gZ\n',
      'sshd_config.d/_x.conf': 'AllowGroups g_\n',
      'sshd_config.d/a.conf': 'AllowGroups ga\n',
      'sshd_config.d/~t.conf': 'AllowGroups gtilde\n',
      'sshd_config.d/é.conf': 'AllowGroups geacute\n',
      'sshd_config.d/.hidden.conf': 'AllowGroups ghidden\n',
      'sshd_config.d/notes.txt': 'AllowGroups gtxt\n',
      'sshd_config.d/dir.conf/inner.conf': 'AllowGroups gdir\n',
    },
  },
  {
    name: 'relative, /etc/ssh-absolute and multi-argument Include paths',
    files: {
      sshd_config: 'Include extra.conf /etc/ssh/abs/*.conf\nInclude nothing/*.conf /etc/ssh/missing.conf\nLogLevel ERROR\n',
      'extra.conf': 'LogLevel VERBOSE\nAcceptEnv EXTRA\n',
      'abs/one.conf': 'AcceptEnv ABS1\n',
      'abs/two.conf': 'AcceptEnv ABS2\nLogLevel QUIET\n',
    },
  },
  {
    name: 'the same file included twice is read twice',
    files: {
      sshd_config: 'Include twice.conf\nInclude twice.conf\n',
      'twice.conf': 'AllowUsers twin\nAcceptEnv TWIN_*\nPort 2200\n',
    },
  },
  {
    name: 'Match state is saved and restored around Include',
    files: {
      sshd_config: 'Include ends-in-match.conf\nPermitRootLogin no\nX11Forwarding no\nMatch User alice\n  Include in-match.conf\n  MaxSessions 3\nMatch all\n  AllowTcpForwarding no\n',
      'ends-in-match.conf': 'Banner /etc/issue.net\nMatch User bob\n  X11Forwarding yes\n  PermitRootLogin yes\n',
      'in-match.conf': 'PasswordAuthentication no\nMatch User bob\n  MaxSessions 7\n',
    },
    connections: [{}, ALICE, BOB],
  },
  {
    name: 'Include inside an inactive Match: Match all in the included file stays inactive',
    files: {
      sshd_config: 'Match User nobody-here\n  Include never.conf\nMatch all\n  MaxAuthTries 3\n',
      'never.conf': 'PasswordAuthentication no\nMatch all\n  PermitRootLogin no\n  MaxAuthTries 4\n',
    },
    connections: [{}, { user: 'nobody-here' }],
  },
  {
    name: 'a Match block inside a globally included file applies per connection',
    files: {
      sshd_config: 'Include sshd_config.d/*.conf\nPasswordAuthentication no\n',
      'sshd_config.d/50-match.conf': 'Match Address 10.0.0.0/8\n  PasswordAuthentication yes\n  AllowGroups lan\n',
      'sshd_config.d/60-more.conf': 'AllowGroups everyone\nMatch User alice\n  AllowGroups alice-only\n',
    },
    connections: [{}, ALICE, BOB],
  },
  {
    name: 'Match all overrides global values, and takes global-only keywords',
    files: {
      sshd_config: 'PasswordAuthentication yes\nPort 22\nMatch all\n  PasswordAuthentication no\n  Port 2222\n  PermitRootLogin no\n',
    },
    connections: [{}, ALICE],
  },
  {
    // servconf.c copies option fields from the re-parse: DSAAuthentication (global-only) sets pubkey_authentication,
    // which is copied; KeepAlive sets tcp_keep_alive, which is not. Found by the random test (seed 202).
    name: 'a global-only alias in an active Match block sets its option when the option is copied per connection',
    files: {
      sshd_config: 'PubkeyAuthentication yes\nTCPKeepAlive yes\nMatch all\n  DSAAuthentication no\n  KeepAlive no\n  PubkeyAuthentication yes\n',
    },
    connections: [{}, ALICE],
  },
  {
    name: 'several matching blocks: the first one wins per keyword',
    files: {
      sshd_config: 'X11Forwarding no\nMatch User alice\n  X11Forwarding yes\nMatch User alice,bob\n  X11Forwarding no\n  MaxSessions 4\nMatch User *\n  MaxSessions 8\n  Banner /etc/banner\n',
    },
    connections: [{}, ALICE, BOB],
  },
  {
    name: 'Match User, Address, Host, LocalAddress, LocalPort criteria and negation',
    files: {
      sshd_config: [
        'Match Address 10.0.0.0/8,!10.9.0.0/16', '  MaxAuthTries 2',
        'Match User a*,!admin', '  PermitTTY no',
        'Match Host *.example.org', '  AllowAgentForwarding no',
        'Match LocalAddress 192.0.2.1 LocalPort 2222', '  GatewayPorts yes',
        'Match User admin Address 192.0.2.0/24', '  PermitRootLogin forced-commands-only',
        'Match User=bob', '  ClientAliveInterval 5m # comment after a value',
        'Match Address 203.0.113.0/24 # comment after criteria', '  IgnoreRhosts shosts-only', '',
      ].join('\n'),
    },
    connections: [{ lport: '22' }, { ...ALICE, lport: '22' }, { ...BOB, lport: '22' }, ADMIN,
      { user: 'alice', addr: '10.9.1.1', lport: '22' }],
  },
  {
    name: 'Match line spellings: `=`, quotes, case, wildcard and IPv6 addresses',
    files: {
      sshd_config: [
        'Match User = alice', '  MaxSessions 2',
        'match user "bob"', '  MaxSessions 3',
        'MATCH ADDRESS 10.*', '  PermitTTY no',
        'Match Address=2001:db8::/32 User=carol', '  MaxSessions 4',
        'Match User Dave', '  MaxSessions 5', '',
      ].join('\n'),
    },
    connections: [ALICE, BOB, { user: 'carol', addr: '2001:db8::5' }, { user: 'carol', addr: '2001:db9::5' },
      { user: 'dave', addr: '10.0.0.1' }, { user: 'Dave' }],
  },
  {
    name: 'Match-allowed options set, cleared and built inside Match blocks',
    files: {
      sshd_config: 'ForceCommand /usr/bin/menu\nChrootDirectory /srv/%u\nBanner /etc/issue.net\n'
        + 'RekeyLimit 1G 1h\nIPQoS af21\nLogLevel VERBOSE\nPermitOpen 127.0.0.1:80\nClientAliveInterval 10\nUnusedConnectionTimeout 5m\n'
        + 'Match User alice\n  ForceCommand none\n  ChrootDirectory none\n  Banner none\n  AuthenticationMethods publickey,password\n  RekeyLimit 2G\n'
        + '  IPQoS cs1\n  IPQoS ef af11\n  LogLevel DEBUG3\n  PermitOpen none\n  UnusedConnectionTimeout none\n'
        + 'Match User bob\n  ForceCommand internal-sftp # jail\n  RekeyLimit default 30m\n  AuthorizedKeysCommand /usr/bin/keys %u\n'
        + '  AuthorizedKeysCommandUser nobody\n  PubkeyAuthOptions touch-required\n  PermitListen 2222\n  ClientAliveInterval 1m\n',
    },
    connections: [{}, ALICE, BOB],
  },
  {
    name: 'cumulative keywords in Match replace the global list and add up across matching blocks',
    files: {
      sshd_config: 'AllowUsers root admin\nAllowUsers ops\nAcceptEnv LANG LC_*\nDenyGroups nogroup\nAuthorizedKeysFile .ssh/k1\nAuthorizedKeysFile .ssh/k2\nSetEnv A=1\n'
        + 'Match User alice\n  AllowUsers alice\n  AuthorizedKeysFile .ssh/alice\n  SetEnv B=2 B=3\nMatch Address 10.0.0.0/8\n  AllowUsers lan\n  AcceptEnv LAN\n',
    },
    connections: [{}, ALICE, BOB, { user: 'carol', addr: '10.5.5.5' }],
  },
  {
    name: 'aliases share one value',
    files: {
      sshd_config: 'ChallengeResponseAuthentication no\nKbdInteractiveAuthentication yes\nKeepAlive no\nTCPKeepAlive yes\n'
        + 'DSAAuthentication no\nPubkeyAuthentication yes\nPubkeyAcceptedKeyTypes +ssh-rsa\nPubkeyAcceptedAlgorithms ssh-ed25519\n'
        + 'HostbasedAcceptedKeyTypes ssh-ed25519\nHostDSAKey /etc/ssh/dsa_key\nHostKey /etc/ssh/ed_key\nMatch User alice\n  SkeyAuthentication no\n',
    },
    connections: [{}, ALICE],
  },
  {
    name: 'first value wins vs every line adds',
    files: {
      sshd_config: 'Port 22\nPort 2222\nListenAddress 127.0.0.1\nListenAddress ::1\nListenAddress 192.0.2.10:2022\nListenAddress [2001:db8:0:0::1]:443\n'
        + 'HostKey /etc/ssh/k1\nHostKey /etc/ssh/k2\nHostCertificate /etc/ssh/k1-cert.pub\nSubsystem sftp internal-sftp -f AUTHPRIV -l INFO\nSubsystem other /usr/bin/other\n'
        + 'MaxSessions 2\nMaxSessions 20\nAuthenticationMethods publickey,password publickey,keyboard-interactive\nAuthenticationMethods password\n'
        + 'PermitOpen 127.0.0.1:80 [::1]:443\nPermitOpen any\nPermitListen 8080 localhost:9090\nLogVerbose kex.c:*:1000\nChannelTimeout session=5m agent-connection=1h\n',
    },
  },
  {
    name: 'options where the last line wins or the value is built line by line',
    files: {
      sshd_config: 'FingerprintHash md5\nFingerprintHash sha256\nIPQoS af21 cs1\nIPQoS 0x1f\nMaxStartups 5:10:20\nMaxStartups 7\n'
        + 'StreamLocalBindMask 0077\nStreamLocalBindMask 022\nPerSourceMaxStartups 4\nPerSourceMaxStartups none\nPerSourceNetBlockSize 24:56\n'
        + 'RekeyLimit 1G\nRekeyLimit 2G 1h\nUnusedConnectionTimeout 60\nUnusedConnectionTimeout none\n'
        + 'AuthorizedPrincipalsCommand /usr/bin/a %u\nAuthorizedPrincipalsCommand /usr/bin/b %u\nAuthorizedPrincipalsCommandUser nobody\n',
    },
  },
  {
    name: 'found by oracle-fuzz: LogLevel QUIET prints as SILENT; a start-up ChannelTimeout none is cleared, a Match one printed',
    files: {
      sshd_config: 'LogLevel QUIET\nChannelTimeout none\nChannelTimeout session=5m\nMatch User alice\n  ChannelTimeout none\n'
        + 'Match User bob\n  ChannelTimeout global=1h\n  LogLevel quiet\n',
    },
    connections: [{}, ALICE, BOB],
  },
  {
    name: 'found by oracle-fuzz: sshd checks AuthenticationMethods against the start-up values, not a later Match all',
    files: {
      sshd_config: 'AuthenticationMethods publickey,keyboard-interactive:pam\nMatch all\n  AuthenticationMethods hostbased,publickey\n',
    },
    connections: [{}, ALICE],
  },
  {
    name: 'value normalisation: times, names, multistate spellings, paths',
    files: {
      sshd_config: [
        'LoginGraceTime 1m30s', 'ClientAliveInterval 2H', 'ClientAliveCountMax 03', 'PermitRootLogin prohibit-password',
        'Compression delayed', 'LogLevel debug1', 'SyslogFacility local5', 'GatewayPorts ClientSpecified',
        'AllowTcpForwarding all', 'AllowStreamLocalForwarding local', 'PermitUserEnvironment LANG,LC_*', 'PubkeyAuthOptions verify-required touch-required',
        'PermitTunnel point-to-point', 'UsePAM yes', 'X11DisplayOffset 12', 'RequiredRSASize 3072', 'DisableForwarding yes',
        'VersionAddendum hardened # not a comment for sshd', 'ForceCommand internal-sftp -u 0002 # umask', 'ChrootDirectory none',
        'Banner rel/banner.txt', 'HostKey rel/host_key', 'PidFile none', 'XAuthLocation /opt/X11/bin/xauth', 'ModuliFile /etc/ssh/moduli.safe',
        'AuthorizedKeysFile ~/.ssh/authorized_keys %h/.ssh/extra', 'AuthorizedPrincipalsFile /etc/ssh/principals/%u',
        'TrustedUserCAKeys /etc/ssh/ca.pub', 'RevokedKeys /etc/ssh/revoked', 'SecurityKeyProvider internal', 'HostKeyAgent SSH_AUTH_SOCK',
        'AuthorizedKeysCommand /usr/bin/keys %u # trailing', 'AuthorizedKeysCommandUser nobody', 'UnusedConnectionTimeout 1h', 'UseDNS yes',
        'GSSAPIAuthentication yes', 'GSSAPIKeyExchange yes', 'GSSAPIKexAlgorithms gss-curve25519-sha256-,gss-group16-sha512-', 'DebianBanner no',
        'PrintMotd no', 'PrintLastLog no', 'StrictModes no', 'IgnoreUserKnownHosts yes', 'ExposeAuthInfo yes', 'PermitUserRC no', '',
      ].join('\n'),
    },
  },
  {
    name: 'algorithm lists: + - ^, wildcards, explicit lists, Match relative to the default',
    files: {
      sshd_config: 'Ciphers -*-cbc,chacha20*\nMACs ^hmac-sha2-512-etm@openssh.com\nKexAlgorithms +diffie-hellman-group14-sha1\n'
        + 'HostKeyAlgorithms ssh-ed25519*,rsa-sha2-*\nPubkeyAcceptedAlgorithms +ssh-rsa*\nCASignatureAlgorithms -ecdsa*,sk-*\n'
        + 'HostbasedAcceptedAlgorithms ^ssh-rsa,ssh-ed25519\nMatch User alice\n  PubkeyAcceptedAlgorithms -ssh-rsa*,ecdsa*\n  CASignatureAlgorithms ssh-ed25519\n',
    },
    connections: [{}, ALICE],
  },
  {
    name: 'explicit cipher, MAC and kex lists keep their order and drop duplicates',
    files: {
      sshd_config: 'Ciphers aes256-gcm@openssh.com,aes128-ctr,aes256-gcm@openssh.com\nMACs hmac-sha2-512-etm@openssh.com,umac-128-etm@openssh.com\n'
        + 'KexAlgorithms curve25519-sha256,sntrup761x25519-sha512@openssh.com\n',
    },
  },
  {
    name: 'algorithm lists with empty entries, negations in removal lists and short key names',
    files: {
      sshd_config: 'Ciphers aes128-ctr,,3des-cbc\nMACs +hmac-md5,,hmac-sha1-96\nKexAlgorithms -diffie*,!curve25519-sha256\n'
        + 'HostKeyAlgorithms ^ssh-rsa,RSA\nPubkeyAcceptedAlgorithms -*\nCASignatureAlgorithms +ssh-ed25519-cert-v01@openssh.com,ssh-rsa\n',
    },
  },
  {
    name: 'ListenAddress spellings are printed as inet_ntop writes them',
    files: {
      sshd_config: 'AddressFamily inet6\nPort 22\nPort 2022\nListenAddress [fe80:0:0:0::1]\nListenAddress ::ffff:192.0.2.1\n'
        + 'ListenAddress 0:0::0:1:0:0:1\nListenAddress [2001:DB8::10]:443\nListenAddress ::\nAuthorizedKeysFile ~ ~/keys\n',
    },
  },
  {
    name: 'default ListenAddress per Port and AddressFamily',
    files: { sshd_config: 'AddressFamily inet\nPort 2222\nPort 22\n' },
  },
  {
    name: 'tokenizer edge cases as sshd reads them',
    files: {
      sshd_config: '"PasswordAuthentication" no\r\nMaxAuthTries=3\r\nMaxSessions = 4\r\n\tAllowGroups \'a b\' c"ar ol"x a\\ b alice#x #end\r\n'
        + '   LogLevel   VERBOSE   \r\nAcceptEnv "QUOTED_*" PLAIN\r\nX11Forwarding\tyes\r\nPermitRootLogin NO',
    },
  },
  {
    name: 'a 16-level Include chain is within sshd\'s depth limit',
    files: Object.fromEntries([
      ['sshd_config', 'Include l1.conf\n'],
      ...Array.from({ length: 15 }, (_, i) => [`l${i + 1}.conf`, `Include l${i + 2}.conf\nAcceptEnv L${i + 1}\n`]),
      ['l16.conf', 'MaxAuthTries 2\n'],
    ]),
  },
  {
    name: 'Include and Match in the per-connection re-parse of an included file',
    files: {
      sshd_config: 'Include inc/*.conf\nMatch User alice\n  Include alice.conf\nMatch User bob\n  MaxSessions 2\n',
      'inc/a.conf': 'MaxSessions 5\nMatch Host *.example.org\n  MaxSessions 6\n  Include host.conf\n',
      'host.conf': 'PermitTTY no\nMatch User bob\n  X11Forwarding yes\n',
      'alice.conf': 'MaxSessions 9\nPasswordAuthentication no\n',
    },
    connections: [{}, ALICE, BOB, { user: 'bob', host: 'x.example.org' }],
  },
  {
    name: 'Debian default config with cloud-init drop-in (the first-value-wins gotcha)',
    files: {
      sshd_config: fs.existsSync(path.join(CORPUS_SSHD, 'defaults'))
        ? fs.readFileSync(path.join(CORPUS_SSHD, 'defaults', 'debian12_openssh-server_9.2p1-2+deb12u10_sshd_config'), 'utf8')
          + '\nPasswordAuthentication no\nMatch User alice\n  PasswordAuthentication no\n'
        : '',
      'sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication yes\n',
      'sshd_config.d/60-admin.conf': 'PasswordAuthentication no\nPermitRootLogin no\n',
    },
    connections: [{}, ALICE],
  },
  {
    name: 'found by oracle-fuzz: a command without its user set only per connection (sshd checks the start-up value)',
    files: { sshd_config: 'AuthorizedKeysCommand none\nMatch all\n  AuthorizedKeysCommand /usr/local/bin/fetch-keys %u\n' },
    connections: [{}, ALICE],
  },
  {
    name: 'found by oracle-fuzz: the last AuthorizedPrincipalsCommand before any AuthorizedKeysCommand wins (sshd 9.2)',
    files: { sshd_config: 'AuthorizedPrincipalsCommand /usr/bin/principals %u\nAuthorizedPrincipalsCommand none\n' },
  },
];

/** Configs sshd refuses. `line` is given where sshd's message names no line (1-based, in sshd_config). */
const REJECTED: { name: string; text: string; line?: number; files?: Record<string, string> }[] = [
  { name: 'Match with a criterion but no value', text: 'Match User\n  X11Forwarding yes\n' },
  { name: 'Match with an unknown criterion', text: 'Match Usr alice\n  X11Forwarding yes\n' },
  { name: 'Match all combined with another criterion', text: 'Match all User alice\n  X11Forwarding yes\n' },
  { name: 'Match Address with a bad CIDR length', text: 'Match Address 10.0.0.0/33\n  X11Forwarding yes\n' },
  { name: 'a global-only keyword inside a Match block', text: 'Match User alice\n  Port 2222\n' },
  { name: 'a cipher 9.2 no longer knows', text: 'Ciphers arcfour\n' },
  { name: 'an unknown cipher appended with +', text: 'Ciphers +arcfour256\n' },
  { name: 'a key exchange of a later release', text: 'KexAlgorithms mlkem768x25519-sha256\n' },
  { name: 'a yes/no keyword with another word', text: 'PasswordAuthentication maybe\n' },
  { name: 'a number that is not one', text: 'MaxAuthTries many\n' },
  { name: 'a bad time value', text: 'LoginGraceTime 1x\n' },
  { name: 'found by oracle-fuzz: UnusedConnectionTimeout takes none or a time', text: 'UnusedConnectionTimeout = 1x\n' },
  { name: 'an unknown keyword', text: 'PermitRootLogn no\n' },
  { name: 'a keyword without its argument', text: 'PermitRootLogin\n' },
  { name: 'an unterminated quote', text: 'AllowUsers "alice\n' },
  { name: 'a UTF-8 byte order mark before the first keyword', text: '\uFEFFPort 22\n' },
  { name: 'an unknown authentication method', text: 'AuthenticationMethods password,pubkey\n' },
  { name: 'AuthenticationMethods any after another AuthenticationMethods, even inside a Match block',
    text: 'AuthenticationMethods publickey\nMatch User alice\n  AuthenticationMethods any\n' },
  { name: 'the same Subsystem twice', text: 'Subsystem sftp internal-sftp\nSubsystem sftp /usr/lib/openssh/sftp-server\n' },
  { name: 'a file that includes itself', text: 'Include sshd_config\n', line: 1 },
  { name: 'two files that include each other', text: 'Include a.conf\n', line: 1, files: { 'a.conf': 'Include b.conf\n', 'b.conf': 'Include a.conf\n' } },
  // Found by oracle-fuzz.test.ts: values of single options.
  { name: 'RDomain, which no Linux build supports, even in a Match block', text: 'Match User alice\n  RDomain %D\n' },
  { name: 'ListenAddress with a word other than rdomain', text: 'ListenAddress 127.0.0.1 vrf0\n' },
  { name: 'ListenAddress rdomain with a name no interface can have', text: 'ListenAddress 127.0.0.1 rdomain %D\n' },
  { name: 'ListenAddress with an unclosed bracket', text: 'ListenAddress [::1\n' },
  { name: 'ListenAddress with port 0', text: 'ListenAddress 127.0.0.1:0\n' },
  { name: 'ListenAddress with a dotted number that is no address', text: 'ListenAddress 999.1.1.1\n', line: 1 },
  { name: 'found by oracle-fuzz: an IPv6 ListenAddress with AddressFamily inet', text: 'AddressFamily inet\nListenAddress [::1]:22\n', line: 2 },
  { name: 'AuthorizedKeysCommand quoted', text: 'AuthorizedKeysCommand "/opt/fetch keys" %u\nAuthorizedKeysCommandUser nobody\n' },
  { name: 'AuthorizedPrincipalsCommand relative, in a Match block', text: 'Match User alice\n  AuthorizedPrincipalsCommand bin/p %u\n' },
  { name: 'AuthorizedKeysCommand none with a trailing comment', text: 'AuthorizedKeysCommand none # off\n' },
  { name: 'PermitOpen without a port', text: 'PermitOpen localhost:8080 db.internal\n' },
  { name: 'PermitOpen with a / separator', text: 'PermitOpen db.internal/5432\n' },
  { name: 'PermitListen with a port out of range', text: 'Match User alice\n  PermitListen localhost:99999\n' },
  { name: 'IPQoS with a bad second value', text: 'IPQoS af21 08\n' },
  { name: 'ChannelTimeout without a type', text: 'ChannelTimeout 5m\n' },
  { name: 'ChannelTimeout none before another timeout', text: 'ChannelTimeout none session=5m\n' },
  { name: 'PerSourceMaxStartups NONE (none is case-sensitive)', text: 'PerSourceMaxStartups NONE\n' },
  { name: 'PerSourceNetBlockSize past /128', text: 'PerSourceNetBlockSize 24:129\n' },
  { name: 'StreamLocalBindMask not octal', text: 'StreamLocalBindMask 8\n' },
  { name: 'SetEnv with a bare name', text: 'SetEnv LANG=C DEBUG\n' },
  { name: 'Debian GSSAPIKexAlgorithms with a + prefix', text: 'GSSAPIKexAlgorithms +gss-curve25519-sha256-\n' },
  { name: 'RekeyLimit with an unknown unit', text: 'RekeyLimit 1X\n' },
  { name: 'RekeyLimit below 16 bytes', text: 'RekeyLimit 15\n' },
  { name: 'PubkeyAuthOptions with an unknown option', text: 'PubkeyAuthOptions touch-required bogus\n' },
  { name: 'AuthenticationMethods any in a drop-in read after the general one', text: 'AuthenticationMethods publickey\nInclude any.conf\n',
    line: 2, files: { 'any.conf': 'AuthenticationMethods any\n' } },
  { name: 'found by oracle-fuzz: a Subsystem in a file included twice', text: 'Include sub.conf\nMatch all\n  Include sub.conf\n',
    line: 1, files: { 'sub.conf': 'Subsystem sftp internal-sftp\n' } },
  { name: 'found by oracle-fuzz: AuthenticationMethods any in a file included twice', text: 'Include any.conf\nMatch User alice\n  Include any.conf\n',
    line: 1, files: { 'any.conf': 'AuthenticationMethods any\n' } },
  { name: 'a file included globally, then again inside a Match block', text: 'Include common.conf\nMatch User alice\n  Include common.conf\n',
    line: 3, files: { 'common.conf': 'PasswordAuthentication no\nUseDNS no\n' } },
];

/** Configs sshd starts with, but refuses for connections a Match block applies to (`sshd -T -C` fails). */
const REFUSED_PER_CONNECTION: { name: string; text: string; connection: Connection; line: number; files?: Record<string, string> }[] = [
  { name: 'two AuthenticationMethods lines in one Match block, the second any',
    text: 'Match User alice\n  AuthenticationMethods publickey\n  AuthenticationMethods any\n', connection: { user: 'alice' }, line: 3 },
  { name: 'AuthenticationMethods any in a later Match all fails the connections an earlier block applies to',
    text: 'Match User alice\n  AuthenticationMethods publickey\nMatch all\n  AuthenticationMethods any\n', connection: { user: 'alice' }, line: 4 },
  { name: 'AuthenticationMethods any in a block that does not apply still fails the connections an earlier block applies to',
    text: 'Match User alice\n  AuthenticationMethods any\nMatch User bob\n  AuthenticationMethods any\n', connection: { user: 'alice' }, line: 4 },
  { name: 'found by oracle-fuzz: AuthenticationMethods any in a file included twice',
    text: 'Include any.conf\nMatch User carol\n  Include any.conf\n', connection: { user: 'bob' }, line: 1,
    files: { 'any.conf': 'Match User bob\n  AuthenticationMethods any\n' } },
];

// ---- the tests -----------------------------------------------------------------------------------------------

const launcher = fs.existsSync(CORPUS_SSHD) ? oracleLauncher() : `no corpus at ${CORPUS_SSHD}`;
const reason = typeof launcher === 'string' ? launcher : undefined;

describe('real sshd 9.2 as oracle', { skip: reason }, () => {
  if (typeof launcher === 'string') return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-oracle-'));
  const oracle = new Oracle(work, launcher);
  before(() => oracle.run());
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  describe('corpus: hardlint evaluates like sshd -T', () => {
    const rejected = documentedRejections();
    it('SOURCES.md documents the files sshd rejects, and hardlint has its validity rules', () => {
      assert.ok(rejected.length >= 3, `rc 255 rows found in SOURCES.md: ${rejected.join(', ')}`);
      assert.ok(VALIDITY_RULES.length > 0, 'none of the validity rules is registered');
    });
    for (const file of walk(CORPUS_SSHD).filter((f) => !f.endsWith('.md')).sort()) {
      const sshdir = path.dirname(file);
      const rel = path.relative(CORPUS_SSHD, file);
      const validated = oracle.add({ mode: '-t', sshdir, config: path.basename(file), connection: {} });
      const includedFiles = walk(sshdir).filter((f) => !f.endsWith('.md'));
      const dumps = connectionsFor(includedFiles).map((connection) =>
        ({ connection, answer: oracle.add({ mode: '-T', sshdir, config: path.basename(file), connection }) }));
      it(`${rel}`, () => {
        const v = validated();
        const documented = rejected.some((r) => rel.endsWith(r));
        assert.equal(v.rc !== 0, documented, documented ? `SOURCES.md says sshd rejects ${rel}, but it accepts it`
          : `sshd rejects ${rel}, unlike what SOURCES.md records: ${v.err}`);
        if (v.rc !== 0) {
          // sshd refuses the file: hardlint must flag it with an error on the line sshd names.
          assert.equal(v.rc, 255, v.err);
          const where = rejectedLine(v.err, sshdir, path.basename(file));
          assert.ok(where, `no line in sshd's message: ${v.err}`);
          const findings = lint({ path: where.file, text: fs.readFileSync(where.file, 'utf8'), kind: 'sshd' },
            envFor(where.file, RULES)).findings;
          assert.ok(errorsOn(findings, where.line).length > 0, `sshd rejects ${rel} (${v.err.trim()}) but hardlint has no error on line ${where.line}; `
            + `it reports: ${findings.map((f) => `${f.range.start.line + 1}:${f.severity}:${f.ruleId}`).join(', ')}`);
          return;
        }
        for (const { connection, answer } of dumps) {
          try {
            assertSameDump(file, sshdir, connection, answer());
          } catch (e) {
            (e as Error).message = `connection ${connectionSpec(connection)}: ${(e as Error).message}`;
            throw e;
          }
        }
        assertNoValidityError(file);
      });
    }
  });

  describe('generated Include/Match cases: hardlint evaluates like sshd -T', () => {
    GENERATED.forEach((c, i) => {
      const dir = path.join(work, 'generated', String(i));
      for (const [rel, text] of Object.entries(c.files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      }
      const answers = (c.connections ?? [{}]).map((connection) =>
        ({ connection, answer: oracle.add({ mode: '-T', sshdir: dir, config: 'sshd_config', connection }) }));
      it(c.name, () => {
        assertNoValidityError(path.join(dir, 'sshd_config'));
        for (const { connection, answer } of answers) {
          try {
            assertSameDump(path.join(dir, 'sshd_config'), dir, connection, answer());
          } catch (e) {
            (e as Error).message = `connection ${connectionSpec(connection)}: ${(e as Error).message}`;
            throw e;
          }
        }
      });
    });
  });

  describe('sshd/drop-in-not-included: sshd reads the drop-in exactly when hardlint says it does', () => {
    const dir = path.join(FIXTURES, 'sshd', 'drop-in-not-included');
    const rule = RULES.find((r) => r.meta.id === 'sshd/drop-in-not-included')!;
    for (const name of ['bad', 'bad-not-conf', 'good']) {
      const caseDir = path.join(dir, name);
      const dropIn = path.join(caseDir, fs.readFileSync(path.join(caseDir, '.entry'), 'utf8').trim());
      const answer = oracle.add({ mode: '-T', sshdir: caseDir, config: 'sshd_config', connection: {} });
      it(name, () => {
        const a = answer();
        assert.equal(a.rc, 0, a.err);
        // The drop-in sets PasswordAuthentication no: sshd -T shows it only when sshd reads the file.
        const read = a.lines.includes('passwordauthentication no');
        const flagged = lint({ path: dropIn, text: fs.readFileSync(dropIn, 'utf8'), kind: 'sshd' }, envFor(dropIn, [rule])).findings.length > 0;
        assert.equal(flagged, !read, `sshd ${read ? 'reads' : 'does not read'} the drop-in; hardlint ${flagged ? 'says it does not' : 'is silent'}`);
        assert.equal(read, name === 'good');
      });
    }
  });

  /** A refused case's files: its sshd_config and the files it includes. */
  const writeCase = (dir: string, c: { text: string; files?: Record<string, string> }): void => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'sshd_config'), c.text);
    for (const [rel, text] of Object.entries(c.files ?? {})) fs.writeFileSync(path.join(dir, rel), text);
  };

  describe('configs sshd refuses get an error on the line sshd names', () => {
    REJECTED.forEach((c, i) => {
      const dir = path.join(work, 'rejected', String(i));
      writeCase(dir, c);
      const answer = oracle.add({ mode: '-t', sshdir: dir, config: 'sshd_config', connection: {} });
      it(c.name, () => {
        const a = answer();
        assert.equal(a.rc, 255, `sshd accepts it: ${a.err}`);
        const line = c.line ?? rejectedLine(a.err, dir, 'sshd_config')?.line;
        assert.ok(line, `no line in sshd's message: ${a.err}`);
        const file = path.join(dir, 'sshd_config');
        const findings = lint({ path: file, text: c.text, kind: 'sshd' }, envFor(file, RULES)).findings;
        assert.ok(errorsOn(findings, line).length > 0, `sshd: ${a.err.trim()}\nhardlint has no error on line ${line}; it reports: `
          + findings.map((f) => `${f.range.start.line + 1}:${f.severity}:${f.ruleId}`).join(', '));
      });
    });
  });

  describe('configs sshd refuses for some connections get an error on the line it names', () => {
    REFUSED_PER_CONNECTION.forEach((c, i) => {
      const dir = path.join(work, 'per-connection', String(i));
      writeCase(dir, c);
      const validated = oracle.add({ mode: '-t', sshdir: dir, config: 'sshd_config', connection: {} });
      const dumped = oracle.add({ mode: '-T', sshdir: dir, config: 'sshd_config', connection: c.connection });
      it(c.name, () => {
        assert.equal(validated().rc, 0, `sshd refuses it at start-up: ${validated().err}`);
        const a = dumped();
        assert.equal(a.rc, 255, `sshd -T -C ${connectionSpec(c.connection)} accepts it`);
        // sshd names the line (of an included file, the Include line leading to it is meant).
        if (!c.files) assert.match(a.err, new RegExp(`line ${c.line}:`), a.err);
        const file = path.join(dir, 'sshd_config');
        const findings = lint({ path: file, text: c.text, kind: 'sshd' }, envFor(file, RULES)).findings;
        assert.ok(errorsOn(findings, c.line).length > 0, `hardlint has no error on line ${c.line}; it reports: `
          + findings.map((f) => `${f.range.start.line + 1}:${f.severity}:${f.ruleId}`).join(', '));
      });
    });
  });

  describe('fixes keep the config valid for sshd -t', () => {
    const goldens = walk(path.join(FIXTURES, 'sshd')).filter((f) => f.endsWith('.fixed') || f.endsWith('.unsafe-fixed')).sort();
    for (const golden of goldens) {
      const entry = golden.replace(/\.(unsafe-)?fixed$/, '');
      const caseDir = entry.includes(`${path.sep}sshd_config.d${path.sep}`) ? path.dirname(path.dirname(entry)) : path.dirname(entry);
      const copy = path.join(work, 'goldens', path.relative(FIXTURES, golden));
      copyTree(caseDir, copy, (src) => !/\.(unsafe-)?fixed$/.test(src));
      fs.writeFileSync(path.join(copy, path.relative(caseDir, entry)), fs.readFileSync(golden));
      const main = fs.existsSync(path.join(copy, 'sshd_config')) ? 'sshd_config' : path.relative(caseDir, entry);
      const answer = oracle.add({ mode: '-t', sshdir: copy, config: main, connection: {} });
      it(path.relative(FIXTURES, golden), () => {
        const a = answer();
        assert.equal(a.rc, 0, `sshd -t rejects the fixed file: ${a.err}`);
      });
    }

    const bad = path.join(CORPUS_SSHD, 'bad');
    for (const original of walk(bad).sort()) {
      const rel = path.relative(bad, original);
      const accepted = oracle.add({ mode: '-t', sshdir: path.dirname(original), config: path.basename(original), connection: {} });
      // Each file is fixed in its own copy of its folder, so the fixes of one file do not leak into another's check.
      const ownDir = path.join(work, 'fixed', rel + '.d');
      copyTree(path.dirname(original), ownDir);
      const copy = path.join(ownDir, path.basename(original));
      const fixed = fixUntilStable({ path: copy, text: fs.readFileSync(original, 'utf8'), kind: 'sshd' }, envFor(copy, RULES), ['safe', 'unsafe']);
      fs.writeFileSync(copy, fixed.text);
      const answer = oracle.add({ mode: '-t', sshdir: ownDir, config: path.basename(original), connection: {} });
      it(`bad/${rel}: --fix --unsafe-fixes output passes sshd -t`, (t) => {
        if (accepted().rc !== 0) { t.skip('sshd rejects the original file'); return; }
        const a = answer();
        assert.equal(a.rc, 0, `sshd -t rejects the fixed file (fixes: ${fixed.applied.map((x) => x.ruleId).join(', ')}):\n${a.err}`);
      });
    }
  });
});
