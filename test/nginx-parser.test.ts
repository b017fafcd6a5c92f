// The nginx lexer and statement parser: nginx's own tokenizer rules (reference §1), byte-identical round trips of
// the whole corpus, syntax errors reported with ranges and recovered from, and — where Debian's nginx is
// installed — the real `nginx -t` as oracle for what is and is not a syntax error.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { NginxFile, parseNginxFile, Statement } from '../core/nginx/tree';
import { isWord, maxParameterBytes, reprint, Token, tokenize, unescapeWord } from '../core/nginx/tokenizer';
import { CORPUS, FIXTURES, readExpectations } from './helpers';

const words = (text: string): string[] => tokenize(text).tokens.filter(isWord).map((w) => w.value);
const raws = (text: string): string[] => tokenize(text).tokens.filter(isWord).map((w) => text.slice(w.start, w.end));
const codes = (text: string): string[] => parseNginxFile('/t.conf', text).diagnostics.map((d) => d.code);

/** `name arg...` of each statement, nested blocks indented by two spaces. */
function outline(statements: Statement[], depth = 0): string[] {
  return statements.flatMap((s) => [
    '  '.repeat(depth) + [s.name.value, ...s.args.map((a) => a.value)].join(' '),
    ...(s.block ? outline(s.block.children, depth + 1) : []),
  ]);
}

function assertContiguous(text: string, tokens: Token[]): void {
  let at = 0;
  for (const t of tokens) {
    assert.equal(t.start, at, `token ${t.kind} starts at ${t.start}, expected ${at}`);
    assert.ok(t.end > t.start, `empty ${t.kind} token at ${t.start}`);
    at = t.end;
  }
  assert.equal(at, text.length);
  assert.equal(reprint(text, tokens), text);
}

describe('tokenizer: nginx grammar (ngx_conf_read_token)', () => {
  it('ends an unquoted word at a blank, ";" or "{" but not at "}"', () => {
    assert.deepEqual(words('return 200 ok}'), ['return', '200', 'ok}']);
    assert.deepEqual(codes('return 200 ok}'), ['unexpected-end-of-file']);
    assert.deepEqual(words('a;b{c}d'), ['a', 'b', 'c}d']);
  });

  it('keeps "{" after "$" inside the word: ${var}', () => {
    assert.deepEqual(words('proxy_pass http://b${request_uri}x;'), ['proxy_pass', 'http://b${request_uri}x']);
    assert.deepEqual(words('set $a ${b};'), ['set', '$a', '${b}']);
    assert.deepEqual(words('set $a $${b};'), ['set', '$a', '$${b}']);
    // `$x{` is not `${`: the block opens.
    const t = tokenize('map $x{ }').tokens.map((k) => k.kind);
    assert.deepEqual(t, ['word', 'space', 'word', 'open', 'space', 'close']);
  });

  it('treats "#" as a comment only at the start of a token', () => {
    assert.deepEqual(words('add_header X a#b;'), ['add_header', 'X', 'a#b']);
    const { tokens } = tokenize('listen 80;# trailing\nlisten 81 #c\n;');
    assert.deepEqual(tokens.filter((t) => t.kind === 'comment').length, 2);
    assert.deepEqual(words('listen 80;# trailing\nlisten 81 #c\n;'), ['listen', '80', 'listen', '81']);
  });

  it('makes quotes special only at the start of a token', () => {
    assert.deepEqual(raws('add_header X a"b c";'), ['add_header', 'X', 'a"b', 'c"']);
    assert.deepEqual(words(`add_header 'X-A' "a b";`), ['add_header', 'X-A', 'a b']);
  });

  it('unescapes \\" \\\' \\\\ \\t \\r \\n and keeps any other backslash pair', () => {
    assert.deepEqual(words(String.raw`return 200 "a\"b\\c\td\n\x";`), ['return', '200', 'a"b\\c\td\n\\x']);
    assert.deepEqual(words(String.raw`return 200 'it\'s';`), ['return', '200', "it's"]);
    assert.equal(unescapeWord(String.raw`\.(js|css)$`), String.raw`\.(js|css)$`);
    // A backslash protects a blank or ";" in an unquoted word, and both characters stay.
    assert.deepEqual(words(String.raw`add_header X a\ b;`), ['add_header', 'X', String.raw`a\ b`]);
    assert.deepEqual(words(String.raw`add_header X a\;b;`), ['add_header', 'X', String.raw`a\;b`]);
  });

  it('lets quoted strings span lines', () => {
    const text = 'add_header Content-Security-Policy "default-src \'self\';\n    img-src *";';
    assert.deepEqual(words(text), ['add_header', 'Content-Security-Policy', "default-src 'self';\n    img-src *"]);
    assert.deepEqual(codes(text), []);
  });

  it('wants a blank, ";", "{" or ")" after a closing quote; ")" starts the next word', () => {
    assert.deepEqual(words('if ($a = "x") { }'), ['if', '($a', '=', 'x', ')']);
    assert.deepEqual(codes('if ($a = "x") { }'), []);
    const d = tokenize('add_header X "a"b;').diagnostics;
    assert.deepEqual(d.map((x) => [x.code, x.message, x.start]), [['unexpected-after-quote', 'unexpected "b"', 16]]);
    // Recovery reads the rest as a plain word, so a `#` there does not hide the `;`.
    assert.deepEqual(words("add_header X 'a'#b;"), ['add_header', 'X', 'a', '#b']);
  });

  it('limits a parameter to what fits in the 4096-byte buffer nginx reads through, counting UTF-8 bytes', () => {
    const long = (word: string): string[] => tokenize(`x ${word}\n${'#'.repeat(5000)}`).diagnostics.map((d) => d.code);
    assert.deepEqual(long(`${'a'.repeat(4095)};`), []);
    assert.deepEqual(long(`${'a'.repeat(4096)};`), ['too-long-parameter']);
    // After a blank nginx reads one more character before it lets go of the word.
    assert.deepEqual(long(`${'a'.repeat(4094)} ;`), []);
    assert.deepEqual(long(`${'a'.repeat(4095)} ;`), ['too-long-parameter']);
    assert.deepEqual(long(`"${'€'.repeat(1364)}";`), []); // 4092 bytes
    assert.deepEqual(tokenize(`x "${'€'.repeat(1365)}";\n${'#'.repeat(5000)}`).diagnostics.map((d) => d.message),
      ['too long parameter "€€€€€€€€€€..." started']);
    // A file that fits in the buffer is read at once: no limit.
    assert.deepEqual(tokenize(`x ${'a'.repeat(4000)};`).diagnostics, []);
    assert.equal(maxParameterBytes(true, ' '.charCodeAt(0)), 4093);
  });

  it('reads regex locations and if conditions as plain words', () => {
    assert.deepEqual(words('location ~* \\.(js|css)$ {'), ['location', '~*', '\\.(js|css)$']);
    assert.deepEqual(words('if ($http_user_agent ~ (msie|trident)) {'), ['if', '($http_user_agent', '~', '(msie|trident))']);
  });

  it('keeps CRLF line ends out of comments and words', () => {
    const text = 'server_tokens off; # c\r\nlisten 80;\r\n';
    const { tokens } = tokenize(text);
    const comment = tokens.find((t) => t.kind === 'comment')!;
    assert.equal(text.slice(comment.start, comment.end), '# c');
    assert.deepEqual(words(text), ['server_tokens', 'off', 'listen', '80']);
    assertContiguous(text, tokens);
  });

  it('reads a *_by_lua_block body as one raw token up to its matching "}"', () => {
    const file = parseNginxFile('/lua.conf', fs.readFileSync(path.join(FIXTURES, 'nginx-parser/syntax/lua.conf'), 'utf8'));
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual(outline(file.statements), [
      'http', '  server', '    location /lua', '      content_by_lua_block', '    location /after', '      return 204',
    ]);
    const lua = file.statements[0].block!.children[0].block!.children[0].block!.children[0].block!.lua!;
    assert.match(file.src.text.slice(lua.start, lua.end), /^\n\s+local t = .*ngx\.say\("\{"\) end\n\s+$/s);
    assert.deepEqual(codes('content_by_lua_block { ngx.say("x")'), ['unterminated-lua-block']);
  });

  it('never throws and always covers every character, whatever the input', () => {
    // A small deterministic fuzzer over nginx's special characters.
    const alphabet = ['a', 'b', ' ', '\t', '\n', '\r\n', ';', '{', '}', '"', "'", '\\', '$', '#', '(', ')', '€', 'server', 'by_lua_block', '--', '[[', ']]'];
    let seed = 42;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    for (let round = 0; round < 500; round++) {
      let text = '';
      for (let k = rand(60); k > 0; k--) text += alphabet[rand(alphabet.length)];
      const file = parseNginxFile('/fuzz.conf', text);
      assertContiguous(text, file.tokens);
      for (const d of file.diagnostics) assert.ok(d.start >= 0 && d.end <= text.length && d.start <= d.end, JSON.stringify(d));
    }
  });
});

describe('parser: syntax errors are diagnostics and the rest is still parsed', () => {
  const dir = path.join(FIXTURES, 'nginx-parser/syntax');
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.conf'))) {
    it(`${name}: exactly the expected diagnostics, on the expected text`, () => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const file = parseNginxFile(path.join(dir, name), text);
      const got = file.diagnostics.map((d) => `${file.src.positionAt(d.start).line + 1} ${d.code} ${JSON.stringify(text.slice(d.start, d.end))}`);
      const want = readExpectations(text).map((e) => `${e.line + 1} ${e.ruleId} ${JSON.stringify(e.text)}`);
      assert.deepEqual(got.sort(), want.sort());
      assertContiguous(text, file.tokens);
    });
  }

  const load = (name: string): NginxFile => {
    const p = path.join(dir, name);
    return parseNginxFile(p, fs.readFileSync(p, 'utf8'));
  };

  it('splits at a missing ";" and keeps both directives', () => {
    assert.deepEqual(outline(load('missing-semicolon.conf').statements), [
      'events', 'http', '  server', '    listen 80', '    server_tokens off', '    add_header X-Frame-Options DENY always',
      '    location /', '      root /var/www', '    server_name example.com www.example.com', '    alias /srv/app',
      '    location /api', '      proxy_pass http://127.0.0.1:8080',
    ]);
  });

  it('closes a block whose "}" is missing where indentation says it ends', () => {
    assert.deepEqual(outline(load('missing-close-brace.conf').statements), [
      'events', 'http', '  server', '    listen 80', '    location /a', '      root /srv/a', '    location /b',
      '      root /srv/b', '    server_tokens off',
    ]);
  });

  it('drops the extra "}" that indentation points at', () => {
    assert.deepEqual(outline(load('extra-close-brace.conf').statements), [
      'events', 'http', '  server', '    location /a', '      root /srv/a', '    location /b', '      root /srv/b',
    ]);
  });

  it('keeps parsing after an unterminated quote, an unexpected ";", "{" and "}"', () => {
    assert.deepEqual(outline(load('unterminated-quote.conf').statements), [
      'events', 'http', '  add_header Strict-Transport-Security max-age=31536000;', '  server_tokens off',
    ]);
    assert.deepEqual(outline(load('lexical.conf').statements), [
      'events', 'http', '  add_header X-A a b', '  server_tokens off', '  add_header X-B b # not a comment', '  server_tokens off',
    ]);
  });

  it('closes blocks still open at the end of the file, ending them at their last directive', () => {
    const file = load('end-of-file.conf');
    assert.deepEqual(outline(file.statements), ['http', '  server', '    listen 80']);
    const http = file.statements[0];
    assert.equal(http.block!.close, undefined);
    assert.equal(http.end, file.src.text.trimEnd().length);
  });

  it('does not guess a missing ";" inside map, types or unknown blocks', () => {
    const text = 'map $a $b {\n    default 0;\n    root 1;\n}\ntypes {\n    text/html html\n    index htm;\n}\n';
    assert.deepEqual(codes(text), []);
  });

  it('records exact ranges: name, arguments, terminator, block', () => {
    const text = 'http {\n  server_tokens  off ;\n}\n';
    const file = parseNginxFile('/t.conf', text);
    const s = file.statements[0].block!.children[0];
    assert.equal(text.slice(s.name.start, s.name.end), 'server_tokens');
    assert.equal(text.slice(s.args[0].start, s.args[0].end), 'off');
    assert.equal(text.slice(s.start, s.end), 'server_tokens  off ;');
    const http = file.statements[0];
    assert.equal(text.slice(http.start, http.end), text.trimEnd());
    assert.equal(s.parent, http);
  });
});

describe('corpus: every file round-trips byte for byte; valid configs parse without errors', () => {
  const root = path.join(CORPUS, 'nginx');
  const present = fs.existsSync(root);
  const files: string[] = [];
  const walkDir = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walkDir(p); else files.push(p);
    }
  };
  if (present) walkDir(root);
  const isConfig = (p: string): boolean => /\.conf$|mime\.types$|_params$/.test(p);

  it('round-trips all files of ../shared/corpus/nginx', { skip: present ? false : 'corpus absent' }, () => {
    assert.ok(files.length > 250, `only ${files.length} files`);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const file = parseNginxFile(f, text);
      assert.equal(reprint(text, file.tokens), text, f);
    }
  });

  it('parses good/ and gixy-fixtures/ without a syntax error; bad/parse-errors/ with one', { skip: present ? false : 'corpus absent' }, () => {
    const errors: string[] = [];
    for (const f of files.filter(isConfig)) {
      const file = parseNginxFile(f, fs.readFileSync(f, 'utf8'));
      const rel = path.relative(root, f);
      if (rel.startsWith('bad/parse-errors/')) assert.notEqual(file.diagnostics.length, 0, rel);
      else if (file.diagnostics.length) errors.push(`${rel}: ${file.diagnostics.map((d) => d.message).join('; ')}`);
    }
    assert.deepEqual(errors, []);
  });
});

// ---- nginx itself as oracle --------------------------------------------------------------------------------------

const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => fs.existsSync(p));

/** nginx -t on a throwaway prefix: the first error message and its line, or undefined when the config is valid. */
function nginxCheck(dir: string, text: string): { message: string; line: number } | undefined {
  fs.writeFileSync(path.join(dir, 'nginx.conf'), text);
  const r = spawnSync(NGINX!, ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', `pid ${dir}/nginx.pid;`], { encoding: 'utf8' });
  if (r.status === 0) return undefined;
  const m = /\[emerg\] (?:\d+#\d+: )?(.*) in \S+:(\d+)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { message: m[1], line: Number(m[2]) };
}

describe('real nginx as oracle: the same inputs are syntax errors', { skip: NGINX ? false : 'nginx is not installed (apt-get install nginx-light)' }, () => {
  const wrap = (body: string): string => `events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n${body}\n  }\n}\n`;
  const cases: [string, string][] = [
    ['a # inside a word', '    add_header X a#b;'],
    ['a } inside a word', '    return 200 ok}'],
    ['${var} in a word', '    location / { proxy_pass http://b${request_uri}x; }'],
    ['quotes in the middle of words', '    add_header X a"b;'],
    ['a quote glued to a word', '    add_header X "a"b;'],
    ['a quote before )', '    if ($request_uri = "/x") { return 404; }'],
    ['a quote glued to #', '    add_header X "a"#b;'],
    ['a multi-line quoted string', '    add_header X "a\n b";'],
    ['escaped blank', '    add_header X a\\ b;'],
    ['escaped quote', '    add_header X "a\\"b";'],
    ['a lone ;', '    ;'],
    ['a lone {', '    { }'],
    ['a } after words', '    server_tokens off }'],
    ['an extra }', '    }'],
    ['a regex location', '    location ~* \\.(js|css)$ { expires 1d; }'],
    ['a comment after ;', '    server_tokens off;# comment'],
    ['4095-byte parameter before ";"', `    add_header X ${'a'.repeat(4095)};`],
    ['4096-byte parameter before ";"', `    add_header X ${'a'.repeat(4096)};`],
    ['4094-byte parameter before a blank', `    add_header X ${'a'.repeat(4094)} ;`],
    ['4095-byte parameter before a blank', `    add_header X ${'a'.repeat(4095)} ;`],
    ['4092-byte quoted parameter', `    add_header X "${'€'.repeat(1364)}";`],
    ['4095-byte quoted parameter', `    add_header X "${'€'.repeat(1365)}";`],
    ['4093-byte quoted parameter before a blank', `    add_header X "${'a'.repeat(4093)}" always;`],
    ['4094-byte quoted parameter before a blank', `    add_header X "${'a'.repeat(4094)}" always;`],
    ['an unterminated quote', '    add_header X "abc;'],
    ['an unclosed block', '    location / {'],
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-nginx-'));

  for (const [title, body] of cases) {
    it(title, () => {
      const text = wrap(body);
      const nginx = nginxCheck(dir, text);
      const nginxSyntax = nginx && /^unexpected|^too long parameter/.test(nginx.message) ? nginx : undefined;
      const ours = parseNginxFile('/t.conf', text);
      assert.equal(ours.diagnostics.length > 0, nginxSyntax !== undefined,
        `nginx: ${nginx ? `${nginx.message} (line ${nginx.line})` : 'ok'}; hardlint: ${ours.diagnostics.map((d) => d.message).join('; ') || 'ok'}`);
      if (nginxSyntax && !/end of file/.test(nginxSyntax.message)) {
        const first = ours.diagnostics[0];
        // nginx stops where it notices; hardlint may point earlier, at the word missing its ";" or the extra "}".
        const line = ours.src.positionAt(first.start).line + 1;
        if (first.code === 'missing-semicolon' || first.code === 'unexpected-close-brace') assert.ok(line <= nginxSyntax.line);
        else assert.equal(line, nginxSyntax.line);
        assert.ok(first.message.startsWith(nginxSyntax.message.replace(/ ".*\.\.\." started$/, '')), `${first.message} vs ${nginxSyntax.message}`);
      }
    });
  }

  it('a missing ";" that nginx reports as an argument count error', () => {
    const text = wrap('    server_tokens off\n    add_header X y;');
    assert.match(nginxCheck(dir, text)!.message, /invalid number of arguments in "server_tokens"/);
    assert.deepEqual(codes(text), ['missing-semicolon']);
  });

  it('corpus: nginx accepts every good/ tree we parse without errors', { skip: fs.existsSync(path.join(CORPUS, 'nginx/good/nginx-conf')) ? false : 'corpus absent' }, () => {
    // nginx's own default config, copied with its files so paths resolve inside the throwaway prefix.
    const src = path.join(CORPUS, 'nginx/good/nginx-conf');
    for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
    const text = fs.readFileSync(path.join(src, 'nginx.conf'), 'utf8');
    assert.equal(nginxCheck(dir, text), undefined);
    assert.deepEqual(parseNginxFile('/nginx.conf', text).diagnostics, []);
  });
});
