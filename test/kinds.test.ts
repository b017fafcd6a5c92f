// File kind detection from a path: which files hardlint reads as sshd or nginx configs, and which it leaves alone.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectKind, isKind, KINDS } from '../core/kinds';

const cases: [string, string | undefined][] = [
  // sshd
  ['/etc/ssh/sshd_config', 'sshd'],
  ['/etc/ssh/sshd_config.d/10-hardening.conf', 'sshd'],
  ['/srv/ansible/roles/nginx/files/sshd_config.d/50-x.conf', 'sshd'],
  ['/etc/ssh/ssh_config', undefined],
  // nginx main files and snippets
  ['/etc/nginx/nginx.conf', 'nginx'],
  ['deploy/nginx.conf', 'nginx'],
  ['/etc/nginx/snippets/ssl-params.conf', 'nginx'],
  ['/repo/docker/nginx/templates/deep/proxy.conf', 'nginx'],
  ['/etc/nginx/conf.d/default.conf', 'nginx'],
  ['/opt/app/conf.d/site.conf', 'nginx'],
  ['/etc/nginx/sites-available/default', 'nginx'],
  ['/etc/nginx/sites-enabled/example.com', 'nginx'],
  ['/srv/example.com.nginx', 'nginx'],
  // what is not nginx
  ['/etc/nginx/mime.types', undefined],
  ['/etc/nginx/fastcgi_params', undefined],
  ['/etc/nginx/sites-available/.example.swp', undefined],
  ['/etc/nginx/sites-available/old/', undefined],
  ['/etc/apache2/sites-available/000-default.conf', undefined],
  ['/etc/apache2/sites-enabled/000-default.conf', undefined],
  ['/etc/httpd/conf.d/ssl.conf', undefined],
  ['/etc/supervisor/conf.d/worker.conf', undefined],
  ['/etc/ld.so.conf.d/libc.conf', undefined],
  ['/etc/sysctl.d/99-hardening.conf', undefined],
  ['/etc/modprobe.d/blacklist.conf', undefined],
  ['/etc/resolv.conf', undefined],
  ['/etc/fail2ban/jail.d/sshd.conf', undefined],
  ['/repo/project/app.conf', undefined],
  // docker-compose
  ['/srv/app/compose.yaml', 'compose'],
  ['/srv/app/compose.yml', 'compose'],
  ['/srv/app/compose.override.yaml', 'compose'],
  ['/srv/app/docker-compose.yml', 'compose'],
  ['/srv/app/docker-compose.prod.yaml', 'compose'],
  ['/srv/app/docker-compose-dev.yml', 'compose'],
  ['/srv/app/compose.json', undefined],
  ['/srv/app/my-compose.yaml', undefined],
  ['/srv/app/.github/workflows/ci.yml', undefined],
];

describe('detectKind', () => {
  for (const [p, want] of cases) {
    it(`${p} → ${want ?? 'not read'}`, () => assert.equal(detectKind(p), want));
  }
  it('knows both families as --kind values', () => {
    assert.deepEqual([...KINDS].sort(), ['compose', 'firewall', 'nginx', 'sshd']);
    assert.ok(isKind('compose'));
    assert.ok(isKind('nginx'));
    assert.ok(!isKind('apache'));
  });
});
