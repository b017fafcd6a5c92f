// How sshd 9.2 reads option values (servconf.c process_server_config_line_depth(), misc.c convtime()/a2port()/
// atoi_err(), auth2.c auth2_methods_valid()), and which values make it refuse to start. Every accept/refuse case
// here was checked with the real sshd 9.2 (`sshd -t`).
import { DEBIAN_GSS_KEX_PREFIXES } from './algorithms';
import type { Directive, Evaluation, MatchDirective } from './config';
import { editDistance, isKnownInfo, KeywordInfo, ValueType } from './keywords';
import type { SshdLine, Token } from './tokenizer';

// ---- numbers and times ----------------------------------------------------------------------------------------

const INT_MAX = 2147483647;
const C_SPACE = ' \t\n\v\f\r';

/**
 * strtoll(s, &end, 10): leading C white space, a sign, digits. Undefined when there are no digits. The value is exact
 * up to 15 significant digits; a longer number (past every limit sshd checks) is Number() of the exact integer.
 */
function strtoll(s: string, from = 0): { value: number; end: number } | undefined {
  let i = from;
  while (i < s.length && C_SPACE.includes(s[i])) i++;
  const signAt = i;
  if (s[i] === '+' || s[i] === '-') i++;
  const digitsAt = i;
  let value = 0;
  let significant = 0;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    if (value !== 0) significant++;
  }
  if (i === digitsAt) return undefined;
  if (significant > 15) value = Number(BigInt(s.slice(digitsAt, i)));
  return { value: s[signAt] === '-' && value !== 0 ? -value : value, end: i };
}

export type IntError = 'missing' | 'invalid' | 'too small' | 'too large';

/** misc.c atoi_err(): a whole-string decimal integer in [0, INT_MAX] (strtonum). */
export function parseInteger(s: string): { value: number } | { error: IntError } {
  if (s === '') return { error: 'missing' };
  const n = strtoll(s);
  if (!n || n.end !== s.length) return { error: 'invalid' };
  if (n.value < 0) return { error: 'too small' };
  if (n.value > INT_MAX) return { error: 'too large' };
  return { value: n.value };
}

const TIME_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** misc.c convtime(): `90`, `90s`, `1m30`, `1h30m`, `2w`; seconds, or undefined when sshd says "invalid time value". */
export function parseTime(s: string): number | undefined {
  if (s === '') return undefined;
  let total = 0;
  let p = 0;
  while (p < s.length) {
    const n = strtoll(s, p);
    if (!n || n.value < 0) return undefined;
    let multiplier = 1;
    let next = n.end;
    if (next < s.length) {
      const unit = TIME_UNITS[s[next].toLowerCase()];
      if (unit === undefined) return undefined;
      multiplier = unit;
      next++;
    }
    if (n.value > Math.floor(INT_MAX / multiplier)) return undefined;
    const secs = n.value * multiplier;
    if (total > INT_MAX - secs) return undefined;
    total += secs;
    p = next;
  }
  return total;
}

/** Seconds written the way sshd_config(5) does: `90` → `1m30s`, for messages. */
export function formatSeconds(seconds: number): string {
  if (seconds === 0) return '0';
  let out = '';
  let rest = seconds;
  if (rest >= 3600) {
    out += `${Math.floor(rest / 3600)}h`;
    rest %= 3600;
  }
  if (rest >= 60) {
    out += `${Math.floor(rest / 60)}m`;
    rest %= 60;
  }
  if (rest >= 1) out += `${Math.floor(rest)}s`;
  return out;
}

/**
 * TCP service names a2port() resolves through getservbyname(), as in Debian 12's /etc/services (netbase 6.4):
 * `Port ssh` is valid, `Port ${SSH_LISTEN_PORT}` is not.
 */
const SERVICE_NAMES: ReadonlySet<string> = new Set((
  'acr-nema afpovertcp amanda amandaidx amidxtape amqp amqps asp auth authentication bacula-dir bacula-fd bacula-sd bbs '
  + 'bgp bgpd binkp canna cfengine chargen cisco-sccp clc-build-daemon cmd cmip-agent cmip-man codaauth2 codasrv '
  + 'codasrv-se csync2 cvspserver daap datametrics daytime db-lsp dcap dicom dict dircproxy discard distcc domain '
  + 'domain-s echo epmap epmd exec f5-globalsite f5-iquery fax fido finger font-service freeciv ftp ftp-data ftps '
  + 'ftps-data gdomap gds-db gds_db git gnunet gnutella-rtr gnutella-svc gopher gpsd gris groupwise gsidcap gsiftp '
  + 'gsigatekeeper hkp hprop http http-alt https hylafax ident imap imap2 imaps ingreslock ipp iprop ircd ircs-u '
  + 'iscsi-target isisd isns iso-tsap jabber-client jabber-server kamanda kdc kerberos kerberos-adm kerberos-iv '
  + 'kerberos-master kerberos-sec kerberos4 kerberos5 kermit klogin kpasswd krb-prop krb5 krb5_prop krb_prop krcmd '
  + 'kshell ldap ldaps ldp loc-srv login lotusnote lotusnotes lrrd mail mailq microsoft-ds moira-db moira-update '
  + 'moira_db moira_update mon ms-sql-s ms-wbt-server mtn munin mysql mysql-proxy nbd netbios-ssn netstat nfs nicname '
  + 'nntp nntps nqs nrpe nsca ntske null nut old-radacct old-radius omniorb openvpn ospf6d ospfapi ospfd pawserv pop-3 '
  + 'pop3 pop3s poppassd portmapper postgres postgresql printer proofd puppet qmqp qmtp qotd quote radacct radius '
  + 'radius-acct radmin-port readnews redis remctl ripd ripngd rmiregistry rmtcfg rootd rpc2portmap rptp rsync '
  + 'rtcm-sc104 rtsp sa-msg-port saft sane sane-port saned sge-execd sge-qmaster sge_execd sge_qmaster sgi-cad shell '
  + 'sieve silc sink sip sip-tls skkserv smtp smtps smux snmp snmp-trap snmptrap snntp snpp socks source spamd spooler '
  + 'ssh ssmtp submission submissions subversion sunrpc supfiledbg supfilesrv suucp svn svrloc syslog syslog-tls sysrqd '
  + 'systat tacacs tap tcpmux telnet telnets tfido time timserver tinc tproxy tsap ttytst untp urd users uucp uucpd '
  + 'venus venus-se wais webcache webmin whois wnn6 www x11 x11-0 x11-1 x11-2 x11-3 x11-4 x11-5 x11-6 x11-7 xfs xinetd '
  + 'xmms2 xmpp-client xmpp-server xtel xtelw z3950 zabbix-agent zabbix-trapper zebra zebrasrv zope zope-ftp zserv'
).split(' '));

/** A decimal port number in [0, 65535] (strtonum), else undefined. */
export function portNumber(s: string): number | undefined {
  const n = strtoll(s);
  return n && n.end === s.length && n.value >= 0 && n.value <= 65535 ? n.value : undefined;
}

/** misc.c a2port() succeeds: a number in [0, 65535] or a TCP service name (`Match LocalPort ssh` is valid). */
export function isPortSpec(s: string): boolean {
  return portNumber(s) !== undefined || SERVICE_NAMES.has(s);
}

/** A value `Port` accepts: a2port() must give a positive port, so `Port 0` is refused and `Port ssh` is fine. */
export function validListenPort(s: string): boolean {
  const n = portNumber(s);
  return n !== undefined ? n > 0 : SERVICE_NAMES.has(s);
}

// ---- MaxStartups ----------------------------------------------------------------------------------------------

export interface MaxStartups { begin: number; rate: number; full: number }

export const DEFAULT_MAX_STARTUPS: MaxStartups = { begin: 10, rate: 30, full: 100 };

/** sscanf(arg, "%d:%d:%d"): how many numbers it read, and them. */
function scanColonTriple(s: string): number[] {
  const out: number[] = [];
  let p = 0;
  for (let k = 0; k < 3; k++) {
    if (k > 0) {
      if (s[p] !== ':') break;
      p++;
    }
    const n = strtoll(s, p);
    if (!n) break;
    out.push(n.value);
    p = n.end;
  }
  return out;
}

/**
 * Applies one `MaxStartups` line to the current value, as servconf.c does (every line overwrites, so the last one
 * wins; a single number keeps the previous rate). Undefined when sshd says "Invalid MaxStartups spec".
 */
export function applyMaxStartups(s: string, current: MaxStartups): MaxStartups | undefined {
  const n = scanColonTriple(s);
  let next: MaxStartups;
  if (n.length === 3) {
    next = { begin: n[0], rate: n[1], full: n[2] };
    if (next.begin > next.full || next.rate > 100 || next.rate < 1) return undefined;
  } else if (n.length === 1) {
    next = { begin: n[0], rate: current.rate, full: n[0] };
  } else {
    return undefined;
  }
  if (next.full <= 0 || next.begin <= 0) return undefined;
  return next;
}

export function formatMaxStartups(m: MaxStartups): string {
  return `${m.begin}:${m.rate}:${m.full}`;
}

// ---- AuthenticationMethods ------------------------------------------------------------------------------------

/** auth2.c authmethods[] of Debian's build (GSSAPI compiled in). */
export const AUTH_METHODS = ['none', 'publickey', 'gssapi-with-mic', 'password', 'keyboard-interactive', 'hostbased'];

/** The option that enables each method, with its default ("none" is always enabled). */
const METHOD_ENABLED_BY: Record<string, [option: string, defaultValue: string] | undefined> = {
  'none': undefined,
  'publickey': ['pubkeyauthentication', 'yes'],
  'gssapi-with-mic': ['gssapiauthentication', 'no'],
  'password': ['passwordauthentication', 'yes'],
  'keyboard-interactive': ['kbdinteractiveauthentication', 'yes'],
  'hostbased': ['hostbasedauthentication', 'no'],
};

/** Why one AuthenticationMethods list is refused: an unknown method (the empty string for `a,,b`). */
export function unknownAuthMethod(list: string): string | undefined {
  for (const method of list.split(',')) {
    const name = method.split(':')[0];
    if (!AUTH_METHODS.includes(name)) return name;
  }
  return undefined;
}

/** The arguments of the first line of `option` the start-up parse read (a plain loop: it runs for every file). */
function firstStartupArgs(ev: Evaluation, option: string): string[] | undefined {
  for (const d of ev.active.startup) if (d.info?.option === option) return d.args;
  return undefined;
}

/**
 * sshd.c refuses to start ("AuthenticationMethods cannot be satisfied by enabled authentication methods") when
 * every list of the start-up AuthenticationMethods needs a method that is turned off. Returns the disabled method of
 * each list, or undefined when some list can succeed.
 */
export function unsatisfiableAuthMethods(ev: Evaluation): { list: string; method: string }[] | undefined {
  // sshd checks the start-up options, before any Match re-parse: the first line of each option the start-up parse
  // read (a later `Match all` line that overrides it per connection does not count).
  const args = firstStartupArgs(ev, 'authenticationmethods');
  if (!args || args.length === 0 || args.includes('any')) return undefined;
  if (args.some((a) => unknownAuthMethod(a) !== undefined)) return undefined;
  const enabled = (method: string): boolean => {
    const by = METHOD_ENABLED_BY[method];
    if (!by) return true;
    return (firstStartupArgs(ev, by[0])?.[0] ?? by[1]).toLowerCase() === 'yes';
  };
  const blocked: { list: string; method: string }[] = [];
  for (const list of args) {
    const off = list.split(',').map((m) => m.split(':')[0]).find((m) => !enabled(m));
    if (off === undefined) return undefined;
    blocked.push({ list, method: off });
  }
  return blocked;
}

// ---- one directive --------------------------------------------------------------------------------------------

export type ValueProblemCode =
  | 'ignored-line'
  | 'invalid-quotes'
  | 'no-argument'
  | 'missing-argument'
  | 'extra-arguments'
  | 'bad-flag'
  | 'bad-enum'
  | 'bad-integer'
  | 'bad-time'
  | 'bad-port'
  | 'bad-max-startups'
  | 'empty-algorithm-list'
  | 'bad-env-name'
  | 'missing-subsystem-command'
  | 'bad-auth-method'
  | 'auth-any-not-alone'
  | 'bad-match'
  | 'rdomain-unsupported'
  | 'bad-routing-domain'
  | 'bad-listen-syntax'
  | 'bad-listen-address'
  | 'bad-listen-port'
  | 'bad-listen-host'
  | 'command-not-absolute'
  | 'permit-missing-host'
  | 'permit-bad-port'
  | 'bad-ipqos'
  | 'bad-channel-timeout'
  | 'channel-timeout-none-not-alone'
  | 'none-not-alone'
  | 'bad-per-source-max-startups'
  | 'bad-netblock-size'
  | 'bad-bind-mask'
  | 'bad-env-assignment'
  | 'bad-gss-kex'
  | 'bad-rekey-limit'
  | 'rekey-limit-too-small'
  | 'bad-pubkey-auth-option';

export interface ValueProblem {
  code: ValueProblemCode;
  /** File offsets of what to underline. */
  start: number;
  end: number;
  data: Record<string, string>;
}

/** Keywords that take a whole list of arguments. */
const MANY_ARGUMENTS = new Set(['acceptenv', 'allowgroups', 'allowusers', 'denygroups', 'denyusers',
  'authenticationmethods', 'authorizedkeysfile', 'channeltimeout', 'include', 'logverbose', 'match', 'permitlisten',
  'permitopen', 'pubkeyauthoptions', 'setenv', 'subsystem']);
const MAX_ARGUMENTS: Record<string, number> = { rekeylimit: 2, ipqos: 2, listenaddress: 3 };
/** Keywords sshd accepts with nothing but a comment after them. */
const ZERO_ARGUMENTS_OK = new Set(['acceptenv', 'allowgroups', 'allowusers', 'denygroups', 'denyusers',
  'authorizedkeysfile', 'channeltimeout', 'logverbose', 'pubkeyauthoptions', 'setenv']);

/** Values sshd compares case-sensitively (strcmp instead of strcasecmp). */
const CASE_SENSITIVE_ENUMS = new Set(['permittunnel']);
/** Enumerations sshd knows more values for than keywords.ts lists. */
const ENUM_OVERRIDES: Record<string, string[]> = {
  fingerprinthash: ['md5', 'sha1', 'sha256', 'sha384', 'sha512'], // digest.c ssh_digest_alg_by_name()
};

function maxArguments(keyword: string, info: KeywordInfo, args: string[]): number {
  if (info.rule !== 'single' && info.rule !== 'cumulative') return Infinity;
  if ((info.option === 'permitopen' || info.option === 'permitlisten') && (args[0] === 'any' || args[0] === 'none')) return 1;
  if (MANY_ARGUMENTS.has(info.option) || MANY_ARGUMENTS.has(keyword)) return Infinity;
  return MAX_ARGUMENTS[info.option] ?? 1;
}

function closest(value: string, candidates: string[]): string | undefined {
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return bestDistance <= Math.max(2, Math.floor(lower.length / 3)) ? best : undefined;
}

/** The arguments of a Match line, or its keyword when it has none. */
function matchArgsSpan(d: MatchDirective): { start: number; end: number } {
  return { start: d.line.args[0]?.start ?? d.line.keyword!.start, end: d.line.args.at(-1)?.end ?? d.line.keyword!.end };
}

/**
 * The entry of `values` that `value` spells in another case. A helper rather than a closure in directiveProblem():
 * a closure over its locals would cost it a context object on every line.
 */
function sameIgnoringCase(values: readonly string[], value: string): string | undefined {
  const lower = value.toLowerCase();
  for (const v of values) if (v.toLowerCase() === lower) return v;
  return undefined;
}

/** A Match line sshd refuses ("Bad Match condition"), as match_cfg_line() decides. */
function matchProblem(d: MatchDirective): ValueProblem | undefined {
  if (!d.parsed.ok) {
    const [kind, ...rest] = d.parsed.error.split(':');
    const detail = rest.join(':');
    // a2port() also takes service names: `Match LocalPort ssh` is valid.
    if (kind === 'bad-port' && isPortSpec(detail)) return undefined;
    const token = detail === '' ? undefined : d.line.args.find((a) => a.value === detail
      || a.value.endsWith('=' + detail) || a.value.toLowerCase().startsWith(detail.toLowerCase() + '='));
    return { code: 'bad-match', ...(token ? { start: token.start, end: token.end } : matchArgsSpan(d)), data: { reason: kind, detail } };
  }
  for (const c of d.parsed.criteria) {
    if (c.name === 'localport' && c.value !== undefined && !isPortSpec(c.value)) {
      const token = d.line.args.find((a) => a.value === c.value || a.value.endsWith('=' + c.value));
      return { code: 'bad-match', ...(token ? { start: token.start, end: token.end } : matchArgsSpan(d)), data: { reason: 'bad-port', detail: c.value } };
    }
  }
  return undefined;
}

// ---- values of single options (servconf.c, misc.c), each checked against sshd 9.2 -------------------------------

/**
 * AuthorizedKeysCommand / AuthorizedPrincipalsCommand: servconf.c takes the rest of the line and refuses it unless,
 * after leading blanks, it starts with `/` or is `none` (any case). A quoted path or a trailing comment is refused.
 */
function commandProblem(keyword: string, option: string, line: SshdLine): ValueProblem | undefined {
  if (option !== 'authorizedkeyscommand' && option !== 'authorizedprincipalscommand') return undefined;
  const rest = line.rest;
  if (!rest) return undefined;
  const command = rest.value.replace(/^[ \t\r\n]+/, '');
  if (command.startsWith('/') || command.toLowerCase() === 'none') return undefined;
  const at = line.args[0] ?? rest;
  // The value as sshd sees it (quotes and comment included): a quoted absolute path must not read as a valid one.
  return { code: 'command-not-absolute', start: at.start, end: at.end, data: { keyword, value: command } };
}

/**
 * misc.c hpdelim() as sshd 9.2 runs it on `host`, `host:port` or `[host]:port`: where the host ends, and whether a
 * port follows (`:`); undefined when it gives up (an unclosed `[`, something other than `:` after `]`, or a `/`
 * where the port separator goes). No object per call: PermitOpen lists can be long.
 */
function hostEnd(s: string): number | undefined {
  let at: number;
  if (s.charCodeAt(0) === 91 /* [ */) {
    const close = s.indexOf(']');
    if (close < 0) return undefined;
    at = close + 1;
  } else {
    at = s.search(/[:/]/);
    if (at < 0) return s.length;
  }
  return at >= s.length || s[at] === ':' ? at : undefined;
}

/** Names Linux can never give a network interface (net/core/dev.c dev_valid_name()), and `%D`, never expanded here. */
function impossibleInterfaceName(name: string): boolean {
  return name === '.' || name === '..' || /[/:\s]/.test(name) || name.includes('%');
}

/** inet_aton() of a dotted number (1 to 4 parts, decimal or octal): `127.1` and `4294967295` are addresses too. */
function dottedNumber(s: string): boolean {
  const parts = s.split('.');
  if (parts.length > 4) return false;
  const values = parts.map((p) => (/^0[0-7]*$/.test(p) ? parseInt(p, 8) : /^[1-9][0-9]*$/.test(p) ? Number(p) : NaN));
  if (values.some((v) => Number.isNaN(v))) return false;
  const last = values.pop()!;
  return values.every((v) => v <= 255) && last < 256 ** (5 - parts.length);
}

/**
 * Whether getaddrinfo() can give the ListenAddress host an address, where the text alone decides: an empty host, a
 * dotted number that is no IPv4 address, or an IPv6 form with two `::` can never be; host names and scoped IPv6
 * addresses (`fe80::1%eth0`) depend on the host sshd runs on.
 */
function resolvable(host: string): boolean {
  if (host === '') return false;
  if (/^[0-9.]+$/.test(host)) return dottedNumber(host);
  if (host.includes(':')) {
    const address = host.split('%')[0];
    return !/[^0-9A-Fa-f:.]/.test(address) && address.indexOf('::') === address.lastIndexOf('::');
  }
  return true;
}

/**
 * The IP version of a ListenAddress line's address when it is a literal (4 or 6), else undefined (a host name, or a
 * line sshd refuses anyway). getaddrinfo() refuses a literal of the other family than AddressFamily.
 */
export function listenAddressVersion(address: string): 4 | 6 | undefined {
  const colon = address.indexOf(':');
  let host = address;
  if (address.includes('[') || colon < 0 || address.indexOf(':', colon + 1) < 0) {
    const end = hostEnd(address);
    if (end === undefined) return undefined;
    host = address.slice(0, end);
    if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  }
  if (host === '' || !resolvable(host)) return undefined;
  if (/^[0-9.]+$/.test(host)) return 4;
  return host.includes(':') && !/^::ffff:/i.test(host) ? 6 : undefined;
}

/** ListenAddress ADDRESS[:PORT] [rdomain NAME], as servconf.c parses it (the address itself is resolved later). */
function listenAddressProblem(keyword: string, args: Token[]): ValueProblem | undefined {
  const address = args[0];
  const text = address.value;
  const colon = text.indexOf(':');
  const bareIpv6 = !text.includes('[') && colon >= 0 && text.indexOf(':', colon + 1) >= 0;
  let host = text;
  if (!bareIpv6) {
    const end = hostEnd(text);
    if (end === undefined) return problemAt(keyword, 'bad-listen-address', address, {});
    if (end < text.length && !validListenPort(text.slice(end + 1))) {
      return problemAt(keyword, 'bad-listen-port', address, { port: text.slice(end + 1) });
    }
    host = text.slice(0, end);
    if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  }
  if (!resolvable(host)) return problemAt(keyword, 'bad-listen-host', address, { host });
  if (args.length < 2) return undefined;
  if (args[1].value !== 'rdomain' || args.length < 3) return problemAt(keyword, 'bad-listen-syntax', args[1], {});
  const name = args[2].value;
  // Linux's valid_rdomain() binds a socket to the interface NAME (SO_BINDTODEVICE): `lo` always exists, the empty
  // name unbinds; any other name depends on the interfaces of the host sshd runs on.
  if (name === '' || name === 'lo') return undefined;
  return problemAt(keyword, 'bad-routing-domain', args[2], { name, certain: impossibleInterfaceName(name) ? 'yes' : 'no' });
}

/** misc.c a2port() > 0, or `*` (servconf.c permitopen_port()). */
const permitPort = (port: string): boolean => port === '*' || validListenPort(port);

/** One PermitOpen / PermitListen argument: HOST:PORT, or for PermitListen a bare PORT. */
function permitProblem(arg: string, listen: boolean): 'permit-missing-host' | 'permit-bad-port' | undefined {
  if (listen && !arg.includes(':')) return permitPort(arg) ? undefined : 'permit-bad-port';
  const end = hostEnd(arg);
  if (end === undefined) return 'permit-missing-host';
  return end < arg.length && permitPort(arg.slice(end + 1)) ? undefined : 'permit-bad-port';
}

const IPQOS_NAMES = new Set(['none', 'af11', 'af12', 'af13', 'af21', 'af22', 'af23', 'af31', 'af32', 'af33', 'af41',
  'af42', 'af43', 'cs0', 'cs1', 'cs2', 'cs3', 'cs4', 'cs5', 'cs6', 'cs7', 'ef', 'le', 'lowdelay', 'throughput',
  'reliability']);

/** strtol(s, &end, base) over the whole string: undefined unless it reads digits up to the end. */
function wholeStrtol(s: string, base: 0 | 8): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const digits = m[2];
  let n: number;
  if (/^0[xX]/.test(digits)) {
    if (base === 8) return undefined;
    n = parseInt(digits.slice(2), 16);
  } else if (digits.startsWith('0')) n = digits.length > 1 ? parseInt(digits, 8) : 0;
  else if (base === 8) return undefined;
  else n = parseInt(digits, 10);
  return m[1] === '-' ? -n : n;
}

/** misc.c parse_ipqos(): a DSCP or ToS name (any case), or a number from 0 to 255 (strtol base 0). */
function parseIpqos(s: string): number | undefined {
  if (IPQOS_NAMES.has(s.toLowerCase())) return 0;
  const n = wholeStrtol(s, 0);
  return n !== undefined && n >= 0 && n <= 255 ? n : undefined;
}

/** servconf.c parse_timeout() of sshd 9.2: TYPE=TIME, any non-empty type, a convtime() time. */
function validChannelTimeout(s: string): boolean {
  const eq = s.indexOf('=');
  return eq > 0 && parseTime(s.slice(eq + 1)) !== undefined;
}

/** sscanf(arg, "%d:%d"): one or two numbers, the first from 0 to 32, the second from 0 to 128. */
function validNetBlockSize(s: string): boolean {
  const v4 = strtoll(s);
  if (!v4 || v4.value < 0 || v4.value > 32) return false;
  if (s[v4.end] !== ':') return true;
  const v6 = strtoll(s, v4.end + 1);
  return !v6 || (v6.value >= 0 && v6.value <= 128);
}

/** strtol(arg, &end, 8) reads at least one digit and gives 0 to 0777; what follows the digits is ignored. */
function validBindMask(s: string): boolean {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-7]+)/.exec(s);
  if (!m) return false;
  const n = parseInt(m[2], 8);
  return m[1] === '-' ? n === 0 : n <= 0o777;
}

/**
 * Debian's kex_gss_names_valid(): each comma-separated name up to the first empty one must start with a GSSAPI key
 * exchange's name (case-sensitive). The refused name, or undefined.
 */
function unknownGssKex(list: string): string | undefined {
  for (const name of list.split(',')) {
    if (name === '') return undefined;
    if (!DEBIAN_GSS_KEX_PREFIXES.some((p) => name.startsWith(p))) return name;
  }
  return undefined;
}

const LLONG_MAX = (1n << 63n) - 1n;
const SCALE_UNITS = 'BKMGTPE';

/**
 * OpenBSD scan_scaled() (RekeyLimit): a number with an optional fraction and an optional unit B, K, M, G, T, P or E
 * (any case; the fraction counts only with a unit). Undefined when sshd says "Bad RekeyLimit number".
 */
function scanScaled(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]*)(?:\.([0-9]*))?(.?)([\s\S]*)$/.exec(s);
  if (!m) return undefined;
  const [, sign, wholeDigits, fraction = '', unit, after] = m;
  if (wholeDigits.length >= 21) return undefined;
  const whole = BigInt(wholeDigits || '0') * (sign === '-' ? -1n : 1n);
  if (unit === '') return Number(whole);
  const exponent = SCALE_UNITS.indexOf(unit.toUpperCase());
  if (exponent < 0 || /^[A-Za-z0-9]/.test(after)) return undefined;
  const scale = 1n << BigInt(10 * exponent);
  if (whole > LLONG_MAX / scale || whole < -LLONG_MAX / scale) return undefined;
  const part = fraction === '' ? 0n : (BigInt(fraction.slice(0, 19)) * scale) / 10n ** BigInt(Math.min(fraction.length, 19));
  return Number(whole * scale + (sign === '-' ? -part : part));
}

/** servconf.c PubkeyAuthOptions values (compared in any case). */
const PUBKEY_AUTH_OPTIONS = ['none', 'touch-required', 'verify-required'];

/** What people write for yes and no (the suggestion of a bad-flag problem). */
const MEANT_FLAG: Readonly<Record<string, string | undefined>> = {
  true: 'yes', on: 'yes', enable: 'yes', enabled: 'yes', '1': 'yes', false: 'no', off: 'no', disable: 'no', disabled: 'no',
  '0': 'no',
};

/** An enumeration's values, lowercased, made once per value list. */
const lowercaseSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function lowercaseSet(values: readonly string[]): ReadonlySet<string> {
  let set = lowercaseSets.get(values);
  if (!set) lowercaseSets.set(values, (set = new Set(values.map((v) => v.toLowerCase()))));
  return set;
}

function problemAt(keyword: string, code: ValueProblemCode, token: Token, data: Record<string, string>): ValueProblem {
  return { code, start: token.start, end: token.end, data: { keyword, value: token.value, ...data } };
}

type TypeCheck = (name: string, option: string, type: ValueType, first: Token) => ValueProblem | undefined;

/** The checks of each value type but flags (directiveProblem checks those itself) and `any` (nothing to check). */
const TYPE_CHECKS: Record<Exclude<ValueType['type'], 'flag' | 'any'>, TypeCheck> = {
  enum(name, option, type, first) {
    const value = first.value;
    const values = ENUM_OVERRIDES[option] ?? (type as { values: string[] }).values;
    const lower = lowercaseSet(values);
    const ok = CASE_SENSITIVE_ENUMS.has(option) ? values.includes(value) : lower.has(value) || lower.has(value.toLowerCase());
    if (ok) return undefined;
    const caseOnly = sameIgnoringCase(values, value);
    const suggestion = caseOnly ?? closest(value, values) ?? '';
    return problemAt(name, 'bad-enum', first, { expected: values.join(', '), suggestion });
  },
  int(name, option, type, first) {
    const n = parseInteger(first.value);
    return 'error' in n ? problemAt(name, 'bad-integer', first, { error: n.error }) : undefined;
  },
  time: (name, option, type, first) => (parseTime(first.value) === undefined ? problemAt(name, 'bad-time', first, {}) : undefined),
  port: (name, option, type, first) => (validListenPort(first.value) ? undefined : problemAt(name, 'bad-port', first, {})),
  maxstartups: (name, option, type, first) =>
    (applyMaxStartups(first.value, DEFAULT_MAX_STARTUPS) ? undefined : problemAt(name, 'bad-max-startups', first, {})),
  // A `+` or `^` with nothing after it (the value is not empty here): a `-` list may be empty, a plain one is not.
  // The names are sshd/unknown-algorithm's business: no need to parse the list for this.
  algorithms: (name, option, type, first) => (first.value === '+' || first.value === '^'
    ? problemAt(name, 'empty-algorithm-list', first, { operator: first.value })
    : undefined),
};

type OptionCheck = (name: string, option: string, args: Token[]) => ValueProblem | undefined;

/** Checks of single options, after the check of their value type (`args` has a first argument, not empty). */
const OPTION_CHECKS = new Map<string, OptionCheck>([
  ['unusedconnectiontimeout', (name, option, args) => {
    // servconf.c: `none` (any case), else a time like LoginGraceTime's.
    const first = args[0];
    if (first.value.toLowerCase() !== 'none' && parseTime(first.value) === undefined) return problemAt(name, 'bad-time', first, {});
    return undefined;
  }],
  ['acceptenv', (name, option, args) => {
    const bad = args.find((a) => a.value.includes('='));
    return bad ? problemAt(name, 'bad-env-name', bad, {}) : undefined;
  }],
  ['subsystem', (name, option, args) =>
    (args.length < 2 || args[1].value === '' ? problemAt(name, 'missing-subsystem-command', args[0], {}) : undefined)],
  // servconf.c refuses the keyword itself where the build has no routing domains (every Linux build).
  ['rdomain', (name, option, args) => problemAt(name, 'rdomain-unsupported', args[0], {})],
  ['listenaddress', (name, option, args) => listenAddressProblem(name, args)],
  ['permitopen', permitListProblem],
  ['permitlisten', permitListProblem],
  ['ipqos', (name, option, args) => {
    for (let i = 0; i < args.length && i < 2; i++) {
      if (parseIpqos(args[i].value) === undefined) return problemAt(name, 'bad-ipqos', args[i], {});
    }
    return undefined;
  }],
  ['channeltimeout', (name, option, args) => {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.value.toLowerCase() === 'none') {
        // sshd 9.2 refuses "none" only when another argument follows it.
        if (i < args.length - 1) return problemAt(name, 'channel-timeout-none-not-alone', a, {});
      } else if (!validChannelTimeout(a.value)) {
        return problemAt(name, 'bad-channel-timeout', a, {});
      }
    }
    return undefined;
  }],
  ['logverbose', (name, option, args) => {
    for (const a of args) {
      if (a.value === '') return problemAt(name, 'missing-argument', a, {});
      if (args.length > 1 && a.value.toLowerCase() === 'none') return problemAt(name, 'none-not-alone', a, {});
    }
    return undefined;
  }],
  ['persourcemaxstartups', (name, option, args) => {
    const first = args[0];
    return first.value !== 'none' && 'error' in parseInteger(first.value) ? problemAt(name, 'bad-per-source-max-startups', first, {}) : undefined;
  }],
  ['persourcenetblocksize', (name, option, args) =>
    (validNetBlockSize(args[0].value) ? undefined : problemAt(name, 'bad-netblock-size', args[0], {}))],
  ['streamlocalbindmask', (name, option, args) =>
    (validBindMask(args[0].value) ? undefined : problemAt(name, 'bad-bind-mask', args[0], {}))],
  ['setenv', (name, option, args) => {
    const bad = args.find((a) => !a.value.includes('='));
    return bad ? problemAt(name, 'bad-env-assignment', bad, {}) : undefined;
  }],
  ['gssapikexalgorithms', (name, option, args) => {
    const first = args[0];
    const value = first.value;
    const unknown = unknownGssKex(value);
    if (unknown === undefined) return undefined;
    const problem = problemAt(name, 'bad-gss-kex', first, { algorithm: unknown });
    // Underline the refused name when the token is written as read (no quotes to shift offsets).
    const at = `,${value},`.indexOf(`,${unknown},`);
    if (first.end - first.start === value.length && at >= 0) {
      problem.start = first.start + at;
      problem.end = problem.start + unknown.length;
    }
    return problem;
  }],
  ['rekeylimit', (name, option, args) => {
    const first = args[0];
    if (first.value !== 'default') {
      const bytes = scanScaled(first.value);
      if (bytes === undefined) return problemAt(name, 'bad-rekey-limit', first, {});
      if (bytes !== 0 && bytes < 16) return problemAt(name, 'rekey-limit-too-small', first, {});
    }
    const interval = args[1];
    if (interval && interval.value !== 'none' && parseTime(interval.value) === undefined) {
      return problemAt(name, 'bad-time', interval, {});
    }
    return undefined;
  }],
  ['pubkeyauthoptions', (name, option, args) => {
    const bad = args.find((a) => !PUBKEY_AUTH_OPTIONS.includes(a.value.toLowerCase()));
    return bad ? problemAt(name, 'bad-pubkey-auth-option', bad, { expected: PUBKEY_AUTH_OPTIONS.join(', ') }) : undefined;
  }],
  ['authenticationmethods', (name, option, args) => {
    for (const a of args) {
      if (a.value === 'any') {
        // `any` first refuses what follows at once; methods before `any` only when sshd stored them (active line).
        if (args.length > 1) return problemAt(name, 'auth-any-not-alone', a, { anyFirst: a === args[0] ? 'yes' : 'no' });
        continue;
      }
      const unknown = unknownAuthMethod(a.value);
      if (unknown !== undefined) {
        const suggestion = unknown === '' ? '' : closest(unknown, AUTH_METHODS) ?? '';
        return problemAt(name, 'bad-auth-method', a, { method: unknown, suggestion, expected: AUTH_METHODS.join(', ') });
      }
    }
    return undefined;
  }],
]);

/** PermitOpen and PermitListen: `any` or `none` alone, else HOST:PORT (PermitListen: also PORT) arguments. */
function permitListProblem(name: string, option: string, args: Token[]): ValueProblem | undefined {
  const value = args[0].value;
  if (value === 'any' || value === 'none') return undefined; // compared case-sensitively (strcmp)
  for (const a of args) {
    if (a.value === '') break; // servconf.c stops at an empty argument
    const why = permitProblem(a.value, option === 'permitlisten');
    if (why) return problemAt(name, why, a, {});
  }
  return undefined;
}

/**
 * The first reason sshd refuses this line, or undefined. Unknown and deprecated keywords are left to their own
 * rules; algorithm names to sshd/unknown-algorithm.
 */
export function directiveProblem(d: Directive, vendor: 'debian' | 'upstream'): ValueProblem | undefined {
  const line = d.line;
  const keywordToken = line.keyword!;
  const keyword = keywordToken.value;
  if (line.error === 'invalid-quotes' && line.args.length === 0 && line.rest === undefined) {
    // An unterminated quote in the keyword: strdelim() gives up and sshd skips the line without a word.
    return { code: 'ignored-line', start: keywordToken.start, end: keywordToken.end, data: { keyword } };
  }
  const info = d.info;
  if (!info || !isKnownInfo(info, vendor)) return undefined;
  const name = info.name;
  if (line.error === 'no-argument') {
    return { code: 'no-argument', start: keywordToken.start, end: keywordToken.end, data: { keyword: name } };
  }
  if (line.error === 'invalid-quotes') {
    const bad = line.args.at(-1)!;
    return { code: 'invalid-quotes', start: bad.start, end: bad.end, data: { keyword: name } };
  }
  if (info.rule === 'rest') return commandProblem(name, info.option, line);
  if (info.rule === 'deprecated' || info.rule === 'unsupported' || info.rule === 'ignored') return undefined;
  if (info.rule === 'match') return matchProblem(d as MatchDirective);

  const args = line.args;
  const option = info.option;
  if (args.length === 0 || args[0].value === '') {
    if (args.length === 0 && ZERO_ARGUMENTS_OK.has(option)) return undefined;
    const at = args[0] ?? keywordToken;
    return { code: 'missing-argument', start: at.start, end: at.end, data: { keyword: name } };
  }
  const first = args[0];
  const value = first.value;

  const type = info.value.type;
  // Flags are most lines: checked here; the other kinds and the option-specific checks through tables, so that this
  // function stays small (it runs for every line, and the JIT compiles it with whatever it calls inlined).
  if (type === 'flag') {
    if (value !== 'yes' && value !== 'no') { // most lines: spared a lowercased copy
      const lower = value.toLowerCase();
      if (lower !== 'yes' && lower !== 'no') return problemAt(name, 'bad-flag', first, { suggestion: MEANT_FLAG[lower] ?? '' });
    }
  } else if (type !== 'any') {
    const problem = TYPE_CHECKS[type](name, option, info.value, first);
    if (problem) return problem;
  }
  const optionCheck = OPTION_CHECKS.get(option);
  if (optionCheck !== undefined) {
    const problem = optionCheck(name, option, args);
    if (problem) return problem;
  }
  const max = maxArguments(d.keyword, info, d.args); // the keyword lowercased, the argument values
  if (args.length > max) {
    const extra = args.slice(max);
    return {
      code: 'extra-arguments', start: extra[0].start, end: extra[extra.length - 1].end,
      data: { keyword: name, extra: extra.map((a) => a.value).join(' '), max: String(max) },
    };
  }
  return undefined;
}
