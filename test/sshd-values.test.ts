// How hardlint reads sshd 9.2 values and algorithm lists (core/sshd/values.ts, core/sshd/algorithms.ts), and whether
// its validity rules say "sshd refuses this file" exactly when sshd 9.2 does. Every expected value below was taken
// from the real sshd 9.2 (`sshd -t`, `sshd -T`); with sshd installed the verdict table is checked against it again.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CIPHERS_9_2, DEFAULTS_9_2, expandAlgorithmList, KEX_9_2, KEY_SIG_9_2, MACS_9_2, parseAlgorithmList, SIG_9_2,
  suggestAlgorithm,
} from '../core/sshd/algorithms';
import { evaluate, loadConfig, parseFile } from '../core/sshd/config';
import { nodeFileHost } from '../core/host';
import {
  applyMaxStartups, DEFAULT_MAX_STARTUPS, formatSeconds, isPortSpec, parseInteger, parseTime, unsatisfiableAuthMethods,
  validListenPort,
} from '../core/sshd/values';
import { RULES } from '../rules';
import { CORPUS, hasBinary, lintPath, ROOT } from './helpers';

describe('sshd time values (convtime)', () => {
  const cases: [string, number | undefined][] = [
    ['60', 60], ['90s', 90], ['90S', 90], ['1m', 60], ['1m30', 90], ['1h30m', 5400], ['2w', 1209600], ['5m+3', 303],
    [' 5m', 300], ['-0', 0], ['0', 0], ['596523h', 2147482800],
    ['1.5m', undefined], ['-5', undefined], ['5x', undefined], ['5ms', undefined], ['', undefined], ['m', undefined],
    ['596524h', undefined], ['9999999999', undefined],
    // More digits than a double holds exactly: leading zeros do not count, anything longer is out of range.
    ['000000000000000000000090s', 90], ['99999999999999999999', undefined], ['1m99999999999999999999s', undefined],
  ];
  for (const [text, seconds] of cases) {
    it(`${JSON.stringify(text)} → ${seconds ?? 'invalid time value'}`, () => assert.equal(parseTime(text), seconds));
  }
  it('formats seconds for messages', () => {
    assert.equal(formatSeconds(5400), '1h30m');
    assert.equal(formatSeconds(90), '1m30s');
    assert.equal(formatSeconds(120), '2m');
  });
});

describe('sshd integer values (atoi_err)', () => {
  const cases: [string, number | string][] = [
    ['3', 3], ['+5', 5], ['-0', 0], [' 5', 5], ['010', 10], ['2147483647', 2147483647],
    ['3x', 'invalid'], ['0x10', 'invalid'], ['four', 'invalid'], ['-1', 'too small'], ['2147483648', 'too large'],
    ['', 'missing'],
    ['0000000000000000000000000005', 5], ['99999999999999999999', 'too large'], ['-99999999999999999999', 'too small'],
  ];
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text)} → ${want}`, () => {
      const got = parseInteger(text);
      assert.deepEqual(got, typeof want === 'number' ? { value: want } : { error: want });
    });
  }
});

describe('sshd ports (a2port)', () => {
  it('Port takes 1-65535 or a service name of /etc/services', () => {
    for (const ok of ['22', '+22', '022', ' 22', '65535', 'ssh', 'https']) assert.ok(validListenPort(ok), ok);
    for (const bad of ['0', '65536', '${SSH_LISTEN_PORT}', 'foo', 'SSH', 'ssh-x', '']) assert.ok(!validListenPort(bad), bad);
  });
  it('Match LocalPort also takes 0', () => {
    assert.ok(isPortSpec('0'));
    assert.ok(isPortSpec('ssh'));
    assert.ok(!isPortSpec('70000'));
  });
});

describe('MaxStartups', () => {
  const apply = (...lines: string[]) => lines.reduce<ReturnType<typeof applyMaxStartups>>(
    (m, l) => (m ? applyMaxStartups(l, m) : undefined), DEFAULT_MAX_STARTUPS);
  it('reads start:rate:full like sshd -T prints it', () => {
    assert.deepEqual(apply('10:30:60'), { begin: 10, rate: 30, full: 60 });
    assert.deepEqual(apply('5'), { begin: 5, rate: 30, full: 5 });
    assert.deepEqual(apply('10abc'), { begin: 10, rate: 30, full: 10 });
    assert.deepEqual(apply('10:30:60x'), { begin: 10, rate: 30, full: 60 });
    assert.deepEqual(apply(' 10: 30:60'), { begin: 10, rate: 30, full: 60 });
  });
  it('the last line wins, and a single number keeps the previous rate', () => {
    assert.deepEqual(apply('10:30:60', '20:30:200'), { begin: 20, rate: 30, full: 200 });
    assert.deepEqual(apply('10:50:60', '20'), { begin: 20, rate: 50, full: 20 });
  });
  it('refuses what sshd calls an invalid spec', () => {
    for (const bad of ['10:30', '10:0:60', '70:30:60', '0', '10:101:60', '-5:30:60', 'x']) assert.equal(apply(bad), undefined, bad);
  });
});

describe('algorithm lists', () => {
  it('expands + - ^ and patterns as sshd -T prints them', () => {
    assert.deepEqual(expandAlgorithmList('ciphers', '^3des-cbc,aes128-ctr'), ['3des-cbc', 'aes128-ctr',
      'chacha20-poly1305@openssh.com', 'aes192-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com']);
    assert.deepEqual(expandAlgorithmList('ciphers', '+aes128-ctr,aes128-cbc'), [...DEFAULTS_9_2.ciphers, 'aes128-cbc']);
    assert.deepEqual(expandAlgorithmList('ciphers', 'aes128-ctr,,bogus'), ['aes128-ctr']);
    assert.deepEqual(expandAlgorithmList('hostkeyalgorithms', '+ssh-rsa*'),
      [...DEFAULTS_9_2.hostkeyalgorithms, 'ssh-rsa', 'ssh-rsa-cert-v01@openssh.com']);
    assert.deepEqual(expandAlgorithmList('hostkeyalgorithms', 'ssh-ed25519,RSA'), ['ssh-ed25519']);
    assert.deepEqual(expandAlgorithmList('casignaturealgorithms', 'ssh-ed25519,ssh-rsa-cert-v01@openssh.com'), ['ssh-ed25519']);
    assert.deepEqual(expandAlgorithmList('macs', '-hmac-sha1*,umac-64*'), DEFAULTS_9_2.macs.filter((m) => !/^(hmac-sha1|umac-64)/.test(m)));
    assert.deepEqual(expandAlgorithmList('kexalgorithms', undefined), [...DEFAULTS_9_2.kexalgorithms]);
  });

  it('tells refused names from the ones sshd only drops', () => {
    const status = (option: Parameters<typeof parseAlgorithmList>[0], value: string) =>
      parseAlgorithmList(option, value).entries.map((e) => `${e.text}:${e.status}`);
    assert.deepEqual(status('ciphers', 'aes128-ctr,arcfour,AES256-CTR'), ['aes128-ctr:known', 'arcfour:unknown', 'AES256-CTR:unknown']);
    assert.deepEqual(status('ciphers', 'aes128-ctr,,bogus'), ['aes128-ctr:known', ':empty', 'bogus:ignored']);
    assert.deepEqual(status('ciphers', 'aes*'), ['aes*:unknown']);
    assert.deepEqual(status('hostkeyalgorithms', 'ssh-*,RSA,foo*,!ssh-rsa'), ['ssh-*:known', 'RSA:ignored', 'foo*:unknown', '!ssh-rsa:negated']);
    assert.deepEqual(status('casignaturealgorithms', 'ssh-rsa-cert-v01@openssh.com'), ['ssh-rsa-cert-v01@openssh.com:ignored']);
    assert.deepEqual(status('kexalgorithms', 'gss-curve25519-sha256-,curve25519-sha256'), ['gss-curve25519-sha256-:ignored', 'curve25519-sha256:known']);
    assert.deepEqual(status('ciphers', '-arcfour,bogus'), ['arcfour:known', 'bogus:known'], '"-" lists are not checked');
  });

  it('knows when the whole list makes sshd refuse to start', () => {
    const fatal = (option: Parameters<typeof parseAlgorithmList>[0], value: string, vendor: 'debian' | 'upstream' = 'debian') =>
      parseAlgorithmList(option, value, vendor).fatal;
    assert.ok(fatal('ciphers', '+'));
    assert.ok(!fatal('ciphers', '-'));
    assert.ok(fatal('ciphers', ',bogus'));
    assert.ok(fatal('hostkeyalgorithms', 'RSA'));
    assert.ok(!fatal('hostkeyalgorithms', 'ssh-ed25519,RSA'));
    assert.ok(fatal('kexalgorithms', 'gss-curve25519-sha256-'));
    assert.ok(!fatal('kexalgorithms', 'sntrup761x25519-sha512'));
    assert.ok(fatal('kexalgorithms', 'sntrup761x25519-sha512', 'upstream'));
  });

  it('suggests the closest known name', () => {
    assert.equal(suggestAlgorithm('ciphers', 'AES256-CTR'), 'aes256-ctr');
    assert.equal(suggestAlgorithm('macs', 'hmac-sha2-256-etm'), 'hmac-sha2-256-etm@openssh.com');
    assert.equal(suggestAlgorithm('kexalgorithms', 'curve25519-sha512'), 'curve25519-sha256');
    assert.equal(suggestAlgorithm('ciphers', 'twofish256-cbc-hmac'), undefined);
  });
});

describe('AuthenticationMethods satisfiability', () => {
  const ev = (text: string) => {
    const file = parseFile('/virtual/sshd_config', text);
    return evaluate(loadConfig(file, nodeFileHost(), { sshdir: '/virtual' }));
  };
  it('fails only when every list needs a disabled method', () => {
    assert.deepEqual(unsatisfiableAuthMethods(ev('AuthenticationMethods publickey\nPubkeyAuthentication no\n')),
      [{ list: 'publickey', method: 'publickey' }]);
    assert.equal(unsatisfiableAuthMethods(ev('AuthenticationMethods publickey password\nPubkeyAuthentication no\n')), undefined);
    assert.deepEqual(unsatisfiableAuthMethods(ev('AuthenticationMethods gssapi-with-mic\n')), [{ list: 'gssapi-with-mic', method: 'gssapi-with-mic' }]);
    assert.equal(unsatisfiableAuthMethods(ev('AuthenticationMethods keyboard-interactive:pam\n')), undefined);
    assert.equal(unsatisfiableAuthMethods(ev('AuthenticationMethods any\nPasswordAuthentication no\n')), undefined);
  });
  it('checks the start-up values, not what a later `Match all` line sets per connection (as sshd 9.2 does)', () => {
    assert.equal(unsatisfiableAuthMethods(ev('AuthenticationMethods publickey\nMatch all\n  AuthenticationMethods hostbased\n')), undefined);
    assert.deepEqual(unsatisfiableAuthMethods(ev('AuthenticationMethods hostbased\nHostbasedAuthentication no\nMatch all\n  HostbasedAuthentication yes\n')),
      [{ list: 'hostbased', method: 'hostbased' }]);
    assert.equal(unsatisfiableAuthMethods(ev('AuthenticationMethods hostbased\nMatch all\n  HostbasedAuthentication yes\n')), undefined);
  });
});

// ---- names and defaults against the installed OpenSSH ---------------------------------------------------------

const SSH = '/usr/bin/ssh';
const SSHD = '/usr/sbin/sshd';

describe('9.2 name sets match `ssh -Q` of the installed client', { skip: hasBinary(SSH) ? undefined : `${SSH} is not installed` }, () => {
  const version = spawnSync(SSH, ['-V'], { encoding: 'utf8' }).stderr;
  const is92 = /OpenSSH_9\.2p1 Debian/.test(version);
  for (const [query, names] of [['cipher', CIPHERS_9_2], ['mac', MACS_9_2], ['kex', KEX_9_2], ['key-sig', KEY_SIG_9_2], ['sig', SIG_9_2]] as const) {
    it(`ssh -Q ${query}`, (t) => {
      if (!is92) { t.skip(`the installed client is ${version.trim()}, not Debian's OpenSSH 9.2`); return; }
      const out = spawnSync(SSH, ['-Q', query], { encoding: 'utf8' }).stdout.trim().split('\n');
      assert.deepEqual([...names], out);
    });
  }
});

// ---- verdicts: does sshd refuse the file? ---------------------------------------------------------------------

/** [config, sshd 9.2 refuses it]. Each verdict was taken from `sshd -t`. */
const VERDICTS: [string, boolean][] = [
  ['Port ssh', false], ['Port 0', true], ['Port 65536', true], ['Port ${SSH_LISTEN_PORT}', true], ['Port 22 23', true],
  ['Port', true], ['Port #x', true], ['Port +22', false], ['Port foo', true],
  ['PasswordAuthentication true', true], ['PasswordAuthentication NO', false], ['PasswordAuthentication no yes', true],
  ['PasswordAuthentication no # c', false], ['PasswordAuthentication ==no', true], ['PasswordAuthentication = no', false],
  ['PermitRootLogin maybe', true], ['PermitTunnel YES', true], ['PermitTunnel point-to-point', false],
  ['FingerprintHash sha1', false], ['FingerprintHash md4', true], ['LogLevel verbose', false], ['LogLevel chatty', true],
  ['SyslogFacility kern', true], ['GatewayPorts CLIENTSPECIFIED', false], ['AllowTcpForwarding both', true],
  ['MaxAuthTries -0', false], ['MaxAuthTries -1', true], ['MaxAuthTries 0x10', true], ['MaxSessions ""', true],
  ['LoginGraceTime 1m30', false], ['LoginGraceTime 1.5m', true], ['LoginGraceTime 5ms', true],
  ['ClientAliveInterval 596524h', true],
  ['MaxStartups 10abc', false], ['MaxStartups 10:30', true], ['MaxStartups 70:30:60', true],
  ['Ciphers +', true], ['Ciphers -', false], ['Ciphers aes*', true], ['Ciphers -aes*-cbc', false], ['Ciphers AES128-CTR', true],
  ['Ciphers aes128-ctr,,bogus', false], ['Ciphers ,bogus', true], ['Ciphers !aes128-ctr,aes256-ctr', true],
  ['Ciphers aes128-ctr aes256-ctr', true], ['KexAlgorithms mlkem768x25519-sha256', true],
  ['KexAlgorithms -mlkem768x25519-sha256', false], ['KexAlgorithms sntrup761x25519-sha512', false],
  ['KexAlgorithms gss-curve25519-sha256-,curve25519-sha256', false], ['KexAlgorithms gss-curve25519-sha256-', true],
  ['HostKeyAlgorithms RSA', true], ['HostKeyAlgorithms ssh-ed25519,RSA', false], ['HostKeyAlgorithms ssh-*', false],
  ['HostKeyAlgorithms foo*', true], ['HostKeyAlgorithms !ssh-rsa,ssh-ed25519', true], ['HostKeyAlgorithms SSH-ED25519', true],
  ['CASignatureAlgorithms ssh-rsa-cert-v01@openssh.com', true], ['CASignatureAlgorithms ssh-ed25519,ssh-rsa-cert*', false],
  ['MACs hmac-ripemd160', true], ['MACs +hmac-md5', false],
  ['Match User', true], ['Match Usr alice', true], ['Match all User x', true], ['Match Address 10.0.0.0/33', true],
  ['Match #x', true], ['Match LocalPort 70000', true], ['Match LocalPort ssh', false], ['Match User=alice\n\tX11Forwarding no', false],
  ['Match User alice\n\tPort 22', true], ['Match all\n\tPort 22', false], ['Match User alice\n\tPasswordAuthentication maybe', true],
  ['Match User alice\n\tPubkeyAcceptedAlgorithms bogus', true], ['Match User alice\n\tInclude /nonexistent/x.conf', false],
  ['AuthenticationMethods password,pubkey', true], ['AuthenticationMethods publickey any', true], ['AuthenticationMethods any', false],
  ['AuthenticationMethods publickey,,password', true], ['AuthenticationMethods keyboard-interactive:pam publickey', false],
  ['AuthenticationMethods gssapi-with-mic', true], ['AuthenticationMethods publickey\nPubkeyAuthentication no', true],
  ['AuthenticationMethods publickey password\nPubkeyAuthentication no', false], ['AuthenticationMethods #x', true],
  ['AuthenticationMethods publickey\nMatch User alice\n\tAuthenticationMethods any', true],
  ['AuthenticationMethods any\nMatch User a\n\tAuthenticationMethods any', true],
  // (`Match User a` publickey, then `Match all` any: sshd -t accepts it, but fails user a: oracle.test.ts checks it.)
  ['Match User x\n\tAuthenticationMethods any publickey', true], ['Match all\n\tAuthenticationMethods publickey any', true],
  ['AuthenticationMethods any\nAuthenticationMethods publickey', false],
  ['Subsystem sftp internal-sftp\nSubsystem sftp /usr/lib/sftp-server', true],
  ['Subsystem sftp internal-sftp\nSubsystem SFTP /usr/lib/sftp-server', false], ['Subsystem sftp', true],
  ['"PasswordAuthentication no', false], ['PasswordAuthentication "no', true], ['\uFEFFPasswordAuthentication no', true],
  ['RequiredAuthentications2 publickey', true], ['Bogus', true], ['PasswordAuthenticaton no', true], ['Protocol', true],
  ['Protocol 2 3', false], ['UsePrivilegeSeparation sandbox', false], ['KerberosGetAFSToken yes', false],
  ['Banner /a /b', true], ['Include /nonexistent/*.conf', false], ['Include #x', true], ['Include /etc/ssh/sshd_config', true],
  ['RekeyLimit 1G 1h', false], ['IPQoS af21 cs1 x', true], ['PermitOpen a:1 b:2', false], ['PermitOpen any b:2', true],
  ['AcceptEnv LANG=x', true], ['AllowUsers #x', false], ['SetEnv A=1 B=2', false], ['DebianBanner no', false],
  ['AuthorizedKeysCommand /bin/true', true], ['AuthorizedKeysCommand none', false],
  ['AuthorizedKeysCommand /bin/true\nAuthorizedKeysCommandUser nobody', false], ['ForceCommand #x', false],
  ['UseDNS no extra # comment', true],
  // Found by oracle-fuzz.test.ts: values of single options, and their near misses.
  ['RDomain %D', true], ['Match User x\n\tRDomain none', true], ['ListenAddress 127.0.0.1 rdomain lo', false],
  ['ListenAddress 127.0.0.1 rdomain %D', true], ['ListenAddress 127.0.0.1 rdomain', true], ['ListenAddress 127.0.0.1 vrf lo', true],
  ['ListenAddress [::1', true], ['ListenAddress [::1]x', true], ['ListenAddress [::1]', false], ['ListenAddress host/22', true],
  ['ListenAddress 127.0.0.1:0', true], ['ListenAddress 127.0.0.1:', true], ['ListenAddress 127.0.0.1:ssh', false],
  ['ListenAddress fe80::1%lo', false],
  ['ListenAddress 999.1.1.1', true], ['ListenAddress 127.1', false], ['ListenAddress 1.2.3.4.', true], ['ListenAddress 09.0.0.1', true],
  ['ListenAddress 010.0.0.1', false], ['ListenAddress 4294967295', false], ['ListenAddress 4294967296', true],
  ['ListenAddress ::1::2', true], ['ListenAddress [::1::2]:22', true], ['ListenAddress []:22', true], ['ListenAddress :22', true],
  ['ListenAddress ::ffff:1.2.3.4', false], ['AddressFamily inet6\nListenAddress 127.0.0.1', true], ['ListenAddress ::1\nAddressFamily inet', true],
  ['AddressFamily inet\nMatch all\n\tListenAddress ::1', true], ['AddressFamily INET6\nListenAddress ::ffff:1.2.3.4', false],
  ['AddressFamily inet\nListenAddress 127.0.0.1', false], ['ListenAddress [fe80::1%lo]:22', false], ['ListenAddress 0', false],
  ['AuthorizedKeysCommand NONE', false], ['AuthorizedKeysCommand none # off', true],
  ['AuthorizedKeysCommand "/opt/k" %u\nAuthorizedKeysCommandUser nobody', true],
  ['"AuthorizedKeysCommand"=/bin/true\nAuthorizedKeysCommandUser nobody', true],
  ['AuthorizedKeysCommand = /bin/true\nAuthorizedKeysCommandUser nobody', false],
  ['Match User x\n\tAuthorizedPrincipalsCommand bin/p', true],
  ['PermitOpen foo', true], ['PermitOpen host:', true], ['PermitOpen :80', false], ['PermitOpen [::1', true],
  ['PermitOpen h/80', true], ['PermitOpen h:0', true], ['PermitOpen h:ssh h:* [::1]:443', false], ['PermitOpen ANY', true],
  ['PermitOpen h:80 any', true], ['PermitOpen h:80 ""', false], ['PermitListen 8080 *:*', false], ['PermitListen *', false],
  ['PermitListen 0', true], ['PermitListen foo:bar', true], ['PermitListen localhost:99999', true],
  ['IPQoS bogus', true], ['IPQoS le AF21', false], ['IPQoS 08', true], ['IPQoS 0x10 256', true], ['IPQoS -0 010', false],
  ['IPQoS 5x', true],
  ['ChannelTimeout session', true], ['ChannelTimeout bogus=5m', false], ['ChannelTimeout session=1x', true],
  ['ChannelTimeout NONE', false], ['ChannelTimeout none session=1', true], ['ChannelTimeout session=1 none', false],
  ['ChannelTimeout a=', true], ['ChannelTimeout a==5', true], ['ChannelTimeout a=5 ""', true],
  ['PerSourceMaxStartups x', true], ['PerSourceMaxStartups -1', true], ['PerSourceMaxStartups NONE', true],
  ['PerSourceMaxStartups 0', false], ['PerSourceNetBlockSize 33', true], ['PerSourceNetBlockSize 24:129', true],
  ['PerSourceNetBlockSize 24x', false], ['PerSourceNetBlockSize 24:x', false], ['PerSourceNetBlockSize :24', true],
  ['PerSourceNetBlockSize 24:-1', true],
  ['StreamLocalBindMask 0888', false], ['StreamLocalBindMask x', true], ['StreamLocalBindMask 1000', true],
  ['StreamLocalBindMask -1', true], ['StreamLocalBindMask 0x1', false], ['StreamLocalBindMask 8', true],
  ['SetEnv A', true], ['SetEnv =1', true], ['SetEnv A=1 B', true], ['SetEnv A=1 ""', true], ['SetEnv A= ==', false],
  ['GSSAPIKexAlgorithms bogus', true], ['GSSAPIKexAlgorithms gss-group14-sha256-foo', false],
  ['GSSAPIKexAlgorithms gss-group14-sha256-,,bogus', false], ['GSSAPIKexAlgorithms +gss-gex-sha1-', true],
  ['GSSAPIKexAlgorithms GSS-GEX-SHA1-', true], ['GSSAPIKexAlgorithms gss-', true],
  ['RekeyLimit 1X', true], ['RekeyLimit 1G 1x', true], ['RekeyLimit 1.5G', false], ['RekeyLimit 0', false],
  ['RekeyLimit 15', true], ['RekeyLimit 16B', false], ['RekeyLimit 1.5', true], ['RekeyLimit .5K', false],
  ['RekeyLimit 1E', false], ['RekeyLimit 8E', true], ['RekeyLimit -1', true], ['RekeyLimit DEFAULT', true],
  ['RekeyLimit default none', false], ['RekeyLimit 1G NONE', true], ['RekeyLimit 1G ""', true],
  ['PubkeyAuthOptions bogus', true], ['PubkeyAuthOptions NONE', false], ['PubkeyAuthOptions touch-required none', false],
  ['PubkeyAuthOptions verify-required ""', true],
  ['LogVerbose NONE', false], ['LogVerbose a none', true], ['LogVerbose none a', true], ['LogVerbose a ""', true],
  ['LogVerbose kex.c:*:1000 sshd.c:*', false], ['"LogVerbose" = none', true],
];

const VALIDITY_RULES = RULES.filter((r) => ['sshd/invalid-value', 'sshd/unknown-keyword', 'sshd/unknown-algorithm',
  'sshd/keyword-not-allowed-in-match', 'sshd/include-problem'].includes(r.meta.id));

function oracleUnavailable(): string | undefined {
  if (!hasBinary(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server)`;
  const args = process.getuid?.() === 0 ? ['-m', '--propagation', 'private', 'true'] : ['-r', '-m', '--propagation', 'private', 'true'];
  const probe = spawnSync('unshare', args, { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'no private mount namespace for the oracle (unshare)';
  return undefined;
}

describe('validity rules say "sshd refuses to start" exactly when sshd 9.2 does', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-verdicts-'));
  after(() => fs.rmSync(work, { recursive: true, force: true }));
  const dirs = VERDICTS.map(([text], i) => {
    const dir = path.join(work, String(i));
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'sshd_config'), text + '\n');
    return dir;
  });

  // With sshd installed, every recorded verdict is asked again in one batch (scripts/oracle-batch.sh).
  const reason = oracleUnavailable();
  let sshdSays: number[] | undefined;
  before(() => {
    if (reason) return;
    const jobs = path.join(work, 'jobs.tsv');
    const out = path.join(work, 'answers');
    fs.writeFileSync(jobs, dirs.map((d) => `-t\t${d}\tsshd_config\t-\n`).join(''));
    const r = spawnSync('sh', [path.join(ROOT, 'scripts', 'oracle-batch.sh'), jobs, out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    sshdSays = dirs.map((_, i) => Number(fs.readFileSync(path.join(out, `${i + 1}.rc`), 'utf8')));
  });

  VERDICTS.forEach(([text, refused], i) => {
    it(`${JSON.stringify(text)}: ${refused ? 'refused' : 'accepted'}`, () => {
      const errors = lintPath(path.join(dirs[i], 'sshd_config'), { rules: VALIDITY_RULES }).filter((f) => f.severity === 'error');
      assert.equal(errors.length > 0, refused, errors.map((f) => f.message).join('\n') || 'no error finding');
      if (sshdSays) assert.equal(sshdSays[i] !== 0, refused, `sshd -t exit code ${sshdSays[i]}`);
    });
  });
});

// ---- the third-party corpus -----------------------------------------------------------------------------------

describe('corpus: validity and crypto rules on real configs', { skip: fs.existsSync(CORPUS) ? undefined : `no corpus at ${CORPUS}` }, () => {
  const sshd = path.join(CORPUS, 'sshd');
  const at = (rel: string, rules: string[]) => lintPath(path.join(sshd, rel), { rules: RULES.filter((r) => rules.includes(r.meta.id)), kind: 'sshd' })
    .map((f) => `${f.range.start.line + 1}:${f.severity}:${f.ruleId}`);

  it('gitea template: unexpanded port (sshd: "line 1: Badly formatted port number") and a DSA host key', () => {
    assert.deepEqual(at('bad/gitea_docker_templates_sshd_config.tmpl', ['sshd/invalid-value', 'sshd/dsa-host-key']),
      ['1:error:sshd/invalid-value', '13:error:sshd/dsa-host-key']);
  });
  it('Mozilla intermediate (OpenSSH 5.3): RequiredAuthentications2 on line 10', () => {
    assert.deepEqual(at('bad/mozilla_infosec_intermediate_openssh53_sshd_config', ['sshd/unknown-keyword']), ['10:error:sshd/unknown-keyword']);
  });
  it('sshd-lint tricky.conf: MaxAuthTries four on line 56', () => {
    assert.deepEqual(at('bad/sshd-lint-samples/tricky.conf', ['sshd/invalid-value']), ['56:error:sshd/invalid-value']);
  });
  it('OpenSSH 6.6 default: UsePrivilegeSeparation is deprecated', () => {
    assert.deepEqual(at('bad/openssh-portable_V_6_6_P1_sshd_config_legacy', ['sshd/deprecated-keyword']), ['110:info:sshd/deprecated-keyword']);
  });
  it('configs sshd accepts get no error from the validity rules', () => {
    const ids = VALIDITY_RULES.map((r) => r.meta.id);
    for (const rel of ['hardened/devsec_ssh_hardening_rendered_debian12_defaults.conf', 'hardened/mozilla_infosec_modern_sshd_config',
      'hardened/sshd_config.d/ssh-audit_debian12_v3_ssh-audit_hardening.conf', 'hardened/omnibus-gitlab_docker_assets_sshd_config',
      'defaults/openssh-portable_V_9_2_P1_sshd_config', 'defaults/debian12_openssh-server_9.2p1-2+deb12u10_sshd_config',
      'defaults/atmoz-sftp_files_sshd_config', 'bad/sshd-lint-samples/realistic.conf']) {
      assert.deepEqual(at(rel, ids).filter((f) => f.includes(':error:')), [], rel);
    }
  });
  it('the ssh-audit Debian 12 guide puts GSSAPI key exchanges in KexAlgorithms, where sshd drops them', () => {
    assert.deepEqual(at('hardened/sshd_config.d/ssh-audit_debian12_v3_ssh-audit_hardening.conf', ['sshd/unknown-algorithm']),
      ['3:warning:sshd/unknown-algorithm', '3:warning:sshd/unknown-algorithm']);
  });
  it('hardened guides enable no weak algorithm', () => {
    const crypto = ['sshd/weak-ciphers', 'sshd/weak-macs', 'sshd/weak-kex', 'sshd/weak-host-key-algorithms', 'sshd/dsa-host-key'];
    for (const rel of ['hardened/devsec_ssh_hardening_rendered_debian12_defaults.conf', 'hardened/mozilla_infosec_modern_sshd_config',
      'hardened/sshd_config.d/ssh-audit_debian12_v3_ssh-audit_hardening.conf']) {
      assert.deepEqual(at(rel, crypto), [], rel);
    }
  });
});
