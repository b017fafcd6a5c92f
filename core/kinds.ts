// File kind detection, shared by the CLI and the server.
import * as path from 'node:path';
import { firewallFormatFromPath, isFirewallScript } from './firewall/context';
import { resolvePath } from './paths';
import type { Kind } from './types';

export const KINDS: readonly Kind[] = ['sshd', 'nginx', 'firewall', 'compose'];

/** Compose file names: compose.yaml, compose.override.yml, docker-compose.yml, docker-compose.prod.yaml. */
const COMPOSE_NAME = /^(?:docker-compose[^/]*|compose(?:\.[^/]+)?)\.ya?ml$/;

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value);
}

/** Daemons that use the same `conf.d/` and `sites-*` layouts as nginx: their files are not nginx configs. */
const OTHER_DAEMON_DIRS: ReadonlySet<string> = new Set(['apache2', 'apache', 'httpd', 'supervisor', 'supervisord', 'lighttpd']);

/**
 * The kind of a file from its path, or undefined when hardlint does not read it. Shell scripts are firewall files only
 * when they run a firewall program: pass their `text` to have it looked at (without it, a `.sh` file is not read).
 */
export function detectKind(filePath: string, text?: string): Kind | undefined {
  const p = filePath.split(path.sep).join('/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  const parent = path.posix.basename(path.posix.dirname(p));
  // sshd first: an sshd drop-in (`sshd_config.d/x.conf`) is also a `*.conf` in some folder.
  if (base === 'sshd_config' || (parent === 'sshd_config.d' && base.endsWith('.conf'))) return 'sshd';
  if (COMPOSE_NAME.test(base)) return 'compose';
  if (isNginxPath(p, base, parent)) return 'nginx';
  if (firewallFormatFromPath(p)) return 'firewall';
  if (text !== undefined && isFirewallScript(p, text)) return 'firewall';
  return undefined;
}

function isNginxPath(p: string, base: string, parent: string): boolean {
  if (base === 'nginx.conf' || base.endsWith('.nginx')) return true;
  const dirs = path.posix.dirname(p).split('/');
  if (base.endsWith('.conf') && dirs.includes('nginx')) return true;
  if (dirs.some((d) => OTHER_DAEMON_DIRS.has(d))) return false;
  if (parent === 'conf.d' && base.endsWith('.conf')) return true;
  return (parent === 'sites-available' || parent === 'sites-enabled') && base !== '' && !base.startsWith('.');
}

/**
 * sshd drop-ins (`sshd_config.d/*.conf`) are read from a main file; linted alone they cannot know its settings. From
 * the path alone: a file a main sshd_config of the run or workspace includes is a drop-in too, whatever its path
 * (core/workspace/sshd-includes.ts).
 */
export function isSshdDropIn(filePath: string): boolean {
  return path.basename(path.dirname(resolvePath(filePath))) === 'sshd_config.d';
}
