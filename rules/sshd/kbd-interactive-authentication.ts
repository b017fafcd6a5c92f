import { defineSshdRule } from '../define';
import { acceptsAlone, kbdInteractiveLoginPossible, methodLists, methodsText, satisfiableWithout } from './_auth-methods';
import { optionState, reportOption } from './_option';

export default defineSshdRule({
  id: 'sshd/kbd-interactive-authentication',
  severity: 'warning',
  description: 'Keyboard-interactive login (with PAM, usually a password prompt) is enough to log in over SSH.',
  tags: ['security', 'authentication', 'lockout-risk'],
  sources: ['dev-sec ssh-baseline sshd-29', 'Mozilla OpenSSH guidelines'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    here: 'Keyboard-interactive login is on ({keyword} {value}): with PAM it asks for the password, so passwords can be guessed even with PasswordAuthentication no. Set {keyword} no, or, for PAM two-factor, require a key as well (AuthenticationMethods publickey,keyboard-interactive).',
    included: 'Keyboard-interactive login is on: {keyword} {value} is set in {where}. With PAM it asks for the password; set it to no there unless PAM runs a second factor.',
    default: 'Keyboard-interactive login is on: KbdInteractiveAuthentication is not set and defaults to yes; with PAM it asks for the password. Set KbdInteractiveAuthentication no, or require a key as well (AuthenticationMethods publickey,keyboard-interactive).',
    hereMethods: 'Keyboard-interactive login is on ({keyword} {value}) and AuthenticationMethods {methods} lets it in alone. Drop that alternative or require a key as well (publickey,keyboard-interactive), or set {keyword} no.',
    includedMethods: 'Keyboard-interactive login is on: {keyword} {value} is set in {where} and AuthenticationMethods {methods} lets it in alone. Set it to no there, or require a key as well.',
    defaultMethods: 'Keyboard-interactive login is on: KbdInteractiveAuthentication defaults to yes and AuthenticationMethods {methods} lets it in alone. Set KbdInteractiveAuthentication no, or require a key as well.',
    fix: 'Set {keyword} no (breaks PAM two-factor prompts; make sure key login works first)',
  },
}, (ctx, report) => {
  if (!kbdInteractiveLoginPossible(ctx.ev)) return;
  const state = optionState(ctx, 'kbdinteractiveauthentication', 'yes');
  if (!state) return;
  const explicitMethods = methodLists(ctx.ev) !== undefined && acceptsAlone(ctx.ev, 'keyboard-interactive');
  const suffix = explicitMethods ? 'Methods' : '';
  reportOption(ctx, report, state, {
    messages: { here: 'here' + suffix, included: 'included' + suffix, default: 'default' + suffix },
    fix: satisfiableWithout(ctx.ev, 'kbdinteractiveauthentication') ? { value: 'no', safety: 'unsafe' } : undefined,
    data: { methods: methodsText(ctx.ev) },
  });
});
