import { isMap, isSeq } from '../../core/compose/parse';
import { defineComposeRule } from '../define';
import { INHERITED_MESSAGE, Located, origin, textOf } from './_common';

/** Name parts that mark a secret; `KEY` only with a qualifier (API_KEY, SECRET_KEY...), alone it is too common. */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIALS']);
const KEY_QUALIFIERS = new Set(['API', 'SECRET', 'PRIVATE', 'ACCESS', 'AUTH', 'ENCRYPTION', 'SIGNING', 'MASTER']);
/** A last part that names something about the secret, not the secret (POSTGRES_PASSWORD_FILE, TOKEN_TTL). */
const NOT_THE_SECRET = new Set(['FILE', 'PATH', 'DIR', 'LENGTH', 'TTL', 'EXPIRY', 'EXPIRES', 'HOST', 'PORT', 'USER', 'USERNAME', 'NAME', 'POLICY', 'TYPE', 'METHOD', 'ENABLED']);
/** Flags rather than secrets (MYSQL_ALLOW_EMPTY_PASSWORD: yes). */
const FLAG_VALUE = /^(yes|no|true|false|on|off|0|1)$/i;

export function isSecretName(name: string): boolean {
  const parts = name.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  if (parts.length === 0 || NOT_THE_SECRET.has(parts[parts.length - 1])) return false;
  return parts.some((p, i) => SECRET_WORDS.has(p) || (p === 'KEY' && i > 0 && KEY_QUALIFIERS.has(parts[i - 1])));
}

export default defineComposeRule({
  id: 'compose/plaintext-secret',
  severity: 'warning',
  description: 'A password, token or key is written in the compose file.',
  tags: ['security', 'secrets'],
  sources: ['CWE-798 Use of Hard-coded Credentials', 'Compose specification: secrets, interpolation', 'KICS issue #1981'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    literal: '{service} sets {name} to a literal value{origin}: it ends up in the repository, in backups and in docker inspect. Read it from the environment or an .env file kept out of version control ({name}: ${{name}:?}), or use secrets: with a *_FILE variable.',
    inherited: INHERITED_MESSAGE,
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    const env = ctx.get(service, 'environment');
    if (!env) continue;
    const check = (name: string, value: string | undefined, at: Located) => {
      if (!isSecretName(name) || value === undefined || value === '' || value.includes('$') || FLAG_VALUE.test(value)) return;
      if (value.startsWith('/run/secrets/')) return;
      report({ messageId: 'literal', data: { service: service.name, name, origin: origin(ctx, at) }, range: ctx.reportRange(at) });
    };
    if (isMap(env.node)) {
      for (const e of ctx.entries(env.node, env)) check(e.name, textOf(e.value), e.value);
    } else if (isSeq(env.node)) {
      for (const item of ctx.items(env.node, env)) {
        const text = textOf(item);
        const eq = text?.indexOf('=') ?? -1;
        if (text === undefined || eq <= 0) continue;
        check(text.slice(0, eq), text.slice(eq + 1), item);
      }
    }
  }
});
