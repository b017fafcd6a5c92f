import { defineSshdRule } from '../define';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/permit-user-environment',
  severity: 'warning',
  description: 'Users can set environment variables for their SSH sessions, which can bypass restrictions.',
  tags: ['security', 'access-control'],
  sources: ['CIS Debian 12 5.1.21', 'dev-sec ssh-baseline sshd-17', 'Lynis SSH-7408', 'ANSSI R23'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    here: 'Users can set environment variables from ~/.ssh/environment and authorized_keys ({keyword} {value}): LD_PRELOAD and the like run their code inside forced commands and restricted shells. Set PermitUserEnvironment no.',
    herePattern: 'Users can set the environment variables matching "{value}" from ~/.ssh/environment and authorized_keys ({keyword} {value}). Prefer PermitUserEnvironment no; if an application needs a variable, let sshd pass it with AcceptEnv or SetEnv.',
    hereCase: 'PermitUserEnvironment {value} does not turn it off: sshd compares the value case-sensitively and reads "{value}" as a pattern of variable names users may set. Write PermitUserEnvironment no in lower case.',
    included: 'Users can set environment variables for their sessions: {keyword} {value} is set in {where}. Set it to no there.',
    fix: 'Set PermitUserEnvironment no (breaks applications that rely on ~/.ssh/environment)',
  },
}, (ctx, report) => {
  // servconf.c compares with strcmp: only "no" turns it off, "yes" allows every variable, anything else is a pattern.
  const state = optionState(ctx, 'permituserenvironment', 'no');
  if (!state || state.raw === 'no') return;
  const here = state.raw === 'yes' ? 'here' : state.value === 'no' ? 'hereCase' : 'herePattern';
  reportOption(ctx, report, state, { messages: { here }, fix: { value: 'no', safety: 'unsafe' } });
});
