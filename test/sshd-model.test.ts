// The sshd model without the real sshd: tokenizer edge cases (reference §2), lossless offsets, Include expansion,
// Match structure, first-value-wins evaluation and the `sshd -T` rendering. test/oracle.test.ts checks the same
// model against sshd itself where it is installed.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SourceText } from '../core/text';
import {
  Directive, evaluate, evaluateForBlock, IncludeDirective, isInclude, isMatch, loadConfig, MatchDirective, parseFile, SshdConfig,
} from '../core/sshd/config';
import { convtime, dumpConfig } from '../core/sshd/dump';
import { parseMatch, strdelimWords } from '../core/sshd/match';
import { SshdLine, tokenize, tokenizeText } from '../core/sshd/tokenizer';
import { memoryHost } from '../core/host';

const line = (text: string): SshdLine => tokenize(new SourceText(text))[0];
const args = (text: string): string[] => line(text).args.map((a) => a.value);

function load(files: Record<string, string>, root = '/etc/ssh/sshd_config'): SshdConfig {
  return loadConfig(parseFile(root, files[root]), memoryHost(files), { sshdir: '/etc/ssh' });
}

const lineOf = (d: Directive): string => `${path.posix.basename(d.file.path)}:${d.line.index + 1}`;

describe('tokenizer: OpenSSH line splitting', () => {
  it('treats # as a comment only at the start of a token', () => {
    assert.deepEqual(args('AllowUsers alice#x bob'), ['alice#x', 'bob']);
    const l = line('AllowUsers alice #x bob');
    assert.deepEqual(l.args.map((a) => a.value), ['alice']);
    assert.equal(l.trailingComment?.value, '#x bob');
  });

  it('removes quotes, also in the middle of a token, and honours escapes', () => {
    assert.deepEqual(args(`AllowGroups 'a b' c"ar ol"x`), ['a b', 'car olx']);
    assert.deepEqual(args('AllowGroups a\\ b'), ['a b']);
    assert.deepEqual(args('AllowGroups "a\\"b" a\\\\b "t\tab"'), ['a"b', 'a\\b', 't\tab']);
  });

  it('accepts a quoted keyword', () => {
    const l = line('"AllowUsers" q');
    assert.equal(l.keyword?.value, 'AllowUsers');
    assert.deepEqual(l.args.map((a) => a.value), ['q']);
  });

  it('splits the keyword at one = with optional blanks around it', () => {
    for (const text of ['MaxAuthTries=3', 'MaxAuthTries = 3', 'MaxAuthTries =3', 'MaxAuthTries\t3']) {
      const l = line(text);
      assert.equal(l.keyword?.value, 'MaxAuthTries', text);
      assert.deepEqual(l.args.map((a) => a.value), ['3'], text);
    }
    // sshd: `unsupported option "=no"` — only one = is a separator.
    assert.deepEqual(args('PasswordAuthentication ==no'), ['=no']);
  });

  it('reports an unterminated quote and a keyword without argument as line errors, not exceptions', () => {
    assert.equal(line('AllowUsers "alice').error, 'invalid-quotes');
    assert.equal(line('"AllowUsers alice').error, 'invalid-quotes');
    assert.equal(line('PasswordAuthentication').error, 'no-argument');
    assert.equal(line('PasswordAuthentication   \t').error, 'no-argument');
  });

  it('reads CRLF lines, a missing final newline, tabs and trailing blanks like sshd', () => {
    const lines = tokenize(new SourceText('PermitRootLogin no\r\n\tX11Forwarding\tyes  \r\nMaxSessions 4'));
    assert.deepEqual(lines.map((l) => [l.keyword?.value, l.args.map((a) => a.value)]),
      [['PermitRootLogin', ['no']], ['X11Forwarding', ['yes']], ['MaxSessions', ['4']]]);
  });

  it('keeps a UTF-8 BOM in the first keyword, as sshd does (Bad configuration option: \\357\\273\\277...)', () => {
    const l = line('\uFEFFPasswordAuthentication no');
    assert.equal(l.keyword?.value, '\uFEFFPasswordAuthentication');
  });

  it('classifies blank and comment lines', () => {
    assert.deepEqual(tokenize(new SourceText('\n   \n# c\n  #c2\n')).map((l) => l.kind), ['blank', 'blank', 'comment', 'comment', 'blank']);
  });

  it('keeps the raw remainder for rest-of-line keywords, comment included', () => {
    assert.equal(line('ForceCommand   internal-sftp -u 0002 # umask  ').rest?.value, 'internal-sftp -u 0002 # umask');
  });

  it('splits Match criteria with strdelim: `User = alice`, `User=alice` and quotes', () => {
    assert.deepEqual(strdelimWords('User = alice Address=10.0.0.0/8 Host "a b"'), ['User', 'alice', 'Address', '10.0.0.0/8', 'Host', 'a b']);
    assert.equal(strdelimWords('User "alice'), undefined);
    assert.deepEqual(parseMatch([], 'User = alice'), { ok: true, all: false, criteria: [{ name: 'user', value: 'alice' }] });
    assert.deepEqual(parseMatch([], 'all # comment'), { ok: true, all: true, criteria: [] });
    assert.deepEqual(parseMatch([], 'User'), { ok: false, error: 'missing:User' });
    assert.deepEqual(parseMatch([], 'Usr alice'), { ok: false, error: 'unsupported:Usr' });
    assert.deepEqual(parseMatch([], 'all User alice'), { ok: false, error: 'all-combined' });
    assert.deepEqual(parseMatch([], 'Address 10.0.0.0/33'), { ok: false, error: 'bad-address:10.0.0.0/33' });
  });
});

describe('tokenizer: lossless offsets', () => {
  const pieces = ['PermitRootLogin no', '  AllowUsers "al ice" bob#x # trailing', '\tMatch User=alice', 'X11Forwarding\tyes   ',
    '# comment', '', 'ForceCommand internal-sftp -u 0002 # umask', 'Banner "/etc/issue net"', 'AllowGroups a\\ b c"d e"f',
    'MaxAuthTries = 3', 'Ciphers -aes128-cbc,3des-cbc', 'Ünïcödé 𝔘 "x"', 'AllowUsers "unterminated'];
  const eols = ['\n', '\r\n', '\n', '\n'];
  const big = Array.from({ length: 10_000 }, (_, i) => pieces[i % pieces.length] + eols[i % eols.length]).join('') + 'LastLine without newline';

  it('rebuilds a 10,000-line file byte for byte from its lines', () => {
    const src = new SourceText(big);
    const lines = tokenize(src);
    assert.equal(lines.length, 10_001);
    const rebuilt = lines.map((l, i) => big.slice(l.start, i + 1 < lines.length ? lines[i + 1].start : big.length)).join('');
    assert.equal(rebuilt, big);
  });

  it('gives every token the exact raw text it was read from, in order and without overlap', () => {
    const src = new SourceText(big);
    for (const l of tokenize(src)) {
      const raw = big.slice(l.start, l.end);
      const tokens = [l.keyword, ...l.args, l.trailingComment].filter((t) => t !== undefined);
      let at = l.start;
      for (const t of tokens) {
        assert.ok(t.start >= at && t.end <= l.end && t.start <= t.end, `token out of its line: ${raw}`);
        at = t.end;
      }
      for (const a of l.args) {
        const text = big.slice(a.start, a.end);
        // Quote- and escape-free tokens are their own value.
        if (!/["'\\]/.test(text)) assert.equal(text, a.value);
      }
      if (l.rest) assert.equal(big.slice(l.rest.start, l.rest.end), l.rest.value);
    }
  });

  it('splits a whole file in one pass into the lines and line index a line-by-line split gives', () => {
    // Files are read in one pass; an editor's edited text line by line (tokenize with an earlier parse; an empty
    // one leaves every line to split): both must agree.
    const edges = ['', '\n', '\r\n', 'Port 22', '#x\n', '#"x\n', '  #a "b\n', '\f#c\n', ' \f \n', 'A b\\ \n', 'X a\\',
      'X "a\nb"\n', '\r', 'a\rb c\r\n', 'Foo bar\f\r\nBaz "q\f\n', '\t#\t"\n#', big];
    // Texts drawn from the characters and words the splitting turns on (seeded: the same texts every run).
    const alphabet = ['a', 'B', ' ', '\t', '\r', '\n', '\f', '#', '"', "'", '\\', '=', 'Port', '22', '\u00a0', '\v'];
    let seed = 42;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const drawn = Array.from({ length: 5000 }, () =>
      Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    for (const text of [...edges, ...drawn]) {
      const src = new SourceText(text);
      const { lineStarts, lines } = tokenizeText(text);
      assert.deepEqual(lineStarts, src.lineStarts, JSON.stringify(text));
      assert.deepEqual(lines, tokenize(src, { text: '', lines: [] }), JSON.stringify(text));
    }
  });
});

describe('Include expansion', () => {
  it('expands globs in C byte order, relative paths against sshdir, /etc/ssh paths onto sshdir', () => {
    const config = loadConfig(parseFile('/ws/sshd_config', 'Include conf.d/*.conf /etc/ssh/abs.conf\n'), memoryHost({
      '/ws/sshd_config': '',
      '/ws/conf.d/b.conf': '', '/ws/conf.d/B.conf': '', '/ws/conf.d/10.conf': '', '/ws/conf.d/9.conf': '',
      '/ws/conf.d/.hidden.conf': '', '/ws/conf.d/x.txt': '', '/ws/abs.conf': '',
    }), { sshdir: '/ws' });
    const include = config.items.get(config.root)![0] as IncludeDirective;
    assert.deepEqual(include.patterns.map((p) => p.targets.map((t) => path.posix.relative('/ws', t.path))),
      [['conf.d/10.conf', 'conf.d/9.conf', 'conf.d/B.conf', 'conf.d/b.conf'], ['abs.conf']]);
  });

  it('finds nothing, silently, for a glob or literal path that matches no file', () => {
    const config = load({ '/etc/ssh/sshd_config': 'Include none/*.conf /etc/ssh/missing.conf\n' });
    const include = config.items.get(config.root)![0] as IncludeDirective;
    assert.deepEqual(include.patterns.map((p) => p.targets), [[], []]);
  });

  it('detects a file that includes itself and two files that include each other', () => {
    const self = load({ '/etc/ssh/sshd_config': 'Include sshd_config\nPermitRootLogin no\n' });
    const selfInclude = self.items.get(self.root)![0] as IncludeDirective;
    assert.equal(selfInclude.patterns[0].targets[0].problem, 'cycle');

    const pair = load({ '/etc/ssh/sshd_config': 'Include a.conf\n', '/etc/ssh/a.conf': 'Include b.conf\n', '/etc/ssh/b.conf': 'Include a.conf\nMaxSessions 2\n' });
    const b = pair.files.get('/etc/ssh/b.conf')!;
    const back = pair.items.get(b)![0] as IncludeDirective;
    assert.equal(back.patterns[0].targets[0].problem, 'cycle');
    assert.equal(evaluate(pair).values.get('maxsessions')?.args[0], '2');
  });

  it('stops at sshd\'s depth limit of 16 nested includes', () => {
    const files: Record<string, string> = { '/etc/ssh/sshd_config': 'Include l1.conf\n' };
    for (let i = 1; i <= 20; i++) files[`/etc/ssh/l${i}.conf`] = `Include l${i + 1}.conf\nAcceptEnv L${i}\n`;
    const config = load(files);
    const deepest = config.files.get('/etc/ssh/l16.conf')!;
    const include = config.items.get(deepest)![0] as IncludeDirective;
    assert.equal(include.patterns[0].targets[0].problem, 'too-deep');
    // Files are read depth-first: the deepest file sshd still reads (l16, depth 16) comes first.
    const read = evaluate(config).lists.get('acceptenv')!.map((s) => s.args[0]);
    assert.equal(read.length, 16);
    assert.equal(read[0], 'L16');
  });
});

describe('Match structure', () => {
  const config = load({
    '/etc/ssh/sshd_config': 'PermitRootLogin no\nInclude d/*.conf\nX11Forwarding no\nMatch User alice\n  Include m.conf\n  MaxSessions 2\n',
    '/etc/ssh/d/1.conf': 'Banner /etc/issue\nMatch User bob\n  PasswordAuthentication yes\n',
    '/etc/ssh/m.conf': 'AllowTcpForwarding no\n',
  });
  const byLine = (file: string, n: number) => config.items.get(config.files.get(file)!)!.find((d) => d.line.index === n - 1)!;

  it('ties each directive to the Match line of its own file', () => {
    assert.equal(byLine('/etc/ssh/d/1.conf', 3).match?.line.index, 1);
    assert.equal(byLine('/etc/ssh/sshd_config', 6).match?.line.index, 3);
  });

  it('ends a Match block at the end of the file it was opened in', () => {
    assert.equal(byLine('/etc/ssh/sshd_config', 3).match, undefined, 'X11Forwarding after the Include stays global');
    assert.equal(byLine('/etc/ssh/m.conf', 1).match, undefined, 'an included file starts global; sshd applies it only inside the Match');
  });

  it('parses Match criteria', () => {
    const m = config.items.get(config.root)!.find(isMatch)!;
    assert.deepEqual(m.parsed, { ok: true, all: false, criteria: [{ name: 'user', value: 'alice' }] });
  });
});

describe('evaluation', () => {
  const files = {
    '/etc/ssh/sshd_config': [
      'Include /etc/ssh/sshd_config.d/*.conf',
      'PasswordAuthentication no',
      'PermitRootLogin no',
      'AllowUsers root',
      'AllowUsers ops',
      'FingerprintHash md5',
      'FingerprintHash sha256',
      'Port 22',
      'Match User alice',
      '  X11Forwarding yes',
      '  AllowUsers alice',
      '  Port 2222',
      'Match User alice,bob',
      '  X11Forwarding no',
      '  MaxSessions 3',
      'Match all',
      '  PermitRootLogin prohibit-password',
      '',
    ].join('\n'),
    '/etc/ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication yes\n',
  };
  const config = load(files);
  const ev = evaluate(config);
  const at = (n: number) => config.items.get(config.root)!.find((d) => d.line.index === n - 1)!;

  it('keeps the first value: a drop-in read through an early Include beats the main file', () => {
    const s = ev.values.get('passwordauthentication')!;
    assert.equal(s.args[0], 'yes');
    assert.equal(lineOf(s.directive), '50-cloud-init.conf:1');
    assert.deepEqual(ev.states.get(at(2)), { state: 'shadowed', by: s.directive });
  });

  it('adds up cumulative keywords line by line', () => {
    assert.deepEqual(ev.lists.get('allowusers')!.map((s) => s.args[0]), ['root', 'ops']);
  });

  it('lets the last line win where sshd assigns on every line (FingerprintHash, IPQoS, MaxStartups...)', () => {
    assert.equal(ev.values.get('fingerprinthash')!.args[0], 'sha256');
    assert.equal(ev.states.get(at(6))?.state, 'shadowed');
  });

  it('applies Match all to every connection, overriding the global value', () => {
    assert.equal(ev.values.get('permitrootlogin')!.args[0], 'prohibit-password');
    assert.equal(ev.overriddenByMatch.get(at(3)), at(17));
  });

  it('marks directives of Match blocks no connection reaches at start-up as inactive, global-only ones as refused', () => {
    assert.deepEqual(ev.states.get(at(10)), { state: 'inactive' });
    assert.deepEqual(ev.states.get(at(12)), { state: 'not-allowed-in-match' });
  });

  it('evaluates a connection: the first matching block wins per keyword, lists in Match replace the global list', () => {
    const alice = evaluate(config, { user: 'alice' });
    assert.equal(alice.values.get('x11forwarding')!.args[0], 'yes');
    assert.equal(alice.values.get('maxsessions')!.args[0], '3');
    assert.deepEqual(alice.lists.get('allowusers')!.map((s) => s.args[0]), ['alice']);
    const bob = evaluate(config, { user: 'bob' });
    assert.equal(bob.values.get('x11forwarding')!.args[0], 'no');
    assert.deepEqual(bob.lists.get('allowusers')!.map((s) => s.args[0]), ['root', 'ops']);
  });

  it('evaluates one Match block as if a connection reached it alone', () => {
    const block = config.items.get(config.root)!.find((d): d is MatchDirective => isMatch(d) && d.line.index === 12)!;
    const ev2 = evaluateForBlock(config, block);
    assert.equal(ev2.values.get('x11forwarding')!.args[0], 'no');
    assert.equal(ev2.values.get('maxsessions')!.args[0], '3');
  });

  it('keeps the reading order, with included files in place', () => {
    assert.deepEqual(ev.order.slice(0, 3).map(lineOf), ['sshd_config:1', '50-cloud-init.conf:1', 'sshd_config:2']);
    assert.ok(ev.order.some(isInclude));
  });
});

describe('sshd -T rendering', () => {
  const dump = (text: string, files: Record<string, string> = {}) => {
    const config = load({ '/etc/ssh/sshd_config': text, ...files });
    return dumpConfig(evaluate(config), { cwd: '/run/sshd-cwd', home: '/root' });
  };
  const value = (lines: string[], key: string) => lines.filter((l) => l.startsWith(key + ' ')).map((l) => l.slice(key.length + 1));

  it('prints every option with its default for an empty config', () => {
    const { lines } = dump('');
    assert.equal(lines.length, 90); // as Debian 12's sshd -T prints an empty config
    assert.deepEqual(lines.slice(0, 4), ['port 22', 'addressfamily any', 'listenaddress [::]:22', 'listenaddress 0.0.0.0:22']);
    assert.deepEqual(value(lines, 'permitrootlogin'), ['without-password']);
    assert.deepEqual(value(lines, 'hostkey'), ['/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key', '/etc/ssh/ssh_host_ed25519_key']);
  });

  it('normalises values the way sshd stores them', () => {
    const { lines } = dump('LoginGraceTime 1m30s\nPermitRootLogin prohibit-password\nCompression delayed\nLogLevel debug1\n'
      + 'SyslogFacility local3\nAllowTcpForwarding all\nStreamLocalBindMask 077\nIPQoS 0x1f\nRekeyLimit 1G 1h\nHostKey rel/key\n'
      + 'AuthorizedKeysFile ~/.ssh/keys\nPermitListen 8080\nVersionAddendum none\n');
    assert.deepEqual(value(lines, 'logingracetime'), ['90']);
    assert.deepEqual(value(lines, 'permitrootlogin'), ['without-password']);
    assert.deepEqual(value(lines, 'compression'), ['yes']);
    assert.deepEqual(value(lines, 'loglevel'), ['DEBUG']);
    assert.deepEqual(value(lines, 'syslogfacility'), ['LOCAL3']);
    assert.deepEqual(value(lines, 'allowtcpforwarding'), ['yes']);
    assert.deepEqual(value(lines, 'streamlocalbindmask'), ['077']);
    assert.deepEqual(value(lines, 'ipqos'), ['0x1f 0x1f']);
    assert.deepEqual(value(lines, 'rekeylimit'), ['1073741824 3600']);
    assert.deepEqual(value(lines, 'hostkey'), ['/run/sshd-cwd/rel/key']);
    assert.deepEqual(value(lines, 'authorizedkeysfile'), ['/root/.ssh/keys']);
    assert.deepEqual(value(lines, 'permitlisten'), ['*:8080']);
    assert.deepEqual(value(lines, 'versionaddendum'), ['none']);
  });

  it('expands ListenAddress per Port and prints one line per value of cumulative keywords', () => {
    const { lines, hostDependent } = dump('Port 22\nPort 2222\nListenAddress 127.0.0.1\nListenAddress [::1]:2200\nAllowUsers a b\nAllowUsers c\n');
    assert.deepEqual(value(lines, 'listenaddress'), ['127.0.0.1:22', '127.0.0.1:2222', '[::1]:2200']);
    assert.deepEqual(value(lines, 'allowusers'), ['a', 'b', 'c']);
    assert.equal(hostDependent.size, 0);
  });

  it('marks a host name ListenAddress as depending on the host\'s resolver', () => {
    assert.ok(dump('ListenAddress localhost\n').hostDependent.has('listenaddress'));
  });

  it('expands algorithm lists against the 9.2 defaults', () => {
    const { lines } = dump('Ciphers -*-cbc,chacha20*\nMACs ^hmac-sha2-512-etm@openssh.com\nCASignatureAlgorithms -ecdsa*,sk-*,rsa*\n');
    assert.deepEqual(value(lines, 'ciphers'), ['aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com']);
    assert.equal(value(lines, 'macs')[0].split(',')[0], 'hmac-sha2-512-etm@openssh.com');
    assert.equal(value(lines, 'macs')[0].split(',').filter((m) => m === 'hmac-sha2-512-etm@openssh.com').length, 1);
    assert.deepEqual(value(lines, 'casignaturealgorithms'), ['ssh-ed25519']);
  });

  it('converts sshd time values', () => {
    assert.equal(convtime('90'), 90);
    assert.equal(convtime('1h30m'), 5400);
    assert.equal(convtime('2W'), 1209600);
    assert.equal(convtime('1x'), undefined);
    assert.equal(convtime(''), undefined);
  });
});
