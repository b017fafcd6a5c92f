// Which logins an effective configuration allows, with AuthenticationMethods taken into account (sshd 9.2 auth2.c):
// its arguments are alternatives, each a comma list of methods that must all succeed; unset or `any` = one method.
import type { Evaluation } from '../../core/sshd/config';

/** The option that enables each method sshd accepts in AuthenticationMethods, and its default. */
const METHOD_OPTIONS: Record<string, [option: string, defaultValue: string]> = {
  'publickey': ['pubkeyauthentication', 'yes'],
  'password': ['passwordauthentication', 'yes'],
  'keyboard-interactive': ['kbdinteractiveauthentication', 'yes'],
  'hostbased': ['hostbasedauthentication', 'no'],
  'gssapi-with-mic': ['gssapiauthentication', 'no'],
};

/** A flag option's effective value (sshd compares yes/no case-insensitively). */
export function flagOn(ev: Evaluation, option: string, defaultValue: 'yes' | 'no'): boolean {
  return (ev.values.get(option)?.args[0] ?? defaultValue).toLowerCase() === 'yes';
}

/** The alternatives of AuthenticationMethods, or undefined when any single method is enough (unset or `any`). */
export function methodLists(ev: Evaluation): string[][] | undefined {
  const args = ev.values.get('authenticationmethods')?.args;
  if (!args || args.length === 0 || (args.length === 1 && args[0] === 'any')) return undefined;
  // `keyboard-interactive:pam` names a submethod; what enables it is the method before the colon.
  return args.map((a) => a.split(',').map((m) => m.split(':')[0]));
}

/** The AuthenticationMethods value as written, for messages. */
export function methodsText(ev: Evaluation): string {
  return ev.values.get('authenticationmethods')?.args.join(' ') ?? 'any';
}

/** Some way in needs nothing but `method` (e.g. a password alone). */
export function acceptsAlone(ev: Evaluation, method: string): boolean {
  const lists = methodLists(ev);
  return lists === undefined || lists.some((l) => l.every((m) => m === method));
}

/** A password alone opens a session: PasswordAuthentication is on and AuthenticationMethods does not rule it out. */
export function passwordLoginPossible(ev: Evaluation): boolean {
  return flagOn(ev, 'passwordauthentication', 'yes') && acceptsAlone(ev, 'password');
}

/** Keyboard-interactive alone (with PAM: usually the password) opens a session. */
export function kbdInteractiveLoginPossible(ev: Evaluation): boolean {
  return flagOn(ev, 'kbdinteractiveauthentication', 'yes') && acceptsAlone(ev, 'keyboard-interactive');
}

/**
 * Whether sshd still starts once `option` is off: it refuses to ("AuthenticationMethods cannot be satisfied by
 * enabled authentication methods") when every alternative of AuthenticationMethods needs a disabled method.
 */
export function satisfiableWithout(ev: Evaluation, option: string): boolean {
  const lists = methodLists(ev);
  if (lists === undefined) return true;
  const enabled = (method: string): boolean => {
    const entry = METHOD_OPTIONS[method];
    if (!entry) return false;
    return entry[0] !== option && flagOn(ev, entry[0], entry[1] as 'yes' | 'no');
  };
  return lists.some((l) => l.every(enabled));
}
