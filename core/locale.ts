// The user's language, decided without loading any message catalogue: the CLI's --help and usage errors need it
// before the engine and the rule messages are loaded.
export type Locale = 'en' | 'fr';

/** `fr`, `fr-CA`, `fr_FR.UTF-8` → fr; anything else → en. */
export function normalizeLocale(value: string | undefined): Locale {
  return value && /^fr([-_.@]|$)/i.test(value) ? 'fr' : 'en';
}

/** The CLI's locale: --lang, then LC_ALL, LC_MESSAGES, LANG (POSIX precedence). */
export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  return normalizeLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}
