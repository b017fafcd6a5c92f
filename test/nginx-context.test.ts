// What nginx rules see: a site file placed in the nginx.conf that includes it, snippets linted alone, findings kept
// in the linted file, and the edit helpers rules build fixes with.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../core/config';
import { applyFixes, lint } from '../core/engine';
import {
  appendArg, createNginxContext, deleteDirective, insertAfter, insertInBlock, insertSetting, NginxContext, replaceArg, where,
} from '../core/nginx/context';
import { effective } from '../core/nginx/inherit';
import type { TextEdit } from '../core/types';
import { RULES } from '../rules';
import { memoryHost } from '../core/host';

const env = (files: Record<string, string>) => ({ host: memoryHost(files), config: defaultConfig(), locale: 'en' as const, rules: RULES });

function context(files: Record<string, string>, file: string, text = files[file]): NginxContext {
  return createNginxContext({ path: file, text, kind: 'nginx' }, env(files));
}

const apply = (text: string, edit: TextEdit): string => applyFixes(text, [{ title: '', safety: 'safe', edits: [edit] }]).text;

const DEBIAN_MAIN = 'events {}\nhttp {\n    server_tokens off;\n    include /etc/nginx/conf.d/*.conf;\n    include /etc/nginx/sites-enabled/*;\n}\n';

describe('nginx context: where the linted file sits', () => {
  it('reads a sites-available file inside the http block of the nginx.conf above it, as if enabled', () => {
    const files = {
      '/srv/web/nginx.conf': DEBIAN_MAIN.replace(/\/etc\/nginx\//g, ''),
      '/srv/web/sites-available/example.com': 'server {\n    listen 80;\n}\n',
    };
    const ctx = context(files, '/srv/web/sites-available/example.com');
    assert.equal(ctx.role, 'included');
    assert.equal(ctx.complete, true);
    assert.equal(ctx.servers.length, 1);
    assert.equal(ctx.servers[0].context, 'http');
    assert.equal(effective(ctx.servers[0], 'server_tokens').directives[0]?.args[0], 'off', 'inherits http from nginx.conf');
  });

  it('uses the editor text of the linted file, not the disk', () => {
    const files = { '/etc/nginx/nginx.conf': DEBIAN_MAIN, '/etc/nginx/conf.d/a.conf': 'server { listen 80; }\n' };
    const ctx = context(files, '/etc/nginx/conf.d/a.conf', 'server { listen 8080; autoindex on; }\n');
    assert.equal(ctx.role, 'included');
    assert.deepEqual(ctx.directives.map((d) => d.name), ['server', 'listen', 'autoindex']);
  });

  it('parses a file alone when no nginx.conf includes it, guessing the context', () => {
    const site = context({ '/tmp/x/sites-enabled/a': 'server { listen 80; }\n' }, '/tmp/x/sites-enabled/a');
    assert.equal(site.role, 'standalone');
    assert.equal(site.complete, false);
    assert.equal(site.contextKnown, true, 'sites-* files are read in http');
    assert.equal(site.config.rootContext, 'http');
    const snippet = context({ '/tmp/x/nginx/proxy.conf': 'proxy_pass http://127.0.0.1:3000;\n' }, '/tmp/x/nginx/proxy.conf');
    assert.equal(snippet.contextKnown, false);
    assert.equal(snippet.config.rootContext, 'location');
  });

  it('does not fill a checked-out tree\'s /etc/nginx globs with the machine\'s own sites', () => {
    const files = {
      '/repo/deploy/nginx.conf': DEBIAN_MAIN,
      '/etc/nginx/sites-enabled/default': 'server { listen 80; access_log off; }\n',
    };
    const ctx = context(files, '/repo/deploy/nginx.conf');
    assert.equal(ctx.config.files.size, 1);
  });

  it('reports a directive of an included non-nginx file on the include line, and leaves other nginx files alone', () => {
    const files = {
      '/etc/nginx/nginx.conf': 'events {}\nhttp {\n    include extra.inc;\n    include conf.d/*.conf;\n}\n',
      '/etc/nginx/extra.inc': 'server { listen 443 ssl; }\n',
      '/etc/nginx/conf.d/a.conf': 'server { listen 8443 ssl; }\n',
    };
    const findings = lint({ path: '/etc/nginx/nginx.conf', text: files['/etc/nginx/nginx.conf'], kind: 'nginx' },
      { ...env(files), rules: RULES.filter((r) => r.meta.id === 'nginx/missing-ssl-certificate') }).findings;
    assert.deepEqual(findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`), ['3:5'], 'on the include of extra.inc only');
  });

  it('reports a snippet included twice once', () => {
    const files = {
      '/etc/nginx/nginx.conf': 'events {}\nhttp {\n    server { listen 80; include snippets/files.conf; }\n    server { listen 81; include snippets/files.conf; }\n}\n',
      '/etc/nginx/snippets/files.conf': 'location /files/ { autoindex on; }\n',
    };
    const ctx = context(files, '/etc/nginx/snippets/files.conf');
    assert.equal(ctx.directives.filter((d) => d.name === 'autoindex').length, 2, 'two instances in the tree');
    const findings = lint({ path: '/etc/nginx/snippets/files.conf', text: files['/etc/nginx/snippets/files.conf'], kind: 'nginx' },
      { ...env(files), rules: RULES.filter((r) => r.meta.id === 'nginx/autoindex') }).findings;
    assert.equal(findings.length, 1);
  });

  it('names other files relative to the linted one', () => {
    const files = { '/etc/nginx/nginx.conf': 'events {}\nhttp {\n    include sites-enabled/*;\n}\n', '/etc/nginx/sites-enabled/a': 'server { listen 80; }\n' };
    const ctx = context(files, '/etc/nginx/nginx.conf');
    const server = ctx.config.files.get('/etc/nginx/sites-enabled/a')!;
    const inTree = ctx.config.directives[1].children![0].include!.targets[0].directives[0];
    assert.equal(inTree.file, server);
    assert.equal(where(ctx, inTree), 'sites-enabled/a:1');
  });
});

describe('nginx context: edits', () => {
  const one = (text: string, file = '/etc/nginx/nginx.conf') => context({ [file]: text }, file);
  const named = (ctx: NginxContext, name: string) => ctx.directives.find((d) => d.name === name)!;

  it('inserts a setting with the children\'s indentation and the file\'s EOL', () => {
    const text = 'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tlocation / {\r\n\t\t}\r\n\t}\r\n}\r\n';
    const ctx = one(text);
    const out = apply(text, insertSetting(ctx, named(ctx, 'server'), 'add_header X-A "1" always;'));
    assert.equal(out, 'events {}\r\nhttp {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t\tadd_header X-A "1" always;\r\n\t\tlocation / {\r\n\t\t}\r\n\t}\r\n}\r\n');
  });

  it('inserts after the block\'s own lines of the same name', () => {
    const text = 'http {\n  add_header A 1;\n  add_header B 2;\n  server { }\n}\n';
    const ctx = one(text);
    assert.equal(apply(text, insertSetting(ctx, named(ctx, 'http'), 'add_header C 3;')),
      'http {\n  add_header A 1;\n  add_header B 2;\n  add_header C 3;\n  server { }\n}\n');
  });

  it('breaks a one-line block to insert into it', () => {
    const text = 'http {\n    server { listen 80; }\n}\n';
    const ctx = one(text);
    assert.equal(apply(text, insertInBlock(ctx, named(ctx, 'server'), 'end', 'return 444;')),
      'http {\n    server { listen 80;\n        return 444;\n    }\n}\n');
    assert.equal(apply(text, insertInBlock(ctx, named(ctx, 'http'), 'start', 'server_tokens off;')),
      'http {\n    server_tokens off;\n    server { listen 80; }\n}\n');
  });

  it('replaces and appends arguments, inserts after a directive, deletes a line', () => {
    const text = 'http {\n    add_header X-Frame-Options "DENY";  # framing\n    autoindex on;\n}';
    const ctx = one(text);
    assert.equal(apply(text, appendArg(named(ctx, 'add_header'), 'always')),
      'http {\n    add_header X-Frame-Options "DENY" always;  # framing\n    autoindex on;\n}');
    assert.equal(apply(text, replaceArg(named(ctx, 'autoindex'), 0, 'off')), 'http {\n    add_header X-Frame-Options "DENY";  # framing\n    autoindex off;\n}');
    assert.equal(apply(text, insertAfter(ctx, named(ctx, 'autoindex'), 'deny all;')),
      'http {\n    add_header X-Frame-Options "DENY";  # framing\n    autoindex on;\n    deny all;\n}');
    assert.equal(apply(text, deleteDirective(ctx, named(ctx, 'add_header'))), 'http {\n    autoindex on;\n}');
  });

  it('deletes only the directive when the line holds more', () => {
    const text = 'server { listen 80; autoindex on; }\n';
    const ctx = one(text);
    assert.equal(apply(text, deleteDirective(ctx, named(ctx, 'autoindex'))), 'server { listen 80; }\n');
  });
});
