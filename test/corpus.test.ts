// Real third-party sshd configs (../shared/corpus/sshd, see its SOURCES.md): hardened ones raise no error, the
// distribution and upstream defaults raise exactly what those defaults allow, and the known problems of the bad ones
// are found. Skipped when the corpus folder is absent.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../core/types';
import { CORPUS, lintPath } from './helpers';

const SSHD = path.join(CORPUS, 'sshd');
const present = fs.existsSync(SSHD);

/** Drop-ins that live outside a `sshd_config.d/` folder in the corpus are linted from a copy placed in one. */
function lintAsDropIn(file: string): Finding[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-corpus-'));
  try {
    fs.mkdirSync(path.join(dir, 'sshd_config.d'));
    const copy = path.join(dir, 'sshd_config.d', path.basename(file).replace(/(\.conf)?$/, '.conf'));
    fs.copyFileSync(file, copy);
    return lintPath(copy);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function lintCorpus(rel: string, role: 'main' | 'dropin'): Finding[] {
  const file = path.join(SSHD, rel);
  if (role === 'dropin' && path.basename(path.dirname(file)) !== 'sshd_config.d') return lintAsDropIn(file);
  return lintPath(file, { kind: 'sshd' });
}

const summary = (findings: Finding[]) =>
  findings.filter((f) => !f.suppressed).map((f) => `${f.range.start.line + 1} ${f.severity} ${f.ruleId}`);

// What the defaults really allow. Line 1 carries the findings about absent keywords (their default applies).
const DEFAULT_FINDINGS = [
  '1 info sshd/client-alive', // ClientAliveInterval 0: idle sessions never time out
  '1 info sshd/default-port', // Port 22
  '1 info sshd/login-grace-time', // 120 s
  '1 info sshd/max-auth-tries', // 6
  '1 info sshd/no-user-allowlist', // every account may log in
  '1 error sshd/password-authentication', // PasswordAuthentication defaults to yes
];
const UPSTREAM_DEFAULT_FINDINGS = [...DEFAULT_FINDINGS, '1 warning sshd/kbd-interactive-authentication'];

interface Case { rel: string; role: 'main' | 'dropin'; exact?: string[]; includes?: string[]; noErrors?: boolean }

const CASES: Case[] = [
  // hardened/: written to a hardening guide — never an error.
  { rel: 'hardened/devsec_ssh_hardening_rendered_debian12_defaults.conf', role: 'main', noErrors: true,
    exact: ['1 info sshd/no-user-allowlist', '18 info sshd/default-port'] },
  { rel: 'hardened/mozilla_infosec_modern_sshd_config', role: 'main', noErrors: true,
    // PasswordAuthentication stays at its default yes, but AuthenticationMethods publickey rules passwords out.
    exact: ['1 info sshd/client-alive', '1 info sshd/default-port', '1 info sshd/login-grace-time',
      '1 info sshd/max-auth-tries', '1 info sshd/no-user-allowlist'] },
  { rel: 'hardened/omnibus-gitlab_docker_assets_sshd_config', role: 'main', noErrors: true },
  { rel: 'hardened/sshd_config.d/ssh-audit_debian12_v3_ssh-audit_hardening.conf', role: 'dropin', noErrors: true },
  // defaults/: valid configs that allow what the defaults allow.
  { rel: 'defaults/openssh-portable_V_9_2_P1_sshd_config', role: 'main', exact: UPSTREAM_DEFAULT_FINDINGS },
  { rel: 'defaults/openssh-portable_2026-07_sshd_config', role: 'main', exact: UPSTREAM_DEFAULT_FINDINGS },
  { rel: 'defaults/debian12_openssh-server_9.2p1-2+deb12u10_sshd_config', role: 'main',
    // Debian ships KbdInteractiveAuthentication no and X11Forwarding yes; its Include finds no drop-in here.
    exact: [...DEFAULT_FINDINGS, '12 info sshd/include-problem', '90 warning sshd/x11-forwarding'] },
  { rel: 'defaults/atmoz-sftp_files_sshd_config', role: 'main',
    exact: [...UPSTREAM_DEFAULT_FINDINGS, '3 info sshd/deprecated-keyword'] }, // Protocol 2
  // bad/: the problems each file is in the corpus for.
  { rel: 'bad/cloud-init_50-cloud-init.conf', role: 'dropin', exact: ['1 error sshd/password-authentication'] },
  { rel: 'bad/debian12-cloudinit-gotcha/sshd_config', role: 'main',
    includes: ['12 error sshd/password-authentication', '125 warning sshd/shadowed-directive'] },
  { rel: 'bad/debian12-cloudinit-gotcha/sshd_config.d/50-cloud-init.conf', role: 'dropin',
    exact: ['1 error sshd/password-authentication'] },
  { rel: 'bad/openssh-portable_V_6_6_P1_sshd_config_legacy', role: 'main',
    includes: ['110 info sshd/deprecated-keyword', '1 error sshd/password-authentication'] },
  { rel: 'bad/mozilla_infosec_intermediate_openssh53_sshd_config', role: 'main',
    includes: ['10 error sshd/unknown-keyword'] }, // RequiredAuthentications2: sshd refuses to start
  { rel: 'bad/gitea_docker_templates_sshd_config.tmpl', role: 'main',
    includes: ['1 error sshd/invalid-value', '13 error sshd/dsa-host-key', '22 warning sshd/permit-user-environment'] },
  { rel: 'bad/sshd-lint-samples/realistic.conf', role: 'main',
    includes: ['26 error sshd/password-authentication', '33 warning sshd/x11-forwarding'] },
  { rel: 'bad/sshd-lint-samples/tricky.conf', role: 'main',
    includes: ['56 error sshd/invalid-value', '50 warning sshd/weak-ciphers', '24 warning sshd/shadowed-directive'] },
  { rel: 'bad/sshd-lint-samples/edge.conf', role: 'main',
    // Match blocks in the included drop-ins turn password login and root login back on for some connections.
    includes: ['18 warning sshd/match-weakens-policy', '24 warning sshd/x11-forwarding'] },
  { rel: 'bad/sshd-lint-samples/edge_config.d/20-danger.conf', role: 'dropin',
    includes: ['11 warning sshd/match-weakens-policy'] },
];

describe('sshd corpus', { skip: present ? false : `corpus not found at ${SSHD}` }, () => {
  for (const c of CASES) {
    it(c.rel, () => {
      const got = summary(lintCorpus(c.rel, c.role));
      assert.ok(!got.some((g) => g.includes('internal error')), got.join('\n'));
      if (c.noErrors) assert.deepEqual(got.filter((g) => g.split(' ')[1] === 'error'), [], 'no error-level finding');
      if (c.exact) assert.deepEqual([...got].sort(), [...c.exact].sort());
      for (const want of c.includes ?? []) assert.ok(got.includes(want), `missing "${want}" in\n${got.join('\n')}`);
    });
  }

  it('covers every config file of the corpus', () => {
    const all: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name !== 'SOURCES.md') all.push(path.relative(SSHD, p));
      }
    };
    walk(SSHD);
    const covered = new Set(CASES.map((c) => c.rel));
    // edge.conf's first drop-in is read through edge.conf; it holds only a Match block and a cloud-init line.
    covered.add('bad/sshd-lint-samples/edge_config.d/10-cloudinit.conf');
    assert.deepEqual(all.filter((f) => !covered.has(f)), []);
  });
});
