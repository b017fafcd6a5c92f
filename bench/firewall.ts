// Firewall throughput: lints a generated 5,000-line firewall shell script (ufw, iptables, ip6tables, nft and
// firewall-cmd commands with variables, loops, functions, here-documents and continuations) with every firewall rule,
// in process. Target: >= 10 MB/s. Run alone with `node out/bench/firewall.js`, or through bench/run.ts.
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { defaultConfig } from '../core/config';
import { lint, LintEnv } from '../core/engine';
import { nodeFileHost } from '../core/host';
import { RULES } from '../rules';

export const FIREWALL_TARGET_MB_PER_S = 10;
const MB = 1024 * 1024;

/** A realistic firewall script of `lines` lines (deterministic). */
export function firewallScript(lines = 5000): string {
  const out: string[] = ['#!/bin/bash', 'set -euo pipefail', 'IPT=/sbin/iptables', 'IP6T=/sbin/ip6tables', 'SSH_PORT=2222',
    'ADMIN_NET="198.51.100.0/24"', 'WEB_PORTS="80 443"', ''];
  let n = 0;
  while (out.length < lines) {
    const k = n++;
    const port = 1024 + (k * 37) % 40000;
    const net = `10.${k % 250}.${(k * 7) % 250}.0/24`;
    switch (k % 12) {
      case 0: out.push(`$IPT -A INPUT -p tcp -s ${net} --dport ${port} -m conntrack --ctstate NEW -j ACCEPT`); break;
      case 1: out.push(`sudo ufw allow from ${net} to any port ${port} proto tcp comment 'service ${k}'`); break;
      case 2: out.push(`$IP6T -A INPUT -p udp -s fd00:${k.toString(16)}::/64 --dport ${port} -j ACCEPT`); break;
      case 3: out.push(`iptables -t nat -A PREROUTING -i eth0 -p tcp --dport ${port} -j DNAT --to-destination 192.168.${k % 250}.10:${port}`); break;
      case 4: out.push(`for p in $WEB_PORTS ${port}; do`, `  ufw allow in on eth1 from ${net} to any port "$p" proto tcp`, 'done'); break;
      case 5: out.push(`setup_${k}() {`, `  $IPT -A INPUT -p tcp -m multiport --dports ${port},${port + 1},${port + 2} -s ${net} -j ACCEPT`,
        `  $IPT -A INPUT -p tcp --dport ${port + 3} \\`, `    -s ${net} -j REJECT --reject-with tcp-reset`, '}', `setup_${k}`); break;
      case 6: out.push(`nft add rule inet filter input ip saddr ${net} tcp dport { ${port}, ${port + 10} } accept`); break;
      case 7: out.push(`firewall-cmd --permanent --zone=internal --add-port=${port}/tcp`); break;
      case 8: out.push(`if [ -n "\${ENABLE_${k}:-}" ]; then`, `  ufw deny from ${net} to any port ${port} proto udp`, 'fi'); break;
      case 9: out.push(`# rule ${k}: keep the log quiet`, `$IPT -A INPUT -s ${net} -m limit --limit 5/min -j LOG --log-prefix "drop ${k}: "`); break;
      case 10: out.push(`cat >> /etc/iptables/rules.v4 <<'EOF'`, '*filter', `-A INPUT -s ${net} -p tcp --dport ${port} -j ACCEPT`, 'COMMIT', 'EOF'); break;
      default: out.push(`echo "configured ${k} $(date +%s)" >> /var/log/fw.log && logger -t fw "step ${k}" || true`);
    }
  }
  out.length = lines;
  return out.join('\n') + '\n';
}

/** Same fields as bench/run.ts's results: wall-clock value, CPU-time value, target, detail. */
export interface FirewallBenchResult { name: string; value: number; cpu: number; unit: string; target: string; met: boolean; detail: string }

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Input linted before measuring, as bench/run.ts does for sshd_config: TurboFan compiles on threads of its own, and
 * after 5 runs of this script it was still optimising functions up to the ~15th run (node --trace-opt, on a loaded
 * machine), so the measured runs were charged for its CPU time (CPU above wall clock).
 */
const WARM_UP_BYTES = 6 * MB;

/**
 * Lints the script `runs` times after `warmup` runs (by default, 6 MB of input: the first, cold run is reported in the
 * detail) and gives the median throughput.
 */
export function benchFirewall(runs = 15, warmup?: number): FirewallBenchResult {
  const text = firewallScript();
  warmup ??= Math.max(5, Math.ceil(WARM_UP_BYTES / text.length));
  const env: LintEnv = { host: nodeFileHost(), config: defaultConfig(), locale: 'en', rules: RULES };
  const input = { path: '/tmp/hardlint-bench/firewall.sh', text, kind: 'firewall' as const };
  const t0 = performance.now();
  let findings = lint(input, env).findings.length;
  const cold = performance.now() - t0;
  for (let i = 1; i < warmup; i++) lint(input, env);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    findings = lint(input, env).findings.length;
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const ms = median(wall);
  const mbps = text.length / MB / (ms / 1000);
  return {
    name: 'firewall script, 5,000 lines', value: mbps, cpu: text.length / MB / (median(cpu) / 1000), unit: 'MB/s',
    target: `>= ${FIREWALL_TARGET_MB_PER_S} MB/s`, met: mbps >= FIREWALL_TARGET_MB_PER_S,
    detail: `${(text.length / 1024).toFixed(0)} KB, ${text.split('\n').length - 1} lines, median of ${runs} after ${warmup} warm-up runs: `
      + `${ms.toFixed(1)} ms wall (min ${Math.min(...wall).toFixed(1)} ms), ${median(cpu).toFixed(1)} ms CPU; first (cold) run ${cold.toFixed(0)} ms; `
      + `${findings} findings`,
  };
}

if (require.main === module) {
  const r = benchFirewall();
  console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit} wall, ${r.cpu.toFixed(1)} ${r.unit} CPU (target ${r.target}: ${r.met ? 'ok' : 'MISSED'})`);
  console.log(`  ${r.detail}`);
  console.log(`  machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
