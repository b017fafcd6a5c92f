// How sshd 9.2 reads option values (servconf.c process_server_config_line_depth(), misc.c convtime()/a2port()/
// atoi_err(), auth2.c auth2_methods_valid()), and which values make it refuse to start. Every accept/refuse case
// here was checked with the real sshd 9.2 (`sshd -t`).
import { parseAlgorithmList } from './algorithms';
import type { Directive, Evaluation, MatchDirective } from './config';
import { editDistance, isKnownInfo, KeywordInfo } from './keywords';
import type { Token } from './tokenizer';

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

/**
 * sshd.c refuses to start ("AuthenticationMethods cannot be satisfied by enabled authentication methods") when
 * every list of the start-up AuthenticationMethods needs a method that is turned off. Returns the disabled method of
 * each list, or undefined when some list can succeed.
 */
export function unsatisfiableAuthMethods(ev: Evaluation): { list: string; method: string }[] | undefined {
  // sshd checks the start-up options, before any Match re-parse: the first line of each option the start-up parse
  // read (a later `Match all` line that overrides it per connection does not count).
  const startup = (option: string): string[] | undefined => ev.active.startup.find((d) => d.info?.option === option)?.args;
  const args = startup('authenticationmethods');
  if (!args || args.length === 0 || args.includes('any')) return undefined;
  if (args.some((a) => unknownAuthMethod(a) !== undefined)) return undefined;
  const enabled = (method: string): boolean => {
    const by = METHOD_ENABLED_BY[method];
    if (!by) return true;
    return (startup(by[0])?.[0] ?? by[1]).toLowerCase() === 'yes';
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
  | 'bad-match';

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
  if (info.rule === 'deprecated' || info.rule === 'unsupported' || info.rule === 'ignored' || info.rule === 'rest') {
    return undefined;
  }
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

  const type = info.value;
  switch (type.type) {
    case 'flag': {
      if (value === 'yes' || value === 'no') break; // most lines: spared a lowercased copy
      const lower = value.toLowerCase();
      if (lower !== 'yes' && lower !== 'no') return problemAt(name, 'bad-flag', first, { suggestion: MEANT_FLAG[lower] ?? '' });
      break;
    }
    case 'enum': {
      const values = ENUM_OVERRIDES[option] ?? type.values;
      const lower = lowercaseSet(values);
      const ok = CASE_SENSITIVE_ENUMS.has(option) ? values.includes(value) : lower.has(value) || lower.has(value.toLowerCase());
      if (!ok) {
        const caseOnly = sameIgnoringCase(values, value);
        const suggestion = caseOnly ?? closest(value, values) ?? '';
        return problemAt(name, 'bad-enum', first, { expected: values.join(', '), suggestion });
      }
      break;
    }
    case 'int': {
      const n = parseInteger(value);
      if ('error' in n) return problemAt(name, 'bad-integer', first, { error: n.error });
      break;
    }
    case 'time':
      if (parseTime(value) === undefined) return problemAt(name, 'bad-time', first, {});
      break;
    case 'port':
      if (!validListenPort(value)) return problemAt(name, 'bad-port', first, {});
      break;
    case 'maxstartups':
      if (!applyMaxStartups(value, DEFAULT_MAX_STARTUPS)) return problemAt(name, 'bad-max-startups', first, {});
      break;
    case 'algorithms': {
      const list = parseAlgorithmList(option as Parameters<typeof parseAlgorithmList>[0], value);
      if (list.operator !== '-' && list.body === '') {
        return problemAt(name, 'empty-algorithm-list', first, { operator: list.operator });
      }
      break;
    }
    case 'any':
      break;
  }
  switch (option) {
    case 'unusedconnectiontimeout':
      // servconf.c: `none` (any case), else a time like LoginGraceTime's.
      if (value.toLowerCase() !== 'none' && parseTime(value) === undefined) return problemAt(name, 'bad-time', first, {});
      break;
    case 'acceptenv': {
      const bad = args.find((a) => a.value.includes('='));
      if (bad) return problemAt(name, 'bad-env-name', bad, {});
      break;
    }
    case 'subsystem':
      if (args.length < 2 || args[1].value === '') return problemAt(name, 'missing-subsystem-command', first, {});
      break;
    case 'authenticationmethods': {
      for (const a of args) {
        if (a.value === 'any') {
          // `any` first refuses what follows at once; methods before `any` only when sshd stored them (active line).
          if (args.length > 1) return problemAt(name, 'auth-any-not-alone', a, { anyFirst: a === first ? 'yes' : 'no' });
          continue;
        }
        const unknown = unknownAuthMethod(a.value);
        if (unknown !== undefined) {
          const suggestion = unknown === '' ? '' : closest(unknown, AUTH_METHODS) ?? '';
          return problemAt(name, 'bad-auth-method', a, { method: unknown, suggestion, expected: AUTH_METHODS.join(', ') });
        }
      }
      break;
    }
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
