// The effective configuration in `sshd -T` form, as Debian 12's OpenSSH 9.2 prints it (servconf.c dump_config):
// every option with its default when unset, lowercase keys, values normalised the way sshd stores them, algorithm
// lists expanded. Its purpose is the differential test against the real sshd, so it copies sshd's quirks too.
import { AlgorithmOption, expandAlgorithmList } from './algorithms';
import { Directive, Evaluation, Setting } from './config';
import { parseAddress } from './match';

export interface DumpOptions {
  /** sshd's working directory: it makes relative HostKey/PidFile/Banner/... paths absolute against it. */
  cwd?: string;
  /** Home directory of the user sshd runs as, for `~` in paths (tilde_expand_filename uses getuid()). */
  home?: string;
}

export interface Dump {
  /** `key value` lines in dump_config's order. */
  lines: string[];
  /** Keys whose printed value the text alone does not decide (name resolution, /etc/services, passwd, sshd bugs). */
  hostDependent: Set<string>;
}

/** Debian's GSSAPI key exchange patch default. */
const DEFAULT_GSSAPI_KEX = 'gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,'
  + 'gss-group14-sha1-,gss-gex-sha1-';

// ---- value parsers (misc.c) --------------------------------------------------------------------------------------

/** misc.c convtime(): `1h30m` → 5400; undefined when invalid. */
export function convtime(s: string): number | undefined {
  if (s === '') return undefined;
  const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  const re = /\s*\+?(\d+)([sSmMhHdDwW]?)/y;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2].toLowerCase()];
    pos = re.lastIndex;
    if (m[2] === '' && pos < s.length) return undefined;
  }
  return total > 2147483647 ? undefined : total;
}

/** misc.c atoi_err() (strtonum 0..INT_MAX, base 10). */
function toInt(s: string | undefined): number | undefined {
  if (s === undefined || !/^\s*\+?\d+$/.test(s)) return undefined;
  const n = Number(s.trim());
  return n <= 2147483647 ? n : undefined;
}

/** misc.c a2port(): numeric ports only (service names come from the host's /etc/services). */
function toPort(s: string): number | undefined {
  const n = toInt(s);
  return n !== undefined && n > 0 && n <= 65535 ? n : undefined;
}

/** misc.c scan_scaled(): `1G` → 1073741824. */
function scanScaled(s: string): number | undefined {
  const m = /^\s*(\d+)(?:\.(\d+))?([bBkKmMgGtTpPeE]?)$/.exec(s);
  if (!m) return undefined;
  const exponent = ' kmgtpe'.indexOf(m[3].toLowerCase() || ' ');
  const scale = m[3].toLowerCase() === 'b' ? 1 : 1024 ** Math.max(exponent, 0);
  let value = Number(m[1]) * scale;
  if (m[2] && scale > 1) value += Math.floor((Number('0.' + m[2])) * scale);
  return value;
}

const IPQOS: [string, number][] = [
  ['none', Infinity], ['af11', 0x28], ['af12', 0x30], ['af13', 0x38], ['af21', 0x48], ['af22', 0x50],
  ['af23', 0x58], ['af31', 0x68], ['af32', 0x70], ['af33', 0x78], ['af41', 0x88], ['af42', 0x90], ['af43', 0x98],
  ['cs0', 0x00], ['cs1', 0x20], ['cs2', 0x40], ['cs3', 0x60], ['cs4', 0x80], ['cs5', 0xa0], ['cs6', 0xc0],
  ['cs7', 0xe0], ['ef', 0xb8], ['le', 0x04], ['lowdelay', 0x10], ['throughput', 0x08], ['reliability', 0x04],
];

/** misc.c parse_ipqos(): a name or a number (strtol base 0). */
function parseIpqos(s: string): number | undefined {
  const named = IPQOS.find(([name]) => name === s.toLowerCase());
  if (named) return named[1];
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = parseInt(s, 8);
  else if (/^[1-9]\d*$/.test(s)) n = parseInt(s, 10);
  else return undefined;
  return n <= 255 ? n : undefined;
}

/** misc.c iptos2str(): the first name with that value, else hex. */
function iptosName(value: number): string {
  return IPQOS.find(([, v]) => v === value)?.[0] ?? '0x' + value.toString(16).padStart(2, '0');
}

/** inet_ntop(): the canonical text of an address (RFC 5952 zero compression, IPv4-mapped tail). */
function addressText(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  let best = { base: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.len) best = { base: i, len: j - i };
    i = j;
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  const v4Tail = best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff));
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && v4Tail) return out + bytes.slice(12).join('.');
    out += words[i].toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ':';
  return out;
}

// ---- rendering ---------------------------------------------------------------------------------------------------

const FLAG: Record<string, string> = { yes: 'yes', no: 'no' };
const MULTISTATE: Record<string, Record<string, string>> = {
  addressfamily: { inet: 'inet', inet6: 'inet6', any: 'any' },
  permitrootlogin: { 'without-password': 'without-password', 'prohibit-password': 'without-password',
    'forced-commands-only': 'forced-commands-only', yes: 'yes', no: 'no' },
  ignorerhosts: { yes: 'yes', no: 'no', 'shosts-only': 'shosts-only' },
  compression: { yes: 'yes', delayed: 'yes', no: 'no' },
  gatewayports: { clientspecified: 'clientspecified', yes: 'yes', no: 'no' },
  allowtcpforwarding: { yes: 'yes', all: 'yes', no: 'no', remote: 'remote', local: 'local' },
  allowstreamlocalforwarding: { yes: 'yes', all: 'yes', no: 'no', remote: 'remote', local: 'local' },
};
// sshd 9.2 -T prints the QUIET level as SILENT.
const LOG_LEVELS: Record<string, string> = { quiet: 'SILENT', fatal: 'FATAL', error: 'ERROR', info: 'INFO',
  verbose: 'VERBOSE', debug: 'DEBUG', debug1: 'DEBUG', debug2: 'DEBUG2', debug3: 'DEBUG3' };
const DIGESTS: Record<string, string> = { md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256', sha384: 'SHA384', sha512: 'SHA512' };

const DEFAULT_HOST_KEYS = ['/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key', '/etc/ssh/ssh_host_ed25519_key'];

/** Renders `ev` as `sshd -T` prints it. */
export function dumpConfig(ev: Evaluation, options: DumpOptions = {}): Dump {
  const cwd = options.cwd ?? '/';
  const home = options.home ?? '/root';
  const lines: string[] = [];
  const hostDependent = new Set<string>();
  const out = (key: string, value: string | number) => lines.push(`${key} ${value}`);

  const setting = (option: string): Setting | undefined => ev.values.get(option);
  const arg = (option: string): string | undefined => setting(option)?.args[0];
  const list = (option: string): Setting[] => ev.lists.get(option) ?? [];
  /** The directives of `option` each parse acted on, for values servconf.c builds line by line. */
  const acted = (option: string) => ({
    startup: ev.active.startup.filter((d) => d.info?.option === option),
    connection: ev.active.connection.filter((d) => d.info?.option === option && d.info.copiedPerConnection),
  });

  /** misc.c tilde_expand_filename(): `~` and `~/x` are the home of the user sshd runs as. */
  const tilde = (key: string, p: string): string => {
    if (!p.startsWith('~')) return p;
    if (p.length > 1 && p[1] !== '/') { hostDependent.add(key); return p; } // ~user: the host's password database
    return home + (home.endsWith('/') ? '' : '/') + p.slice(2);
  };
  /** servconf.c derelativise_path(). */
  const absolute = (key: string, p: string): string => {
    if (p.toLowerCase() === 'none') return 'none';
    const expanded = tilde(key, p);
    return expanded.startsWith('/') ? expanded : `${cwd}/${expanded}`;
  };
  const clearNone = (v: string | undefined): string => (v === undefined || v.toLowerCase() === 'none' ? 'none' : v);

  const flag = (option: string, fallback: string) => {
    const v = arg(option);
    out(option, v === undefined ? fallback : FLAG[v.toLowerCase()] ?? v);
  };
  const multistate = (option: string, fallback: string) => {
    const v = arg(option);
    out(option, v === undefined ? fallback : MULTISTATE[option][v.toLowerCase()] ?? v);
  };
  const int = (option: string, fallback: number) => out(option, toInt(arg(option)) ?? arg(option) ?? fallback);
  const time = (option: string, fallback: number) => {
    const v = arg(option);
    out(option, v === undefined ? fallback : convtime(v) ?? v);
  };
  const string = (option: string, fallback = 'none') => out(option, arg(option) ?? fallback);
  const algorithms = (option: AlgorithmOption) => {
    // `sshd -T` assembles the lists again after the Match re-parse, and an empty list then becomes the default.
    const names = expandAlgorithmList(option, arg(option), 'debian');
    out(option, (names.length > 0 ? names : expandAlgorithmList(option, undefined, 'debian')).join(','));
  };

  // Port and ListenAddress (servconf.c add_listen_addr; printed in the order they were added)
  const ports = list('port').map((s) => {
    const p = toPort(s.args[0] ?? '');
    if (p === undefined) hostDependent.add('port');
    return p ?? s.args[0];
  });
  if (ports.length === 0) ports.push(22);
  if (hostDependent.has('port')) hostDependent.add('listenaddress');
  for (const p of ports) out('port', p);
  const family = arg('addressfamily')?.toLowerCase() ?? 'any';
  multistate('addressfamily', 'any');
  const listen = list('listenaddress');
  if (listen.length === 0) {
    for (const p of ports) {
      if (family !== 'inet') out('listenaddress', `[::]:${p}`);
      if (family !== 'inet6') out('listenaddress', `0.0.0.0:${p}`);
    }
  }
  for (const s of listen) {
    const spec = s.args[0] ?? '';
    let host = spec;
    let port: string | undefined;
    const colon = spec.indexOf(':');
    const bareIpv6 = !spec.includes('[') && colon !== -1 && spec.indexOf(':', colon + 1) !== -1;
    if (!bareIpv6) {
      if (spec.startsWith('[')) {
        const close = spec.indexOf(']');
        host = spec.slice(1, close);
        if (spec[close + 1] === ':') port = spec.slice(close + 2);
      } else if (colon !== -1) {
        host = spec.slice(0, colon);
        port = spec.slice(colon + 1);
      }
    }
    const bytes = /^(\d{1,3}\.){3}\d{1,3}$/.test(host) && !/(^|\.)0\d/.test(host) || host.includes(':')
      ? parseAddress(host) : undefined;
    if (!bytes) hostDependent.add('listenaddress'); // a host name: getaddrinfo() on the host decides
    const text = bytes ? addressText(bytes) : host;
    const shown = bytes?.length === 16 ? `[${text}]` : text;
    const rdomain = s.args[1] === 'rdomain' && s.args[2] !== undefined ? ` rdomain ${s.args[2]}` : '';
    for (const p of port !== undefined ? [toPort(port) ?? port] : ports) out('listenaddress', `${shown}:${p}${rdomain}`);
  }

  flag('usepam', 'no');
  time('logingracetime', 120);
  int('x11displayoffset', 10);
  int('maxauthtries', 6);
  int('maxsessions', 10);
  time('clientaliveinterval', 0);
  int('clientalivecountmax', 3);
  int('requiredrsasize', 1024);
  const mask = arg('streamlocalbindmask');
  const maskValue = mask !== undefined && /^\s*[0-7]+/.test(mask) ? parseInt(mask.trim(), 8) : undefined;
  out('streamlocalbindmask', maskValue === undefined ? mask ?? '0177' : '0' + maskValue.toString(8));
  out('unusedconnectiontimeout', unusedConnectionTimeout(acted('unusedconnectiontimeout')));

  multistate('permitrootlogin', 'without-password');
  multistate('ignorerhosts', 'yes');
  flag('ignoreuserknownhosts', 'no');
  flag('hostbasedauthentication', 'no');
  flag('hostbasedusesnamefrompacketonly', 'no');
  flag('pubkeyauthentication', 'yes');
  flag('kerberosauthentication', 'no');
  flag('kerberosorlocalpasswd', 'yes');
  flag('kerberosticketcleanup', 'yes');
  flag('gssapiauthentication', 'no');
  flag('gssapicleanupcredentials', 'yes');
  flag('gssapikeyexchange', 'no');
  flag('gssapistrictacceptorcheck', 'yes');
  flag('gssapistorecredentialsonrekey', 'no');
  string('gssapikexalgorithms', DEFAULT_GSSAPI_KEX);
  flag('passwordauthentication', 'yes');
  flag('kbdinteractiveauthentication', 'yes');
  flag('printmotd', 'yes');
  flag('printlastlog', 'yes');
  flag('x11forwarding', 'no');
  flag('x11uselocalhost', 'yes');
  flag('permittty', 'yes');
  flag('permituserrc', 'yes');
  flag('strictmodes', 'yes');
  flag('tcpkeepalive', 'yes');
  flag('permitemptypasswords', 'no');
  multistate('compression', 'yes');
  multistate('gatewayports', 'no');
  flag('usedns', 'no');
  multistate('allowtcpforwarding', 'yes');
  flag('allowagentforwarding', 'yes');
  flag('disableforwarding', 'no');
  multistate('allowstreamlocalforwarding', 'yes');
  flag('streamlocalbindunlink', 'no');
  const digest = arg('fingerprinthash');
  out('fingerprinthash', digest === undefined ? 'SHA256' : DIGESTS[digest.toLowerCase()] ?? digest);
  flag('exposeauthinfo', 'no');

  const path = (option: string, fallback: string) => {
    const v = arg(option);
    out(option, v === undefined ? fallback : clearNone(absolute(option, v)));
  };
  path('pidfile', '/run/sshd.pid');
  path('modulifile', '/etc/ssh/moduli');
  path('xauthlocation', '/usr/bin/xauth');
  algorithms('ciphers');
  algorithms('macs');
  path('banner', 'none');
  out('forcecommand', clearNone(arg('forcecommand')));
  out('chrootdirectory', clearNone(arg('chrootdirectory')));
  path('trustedusercakeys', 'none');
  path('revokedkeys', 'none');
  const provider = arg('securitykeyprovider');
  out('securitykeyprovider', provider === undefined ? 'internal'
    : provider.toLowerCase() === 'internal' ? provider : clearNone(absolute('securitykeyprovider', provider)));
  const principalsFile = arg('authorizedprincipalsfile');
  out('authorizedprincipalsfile', clearNone(principalsFile === undefined ? undefined : tilde('authorizedprincipalsfile', principalsFile)));
  const addendum = arg('versionaddendum');
  out('versionaddendum', addendum === undefined || addendum === '' || addendum.toLowerCase() === 'none' ? 'none' : addendum);
  string('authorizedkeyscommand');
  string('authorizedkeyscommanduser');
  out('authorizedprincipalscommand', principalsCommand(ev) ?? 'none');
  string('authorizedprincipalscommanduser');
  const agent = arg('hostkeyagent');
  out('hostkeyagent', agent === undefined ? 'none'
    : agent === 'SSH_AUTH_SOCK' ? agent : clearNone(absolute('hostkeyagent', agent)));
  algorithms('kexalgorithms');
  algorithms('casignaturealgorithms');
  algorithms('hostbasedacceptedalgorithms');
  algorithms('hostkeyalgorithms');
  algorithms('pubkeyacceptedalgorithms');

  const level = arg('loglevel');
  out('loglevel', level === undefined ? 'INFO' : LOG_LEVELS[level.toLowerCase()] ?? level);
  const facility = arg('syslogfacility');
  out('syslogfacility', facility === undefined ? 'AUTH' : facility.toUpperCase());

  const keyFiles = setting('authorizedkeysfile')?.args.map((a) => tilde('authorizedkeysfile', a));
  out('authorizedkeysfile', keyFiles?.join(' ') ?? '.ssh/authorized_keys .ssh/authorized_keys2');
  const hostKeys = list('hostkey').map((s) => absolute('hostkey', s.args[0] ?? ''));
  for (const k of hostKeys.length > 0 ? hostKeys : DEFAULT_HOST_KEYS) out('hostkey', k);
  for (const s of list('hostcertificate')) out('hostcertificate', absolute('hostcertificate', s.args[0] ?? ''));
  for (const option of ['allowusers', 'denyusers', 'allowgroups', 'denygroups', 'acceptenv']) {
    for (const s of list(option)) for (const a of s.args) out(option, a);
  }
  const env: string[] = [];
  for (const a of setting('setenv')?.args ?? []) {
    const name = a.slice(0, a.indexOf('=') + 1);
    if (!env.some((e) => e.startsWith(name))) env.push(a);
  }
  for (const e of env) out('setenv', e);
  out('authenticationmethods', setting('authenticationmethods')?.args.join(' ') ?? 'any');
  for (const option of ['logverbose', 'channeltimeout']) {
    const s = setting(option);
    // A start-up `ChannelTimeout none` is cleared once the defaults are filled in; one the connection's Match
    // re-parse sets is copied over afterwards and printed.
    if (s && option === 'channeltimeout' && s.args.length === 1 && s.args[0].toLowerCase() === 'none'
      && !ev.active.connection.includes(s.directive)) continue;
    if (s) out(option, s.args.join(' '));
  }
  for (const s of list('subsystem')) out('subsystem', `${s.args[0]} ${s.args.slice(1).join(' ')}`);

  out('maxstartups', maxStartups(acted('maxstartups').startup));
  const perSource = arg('persourcemaxstartups');
  out('persourcemaxstartups', perSource === undefined || perSource === 'none' ? 'none' : toInt(perSource) ?? perSource);
  const netblock = arg('persourcenetblocksize');
  // With one number sshd leaves the IPv6 length to an uninitialised variable (servconf.c 9.2): not comparable.
  if (netblock !== undefined && !netblock.includes(':')) hostDependent.add('persourcenetblocksize');
  out('persourcenetblocksize', netblock === undefined ? '32:128' : netblock.includes(':') ? netblock : `${netblock}:0`);
  out('permittunnel', arg('permittunnel') ?? 'no');
  const qos = setting('ipqos')?.args;
  const interactive = qos ? parseIpqos(qos[0]) : 0x10;
  const bulk = qos ? (qos[1] === undefined ? interactive : parseIpqos(qos[1])) : 0x08;
  out('ipqos', `${interactive === undefined ? qos![0] : iptosName(interactive)} ${bulk === undefined ? qos![1] : iptosName(bulk)}`);
  out('rekeylimit', rekeyLimit(acted('rekeylimit')));
  out('permitopen', permits(setting('permitopen'), false));
  out('permitlisten', permits(setting('permitlisten'), true));
  const userEnv = arg('permituserenvironment');
  out('permituserenvironment', userEnv ?? 'no');
  const authOptions = (setting('pubkeyauthoptions')?.args ?? []).map((a) => a.toLowerCase());
  const required = ['touch-required', 'verify-required'].filter((o) => authOptions.includes(o));
  out('pubkeyauthoptions', required.length > 0 ? required.join(' ') : 'none');

  return { lines, hostDependent };
}

type Acted = { startup: Directive[]; connection: Directive[] };

/** `UnusedConnectionTimeout none` is applied on every active line, a time only when unset (servconf.c 9.2). */
function unusedConnectionTimeout(acted: Acted): string | number {
  const fold = (ds: Directive[]): number | undefined => {
    let value: number | undefined;
    for (const d of ds) {
      const a = d.args[0] ?? '';
      if (a.toLowerCase() === 'none') value = 0;
      else if (value === undefined) value = convtime(a);
    }
    return value;
  };
  const value = fold(acted.connection) ?? fold(acted.startup) ?? 0;
  return value === 0 ? 'none' : value;
}

/**
 * sshd 9.2 guards AuthorizedPrincipalsCommand with "AuthorizedKeysCommand not set yet" instead of its own value: the
 * last active line before any AuthorizedKeysCommand wins.
 */
function principalsCommand(ev: Evaluation): string | undefined {
  const fold = (ds: Directive[]): string | undefined => {
    let value: string | undefined;
    for (const d of ds) {
      const option = d.info?.option;
      if (option === 'authorizedkeyscommand') break;
      if (option === 'authorizedprincipalscommand') value = (d.line.rest?.value ?? '').replace(/^[ \t]+/, '');
    }
    return value;
  };
  const relevant = (ds: Directive[], connection: boolean) => ds.filter((d) =>
    (d.info?.option === 'authorizedkeyscommand' || d.info?.option === 'authorizedprincipalscommand')
    && (!connection || d.info.copiedPerConnection));
  return fold(relevant(ev.active.connection, true)) ?? fold(relevant(ev.active.startup, false));
}

/** `MaxStartups` is scanned into the same three fields on every line (sscanf "%d:%d:%d"). */
function maxStartups(ds: Directive[]): string {
  let begin = -1;
  let rate = -1;
  let full = -1;
  for (const d of ds) {
    const m = /^\s*([+-]?\d+)(?::\s*([+-]?\d+)(?::\s*([+-]?\d+))?)?/.exec(d.args[0] ?? '');
    if (!m) continue;
    begin = Number(m[1]);
    if (m[2] !== undefined) rate = Number(m[2]);
    if (m[3] !== undefined) full = Number(m[3]);
    else if (m[2] === undefined) full = begin;
  }
  if (full === -1) full = 100;
  if (rate === -1) rate = 30;
  if (begin === -1) begin = 10;
  return `${begin}:${rate}:${full}`;
}

/** RekeyLimit's byte limit and its optional interval are each kept from the first active line that sets them. */
function rekeyLimit(acted: Acted): string {
  const fold = (ds: Directive[]): { limit?: number; interval?: number } => {
    const r: { limit?: number; interval?: number } = {};
    for (const d of ds) {
      const [limit, interval] = d.args;
      if (r.limit === undefined) r.limit = limit === 'default' ? 0 : scanScaled(limit ?? '');
      if (interval !== undefined && interval !== 'none' && r.interval === undefined) r.interval = convtime(interval);
    }
    return r;
  };
  const startup = fold(acted.startup);
  const connection = fold(acted.connection);
  return `${connection.limit ?? startup.limit ?? 0} ${connection.interval ?? startup.interval ?? 0}`;
}

/** PermitOpen/PermitListen: `any`, `none` or the list; a bare PermitListen port means any host. */
function permits(s: Setting | undefined, listen: boolean): string {
  if (!s || s.args.length === 0) return 'any';
  if (s.args[0] === 'any' || s.args[0] === 'none') return s.args[0];
  return s.args.map((a) => (listen && !a.includes(':') ? `*:${a}` : a)).join(' ');
}
