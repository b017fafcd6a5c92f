import { formatSeconds, parseTime } from '../../core/sshd/values';
import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

const LIMIT = 60;

export default defineSshdRule({
  id: 'sshd/login-grace-time',
  severity: 'info',
  description: 'An unauthenticated connection may stay open longer than 60 seconds, or forever.',
  tags: ['security', 'resource-limits', 'denial-of-service'],
  sources: ['CIS Debian 12 5.1.13', 'dev-sec ssh-baseline sshd-18', 'Lynis SSH-7408', 'ANSSI OpenSSH recommendations'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    here: 'A client has {seconds} to log in ({keyword} {value}): slow or idle unauthenticated connections hold one of the MaxStartups slots that long. Set LoginGraceTime 60 (or less).',
    unlimited: 'A client has no time limit to log in ({keyword} {value}): unauthenticated connections can hold MaxStartups slots forever and lock everyone out. Set LoginGraceTime 60.',
    included: 'A client has {seconds} to log in: {keyword} {value} is set in {where}. Set LoginGraceTime 60 there.',
    unlimitedIncluded: 'A client has no limit to log in: {keyword} {value} is set in {where}. Set LoginGraceTime 60 there.',
    default: 'LoginGraceTime is not set: a client has 2 minutes (the default) to log in, holding one of the MaxStartups slots meanwhile. Set LoginGraceTime 60.',
    fix: 'Set LoginGraceTime 60',
    duration: '{seconds} seconds ({time})',
  },
}, (ctx, report) => {
  const state = optionState(ctx, 'logingracetime', '120');
  if (!state) return;
  const seconds = parseTime(state.raw);
  if (seconds === undefined || (seconds !== 0 && seconds <= LIMIT)) return;
  reportOption(ctx, report, state, {
    messages: seconds === 0 ? { here: 'unlimited', included: 'unlimitedIncluded' } : {},
    data: { seconds: { messageId: 'duration', data: { seconds, time: formatSeconds(seconds) } } },
    fix: { value: String(LIMIT), safety: 'safe' },
  });
});
