// Firewall commands in shell scripts: the command splitter (core/firewall/shell.ts) and the firewall findings it leads
// to, at exact word positions, through variables, loops, sudo, continuations, here-documents and broken syntax.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../core/config';
import { lint } from '../core/engine';
import { collectVariables, invocations } from '../core/firewall/script';
import { parseShell } from '../core/firewall/shell';
import { nodeFileHost } from '../core/host';
import { RULES } from '../rules';

const FIREWALL_RULES = RULES.filter((r) => r.meta.family === 'firewall');

/** Findings as `line:column rule "flagged text"` (1-based), sorted. */
function findings(text: string, path = '/tmp/hardlint-test/firewall.sh'): string[] {
  const out = lint({ path, text, kind: 'firewall' }, { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: FIREWALL_RULES });
  const lines = text.split('\n');
  const offset = (l: number, c: number) => lines.slice(0, l).reduce((n, x) => n + x.length + 1, 0) + c;
  return out.findings.map((f) => {
    const s = offset(f.range.start.line, f.range.start.character);
    const e = offset(f.range.end.line, f.range.end.character);
    return `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId.replace('firewall/', '')} ${JSON.stringify(text.slice(s, e))}`;
  }).sort();
}

/** The firewall invocations the splitter finds: program and argument values (`?` for unknown). */
function calls(text: string): string[] {
  const script = parseShell(text);
  return invocations(script, collectVariables(script)).map((i) => [i.word.value, ...i.args.map((a) => a.value ?? '?')].join(' '));
}

describe('firewall scripts: what reaches the rules', () => {
  it('looks through sudo, env, command, nohup and &&, ||, ;, |', () => {
    const text = 'sudo -u root ufw allow 80/tcp && echo ok || exit 1; env LANG=C nohup ufw deny 23\n'
      + 'echo y | ufw enable\ncommand -v ufw >/dev/null\ntrue; command ufw reload\n';
    assert.deepEqual(calls(text), ['ufw allow 80/tcp', 'ufw deny 23', 'ufw enable', 'ufw reload']);
  });

  it('resolves simple assignments and never guesses the rest', () => {
    const text = [
      'IPT=/sbin/iptables', 'SSH_PORT=2222', 'PORTS="80 443"', 'A=$(cat /etc/port)', 'B=1; B=2', 'C=${C:-22}', 'read -r D',
      '$IPT -A INPUT -p tcp --dport $SSH_PORT -j ACCEPT', 'ufw allow $PORTS', 'ufw allow "$PORTS"', 'ufw allow $A', 'ufw allow $B',
      'ufw allow $C', 'ufw allow $D', 'ufw allow $FROM_ENV',
    ].join('\n');
    assert.deepEqual(calls(text), [
      '/sbin/iptables -A INPUT -p tcp --dport 2222 -j ACCEPT',
      'ufw allow 80 443', 'ufw allow 80 443', 'ufw allow ?', 'ufw allow ?', 'ufw allow ?', 'ufw allow ?', 'ufw allow ?',
    ]);
    // Unquoted, the value splits into two words; quoted, it stays one.
    const script = parseShell('P="80 443"\nufw allow $P\nufw allow "$P"\n');
    const [split, whole] = invocations(script, collectVariables(script));
    assert.equal(split.args.length, 3);
    assert.equal(whole.args.length, 2);
  });

  it('runs a command once per value of a for loop over a literal list, arrays and static variables included', () => {
    const text = 'WEB="80 443"\nPORTS=(25 587)\nfor p in $WEB 8080; do ufw allow $p/tcp; done\n'
      + 'for q in "${PORTS[@]}"; do\n  ufw allow "$q"\ndone\nfor r in $(seq 1 3); do ufw allow $r; done\n';
    assert.deepEqual(calls(text), ['ufw allow 80/tcp', 'ufw allow 443/tcp', 'ufw allow 8080/tcp', 'ufw allow 25', 'ufw allow 587', 'ufw allow ?']);
  });

  it('joins backslash-newline continuations, even inside a word', () => {
    assert.deepEqual(calls('iptables -A INPUT -p tcp --dpo\\\nrt 22 \\\n  -j ACCEPT\n'), ['iptables -A INPUT -p tcp --dport 22 -j ACCEPT']);
  });

  it('calls to a function of the script named like a firewall program are not the program', () => {
    assert.deepEqual(calls('iptables() { /sbin/iptables -w "$@"; }\niptables -A INPUT -j ACCEPT\n'), ['/sbin/iptables -w ?']);
  });

  it('treats Jinja/Ansible template words as unknown', () => {
    assert.deepEqual(calls('{% for port in ports %}\niptables -A INPUT -p tcp --dport {{ port }} -j ACCEPT\n{% endfor %}\n'),
      ['iptables -A INPUT -p tcp --dport ? port }} -j ACCEPT']);
  });
});

describe('firewall scripts: findings at exact word positions', () => {
  it('variables: the SSH port from SSH_PORT, set or from the environment', () => {
    const text = 'SSH_PORT=2222\nufw allow $SSH_PORT/tcp\nufw allow 2222/tcp\niptables -A INPUT -p tcp --dport "${SSH_PORT:-22}" -j ACCEPT\n';
    assert.deepEqual(findings(text), [
      '2:11 ssh-open-to-world "$SSH_PORT/tcp"',
      '3:1 shadowed-rule "ufw allow 2222/tcp"', // the same rule as line 2
      '3:11 ssh-open-to-world "2222/tcp"',
      '4:34 ssh-open-to-world "\\"${SSH_PORT:-22}\\""',
    ]);
  });

  it('loops: one finding per value, on the word in the loop body', () => {
    const text = 'for port in 22 3306 8080; do\n  sudo ufw allow "$port"\ndone\n';
    assert.deepEqual(findings(text), ['2:18 sensitive-port-open "\\"$port\\""', '2:18 ssh-open-to-world "\\"$port\\""']);
  });

  it('sudo and a continuation line: the span starts at the program and covers both lines', () => {
    const text = '#!/bin/sh\nsudo iptables -P INPUT DROP\nsudo iptables -A INPUT -p tcp \\\n  --dport 22 -j ACCEPT\n';
    assert.deepEqual(findings(text), [
      '2:15 enable-before-ssh-allowed "-P INPUT DROP"',
      '2:15 ipv6-unprotected "-P INPUT DROP"',
      '4:11 ssh-open-to-world "22"',
    ]);
  });

  it('here-documents: an iptables-save body is read as a rule file at its own positions; other bodies are not commands', () => {
    const text = [
      '#!/bin/bash',
      'cat > /etc/iptables/rules.v4 <<EOF',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      '-A INPUT -p tcp --dport 3306 -j ACCEPT',
      'COMMIT',
      'EOF',
      'cat <<-\'TEXT\'',
      '\tufw disable',
      '\tTEXT',
      'iptables-restore <<RULES',
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      '-A PREROUTING -i eth0 -j DNAT --to-destination 192.168.1.10',
      'COMMIT',
      'RULES',
      'ufw deny 23',
    ].join('\n');
    assert.deepEqual(findings(text), [
      '14:23 dmz-host "-j DNAT --to-destination 192.168.1.10"',
      '4:1 default-allow-inbound ":INPUT ACCEPT"',
      '5:25 sensitive-port-open "3306"',
    ]);
  });

  it('syntax errors: an unterminated quote, a missing fi, a stray done and an unclosed here-document do not stop the rest', () => {
    const text = [
      'echo "unterminated',
      'ufw allow 23/tcp',
      'if [ -x /usr/sbin/ufw ]; then',
      '  ufw allow 3389',
      'done',
      "ufw allow 'unterminated",
      'ufw disable',
      'cat <<EOF',
      'never closed',
    ].join('\n');
    const script = parseShell(text);
    assert.deepEqual(script.diagnostics.map((d) => d.message).sort(), [
      '"done" without a matching opening',
      'here-document delimited by "EOF" is never closed',
      'unterminated double quote',
      'unterminated single quote',
    ]);
    assert.deepEqual(findings(text), [
      '2:11 plaintext-service-open "23/tcp"',
      '4:13 sensitive-port-open "3389"',
      '7:1 disabled "ufw disable"',
    ]);
  });

  it('UTF-16 columns after non-ASCII text', () => {
    assert.deepEqual(findings('echo "🔥 pare-feu é" ; ufw allow 23\n'), ['1:34 plaintext-service-open "23"']);
  });

  it('CRLF line ends', () => {
    assert.deepEqual(findings('#!/bin/sh\r\nufw allow 23\r\nufw allow \\\r\n  21\r\n'),
      ['2:11 plaintext-service-open "23"', '4:3 plaintext-service-open "21"']);
  });
});

describe('the command splitter on arbitrary input', () => {
  // Random edits of a valid script with the characters that matter to a shell parser: it must neither throw nor hang.
  const BASE = [
    '#!/bin/bash', 'SSH_PORT=${SSH_PORT:-22}', 'PORTS=(80 443)', 'f() {', '  for p in "${PORTS[@]}"; do', '    sudo ufw allow "$p"/tcp',
    '  done', '}', 'if [[ -n "$X" && $Y == *-@(legacy|nft) ]]; then iptables -A INPUT -s "$(cat /x)" -j DROP; fi',
    'case "$1" in', '  start) f ;;', '  (stop) ufw disable ;;', 'esac', 'cat <<-EOF', '\t*filter', '\tCOMMIT', '\tEOF',
    "echo $'a\\tb' `date` $((1 + 2)) > /dev/null 2>&1 &", 'nft add rule inet filter input tcp dport { 22, 80 } accept',
  ].join('\n');
  const PIECES = ['"', "'", '`', '$(', '(', ')', '{', '}', '\\', ';', '&&', '|', '<<EOF', '<<-', 'fi', 'done', 'esac', '#', '\r', '\n',
    'é', '🔥', '${', '[[', 'for x in', 'case x in', 'S+=("'];
  let seed = 42;
  const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };

  it('never throws nor hangs on 2,000 mutated scripts (each well under a second)', () => {
    for (let k = 0; k < 2000; k++) {
      let text = BASE;
      const edits = 1 + random(6);
      for (let e = 0; e < edits; e++) {
        const at = random(text.length + 1);
        const op = random(3);
        if (op === 0) text = text.slice(0, at) + PIECES[random(PIECES.length)] + text.slice(at);
        else if (op === 1) text = text.slice(0, at) + text.slice(at + 1 + random(20));
        else text = text.slice(0, at);
      }
      const t0 = Date.now();
      const script = parseShell(text);
      invocations(script, collectVariables(script));
      findings(text);
      const ms = Date.now() - t0;
      assert.ok(ms < 1000, `case ${k} took ${ms} ms: ${JSON.stringify(text)}`);
      for (const c of script.commands) for (const w of c.words) assert.ok(w.start >= 0 && w.end <= text.length && w.start <= w.end);
    }
  });

  it('every word span is real text of the script', () => {
    const script = parseShell(BASE);
    for (const c of script.commands) {
      for (const w of c.words) assert.ok(BASE.slice(w.start, w.end).trim().length > 0, JSON.stringify(w));
    }
    assert.deepEqual(script.diagnostics, []);
    assert.deepEqual([...script.functions], ['f']);
  });
});
