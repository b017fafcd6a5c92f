import type { Directive } from '../../core/sshd/config';
import { includeLeadingTo, locateOption, SshdContext, valueRange, where } from '../../core/sshd/context';
import { editDistance } from '../../core/sshd/keywords';
import { directiveProblem, unsatisfiableAuthMethods, ValueProblem } from '../../core/sshd/values';
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
function checkAnyAfterMethods(ctx: SshdContext, report: (r: Report) => void): void {
  let stored: Directive | undefined;
  for (const d of ctx.ev.order) {
    if (d.info?.option !== 'authenticationmethods' || d.line.error || d.args.length === 0) continue;
    const state = ctx.ev.states.get(d)?.state;
    const active = state === 'applied' || state === 'shadowed';
    const anyAt = d.args.indexOf('any');
    if (stored && anyAt !== -1 && d.file === ctx.file) {
      const token = d.line.args[anyAt];
      report({ messageId: 'authAnyAfterMethods', data: { where: where(ctx, stored) }, range: ctx.src.range(token.start, token.end) });
    }
    if (!stored && active) stored = d; // `any` alone is stored too
  }
}

const COMMAND_USERS = [
  ['authorizedkeyscommand', 'AuthorizedKeysCommandUser'], ['authorizedprincipalscommand', 'AuthorizedPrincipalsCommandUser'],
] as const;

/** Start-up checks sshd makes on the whole configuration; only a main file knows every setting. */
function checkWholeConfig(ctx: SshdContext, report: (r: Report) => void): void {
  if (ctx.role !== 'main') return;
  const blocked = unsatisfiableAuthMethods(ctx.ev);
  const methods = locateOption(ctx, 'authenticationmethods');
  if (blocked && methods && methods.kind !== 'default') {
    const details = blocked.flatMap((b, i): MessageData[] =>
      [...(i > 0 ? [{ messageId: 'listSeparator' }] : []), { messageId: 'authNeeds', data: { list: b.list, method: b.method } }]);
    report({ messageId: 'authUnsatisfiable', data: { details }, range: methods.range });
  }
  for (const [command, user] of COMMAND_USERS) {
    const value = ctx.ev.values.get(command)?.args[0];
    if (value === undefined) continue;
    const loc = locateOption(ctx, command);
    if (value.toLowerCase() === 'none' || ctx.ev.values.has(user.toLowerCase()) || !loc || loc.kind === 'default') continue;
    const keyword = ctx.ev.values.get(command)!.directive.line.keyword!.value;
    report({ messageId: 'commandWithoutUser', data: { keyword, user }, range: loc.range });
  }
}

/** `any` on this line is already reported by checkAnyAfterMethods (an earlier line stored methods). */
function checksAnyLater(ctx: SshdContext, d: Directive): boolean {
  for (const x of ctx.ev.order) {
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
    matchUnsupported: '"{detail}" is not a Match criterion ("Unsupported Match attribute"): sshd refuses to start. Match takes User, Group, Host, LocalAddress, LocalPort, RDomain, Address or All.',
    matchUnsupportedMeant: '"{detail}" is not a Match criterion ("Unsupported Match attribute"): sshd refuses to start. Did you mean {suggestion}?',
    matchMissing: '"Match {detail}" has no value ("Missing Match criteria for {detail}"): sshd refuses to start. Write a pattern after it, for example Match {detail} alice.',
    matchNoCriteria: 'Match needs at least one criterion ("One or more attributes required for Match"): sshd refuses to start.',
    matchAllCombined: '"Match all" cannot be combined with other criteria: sshd refuses to start. Use "Match all" alone, or drop "all".',
    matchBadAddress: '"{detail}" is not an address list sshd accepts ("Invalid Match address argument"): sshd refuses to start. Check the addresses and CIDR prefix lengths (at most /32 for IPv4, /128 for IPv6).',
    matchBadPort: '"{detail}" is not a port ("Invalid LocalPort on Match line"): sshd refuses to start. Write a number from 0 to 65535.',
    subsystemTwice: 'Subsystem "{name}" is already defined at {where} ("Subsystem \'{name}\' already defined"): sshd refuses to start. Delete one of the two lines.',
    subsystemTwiceIncluded: 'Subsystem "{name}" is defined again in {where}, after {first} ("Subsystem \'{name}\' already defined"): sshd refuses to start. Delete one of the two lines.',
    authUnsatisfiable: 'No AuthenticationMethods list can succeed ({details}, which is turned off): sshd refuses to start ("AuthenticationMethods cannot be satisfied by enabled authentication methods"). Turn that method on or change the list.',
    commandWithoutUser: '{keyword} is set without {user}: sshd refuses to start. Add "{user} nobody" (or a dedicated unprivileged user).',
    authNeeds: '"{list}" needs {method}',
    listSeparator: '; ',
  },
}, (ctx, report) => {
  for (const d of ctx.directives) {
    const problem = directiveProblem(d, ctx.vendor);
    if (!problem) continue;
    let { messageId, data, severity } = describe(problem);
    if (problem.code === 'auth-any-not-alone' && problem.data.anyFirst === 'no' && ctx.ev.states.get(d)?.state === 'inactive') {
      // sshd starts (the Match block stores nothing then), but the re-parse fails for every connection it matches.
      messageId = 'authAnyNotAloneMatch';
    } else if (problem.code === 'auth-any-not-alone' && checksAnyLater(ctx, d)) {
      continue;
    }
    report({ messageId, data, severity, range: ctx.src.range(problem.start, problem.end) });
  }
  checkSubsystems(ctx, report);
  checkAnyAfterMethods(ctx, report);
  checkWholeConfig(ctx, report);
});
