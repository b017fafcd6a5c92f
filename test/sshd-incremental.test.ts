// The language server re-lints a whole sshd_config after each keystroke, keeping the lines an edit left alone
// (keepRecentParses). Whatever the edit, the findings must be those of linting the edited text from scratch.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../core/config';
import { lint } from '../core/engine';
import { memoryHost } from '../core/host';
import { keepRecentParses, parseFile } from '../core/sshd/config';
import { tokenize } from '../core/sshd/tokenizer';
import { SourceText } from '../core/text';
import { RULES } from '../rules';
import { CORPUS, FIXTURES } from './helpers';

/** Texts to edit: every sshd fixture and corpus file, or a built-in sample when neither is there. */
function samples(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!p.endsWith('.md')) files.push(p);
    }
  };
  walk(path.join(FIXTURES, 'sshd'));
  walk(path.join(CORPUS, 'sshd'));
  return files.sort().map((f) => fs.readFileSync(f, 'utf8')).filter((t) => !t.includes('\u0000'));
}

/** What a typist inserts: line breaks (LF and CRLF), quotes, comments, blanks, keywords, values. */
const INSERTS = ['\n', '\r\n', '\r', '"', '#', ' ', '\t', 'x', 'no', 'yes', 'Match User bob\n', 'PermitRootLogin yes\n',
  '=', '\\', "'", '', '  # note'];

function editor(seed: number) {
  let state = seed;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  return (text: string): string => {
    const at = random(text.length + 1);
    const removed = random(4) === 0 ? random(12) : 0;
    return text.slice(0, at) + INSERTS[random(INSERTS.length)] + text.slice(at + removed);
  };
}

const lineFields = (text: string, previous?: { text: string; lines: ReturnType<typeof tokenize> }) =>
  tokenize(new SourceText(text), previous);

describe('incremental parsing after an edit', () => {
  it('splits every line as a parse from scratch does', () => {
    const texts = samples();
    assert.ok(texts.length > 20, 'the sshd fixtures are missing');
    let edits = 0;
    texts.forEach((original, i) => {
      const edit = editor(i + 1);
      let text = original;
      let lines = lineFields(text);
      for (let k = 0; k < 25; k++) {
        const next = edit(text);
        const incremental = lineFields(next, { text, lines });
        assert.deepEqual(incremental, lineFields(next), `sample ${i}, edit ${k}`);
        text = next;
        lines = incremental;
        edits++;
      }
    });
    assert.ok(edits > 500);
  });

  it('gives the findings of a lint from scratch, edit after edit, with the Include tree', () => {
    const host = memoryHost({
      '/etc/ssh/sshd_config.d/10-password.conf': 'PasswordAuthentication yes\nMaxAuthTries 10\n',
    });
    const env = { host, config: defaultConfig(), locale: 'en' as const, rules: RULES };
    const lintAt = (file: string, text: string) => lint({ path: file, text, kind: 'sshd' }, env).findings;
    const file = '/etc/ssh/sshd_config';
    const texts = samples().filter((t) => t.length < 20000).slice(0, 30);
    // The same edits twice: linted from scratch, then with the parses kept from one edit to the next.
    const sessions = texts.map((original, i) => {
      const edit = editor(i + 7);
      const steps = ['Include /etc/ssh/sshd_config.d/*.conf\n' + original];
      for (let k = 0; k < 10; k++) steps.push(edit(steps[steps.length - 1]));
      return steps;
    });
    const fromScratch = sessions.map((steps) => steps.map((text) => lintAt(file, text)));
    try {
      keepRecentParses(8);
      sessions.forEach((steps, i) => {
        steps.forEach((text, k) => assert.deepEqual(lintAt(file, text), fromScratch[i][k], `sample ${i}, edit ${k}`));
      });
    } finally {
      keepRecentParses(0);
    }
  });

  it('gives back the parse of a text seen before, and parses anew when no parse is kept', () => {
    try {
      keepRecentParses(2);
      const a = parseFile('/etc/ssh/sshd_config', 'Port 22\n');
      assert.equal(parseFile('/etc/ssh/sshd_config', 'Port 22\n'), a);
      const b = parseFile('/etc/ssh/sshd_config', 'Port 2222\n');
      assert.notEqual(b, a);
      assert.equal(b.lines[0].args[0].value, '2222');
      keepRecentParses(0);
      assert.notEqual(parseFile('/etc/ssh/sshd_config', 'Port 2222\n'), b);
    } finally {
      keepRecentParses(0);
    }
  });
});
