import { applyMaxStartups, DEFAULT_MAX_STARTUPS, formatMaxStartups, MaxStartups } from '../../core/sshd/values';
import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

const RECOMMENDED: MaxStartups = { begin: 10, rate: 30, full: 60 };

export default defineSshdRule({
  id: 'sshd/max-startups',
  severity: 'info',
  description: 'sshd accepts more unauthenticated connections than 10:30:60 before refusing new ones.',
  tags: ['security', 'resource-limits', 'denial-of-service'],
  sources: ['CIS Debian 12 5.1.18', 'dev-sec ssh-baseline sshd-21', 'ssh-audit (DHEat)'],
  fix: 'safe',
  profile: 'strict',
  messages: {
    here: 'sshd lets {effective} unauthenticated connections pile up ({keyword} {value}: start dropping at {begin}, drop {rate}%, refuse all at {full}): a flood of half-open logins costs CPU (DHEat) and memory. Set MaxStartups 10:30:60.',
    included: 'sshd lets many unauthenticated connections pile up: {keyword} {value} is set in {where}. Set MaxStartups 10:30:60 there.',
    default: 'MaxStartups is not set: sshd keeps up to 100 unauthenticated connections (default 10:30:100), which a flood of half-open logins can use up. Set MaxStartups 10:30:60.',
    fix: 'Set MaxStartups 10:30:60',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'maxstartups', formatMaxStartups(DEFAULT_MAX_STARTUPS));
  if (!state) return;
  // Every MaxStartups line sshd reads overwrites the value (a single number keeps the previous rate).
  let value: MaxStartups | undefined = DEFAULT_MAX_STARTUPS;
  for (const d of ctx.ev.active.startup) {
    if (d.info?.option !== 'maxstartups' || !value) continue;
    value = applyMaxStartups(d.args[0] ?? '', value);
  }
  if (!value) return; // sshd refuses the value: sshd/invalid-value says so
  const looser = value.begin > RECOMMENDED.begin || value.rate < RECOMMENDED.rate || value.full > RECOMMENDED.full;
  if (!looser) return;
  reportOption(ctx, report, state, {
    data: { effective: String(value.full), begin: String(value.begin), rate: String(value.rate), full: String(value.full) },
    fix: { value: formatMaxStartups(RECOMMENDED), safety: 'safe' },
  });
});
