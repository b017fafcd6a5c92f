import type { Directive } from '../../core/sshd/config';
import { includeLeadingTo, locateOption, SshdContext, valueRange, where } from '../../core/sshd/context';
import { editDistance } from '../../core/sshd/keywords';
import { directiveProblem, listenAddressVersion, unsatisfiableAuthMethods, ValueProblem } from '../../core/sshd/values';
import type { MessageData, Report } from '../../core/types';
import { defineSshdRule } from '../define';

const MATCH_CRITERIA = ['User', 'Group', 'Host', 'LocalAddress', 'LocalPort', 'RDomain', 'Address', 'All'];

function closestCriterion(name: string): string | undefined {
  const scored = MATCH_CRITERIA.map((c) => [c, editDistance(name.toLowerCase(), c.toLowerCase())] as const)
    .sort((a, b) => a[1] - b[1]);
  return scored[0][1] <= 2 ? scored[0][0] : undefined;
}

/** Message id and data for one refused line. */
function describe(p: ValueProblem): { messageId: string; data: Record<string, string>; severity?: 'warning' } {
  const data = { ...p.data };
  switch (p.code) {
    case 'ignored-line': return { messageId: 'ignoredLine', data, severity: 'warning' };
    case 'invalid-quotes': return { messageId: 'invalidQuotes', data };
    case 'no-argument': return { messageId: 'noArgument', data };
    case 'missing-argument': return { messageId: 'missingArgument', data };
    case 'extra-arguments': return { messageId: data.max === '1' ? 'extraArgument' : 'extraArguments', data };
    case 'bad-flag': return { messageId: data.suggestion ? 'badFlagMeant' : 'badFlag', data };
    case 'bad-enum': return { messageId: data.suggestion ? 'badEnumMeant' : 'badEnum', data };
    case 'bad-integer': return { messageId: 'badInteger', data };
    case 'bad-time': return { messageId: 'badTime', data };
    case 'bad-port': return { messageId: /[${}]/.test(data.value) ? 'badPortTemplate' : 'badPort', data };
    case 'bad-max-startups': return { messageId: 'badMaxStartups', data };
    case 'empty-algorithm-list': return { messageId: 'emptyAlgorithmList', data };
    case 'bad-env-name': return { messageId: 'badEnvName', data };
    case 'missing-subsystem-command': return { messageId: 'missingSubsystemCommand', data };
    case 'bad-auth-method':
      if (data.method === '') return { messageId: 'emptyAuthMethod', data };
      return { messageId: data.suggestion ? 'badAuthMethodMeant' : 'badAuthMethod', data };
    case 'auth-any-not-alone': return { messageId: 'authAnyNotAlone', data };
    case 'rdomain-unsupported': return { messageId: 'rdomainUnsupported', data };
    case 'bad-routing-domain':
      // Whether the interface exists is the business of the host sshd runs on, unless no interface can have the name.
      return data.certain === 'yes' ? { messageId: 'badRoutingDomain', data } : { messageId: 'routingDomainInterface', data, severity: 'warning' };
    case 'bad-listen-syntax': return { messageId: 'badListenSyntax', data };
    case 'bad-listen-address': return { messageId: 'badListenAddress', data };
    case 'bad-listen-port': return { messageId: 'badListenPort', data };
    case 'bad-listen-host': return { messageId: data.host === '' ? 'emptyListenHost' : 'badListenHost', data };
    case 'command-not-absolute': return { messageId: 'commandNotAbsolute', data };
    case 'permit-missing-host': return { messageId: 'permitMissingHost', data };
    case 'permit-bad-port': return { messageId: data.keyword === 'PermitListen' ? 'permitListenBadPort' : 'permitOpenBadPort', data };
    case 'bad-ipqos': return { messageId: 'badIpqos', data };
    case 'bad-channel-timeout': return { messageId: 'badChannelTimeout', data };
    case 'channel-timeout-none-not-alone': return { messageId: 'channelTimeoutNoneNotAlone', data };
    case 'none-not-alone': return { messageId: 'noneNotAlone', data };
    case 'bad-per-source-max-startups': return { messageId: 'badPerSourceMaxStartups', data };
    case 'bad-netblock-size': return { messageId: 'badNetBlockSize', data };
    case 'bad-bind-mask': return { messageId: 'badBindMask', data };
    case 'bad-env-assignment': return { messageId: 'badEnvAssignment', data };
    case 'bad-gss-kex': return { messageId: 'badGssKex', data };
    case 'bad-rekey-limit': return { messageId: 'badRekeyLimit', data };
    case 'rekey-limit-too-small': return { messageId: 'rekeyLimitTooSmall', data };
    case 'bad-pubkey-auth-option': return { messageId: 'badPubkeyAuthOption', data };
    case 'bad-match':
      switch (data.reason) {
        case 'unsupported': {
          const suggestion = closestCriterion(data.detail);
          return { messageId: suggestion ? 'matchUnsupportedMeant' : 'matchUnsupported', data: { ...data, suggestion: suggestion ?? '' } };
        }
        case 'missing': return { messageId: 'matchMissing', data };
        case 'all-combined': return { messageId: 'matchAllCombined', data };
        case 'bad-address': return { messageId: 'matchBadAddress', data };
        case 'bad-port': return { messageId: 'matchBadPort', data };
        default: return { messageId: 'matchNoCriteria', data };
      }
  }
}

/** Subsystem names defined twice: sshd refuses the second definition. */
function checkSubsystems(ctx: SshdContext, report: (r: Report) => void): void {
  const first = new Map<string, Directive>();
  for (const { directive: d } of ctx.ev.lists.get('subsystem') ?? []) {
    const name = d.args[0];
    if (name === undefined) continue;
    const earlier = first.get(name);
    if (!earlier) {
      first.set(name, d);
      continue;
    }
    if (earlier === d) {
      // The same line read twice (its file is included twice): the second reading defines the name again.
      const include = d.file === ctx.file ? undefined : includeLeadingTo(ctx, d.file);
      if (include) report({ messageId: 'subsystemReadTwice', data: { name, where: where(ctx, d) }, range: valueRange(ctx, include) });
      continue;
    }
    if (d.file === ctx.file) {
      report({ messageId: 'subsystemTwice', data: { name, where: where(ctx, earlier) }, range: valueRange(ctx, d) });
    } else if (earlier.file !== d.file) {
      // Linting the drop-in alone cannot see the first definition: say it on the Include that reads the second.
      const include = includeLeadingTo(ctx, d.file);
      if (include) {
        report({ messageId: 'subsystemTwiceIncluded', data: { name, where: where(ctx, d), first: where(ctx, earlier) }, range: valueRange(ctx, include) });
      }
    }
  }
}

/**
 * servconf.c refuses `AuthenticationMethods any` once an earlier active line has stored methods (`any` included) —
 * even when the `any` line sits in a Match block that does not apply at start-up.
 */
function checkAnyAfterMethods(ctx: SshdContext, report: (r: Report) => void, authLines: readonly Directive[]): void {
  let stored: Directive | undefined;
  for (const d of authLines) {
    const state = ctx.ev.states.get(d)?.state;
    const active = state === 'applied' || state === 'shadowed';
    const anyAt = d.args.indexOf('any');
    if (stored && anyAt !== -1 && d.file === ctx.file) {
      const token = d.line.args[anyAt];
      report({ messageId: 'authAnyAfterMethods', data: { where: where(ctx, stored) }, range: ctx.src.range(token.start, token.end) });
    } else if (stored === d && anyAt !== -1) {
      // The stored line itself, read again (its file is included twice): refused the second time.
      const include = includeLeadingTo(ctx, d.file);
      if (include) report({ messageId: 'authAnyReadTwiceAtStart', data: { where: where(ctx, d) }, range: valueRange(ctx, include) });
    } else if (stored && anyAt !== -1 && stored.file !== d.file) {
      // The drop-in linted alone cannot see the earlier line: say it on the Include that reads the "any".
      const include = includeLeadingTo(ctx, d.file);
      if (include) {
        report({ messageId: 'authAnyAfterMethodsIncluded', data: { where: where(ctx, d), first: where(ctx, stored) }, range: valueRange(ctx, include) });
      }
    }
    if (!stored && active) stored = d; // `any` alone is stored too
  }
}

/**
 * The per-connection re-parse stores the first AuthenticationMethods line that applies to the connection, then
 * refuses every later line holding "any", in any Match block, applying or not (sshd 9.2). So a line sshd skips at
 * start-up (in a Match block) makes each later `AuthenticationMethods any` fail every login that line applies to.
 */
function checkAnyAfterMatchMethods(ctx: SshdContext, report: (r: Report) => void, authLines: readonly Directive[]): void {
  let stored: Directive | undefined;
  const includes = new Set<Directive>();
  for (const d of authLines) {
    if (stored && d.args.length === 1 && d.args[0] === 'any' && !checksAnyLater(ctx, d, authLines)) {
      if (stored === d) {
        // The storing line itself, read again (its file is included twice): refused the second time.
        const include = includeLeadingTo(ctx, d.file);
        if (include && !includes.has(include)) {
          includes.add(include);
          report({ messageId: 'authAnyReadTwice', data: { where: where(ctx, d) }, range: valueRange(ctx, include) });
        }
      } else if (d.file === ctx.file) {
        const token = d.line.args[0];
        report({ messageId: 'authAnyAfterMatchMethods', data: { where: where(ctx, stored) }, range: ctx.src.range(token.start, token.end) });
      } else if (stored.file !== d.file) {
        // The drop-in linted alone cannot see the earlier line: say it on the Include that reads the "any".
        const include = includeLeadingTo(ctx, d.file);
        if (include && !includes.has(include)) {
          includes.add(include);
          report({ messageId: 'authAnyAfterMatchMethodsIncluded', data: { where: where(ctx, d), first: where(ctx, stored) }, range: valueRange(ctx, include) });
        }
      }
    }
    if (!stored && ctx.ev.states.get(d)?.state === 'inactive') stored = d;
  }
}

/** The start-up lines checkWholeConfig() looks at, found in one walk over the start-up parse. */
interface StartupLines {
  addressFamily?: Directive;
  keysCommand?: Directive;
  keysCommandUser?: Directive;
  /**
   * The AuthorizedPrincipalsCommand line sshd 9.2 keeps at start-up: it guards the option with "AuthorizedKeysCommand
   * not set yet" instead of its own value, so the last line before any AuthorizedKeysCommand wins (as dump.ts prints).
   */
  principalsCommand?: Directive;
  principalsCommandUser?: Directive;
}

/** The first start-up line of each option checkWholeConfig() needs (sshd keeps the first value). */
function startupLines(ctx: SshdContext): StartupLines {
  const found: StartupLines = {};
  for (const d of ctx.ev.active.startup) {
    switch (d.info?.option) {
      case 'addressfamily': found.addressFamily ??= d; break;
      case 'authorizedkeyscommand': found.keysCommand ??= d; break;
      case 'authorizedkeyscommanduser': found.keysCommandUser ??= d; break;
      case 'authorizedprincipalscommand': if (!found.keysCommand) found.principalsCommand = d; break;
      case 'authorizedprincipalscommanduser': found.principalsCommandUser ??= d; break;
    }
  }
  return found;
}

/** Start-up checks sshd makes on the whole configuration; only a main file knows every setting. */
function checkWholeConfig(ctx: SshdContext, report: (r: Report) => void): void {
  if (ctx.role !== 'main') return;
  const blocked = unsatisfiableAuthMethods(ctx.ev);
  const methods = blocked && locateOption(ctx, 'authenticationmethods');
  if (blocked && methods && methods.kind !== 'default') {
    const details = blocked.flatMap((b, i): MessageData[] =>
      [...(i > 0 ? [{ messageId: 'listSeparator' }] : []), { messageId: 'authNeeds', data: { list: b.list, method: b.method } }]);
    report({ messageId: 'authUnsatisfiable', data: { details }, range: methods.range });
  }
  // sshd checks the start-up values: a `Match all` line shadowed there does not count, though it wins per connection.
  const startup = startupLines(ctx);
  const family = startup.addressFamily?.args[0]?.toLowerCase();
  if (family === 'inet' || family === 'inet6') {
    const want = family === 'inet' ? 4 : 6;
    for (const d of ctx.ev.active.startup) {
      if (d.info?.option !== 'listenaddress' || d.args.length === 0) continue;
      const version = listenAddressVersion(d.args[0]);
      if (version === undefined || version === want) continue;
      const include = d.file === ctx.file ? undefined : includeLeadingTo(ctx, d.file);
      if (d.file !== ctx.file && !include) continue;
      const token = d.line.args[0];
      report({
        messageId: 'listenFamilyMismatch', data: { address: d.args[0], version: String(version), family },
        range: include ? valueRange(ctx, include) : ctx.src.range(token.start, token.end),
      });
    }
  }
  checkCommandUser(ctx, report, startup.keysCommand, startup.keysCommandUser, 'AuthorizedKeysCommandUser');
  checkCommandUser(ctx, report, startup.principalsCommand, startup.principalsCommandUser, 'AuthorizedPrincipalsCommandUser');
}

/** A command set at start-up (not `none`) without the user sshd runs it as: sshd refuses to start. */
function checkCommandUser(ctx: SshdContext, report: (r: Report) => void, set: Directive | undefined, userLine: Directive | undefined, user: string): void {
  if (!set || userLine) return;
  if ((set.line.rest?.value ?? '').replace(/^[ \t]+/, '').toLowerCase() === 'none') return;
  const include = set.file === ctx.file ? undefined : includeLeadingTo(ctx, set.file);
  if (set.file !== ctx.file && !include) return;
  const keyword = set.line.keyword!.value;
  report({ messageId: 'commandWithoutUser', data: { keyword, user }, range: valueRange(ctx, include ?? set) });
}

/**
 * The AuthenticationMethods lines sshd reads (with a value and no syntax error), in reading order: the only lines the
 * "any" checks look at, found in one walk.
 */
function authenticationMethodsLines(ctx: SshdContext): Directive[] {
  const lines: Directive[] = [];
  for (const d of ctx.ev.order) {
    if (d.info?.option === 'authenticationmethods' && !d.line.error && d.args.length > 0) lines.push(d);
  }
  return lines;
}

/** `any` on this line is already reported by checkAnyAfterMethods (an earlier line stored methods). */
function checksAnyLater(ctx: SshdContext, d: Directive, authLines: readonly Directive[]): boolean {
  // Only AuthenticationMethods lines can store methods: when `d` is one of them, the earlier ones are all to look at.
  const lines = authLines.includes(d) ? authLines : ctx.ev.order;
  for (const x of lines) {
    if (x === d) return false;
    const state = ctx.ev.states.get(x)?.state;
    if (x.info?.option === 'authenticationmethods' && !x.line.error && x.args.length > 0
      && (state === 'applied' || state === 'shadowed')) return true;
  }
  return false;
}

export default defineSshdRule({
  id: 'sshd/invalid-value',
  severity: 'error',
  description: 'A value sshd 9.2 rejects, so it refuses to start.',
  tags: ['correctness', 'lockout-risk'],
  sources: ['OpenSSH 9.2 servconf.c process_server_config_line_depth()', 'sshd_config(5), OpenSSH 9.2', 'sshd -t of OpenSSH 9.2'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    ignoredLine: 'sshd silently skips this line: the quote in "{keyword}" is never closed, so the setting has no effect. Remove the quote.',
    invalidQuotes: 'A quote is never closed on this {keyword} line ("invalid quotes"): sshd refuses to start. Close the quote.',
    noArgument: '{keyword} has no value ("no argument after keyword"): sshd refuses to start. Write a value or delete the line.',
    missingArgument: '{keyword} has no value (only an empty string or a comment follows): sshd refuses to start. Write a value or delete the line.',
    extraArgument: '{keyword} takes a single value; "{extra}" is extra ("extra arguments at end of line") and sshd refuses to start. Delete it, or start a trailing comment with " #".',
    extraArguments: '{keyword} takes at most {max} values; "{extra}" is extra ("extra arguments at end of line") and sshd refuses to start.',
    badFlag: '{keyword} takes yes or no, not "{value}" ("unsupported option"): sshd refuses to start.',
    badFlagMeant: '{keyword} takes yes or no, not "{value}" ("unsupported option"): sshd refuses to start. Write {suggestion}.',
    badEnum: '{keyword} does not accept "{value}": sshd refuses to start. Expected one of: {expected}.',
    badEnumMeant: '{keyword} does not accept "{value}": sshd refuses to start. Did you mean {suggestion}? Expected one of: {expected}.',
    badInteger: '{keyword} needs a whole number from 0 to 2147483647, not "{value}" ("integer value {error}"): sshd refuses to start.',
    badTime: '"{value}" is not a time sshd can read ("invalid time value"): sshd refuses to start. Write seconds (90) or numbers with s, m, h, d or w units (1m30s, 2h).',
    badPort: '"{value}" is not a port ("Badly formatted port number"): sshd refuses to start. Write a number from 1 to 65535.',
    badPortTemplate: '"{value}" is an unexpanded template variable, not a port ("Badly formatted port number"): sshd refuses to start. Render the template, or write a number from 1 to 65535.',
    badMaxStartups: '"{value}" is not a MaxStartups value ("Invalid MaxStartups spec"): sshd refuses to start. Write start:rate:full with start at most full and rate from 1 to 100 (10:30:60), or one number.',
    emptyAlgorithmList: '{keyword} {value} names no algorithm: sshd refuses to start. Add names after "{operator}" or delete the line.',
    badEnvName: 'AcceptEnv takes variable names, not assignments ("{value}", "Invalid environment name"): sshd refuses to start. Use SetEnv to set a variable for sessions.',
    missingSubsystemCommand: 'Subsystem {value} has no command ("Missing subsystem command"): sshd refuses to start. Write, for example, Subsystem sftp internal-sftp.',
    badAuthMethod: 'Unknown authentication method "{method}" in "{value}": sshd refuses to start. Methods: {expected}.',
    badAuthMethodMeant: 'Unknown authentication method "{method}" in "{value}": sshd refuses to start. Did you mean {suggestion}?',
    emptyAuthMethod: 'Empty authentication method in "{value}" (two commas, or a comma at an end): sshd refuses to start.',
    authAnyNotAlone: '"any" must appear alone in AuthenticationMethods: sshd refuses to start.',
    authAnyNotAloneMatch: '"any" must appear alone in AuthenticationMethods: sshd starts, but every login this Match block applies to fails (sshd logs \'"any" must appear alone in AuthenticationMethods\').',
    authAnyAfterMethods: '"any" cannot follow the AuthenticationMethods of {where}: sshd 9.2 refuses to start (\'"any" must appear alone in AuthenticationMethods\'), even inside a Match block. To exempt these connections, set the general AuthenticationMethods in a "Match all" block placed after this one instead of globally.',
    authAnyAfterMethodsIncluded: 'AuthenticationMethods "any" in {where} cannot follow the AuthenticationMethods of {first}: sshd 9.2 refuses to start (\'"any" must appear alone in AuthenticationMethods\'). Keep one AuthenticationMethods line, or move the general one into a "Match all" block after the exemption.',
    authAnyAfterMatchMethods: '"any" cannot follow the AuthenticationMethods of {where}: sshd starts, but every login that line applies to fails (\'"any" must appear alone in AuthenticationMethods\'), even where this line\'s own Match block does not apply. Put all exemptions in one Match block, before every other AuthenticationMethods line.',
    authAnyReadTwiceAtStart: 'AuthenticationMethods "any" in {where} is read twice (the file is included more than once), and sshd refuses it the second time (\'"any" must appear alone in AuthenticationMethods\'): sshd refuses to start. Include the file once.',
    authAnyReadTwice: 'AuthenticationMethods "any" in {where} is read twice (the file is included more than once): sshd starts, but every login it applies to fails on the second reading (\'"any" must appear alone in AuthenticationMethods\'). Include the file once.',
    authAnyAfterMatchMethodsIncluded: 'AuthenticationMethods "any" in {where} cannot follow the AuthenticationMethods of {first}: sshd starts, but every login that line applies to fails (\'"any" must appear alone in AuthenticationMethods\'). Put all exemptions in one Match block, before every other AuthenticationMethods line.',
    matchUnsupported: '"{detail}" is not a Match criterion ("Unsupported Match attribute"): sshd refuses to start. Match takes User, Group, Host, LocalAddress, LocalPort, RDomain, Address or All.',
    matchUnsupportedMeant: '"{detail}" is not a Match criterion ("Unsupported Match attribute"): sshd refuses to start. Did you mean {suggestion}?',
    matchMissing: '"Match {detail}" has no value ("Missing Match criteria for {detail}"): sshd refuses to start. Write a pattern after it, for example Match {detail} alice.',
    matchNoCriteria: 'Match needs at least one criterion ("One or more attributes required for Match"): sshd refuses to start.',
    matchAllCombined: '"Match all" cannot be combined with other criteria: sshd refuses to start. Use "Match all" alone, or drop "all".',
    matchBadAddress: '"{detail}" is not an address list sshd accepts ("Invalid Match address argument"): sshd refuses to start. Check the addresses and CIDR prefix lengths (at most /32 for IPv4, /128 for IPv6).',
    matchBadPort: '"{detail}" is not a port ("Invalid LocalPort on Match line"): sshd refuses to start. Write a number from 0 to 65535.',
    subsystemTwice: 'Subsystem "{name}" is already defined at {where} ("Subsystem \'{name}\' already defined"): sshd refuses to start. Delete one of the two lines.',
    subsystemTwiceIncluded: 'Subsystem "{name}" is defined again in {where}, after {first} ("Subsystem \'{name}\' already defined"): sshd refuses to start. Delete one of the two lines.',
    subsystemReadTwice: 'Subsystem "{name}" in {where} is read twice (the file is included more than once), and sshd refuses the second definition ("Subsystem \'{name}\' already defined"): sshd refuses to start. Include the file once.',
    authUnsatisfiable: 'No AuthenticationMethods list can succeed ({details}, which is turned off): sshd refuses to start ("AuthenticationMethods cannot be satisfied by enabled authentication methods"). Turn that method on or change the list.',
    rdomainUnsupported: 'RDomain is not supported on Linux ("setting RDomain not supported on this platform"): sshd refuses to start, wherever the line stands. Routing domains are an OpenBSD feature; on Linux bind sshd to a VRF with "ListenAddress ADDRESS rdomain VRF" instead.',
    badRoutingDomain: '"{name}" cannot be a network interface name ("bad routing domain"): sshd refuses to start. On Linux the rdomain of ListenAddress names the interface (a VRF device) to bind to; connection tokens like %D are not expanded here.',
    routingDomainInterface: 'On Linux, sshd binds this address to the network interface "{name}" (a VRF device) and refuses to start ("bad routing domain") when the host has no interface of that name. Check that "{name}" exists where sshd runs.',
    badListenSyntax: 'After the address, ListenAddress takes only "rdomain NAME", not "{value}" ("bad ListenAddress syntax"): sshd refuses to start.',
    badListenAddress: '"{value}" is not ADDRESS, ADDRESS:PORT or [ADDRESS]:PORT ("bad address:port usage"): sshd refuses to start.',
    badListenPort: '"{port}" in "{value}" is not a port ("bad port number"): sshd refuses to start. Write a number from 1 to 65535 after the colon, or leave the port out.',
    badListenHost: '"{host}" is neither an IPv4 nor an IPv6 address, and no host name looks like it ("bad addr or host"): sshd refuses to start.',
    emptyListenHost: '"{value}" names no address ("bad addr or host"): sshd refuses to start. Write an address before the port, or 0.0.0.0 for every IPv4 address.',
    listenFamilyMismatch: '"{address}" is an IPv{version} address, but AddressFamily is {family} ("Address family for hostname not supported"): sshd refuses to start. Change the address or AddressFamily.',
    commandNotAbsolute: '{keyword} must be an absolute path or none, and sshd reads the rest of the line as written, quotes and comment included: {value} ("{keyword} must be an absolute path"). sshd refuses to start. Write the full path, unquoted, and no trailing comment.',
    permitMissingHost: '"{value}" is not HOST:PORT ("{keyword} missing host"): sshd refuses to start. Write, for example, localhost:8080 or [::1]:8080.',
    permitOpenBadPort: '"{value}" has no valid port ("PermitOpen bad port number"): sshd refuses to start. Write HOST:PORT with a port from 1 to 65535 or *, or any or none alone.',
    permitListenBadPort: '"{value}" has no valid port ("PermitListen bad port number"): sshd refuses to start. Write PORT or HOST:PORT with a port from 1 to 65535 or *, or any or none alone.',
    badIpqos: '"{value}" is not an IPQoS value ("Bad IPQoS value"): sshd refuses to start. Write a DSCP name (af21, cs1, ef, le, ...), lowdelay, throughput, reliability, none, or a number from 0 to 255.',
    badChannelTimeout: '"{value}" is not a channel timeout ("invalid channel timeout"): sshd refuses to start. Write TYPE=TIME, for example session=5m, or none.',
    noneNotAlone: '"none" must appear alone in {keyword}: sshd refuses to start.',
    channelTimeoutNoneNotAlone: '"none" must appear alone in ChannelTimeout: sshd refuses to start.',
    badPerSourceMaxStartups: 'PerSourceMaxStartups takes none or a whole number from 0 to 2147483647, not "{value}" ("PerSourceMaxStartups integer value invalid"): sshd refuses to start.',
    badNetBlockSize: '"{value}" is not a PerSourceNetBlockSize value ("Invalid PerSourceNetBlockSize spec"): sshd refuses to start. Write an IPv4 prefix length from 0 to 32, optionally :IPv6 length from 0 to 128 (24:56).',
    badBindMask: '"{value}" is not an octal mask from 0 to 0777 ("Invalid StreamLocalBindMask"): sshd refuses to start. Write, for example, 0177.',
    badEnvAssignment: 'SetEnv takes NAME=VALUE assignments, not "{value}" ("Invalid environment"): sshd refuses to start.',
    badGssKex: 'GSSAPIKexAlgorithms does not know "{algorithm}" ("Bad GSSAPI KexAlgorithms"): Debian\'s sshd refuses to start. Names start with gss-group14-sha256-, gss-group16-sha512-, gss-nistp256-sha256-, gss-curve25519-sha256-, gss-group14-sha1-, gss-gex-sha1- or gss-group1-sha1-, without + - ^ prefixes.',
    badRekeyLimit: '"{value}" is not an amount of data ("Bad RekeyLimit number"): sshd refuses to start. Write default, or a number with an optional K, M or G unit (1G).',
    rekeyLimitTooSmall: 'A RekeyLimit of "{value}" is below 16 bytes ("RekeyLimit too small"): sshd refuses to start. Write default, 0, or at least 16 (1G).',
    badPubkeyAuthOption: '"{value}" is not a PubkeyAuthOptions option ("unsupported PubkeyAuthOptions option"): sshd refuses to start. Options: {expected}.',
    commandWithoutUser: '{keyword} is set without {user}: sshd refuses to start. Add "{user} nobody" (or a dedicated unprivileged user).',
    authNeeds: '"{list}" needs {method}',
    listSeparator: '; ',
  },
}, (ctx, report) => {
  const authLines = authenticationMethodsLines(ctx);
  for (const d of ctx.directives) {
    const problem = directiveProblem(d, ctx.vendor);
    if (!problem) continue;
    let { messageId, data, severity } = describe(problem);
    if (problem.code === 'auth-any-not-alone' && problem.data.anyFirst === 'no' && ctx.ev.states.get(d)?.state === 'inactive') {
      // sshd starts (the Match block stores nothing then), but the re-parse fails for every connection it matches.
      messageId = 'authAnyNotAloneMatch';
    } else if (problem.code === 'auth-any-not-alone' && checksAnyLater(ctx, d, authLines)) {
      continue;
    }
    report({ messageId, data, severity, range: ctx.src.range(problem.start, problem.end) });
  }
  checkSubsystems(ctx, report);
  if (authLines.length > 0) {
    checkAnyAfterMethods(ctx, report, authLines);
    checkAnyAfterMatchMethods(ctx, report, authLines);
  }
  checkWholeConfig(ctx, report);
});
