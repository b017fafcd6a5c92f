import { blockSetsAny, Directive, evaluateForBlock, Evaluation, hasMatch, isMatch, MatchDirective } from '../../core/sshd/config';
import { includeLeadingTo, SshdContext, valueRange, where } from '../../core/sshd/context';
import type { Range, Report } from '../../core/types';
import { defineSshdRule } from '../define';
import { kbdInteractiveLoginPossible, passwordLoginPossible } from './_auth-methods';

interface Aspect {
  id: 'password' | 'kbdInteractive' | 'emptyPasswords' | 'rootLogin';
  /** Whether the weak behaviour is on in an evaluation. */
  on(ev: Evaluation): boolean;
  /** The options whose lines can turn it on. */
  options: string[];
}

const ASPECTS: Aspect[] = [
  { id: 'password', on: passwordLoginPossible, options: ['passwordauthentication', 'authenticationmethods'] },
  { id: 'kbdInteractive', on: kbdInteractiveLoginPossible, options: ['kbdinteractiveauthentication', 'authenticationmethods'] },
  {
    id: 'emptyPasswords',
    on: (ev) => (ev.values.get('permitemptypasswords')?.args[0] ?? 'no').toLowerCase() === 'yes',
    options: ['permitemptypasswords'],
  },
  {
    id: 'rootLogin',
    on: (ev) => (ev.values.get('permitrootlogin')?.args[0] ?? 'prohibit-password').toLowerCase() === 'yes',
    options: ['permitrootlogin'],
  },
];

/** Every option an aspect reads: a block that sets none of them cannot turn one on. */
const ASPECT_OPTIONS = [...new Set(ASPECTS.flatMap((a) => a.options))];

/** Where a finding about a line read under a Match block belongs in this file: on it, or on the Include leading to it. */
function rangeFor(ctx: SshdContext, d: Directive): Range | undefined {
  if (d.file === ctx.file) return valueRange(ctx, d);
  const include = includeLeadingTo(ctx, d.file);
  return include && valueRange(ctx, include);
}

function criteriaText(block: MatchDirective): string {
  return block.line.args.map((a) => a.value).join(' ');
}

export default defineSshdRule({
  id: 'sshd/match-weakens-policy',
  severity: 'warning',
  description: 'A Match block turns back on a login method that the global settings turn off.',
  tags: ['security', 'authentication'],
  sources: ['sshd-lint', 'sshd_config(5) Match'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    password: 'This Match block ({criteria}) turns password login back on ({keyword} {value}) although the global settings turn it off: the connections it matches can guess passwords. Keep it only if those connections need it, and narrow it (e.g. Match Address on an internal network).',
    kbdInteractive: 'This Match block ({criteria}) turns keyboard-interactive login back on ({keyword} {value}) although the global settings turn it off: with PAM the connections it matches get a password prompt. Keep it only for PAM two-factor, with a key required as well.',
    emptyPasswords: 'This Match block ({criteria}) lets accounts with an empty password log in ({keyword} {value}) although the global settings forbid it. Remove this line.',
    rootLogin: 'This Match block ({criteria}) lets root log in with a password ({keyword} {value}) although the global settings do not. Use prohibit-password or forced-commands-only there, or a normal account with sudo.',
    passwordIncluded: 'A Match block ({criteria}) turns password login back on ({keyword} {value} in {where}) although the global settings turn it off.',
    kbdInteractiveIncluded: 'A Match block ({criteria}) turns keyboard-interactive login back on ({keyword} {value} in {where}) although the global settings turn it off.',
    emptyPasswordsIncluded: 'A Match block ({criteria}) lets accounts with an empty password log in ({keyword} {value} in {where}) although the global settings forbid it.',
    rootLoginIncluded: 'A Match block ({criteria}) lets root log in with a password ({keyword} {value} in {where}) although the global settings do not.',
  },
}, (ctx, report) => {
  // A configuration without a Match line (most of them) has no block to look at: spare the walk.
  if (!hasMatch(ctx.config)) return;
  const seen = new Set<string>();
  // Which aspects the global settings turn on: the same for every block, worked out on the first block that needs it.
  let globallyOn: boolean[] | undefined;
  for (const items of ctx.config.items.values()) {
    for (const block of items) {
      // `Match all` applies to every connection: it is part of the global settings, not an exception to them.
      if (!isMatch(block) || (block.parsed.ok && block.parsed.all)) continue;
      if (!blockSetsAny(ctx.config, block, ASPECT_OPTIONS)) continue;
      globallyOn ??= ASPECTS.map((a) => a.on(ctx.ev));
      checkBlock(ctx, report, block, seen, globallyOn);
    }
  }
});

/** Reports what one Match block turns back on although the global settings turn it off (once per place). */
function checkBlock(ctx: SshdContext, report: (r: Report) => void, block: MatchDirective, seen: Set<string>, globallyOn: boolean[]): void {
  // Every aspect already on globally: this block cannot turn one back on, and its evaluation is not needed.
  if (!globallyOn.includes(false)) return;
  const evb = evaluateForBlock(ctx.config, block);
  for (let a = 0; a < ASPECTS.length; a++) {
    const aspect = ASPECTS[a];
    if (globallyOn[a] || !aspect.on(evb)) continue;
    const culprit = culpritOf(ctx, evb, aspect);
    if (!culprit) continue;
    const range = rangeFor(ctx, culprit);
    if (!range) continue;
    const key = `${aspect.id}:${range.start.line}:${range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report({
      messageId: culprit.file === ctx.file ? aspect.id : `${aspect.id}Included`,
      data: {
        criteria: criteriaText(block),
        keyword: culprit.line.keyword!.value,
        value: culprit.args.join(' '),
        where: where(ctx, culprit),
      },
      range,
    });
  }
}

/** The line that made the difference: one the block (or a file it includes) set, in place of the global one. */
function culpritOf(ctx: SshdContext, evb: Evaluation, aspect: Aspect): Directive | undefined {
  for (const option of aspect.options) {
    const d = evb.values.get(option)?.directive;
    if (d !== undefined && d !== ctx.ev.values.get(option)?.directive) return d;
  }
  return undefined;
}
