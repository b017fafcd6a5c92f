import { defineSshdRule } from '../define';
import { acceptsAlone, methodLists, methodsText, passwordLoginPossible, satisfiableWithout } from './_auth-methods';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/password-authentication',
  severity: 'error',
  description: 'A password alone is enough to log in over SSH.',
  tags: ['security', 'authentication', 'lockout-risk'],
  sources: ['dev-sec ssh-baseline sshd-27', 'Mozilla OpenSSH guidelines', 'ANSSI OpenSSH recommendations', 'sshd-lint'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    here: 'Password login is on ({keyword} {value}): bots guess passwords around the clock. Log in with keys and set PasswordAuthentication no.',
    included: 'Password login is on: PasswordAuthentication {value} is set in {where}. Set it to no there, or set PasswordAuthentication no above this Include.',
    default: 'Password login is on: PasswordAuthentication is not set and defaults to yes. Log in with keys and set PasswordAuthentication no (or AuthenticationMethods publickey).',
    hereMethods: 'Password login is on ({keyword} {value}) and AuthenticationMethods {methods} lets a password alone in. Log in with keys: drop the password-only alternative from AuthenticationMethods (e.g. publickey, or publickey,password) and set PasswordAuthentication no.',
    includedMethods: 'Password login is on: PasswordAuthentication {value} is set in {where} and AuthenticationMethods {methods} lets a password alone in. Drop the password-only alternative from AuthenticationMethods, or set PasswordAuthentication no there.',
    defaultMethods: 'Password login is on: PasswordAuthentication defaults to yes and AuthenticationMethods {methods} lets a password alone in. Drop the password-only alternative from AuthenticationMethods (e.g. publickey), or set PasswordAuthentication no.',
    fix: 'Set PasswordAuthentication no (make sure key login works first)',
  },
}, (ctx, report) => {
  if (!passwordLoginPossible(ctx.ev)) return;
  const state = optionState(ctx, 'passwordauthentication', 'yes');
  if (!state) return;
  const explicitMethods = methodLists(ctx.ev) !== undefined && acceptsAlone(ctx.ev, 'password');
  const suffix = explicitMethods ? 'Methods' : '';
  reportOption(ctx, report, state, {
    messages: { here: 'here' + suffix, included: 'included' + suffix, default: 'default' + suffix },
    // With every alternative of AuthenticationMethods needing a password, turning it off stops sshd from starting.
    fix: satisfiableWithout(ctx.ev, 'passwordauthentication') ? { value: 'no', safety: 'unsafe' } : undefined,
    data: { methods: methodsText(ctx.ev) },
  });
});
