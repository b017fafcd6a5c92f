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

/**
 * Names of the files kept in sshd_config.d/ beside the drop-ins without being one: backups and package managers' copies
 * (`x.conf.bak`, `x.conf~`, `x.conf.dpkg-old`, `.rpmsave`), switched-off drop-ins (`x.conf.disabled`), editors' swap
 * and lock files, notes.
 */
const SET_ASIDE = /(?:\.(?:bak|backup|old|orig|save|sav|swp|swo|tmp|disabled?|off|dist|example|sample|dpkg-[a-z]+|ucf-[a-z]+|rpm(?:new|save|orig)|md|txt)|~)$|^[.#]|^readme/i;

/**
 * Whether a text reads as sshd settings: its first line that is not blank or a comment is an sshd keyword and a value
 * (`Keyword value`, `Keyword=value`), as OpenSSH 9.x knows them.
 */
export function looksLikeSshd(text: string): boolean {
  const first = /^[ \t]*([^\s#].*)$/m.exec(text.replace(/^\uFEFF/, ''));
  const keyword = first && /^"?([A-Za-z][A-Za-z0-9]*)"?(?:[ \t]*=[ \t]*|[ \t]+)\S/.exec(first[1]);
  if (!keyword) return false;
  // Loaded on first use: the keyword table is not needed to start the CLI (--help, --version).
  const { KEYWORDS } = require('./sshd/keywords') as typeof import('./sshd/keywords');
  return KEYWORDS.has(keyword[1].toLowerCase());
}

/** Daemons that use the same `conf.d/` and `sites-*` layouts as nginx: their files are not nginx configs. */
const OTHER_DAEMON_DIRS: ReadonlySet<string> = new Set(['apache2', 'apache', 'httpd', 'supervisor', 'supervisord', 'lighttpd']);

/**
 * The kind of a file from its path, or undefined when hardlint does not read it. Shell scripts are firewall files only
 * when they run a firewall program: pass their `text` to have it looked at (without it, a `.sh` file is not read).
 * Where only a folder's name or a common suffix speaks for the kind (textConfirmsKind), a given `text` must agree.
 */
export function detectKind(filePath: string, text?: string): Kind | undefined {
  const p = filePath.split(path.sep).join('/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  const parent = path.posix.basename(path.posix.dirname(p));
  // sshd first: an sshd drop-in (`sshd_config.d/x.conf`) is also a `*.conf` in some folder.
  if (base === 'sshd_config' || (parent === 'sshd_config.d' && base.endsWith('.conf'))) return 'sshd';
  // Another file of that folder (`99-hardening`, `hardening.cfg`): one meant as a drop-in that `Include *.conf` skips,
  // when its text reads as sshd settings; not the copies people keep there to switch one off.
  if (parent === 'sshd_config.d') return !SET_ASIDE.test(base) && (text === undefined || looksLikeSshd(text)) ? 'sshd' : undefined;
  if (COMPOSE_NAME.test(base)) return 'compose';
  if (isNginxPath(p, base, parent)) return text === undefined || !nginxByFolderOnly(p, base) || looksLikeNginx(text) ? 'nginx' : undefined;
  if (firewallFormatFromPath(p)) return text === undefined || !rulesByNameOnly(base) || looksLikeIptablesSave(text) ? 'firewall' : undefined;
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
 * Whether the kind detectKind() gives `filePath` from its path alone rests on a folder name or a suffix other programs
 * use too: the text then decides (CLI folder walks read such files to tell).
 */
export function textConfirmsKind(filePath: string, kind: Kind | undefined): boolean {
  if (kind === 'sshd') return isSshdDropIn(filePath) && !filePath.endsWith('.conf');
  if (kind === 'nginx') return nginxByFolderOnly(filePath);
  if (kind === 'firewall') return rulesByNameOnly(path.basename(filePath));
  return false;
}

/** A `*.rules` file other than rules.v4/v6: iptables-save's, ufw's — or polkit's JavaScript, a text search's synonyms. */
function rulesByNameOnly(base: string): boolean {
  return base.endsWith('.rules');
}

/**
 * Whether a text can be in iptables-save format: a table (`*filter`), a chain (`:INPUT ACCEPT`), a rule (`-A ...`) or
 * COMMIT starts a line. An empty or comment-only file can too.
 */
export function looksLikeIptablesSave(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '').replace(/^[ \t]*#[^\n]*/gm, '');
  return !/\S/.test(body) || /^[ \t]*(\*[a-z]+[ \t]*\r?$|:[A-Za-z]|-[AIN][ \t]|COMMIT\b)/m.test(body);
}

/**
 * Whether only the folder's name (`conf.d`, `sites-*`) makes the path an nginx one: other programs use those names too
 * (/etc/fonts/conf.d holds fontconfig XML), so the text has the last word (looksLikeNginx).
 */
export function nginxByFolderOnly(filePath: string, base = path.basename(filePath)): boolean {
  const p = filePath.split(path.sep).join('/');
  if (base === 'nginx.conf' || base.endsWith('.nginx')) return false;
  return !path.posix.dirname(p).split('/').includes('nginx');
}

/**
 * Whether a text can be nginx configuration: its first statement starts with a directive name (letters, digits, `_`)
 * not followed by `=`, and something in it ends a statement or opens a block. Not XML (`<?xml`, `<VirtualHost>`),
 * `key = value` files or lists of paths; an empty or comment-only file is (an nginx file being written).
 */
export function looksLikeNginx(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '').replace(/#[^\n]*/g, '');
  if (!/\S/.test(body)) return true;
  const statement = /^\s*[A-Za-z_][A-Za-z0-9_]*(?=[\s;{]|$)\s*(\S)?/.exec(body);
  if (!statement || statement[1] === '=') return false;
  return /[;{]/.test(body);
}

/**
 * sshd drop-ins (`sshd_config.d/*.conf`) are read from a main file; linted alone they cannot know its settings. From
 * the path alone: a file a main sshd_config of the run or workspace includes is a drop-in too, whatever its path
 * (core/workspace/sshd-includes.ts).
 */
export function isSshdDropIn(filePath: string): boolean {
  return path.basename(path.dirname(resolvePath(filePath))) === 'sshd_config.d';
}
