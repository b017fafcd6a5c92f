// File kind detection from a path: which files hardlint reads as sshd or nginx configs, and which it leaves alone.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../core/config';
import { lint } from '../core/engine';
import { memoryHost } from '../core/host';
import { detectKind, isKind, KINDS } from '../core/kinds';
import { RULES } from '../rules';

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

describe('a file of sshd_config.d/ without .conf: the text decides, and copies kept aside are not read', () => {
  const SETTINGS = '# hardening\nPasswordAuthentication no\nPermitRootLogin=no\n';
  const textCases: [string, string, string | undefined][] = [
    // Meant as drop-ins, under a name `Include *.conf` skips: read (sshd/drop-in-not-included says why they do nothing).
    ['/etc/ssh/sshd_config.d/99-hardening', SETTINGS, 'sshd'],
    ['/etc/ssh/sshd_config.d/hardening.cfg', SETTINGS, 'sshd'],
    ['/etc/ssh/sshd_config.d/hardening.config', '\uFEFFPasswordAuthentication no\n', 'sshd'],
    // Not settings.
    ['/etc/ssh/sshd_config.d/notes', 'Remember to restart sshd after editing.\n', undefined],
    ['/etc/ssh/sshd_config.d/ports', 'port 2222\n', 'sshd'],
    ['/etc/ssh/sshd_config.d/list', '/usr/local/lib\n', undefined],
    ['/etc/ssh/sshd_config.d/empty', '', undefined],
    ['/etc/ssh/sshd_config.d/comments', '# nothing yet\n', undefined],
    ['/etc/ssh/sshd_config.d/data.json', '{"a": 1}\n', undefined],
    // Backups, package managers' copies, switched-off drop-ins, editors' files, notes: never read.
    ...['50-cloud-init.conf.bak', '50-cloud-init.conf~', '50-cloud-init.conf.dpkg-old', '50-cloud-init.conf.dpkg-dist', '50-x.conf.ucf-old',
      '50-x.conf.rpmsave', '50-x.conf.rpmnew', '50-x.conf.orig', '50-x.conf.old', '50-x.conf.disabled', '.50-x.conf.swp', '#50-x.conf#',
      'README', 'README.md', 'notes.txt'].map((n): [string, string, undefined] => [`/etc/ssh/sshd_config.d/${n}`, SETTINGS, undefined]),
    // A .conf drop-in is one whatever its text (a file being written).
    ['/etc/ssh/sshd_config.d/10-new.conf', '', 'sshd'],
  ];
  for (const [p, text, want] of textCases) {
    it(`${p} (${JSON.stringify(text.slice(0, 24))}…) → ${want ?? 'not read'}`, () => assert.equal(detectKind(p, text), want));
  }
});

describe('a conf.d or sites-* file outside any nginx folder, a *.rules file: the text decides', () => {
  const FONTCONFIG = '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n  <dir>/usr/share/fonts</dir>\n</fontconfig>\n';
  const textCases: [string, string, string | undefined][] = [
    // Other programs' files in folders with nginx's folder names: their text says they are not nginx.
    ['/etc/fonts/conf.d/10-hinting-slight.conf', FONTCONFIG, undefined],
    ['/srv/www/sites-enabled/site', '<VirtualHost *:80>\n  ServerName example.org\n</VirtualHost>\n', undefined],
    ['/opt/app/conf.d/limits.conf', 'net.core.somaxconn = 1024\nvm.swappiness=10\n', undefined],
    ['/opt/app/conf.d/paths.conf', '# library paths\n/usr/local/lib\n/opt/app/lib\n', undefined],
    ['/opt/app/conf.d/words.conf', 'include /etc/other.conf\n', undefined],
    // nginx ones are still nginx: a server block, a snippet, a directive after comments, a file being written.
    ['/opt/app/conf.d/site.conf', '# shop\nserver {\n  listen 80;\n}\n', 'nginx'],
    ['/opt/app/conf.d/gzip.conf', 'gzip on;\ngzip_types text/css;\n', 'nginx'],
    ['/opt/app/conf.d/upstream.conf', '\uFEFFupstream app { server 127.0.0.1:3000; }\n', 'nginx'],
    ['/opt/app/conf.d/new.conf', '', 'nginx'],
    ['/opt/app/conf.d/new.conf', '# to do\n', 'nginx'],
    // In an nginx folder the path decides, whatever the text.
    ['/etc/nginx/conf.d/broken.conf', '<oops>\n', 'nginx'],
    // *.rules: iptables-save's and ufw's, not polkit's JavaScript or a text search's synonym list.
    ['/etc/ufw/user.rules', '*filter\n:ufw-user-input - [0:0]\n### RULES ###\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\nCOMMIT\n', 'firewall'],
    ['/srv/fw/edge.rules', '# to be written\n', 'firewall'],
    ['/usr/share/doc/polkitd/examples/50-local-allow.rules', 'polkit.addRule(function(action, subject) {\n  return polkit.Result.YES;\n});\n', undefined],
    ['/usr/share/postgresql/15/tsearch_data/unaccent.rules', 'À\tA\nÁ\tA\n', undefined],
    ['/etc/iptables/rules.v4', 'polkit.addRule()\n', 'firewall'],
  ];
  for (const [p, text, want] of textCases) {
    it(`${p} holding ${JSON.stringify(text.slice(0, 24))}… → ${want ?? 'not read'}`, () => assert.equal(detectKind(p, text), want));
  }
});

describe('a firewall script', () => {
  it('is split once for kind detection and the lint that follows', () => {
    // The module object itself: core/firewall reads parseShell from it at each call.
    const shell = require('../core/firewall/shell') as { parseShell: (text: string) => unknown };
    const { parseShell } = shell;
    let splits = 0;
    shell.parseShell = (text: string) => { splits++; return parseShell(text); };
    try {
      const text = '#!/bin/sh\n# hardlint test: split once\nufw default deny incoming\nufw allow 22/tcp\nufw enable\n';
      assert.equal(detectKind('/srv/fw/setup.sh', text), 'firewall');
      assert.equal(splits, 1);
      const { findings } = lint({ path: '/srv/fw/setup.sh', text, kind: 'firewall' },
        { host: memoryHost({}), config: defaultConfig(), locale: 'en', rules: RULES });
      assert.ok(findings.some((f) => f.ruleId === 'firewall/ssh-open-to-world'));
      assert.equal(splits, 1, 'the lint reused the split of detection');
      // Another text is split anew.
      detectKind('/srv/fw/other.sh', text + 'ufw allow 80/tcp\n');
      assert.equal(splits, 2);
    } finally {
      shell.parseShell = parseShell;
    }
  });
});
