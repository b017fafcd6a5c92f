// The nginx model above the parser: include resolution (prefix-relative, globs, missing files, cycles, files
// parsed once), contexts, the directive table from @nginx/reference-lib, and inheritance-aware evaluation.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileHost, memoryHost } from '../core/host';
import type { FileHost } from '../core/types';
import {
  allowedIn, argCountOk, childContext, defaultValue, directiveSpecs, docsUrl, isBlockDirective, isKnown, specIn,
  thirdPartyModule,
} from '../core/nginx/directives';
import { droppedByRedefinition, effective, inheritanceOf, levels } from '../core/nginx/inherit';
import {
  ancestors, blockItems, Directive, findAll, guessContext, includeChain, loadNginx, NginxConfig, NginxFile, parseNginxFile,
  walk,
} from '../core/nginx/tree';
import { CORPUS, FIXTURES, ROOT } from './helpers';

const load = (files: Record<string, string>, root = '/etc/nginx/nginx.conf'): NginxConfig =>
  loadNginx(root, files[root], memoryHost(files));

/** The directive named `name` whose first argument is `arg` (or the only one named `name`). */
function find(config: NginxConfig, name: string, arg?: string): Directive {
  const all = findAll(config, name).filter((d) => arg === undefined || d.args[0] === arg);
  assert.equal(all.length, 1, `${all.length} × ${name} ${arg ?? ''}`);
  return all[0];
}

const where = (d: Directive): string => `${path.posix.basename(d.file.path)}:${d.file.src.positionAt(d.statement.start).line + 1}`;
const values = (ds: Directive[]): string[] => ds.map((d) => [d.name, ...d.args].join(' '));

describe('include: resolved like nginx does', () => {
  const dir = path.join(FIXTURES, 'nginx-parser/includes');
  const main = path.join(dir, 'nginx.conf');
  const config = loadNginx(main, fs.readFileSync(main, 'utf8'), nodeFileHost());
  const includes = findAll(config, 'include');
  const byPattern = (p: string): Directive[] => includes.filter((d) => d.args[0] === p);

  it('resolves relative paths against the prefix, not the including file\'s directory', () => {
    const fromConfD = byPattern('snippets/headers.conf').find((d) => d.file.path.endsWith('a.conf'))!;
    assert.equal(fromConfD.include!.targets[0].path, path.join(dir, 'snippets/headers.conf'));
    assert.equal(fromConfD.include!.targets[0].problem, undefined);
  });

  it('expands globs in sorted order, skipping dot files; a glob matching nothing is fine', () => {
    assert.deepEqual(byPattern('conf.d/*.conf')[0].include!.targets.map((t) => path.basename(t.path)), ['a.conf', 'b.conf']);
    const none = byPattern('sites-enabled/*')[0].include!;
    assert.equal(none.glob, true);
    assert.deepEqual(none.targets, []);
  });

  it('reports a missing literal file and stops a cycle', () => {
    assert.deepEqual(byPattern('missing.conf')[0].include!.targets.map((t) => t.problem), ['missing']);
    // a.conf → loop.conf → loop2.conf → loop.conf: the second visit of loop.conf is the cycle.
    assert.deepEqual(byPattern('snippets/loop.conf').map((d) => `${where(d)} ${d.include!.targets[0].problem ?? 'ok'}`),
      ['a.conf:5 ok', 'loop2.conf:1 cycle']);
    assert.equal(byPattern('snippets/loop2.conf')[0].include!.targets[0].problem, undefined);
  });

  it('parses each file once, but gives each inclusion its own directives, parent and context', () => {
    const headers = findAll(config, 'add_header');
    assert.equal(headers.length, 2);
    assert.equal(headers[0].file, headers[1].file);
    assert.equal(config.files.get(path.join(dir, 'snippets/headers.conf')), headers[0].file);
    assert.notEqual(headers[0].parent, headers[1].parent);
    assert.deepEqual(headers.map((h) => [h.context, h.parent!.name, h.parent!.args.join(' ') || where(h.parent!)]),
      [['server', 'server', 'a.conf:1'], ['server', 'server', 'nginx.conf:10']]);
    assert.deepEqual(includeChain(headers[0]).map(where), ['nginx.conf:5', 'a.conf:3']);
    assert.deepEqual(ancestors(headers[0]).map((d) => d.name), ['server', 'http']);
  });

  it('puts an included file\'s directives in the context of the include', () => {
    assert.equal(find(config, 'upstream').context, 'http');
    assert.equal(find(config, 'types').context, 'http');
    assert.equal(findAll(config, 'server').find((s) => s.context === 'upstream')?.args[0], '127.0.0.1:8080');
    assert.deepEqual(blockItems(find(config, 'http')).map((d) => d.name), ['types', 'server', 'upstream', 'server']);
  });

  it('looks up absolute /etc/nginx paths under the prefix first, then on the system', () => {
    const files = {
      '/repo/nginx/nginx.conf': 'http { include /etc/nginx/conf.d/*.conf; include /etc/nginx/mime.types; include /srv/x.conf; }',
      '/repo/nginx/conf.d/site.conf': 'server { listen 80; }',
      '/srv/x.conf': 'gzip on;',
    };
    const c = load(files, '/repo/nginx/nginx.conf');
    assert.deepEqual(findAll(c, 'include').map((d) => d.include!.targets.map((t) => `${t.path} ${t.problem ?? 'ok'}`)), [
      ['/repo/nginx/conf.d/site.conf ok'], ['/etc/nginx/mime.types missing'], ['/srv/x.conf ok'],
    ]);
    assert.equal(find(c, 'listen').context, 'server');
  });

  it('honours a configured prefix and reuses cached parses of unchanged files', () => {
    const files = { '/a/sites/x.conf': 'server { include snippets/s.conf; }', '/a/snippets/s.conf': 'listen 80;' };
    const cache = new Map<string, NginxFile>();
    const first = loadNginx('/a/sites/x.conf', files['/a/sites/x.conf'], memoryHost(files), { prefix: '/a', rootContext: 'http', cache });
    assert.equal(find(first, 'listen').context, 'server');
    const again = loadNginx('/a/sites/x.conf', files['/a/sites/x.conf'], memoryHost(files), { prefix: '/a', rootContext: 'http', cache });
    assert.equal(again.files.get('/a/snippets/s.conf'), first.files.get('/a/snippets/s.conf'));
  });

  it('reports an include of a directory', () => {
    const c = load({ '/etc/nginx/nginx.conf': 'include conf.d;', '/etc/nginx/conf.d/a.conf': '' });
    assert.equal(find(c, 'include').include!.targets[0].problem, 'directory');
  });

  it('loads the corpus trees with every include found', { skip: fs.existsSync(path.join(CORPUS, 'nginx/good')) ? false : 'corpus absent' }, () => {
    // nginxconfig.io's output relies on the distribution's mime.types, which is not part of the tree.
    const expected: Record<string, string[]> = {
      'h5bp-server-configs-nginx': [], 'nginx-conf': [], 'nginxconfig.io/reverse-proxy': ['mime.types: missing'],
    };
    for (const [tree, want] of Object.entries(expected)) {
      const file = path.join(CORPUS, 'nginx/good', tree, 'nginx.conf');
      const c = loadNginx(file, fs.readFileSync(file, 'utf8'), nodeFileHost());
      const problems: string[] = [];
      walk(c, (d) => { for (const t of d.include?.targets ?? []) if (t.problem) problems.push(`${d.args[0]}: ${t.problem}`); });
      assert.deepEqual(problems, want, tree);
      assert.ok(c.files.size >= 2, tree);
    }
  });
});

describe('contexts', () => {
  const text = `
user www-data;
events { worker_connections 512; }
http {
    map $uri $x { default 0; /a 1; }
    upstream app { server 10.0.0.1 weight=5; }
    server {
        if ($host = x) { return 404; }
        location / {
            if ($args) { add_header X-If 1; }
            limit_except GET { deny all; }
            location /inner { root /srv; }
        }
    }
}
stream {
    upstream db { server 10.0.0.2:5432; }
    server { listen 5432; proxy_pass db; }
}
mail { server { listen 25; protocol smtp; } }
`;
  const config = loadNginx('/etc/nginx/nginx.conf', text, memoryHost({}));

  it('gives every directive the context it sits in', () => {
    const got: string[] = [];
    walk(config, (d) => { got.push(`${d.name}@${d.context}`); });
    assert.deepEqual(got, [
      'user@main', 'events@main', 'worker_connections@events', 'http@main', 'map@http', 'default@opaque', '/a@opaque',
      'upstream@http', 'server@upstream', 'server@http', 'if@server', 'return@if in server', 'location@server',
      'if@location', 'add_header@if in location', 'limit_except@location', 'deny@limit_except', 'location@location',
      'root@location', 'stream@main', 'upstream@stream', 'server@stream upstream', 'server@stream', 'listen@stream server',
      'proxy_pass@stream server', 'mail@main', 'server@mail', 'listen@mail server', 'protocol@mail server',
    ]);
  });

  it('agrees with the reference on every directive of this config', () => {
    walk(config, (d) => {
      if (d.context === 'opaque') return;
      assert.ok(allowedIn(d.name, d.context), `${d.name} in ${d.context}`);
      assert.ok(argCountOk(d.name, d.args.length, d.context), `${d.name} with ${d.args.length}`);
    });
  });

  it('guesses the context of a snippet linted alone', () => {
    assert.equal(guessContext(parseNginxFile('/x', 'server { listen 80; }')), 'http');
    assert.equal(guessContext(parseNginxFile('/x', 'location / { }')), 'server');
    assert.equal(guessContext(parseNginxFile('/x', 'events {} http {}')), 'main');
    assert.equal(guessContext(parseNginxFile('/x', 'add_header X y;')), 'http');
    // nginxconfig.io's php_fastcgi.conf is included inside a location.
    assert.equal(guessContext(parseNginxFile('/x', 'try_files $fastcgi_script_name =404;\nfastcgi_pass unix:/run/php.sock;')), 'location');
    assert.equal(guessContext(parseNginxFile('/x', 'if ($a) { return 403; }\nreturn 301 https://$host$request_uri;')), 'server');
  });
});

describe('directive table from @nginx/reference-lib', () => {
  it('knows nginx directives, case-sensitively', () => {
    assert.ok(isKnown('server_tokens'));
    assert.ok(isKnown('add_header_inherit'));
    assert.ok(!isKnown('Server_Tokens'));
    assert.ok(!isKnown('more_set_headers'));
    assert.equal(thirdPartyModule('more_set_headers'), 'headers-more-nginx-module');
    assert.equal(thirdPartyModule('content_by_lua_block'), 'lua-nginx-module');
    assert.equal(thirdPartyModule('server_tokens'), undefined);
  });

  it('knows where a directive is allowed', () => {
    assert.ok(allowedIn('add_header', 'if in location'));
    assert.ok(!allowedIn('add_header', 'if in server'));
    assert.ok(allowedIn('return', 'if in server'));
    assert.ok(!allowedIn('proxy_pass', 'server'));
    assert.ok(allowedIn('proxy_pass', 'stream server'));
    assert.ok(!allowedIn('ssl_protocols', 'location'));
    assert.ok(allowedIn('include', 'limit_except'));
    assert.ok(allowedIn('anything', 'opaque'));
    assert.equal(specIn('listen', 'mail server')?.module, 'ngx_mail_core_module');
  });

  it('checks argument counts', () => {
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => argCountOk('add_header', n)), [false, false, true, true, false]);
    assert.deepEqual([0, 1, 2].map((n) => argCountOk('server_tokens', n)), [false, true, false]);
    assert.ok(argCountOk('server', 0, 'http'));
    assert.ok(!argCountOk('server', 0, 'upstream'));
    assert.ok(argCountOk('server', 4, 'upstream'));
    assert.ok(argCountOk('if', 3));
    assert.ok(!argCountOk('ssl_protocols', 0));
    assert.ok(argCountOk('error_page', 5));
  });

  it('knows block directives, defaults and documentation links', () => {
    assert.equal(isBlockDirective('location'), true);
    assert.equal(isBlockDirective('server', 'upstream'), false);
    assert.equal(isBlockDirective('nope'), undefined);
    assert.equal(defaultValue('server_tokens', 'server'), 'on');
    assert.equal(defaultValue('ssl_protocols', 'server'), 'TLSv1.2 TLSv1.3');
    assert.match(defaultValue('proxy_set_header', 'location')!, /Host \$proxy_host/);
    assert.equal(docsUrl(directiveSpecs('add_header')[0]), 'https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header');
    assert.equal(childContext('if', 'location'), 'if in location');
    assert.equal(childContext('types', 'http'), 'opaque');
  });

  it('is the committed extract of the installed @nginx/reference-lib', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-nginx-directives.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});

describe('inheritance: the settings in effect for a block', () => {
  const text = `
http {
    server_tokens off;
    add_header X-Frame-Options DENY always;
    add_header X-Content-Type-Options nosniff always;
    ssl_protocols TLSv1.2 TLSv1.3;
    server {
        server_name a;
        location /plain { root /srv; }
        location /own {
            add_header Cache-Control no-store;
            location /own/nested { }
            if ($args) { add_header X-If 1; }
        }
        location /proxied {
            proxy_pass http://app;
            location /proxied/nested { }
        }
    }
    server {
        server_name b;
        ssl_protocols TLSv1.3;
        add_header Strict-Transport-Security "max-age=63072000" always;
        include snippets/more.conf;
        allow 10.0.0.0/8;
        deny all;
        location /merge { add_header_inherit merge; add_header X-Own 1; }
        location /off { add_header_inherit off; }
        location /denied { deny 10.1.0.0/16; }
        location /methods { limit_except GET { allow 10.2.0.0/16; } }
    }
}
`;
  const config = load({ '/etc/nginx/nginx.conf': text, '/etc/nginx/snippets/more.conf': 'add_header Referrer-Policy same-origin always;' });
  const server = (name: string): Directive => findAll(config, 'server').find((s) => blockItems(s).some((d) => d.name === 'server_name' && d.args[0] === name))!;
  const location = (uri: string): Directive => find(config, 'location', uri);

  it('inherits a value from the nearest level that sets it, with the directive that set it', () => {
    const e = effective(location('/plain'), 'server_tokens');
    assert.deepEqual(values(e.directives), ['server_tokens off']);
    assert.equal(e.inherited, true);
    assert.equal(e.level, find(config, 'http'));
    assert.deepEqual(values(effective(server('b'), 'ssl_protocols').directives), ['ssl_protocols TLSv1.3']);
    assert.equal(effective(server('b'), 'ssl_protocols').inherited, false);
    assert.deepEqual(values(effective(server('a'), 'ssl_protocols').directives), ['ssl_protocols TLSv1.2 TLSv1.3']);
  });

  it('falls back to the documented default when nothing sets it', () => {
    const e = effective(location('/plain'), 'ssl_session_tickets');
    assert.deepEqual(e.directives, []);
    assert.equal(e.default, 'on');
    assert.equal(effective(config, 'worker_processes').default, '1');
  });

  it('replaces the whole add_header list at a level that has any', () => {
    assert.deepEqual(values(effective(location('/plain'), 'add_header').directives), [
      'add_header X-Frame-Options DENY always', 'add_header X-Content-Type-Options nosniff always',
    ]);
    assert.deepEqual(values(effective(location('/own'), 'add_header').directives), ['add_header Cache-Control no-store']);
    assert.deepEqual(values(droppedByRedefinition(location('/own'), 'add_header')), [
      'add_header X-Frame-Options DENY always', 'add_header X-Content-Type-Options nosniff always',
    ]);
    assert.deepEqual(droppedByRedefinition(location('/plain'), 'add_header'), []);
    // Nested blocks inherit from the location, not the server.
    assert.deepEqual(values(effective(location('/own/nested'), 'add_header').directives), ['add_header Cache-Control no-store']);
  });

  it('treats an if in a location as a level of its own that the location does not see', () => {
    const ifBlock = findAll(config, 'if')[0];
    assert.deepEqual(values(effective(ifBlock, 'add_header').directives), ['add_header X-If 1']);
    assert.deepEqual(levels(ifBlock).map((l) => (l as Directive).name), ['if', 'location', 'server', 'http']);
    assert.ok(!effective(location('/own'), 'add_header').directives.some((d) => d.args[0] === 'X-If'));
  });

  it('counts directives from an included file as the including level\'s own', () => {
    assert.deepEqual(values(effective(server('b'), 'add_header').directives), [
      'add_header Strict-Transport-Security max-age=63072000 always', 'add_header Referrer-Policy same-origin always',
    ]);
  });

  it('honours add_header_inherit merge and off (nginx 1.29.3)', () => {
    assert.deepEqual(values(effective(location('/merge'), 'add_header').directives), [
      'add_header X-Own 1', 'add_header Strict-Transport-Security max-age=63072000 always',
      'add_header Referrer-Policy same-origin always',
    ]);
    assert.deepEqual(effective(location('/off'), 'add_header').directives, []);
  });

  it('treats allow and deny as one list', () => {
    assert.deepEqual(values(effective(location('/denied'), 'allow').directives), ['deny 10.1.0.0/16']);
    assert.deepEqual(values(effective(location('/merge'), 'deny').directives), ['allow 10.0.0.0/8', 'deny all']);
    assert.deepEqual(values(effective(find(config, 'limit_except'), 'deny').directives), ['allow 10.2.0.0/16']);
  });

  it('does not pass handlers like proxy_pass to nested locations', () => {
    assert.deepEqual(values(effective(location('/proxied'), 'proxy_pass').directives), ['proxy_pass http://app']);
    assert.deepEqual(effective(location('/proxied/nested'), 'proxy_pass').directives, []);
    assert.equal(inheritanceOf('proxy_pass'), 'local');
    assert.equal(inheritanceOf('add_header'), 'list');
    assert.equal(inheritanceOf('server_tokens'), 'value');
  });

  it('inherits from stream to a stream server', () => {
    const c = load({ '/etc/nginx/nginx.conf': 'stream { ssl_protocols TLSv1.3; server { listen 1; } }' });
    assert.deepEqual(values(effective(findAll(c, 'server')[0], 'ssl_protocols').directives), ['ssl_protocols TLSv1.3']);
  });
});
