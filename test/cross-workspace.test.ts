// The workspace model behind the cross-file rules: what it reads from compose mounts (which container runs which nginx
// file), nginx in a container reached through Docker's published ports (cross/http-only-service, the exposure map),
// and the sites of an nginx.conf read from one load of its tree, with the same result as reading each site alone.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../core/config';
import { lint, LintEnv } from '../core/engine';
import { memoryHost, nodeFileHost, runFileHost } from '../core/host';
import { detectKind } from '../core/kinds';
import type { FileHost, Finding } from '../core/types';
import { nginxRuns } from '../core/workspace/cross';
import { exposureMap } from '../core/workspace/exposure';
import { buildWorkspace, Workspace, WorkspaceFile } from '../core/workspace/model';
import { RULES } from '../rules';
import { configFilesUnder, CORPUS, FIXTURES, workspaceOfFolder } from './helpers';

const CROSS_RULES = RULES.filter((r) => r.meta.family === 'cross');
const HTTP_ONLY = path.join(FIXTURES, 'cross', 'http-only-service');

function crossFindings(file: string, workspace: Workspace): Finding[] {
  const text = fs.readFileSync(file, 'utf8');
  const env: LintEnv = { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: CROSS_RULES, workspace };
  return lint({ path: file, text, kind: detectKind(file, text)! }, env).findings;
}

const lineOf = (file: string, line: number): string => fs.readFileSync(file, 'utf8').split('\n')[line].trim();

function memoryWorkspace(files: Record<string, string>, shared = true): Workspace {
  const host = memoryHost(files);
  const list = Object.entries(files).map(([p, text]) => ({ path: p, text, kind: detectKind(p, text)! }));
  return buildWorkspace(list.filter((f) => f.kind), (p) => ({ host: shared ? host : { ...host }, config: defaultConfig() }));
}

describe('workspace model: what a compose file puts in its containers', () => {
  it('reads bind mounts (short and long syntax) and file configs as host paths, relative to the compose file', () => {
    const ws = memoryWorkspace({
      '/srv/app/docker-compose.yml': [
        'services:',
        '  web:',
        '    image: nginx:1.25.4',
        '    network_mode: host',
        '    volumes:',
        '      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro',
        '      - /srv/certs:/etc/nginx/certs',
        '      - ${CONF_DIR:-./conf.d}:/etc/nginx/extra',
        '      - ${CONF_DIR}:/etc/nginx/unknown',
        '      - ~/sites:/etc/nginx/home',
        '      - static:/usr/share/nginx/html',
        '      - /var/cache/nginx',
        '      - type: bind',
        '        source: ../shared/snippets',
        '        target: /etc/nginx/snippets/',
        '      - type: volume',
        '        source: logs',
        '        target: /var/log/nginx',
        '    configs:',
        '      - site',
        '      - source: main',
        '        target: /etc/nginx/nginx.conf',
        '      - undeclared',
        'configs:',
        '  site:',
        '    file: ./site.conf',
        '  main:',
        '    file: ./nginx.conf',
        'volumes:',
        '  static:',
        '  logs:',
      ].join('\n') + '\n',
    });
    const web = ws.compose[0].services[0];
    assert.equal(web.networkMode, 'host');
    assert.deepEqual(web.mounts.map((m) => [m.source, m.target, m.loc.range.start.line + 1]), [
      ['/srv/app/nginx/default.conf', '/etc/nginx/conf.d/default.conf', 6],
      ['/srv/certs', '/etc/nginx/certs', 7],
      ['/srv/app/conf.d', '/etc/nginx/extra', 8],
      ['/srv/shared/snippets', '/etc/nginx/snippets', 14],
      ['/srv/app/site.conf', '/site', 20],
      ['/srv/app/nginx.conf', '/etc/nginx/nginx.conf', 21],
    ]);
  });

  it('links an nginx file to the services that put it (or its folder) under /etc/nginx/ of their container, and only those', () => {
    const site = 'server {\n    listen 80;\n}\n';
    const ws = memoryWorkspace({
      '/srv/app/compose.yaml': [
        'services:',
        '  file:',
        '    image: nginx:1.25.4',
        '    volumes: ["./nginx/a.conf:/etc/nginx/conf.d/a.conf"]',
        '  folder:',
        '    image: nginx:1.25.4',
        '    volumes: ["./nginx:/etc/nginx/conf.d"]',
        '  elsewhere:',
        '    image: busybox:1.36',
        '    volumes: ["./nginx:/templates"]',
      ].join('\n') + '\n',
      '/srv/app/nginx/a.conf': site,
      '/srv/app/nginx/b.conf': site,
    });
    const runs = nginxRuns(ws);
    assert.deepEqual(runs.get('/srv/app/nginx/a.conf')?.map((r) => r.service.name), ['file', 'folder']);
    assert.deepEqual(runs.get('/srv/app/nginx/b.conf')?.map((r) => r.service.name), ['folder']);
  });
});

describe('cross/http-only-service: nginx in a container', () => {
  it('names the published port and the container port, and points at the port, the mount and the firewall', () => {
    const dir = path.join(HTTP_ONLY, 'bad-container-bypass');
    const [finding] = crossFindings(path.join(dir, 'nginx', 'default.conf'), workspaceOfFolder(dir));
    assert.equal(finding.ruleId, 'cross/http-only-service');
    assert.match(finding.message, /^Docker publishes this server's port 80 as port 8080 on every interface of the host \(\.\.\/docker-compose\.yml\), past the firewall in \.\.\/firewall\.sh:/);
    const compose = path.join(dir, 'docker-compose.yml');
    const firewall = path.join(dir, 'firewall.sh');
    assert.deepEqual(finding.related.map((r) => [path.basename(r.file), lineOf(r.file, r.range.start.line), r.message]), [
      ['docker-compose.yml', '- "8080:80"', 'Docker publishes port 80 of this container as port 8080 on every interface of the host'],
      ['docker-compose.yml', '- ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro', 'This puts nginx/default.conf in the nginx configuration of the web container'],
      ['firewall.sh', 'ufw default deny incoming', 'The firewall drops incoming connections it does not accept, but never sees Docker\'s published ports'],
    ]);
    assert.ok(fs.existsSync(compose) && fs.existsSync(firewall));
  });

  it('says the firewall opens the published port, or accepts everything, when it does', () => {
    const opened = path.join(HTTP_ONLY, 'bad-container-opened');
    const [o] = crossFindings(path.join(opened, 'conf.d', 'site.conf'), workspaceOfFolder(opened));
    assert.match(o.message, /port 80 as port 8081 .* and \.\.\/firewall\.sh opens port 8081 to everyone/);
    assert.deepEqual(o.related.map((r) => lineOf(r.file, r.range.start.line)), ['published: 8081', 'source: ./conf.d', 'ufw allow 8081/tcp']);
    const allowed = path.join(HTTP_ONLY, 'bad-container-default-allow');
    const [a] = crossFindings(path.join(allowed, 'nginx', 'site.conf'), workspaceOfFolder(allowed));
    assert.match(a.message, /^Docker publishes this server's port 80 as port 80 .* the firewall in \.\.\/firewall\.sh accepts incoming connections by default/);
    assert.deepEqual(a.related.map((r) => lineOf(r.file, r.range.start.line)), ['- "80:80"', '- source: site', 'iptables -P INPUT ACCEPT']);
  });

  it('reads a container on the host network as nginx on the host: the firewall rule for its own port decides', () => {
    const dir = path.join(HTTP_ONLY, 'bad-container-host-network');
    const [finding] = crossFindings(path.join(dir, 'nginx', 'status.conf'), workspaceOfFolder(dir));
    assert.match(finding.message, /^Port 8080 is open to everyone in \.\.\/firewall\.sh/);
    assert.deepEqual(finding.related.map((r) => path.basename(r.file)), ['firewall.sh']);
  });

  it('shows the container behind its published port in the exposure map, and not as a listener on the host', () => {
    const dir = path.join(HTTP_ONLY, 'bad-container-bypass');
    const ws = workspaceOfFolder(dir);
    const map = exposureMap(ws, new Map());
    assert.deepEqual(map.ports.map((p) => p.port), [22, 8080]);
    const labels = map.ports[1].paths.map((p) => p.nodes.map((n) => `${n.kind}: ${n.label}`));
    assert.deepEqual(labels, [[
      'docker: Docker publishes past the firewall', 'published: ports: 8080:80', 'service: compose service web',
      'listener: nginx listen 80', 'service: nginx shop.example.org',
    ]]);
    // Port 80 of the container is not port 80 of the host: the host's 80 is opened here, and nothing takes it.
    const unpublished = exposureMap(workspaceOfFolder(path.join(HTTP_ONLY, 'good-container-unpublished')), new Map());
    const port80 = unpublished.ports.find((p) => p.port === 80)!;
    assert.deepEqual(port80.paths.map((p) => p.nodes.map((n) => n.label)), [['ufw allow 80/tcp', 'nothing in these files listens here']]);
    const port443 = unpublished.ports.find((p) => p.port === 443)!;
    assert.deepEqual(port443.paths.map((p) => p.nodes.map((n) => n.label)), [
      ['ufw allow 443/tcp', 'ports: 443:443', 'compose service web', 'nginx listen 443 ssl', 'nginx shop.example.org'],
    ]);
  });
});

/** The nginx part of a workspace as plain data (every model field, locations included). */
function nginxModels(ws: Workspace): string {
  return JSON.stringify(ws.nginx, null, 1);
}

/** Every file under `dir` the CLI would read, with its kind. */
function filesUnder(dir: string): WorkspaceFile[] {
  return configFilesUnder(dir).flatMap((p) => {
    const text = fs.readFileSync(p, 'utf8');
    const kind = detectKind(p, text);
    return kind ? [{ path: p, text, kind }] : [];
  });
}

/** Counts the folder listings of a host: each load of an nginx.conf with `include sites-enabled/*` lists the folder. */
function countingHost(host: FileHost): FileHost & { listings: Map<string, number> } {
  const listings = new Map<string, number>();
  return {
    ...host,
    readFile: (p) => host.readFile(p),
    isDirectory: (p) => host.isDirectory(p),
    readDir: (p) => {
      listings.set(p, (listings.get(p) ?? 0) + 1);
      return host.readDir(p);
    },
    listings,
  };
}

describe('workspace model: the sites of an nginx.conf, from one load of its tree', () => {
  const site = (i: number) => [
    `upstream backend_${i} {`, `    server app${i}:3000;`, '}',
    'server {', `    listen ${i % 2 ? '443 ssl' : '80'};`, `    server_name app${i}.example.org;`, '    include snippets/proxy.inc;',
    '    location / {', `        proxy_pass http://backend_${i};`, '    }', '}',
  ].join('\n') + '\n';
  const tree: Record<string, string> = {
    '/host/nginx/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    include sites-enabled/*;\n}\n',
    '/host/nginx/snippets/proxy.inc': 'location /api/ {\n    proxy_pass http://127.0.0.1:9000;\n}\nreturn 301 https://$host$request_uri;\n',
    '/host/nginx/conf.d/default.conf': 'server {\n    listen 8080;\n    proxy_pass_header Server;\n}\n',
    '/host/docker-compose.yml': 'services:\n  app1:\n    image: ghcr.io/example/app:1.0.0\n    ports:\n      - "3000:3000"\n',
  };
  for (let i = 0; i < 12; i++) tree[`/host/nginx/sites-enabled/app${i}.example.org`] = site(i);

  it('gives the same models as reading each site with its own context', () => {
    const shared = memoryWorkspace(tree, true);
    // A host per file: no site can be read from the tree its nginx.conf loaded.
    const alone = memoryWorkspace(tree, false);
    assert.equal(nginxModels(shared), nginxModels(alone));
    const app1 = shared.nginx.find((n) => n.file.endsWith('app1.example.org'))!;
    assert.deepEqual(app1.servers[0].proxies.map((p) => [p.host, p.port, p.upstream]), [['127.0.0.1', 9000, undefined], ['app1', 3000, 'backend_1']]);
    // The snippet's proxy_pass is reported on the site's include line (the snippet is not linted on its own).
    assert.equal(app1.servers[0].proxies[0].loc.range.start.line, 6);
    assert.equal(app1.servers[0].redirectsToHttps, true);
  });

  it('loads the tree once for all its sites', () => {
    const host = countingHost(memoryHost(tree));
    const files = Object.entries(tree).flatMap(([p, text]) => { const kind = detectKind(p, text); return kind ? [{ path: p, text, kind }] : []; });
    buildWorkspace(files, () => ({ host, config: defaultConfig() }));
    assert.equal(host.listings.get('/host/nginx/sites-enabled'), 1);
  });

  it('reads a site whose text differs from the saved file (an editor buffer) with its own context', () => {
    const ws = memoryWorkspace(tree, true);
    const file = '/host/nginx/sites-enabled/app0.example.org';
    const edited = ws.withFile({ path: file, text: site(0).replace('listen 80;', 'listen 8081;'), kind: 'nginx' });
    assert.deepEqual(edited.nginx.find((n) => n.file === file)!.servers[0].listens.map((l) => l.port), [8081]);
    assert.deepEqual(ws.nginx.find((n) => n.file === file)!.servers[0].listens.map((l) => l.port), [80]);
  });

  const corpusTrees = ['nginx/good/nginxconfig.io/reverse-proxy', 'nginx/good/h5bp-server-configs-nginx', 'nginx/good/nginx-conf']
    .map((t) => path.join(CORPUS, t));
  it('gives the same models on the nginx trees of the corpus', { skip: corpusTrees.every((t) => fs.existsSync(t)) ? false : 'no corpus' }, () => {
    for (const dir of corpusTrees) {
      const files = filesUnder(dir);
      const host = runFileHost(nodeFileHost());
      const shared = buildWorkspace(files, () => ({ host, config: defaultConfig() }));
      const alone = buildWorkspace(files, () => ({ host: nodeFileHost(), config: defaultConfig() }));
      assert.ok(shared.nginx.some((n) => n.servers.length > 0), dir);
      assert.equal(nginxModels(shared), nginxModels(alone), dir);
    }
  });
});
