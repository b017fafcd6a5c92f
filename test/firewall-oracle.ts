// The real firewall tools as oracles: `iptables-restore --test` / `ip6tables-restore --test` for rule files,
// `nft -c -f` for nftables files, `bash -n` for scripts (Debian packages iptables, nftables). They need root and
// netfilter for their checks: where they cannot run, skipReason() says why.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { firewallFormatFromPath } from '../core/firewall/context';
import { hasBinary } from './helpers';

export type Oracle = 'iptables' | 'ip6tables' | 'nft' | 'bash';

export function oracleFor(file: string): Oracle | undefined {
  const source = file.replace(/\.(unsafe-)?fixed$/, '');
  const format = firewallFormatFromPath(source);
  if (format === 'iptables-save') return /(^|[._-])v6$|6\.rules$/.test(path.basename(source)) ? 'ip6tables' : 'iptables';
  if (format === 'nft') return 'nft';
  if (source.endsWith('.sh')) return 'bash';
  return undefined;
}

export function run(oracle: Oracle, file: string): { ok: boolean; output: string } {
  const [cmd, args] = oracle === 'iptables' ? ['/usr/sbin/iptables-restore', ['--test', file]]
    : oracle === 'ip6tables' ? ['/usr/sbin/ip6tables-restore', ['--test', file]]
      : oracle === 'nft' ? ['/usr/sbin/nft', ['-c', '-f', file]] : ['bash', ['-n', file]];
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

/** Why an oracle cannot run here, or undefined when it works (probed on a file it must accept). */
function unavailable(oracle: Oracle): string | undefined {
  const bin = { iptables: '/usr/sbin/iptables-restore', ip6tables: '/usr/sbin/ip6tables-restore', nft: '/usr/sbin/nft', bash: '/bin/bash' }[oracle];
  if (!hasBinary(bin)) return `${bin} is not installed (Debian packages iptables, nftables)`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-oracle-'));
  try {
    const probe = path.join(dir, oracle === 'nft' ? 'probe.nft' : 'probe');
    fs.writeFileSync(probe, oracle === 'nft' ? 'table inet t {\n\tchain c { type filter hook input priority 0; policy drop; }\n}\n'
      : oracle === 'bash' ? 'true\n' : '*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
    const r = run(oracle, probe);
    return r.ok ? undefined : `${bin} cannot check rules here (needs root and netfilter): ${r.output.split('\n')[0]}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const AVAILABLE = new Map<Oracle, string | undefined>();
export const skipReason = (o: Oracle): string | undefined => {
  if (!AVAILABLE.has(o)) AVAILABLE.set(o, unavailable(o));
  return AVAILABLE.get(o);
};
