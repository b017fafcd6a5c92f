// OpenSSH 9.2 server keywords (servconf.c keywords[] of V_9_2_P1, plus Debian's patches), keyed by lowercase name.
// Source: ../shared/reference/sshd-keywords-9.2.tsv, checked keyword by keyword against sshd 9.2.

export type ValueRule = 'single' | 'cumulative' | 'rest' | 'match' | 'deprecated' | 'unsupported' | 'ignored';

export type ValueType =
  | { type: 'flag' }
  | { type: 'enum'; values: string[] }
  | { type: 'int' }
  | { type: 'time' }
  | { type: 'port' }
  | { type: 'maxstartups' }
  | { type: 'algorithms'; list: AlgorithmList }
  | { type: 'any' };

export type AlgorithmList = 'cipher' | 'mac' | 'kex' | 'key-sig';

export interface KeywordInfo {
  /** The spelling used in sshd_config.5, for messages and inserted lines. */
  name: string;
  /** Lowercase name of the option this keyword sets (aliases point at their target). */
  option: string;
  allowedInMatch: boolean;
  /**
   * Whether a value the per-connection re-parse sets reaches the connection: servconf.c copies option fields, not
   * keywords, so an alias sshd refuses in an inactive Match block (DSAAuthentication) still sets a copied field
   * (pubkey_authentication) from an active one, `Match all` included.
   */
  copiedPerConnection: boolean;
  rule: ValueRule;
  value: ValueType;
  /** Only Debian/Ubuntu's patched sshd knows it. */
  vendor?: 'debian';
  aliasOf?: string;
}

const flag: ValueType = { type: 'flag' };
const any: ValueType = { type: 'any' };
const int: ValueType = { type: 'int' };
const time: ValueType = { type: 'time' };
const oneOf = (...values: string[]): ValueType => ({ type: 'enum', values });
const algos = (list: AlgorithmList): ValueType => ({ type: 'algorithms', list });
const logLevels = ['QUIET', 'FATAL', 'ERROR', 'INFO', 'VERBOSE', 'DEBUG', 'DEBUG1', 'DEBUG2', 'DEBUG3'];
const facilities = ['DAEMON', 'USER', 'AUTH', 'AUTHPRIV', 'LOCAL0', 'LOCAL1', 'LOCAL2', 'LOCAL3', 'LOCAL4', 'LOCAL5',
  'LOCAL6', 'LOCAL7'];
const forwarding = oneOf('yes', 'all', 'no', 'local', 'remote');

// [name, allowed in Match, rule, value type, alias target]
type Row = [string, boolean, ValueRule, ValueType, string?];
const ROWS: Row[] = [
  ['AcceptEnv', true, 'cumulative', any],
  ['AddressFamily', false, 'single', oneOf('any', 'inet', 'inet6')],
  ['AFSTokenPassing', false, 'unsupported', any],
  ['AllowAgentForwarding', true, 'single', flag],
  ['AllowGroups', true, 'cumulative', any],
  ['AllowStreamLocalForwarding', true, 'single', forwarding],
  ['AllowTcpForwarding', true, 'single', forwarding],
  ['AllowUsers', true, 'cumulative', any],
  ['AuthenticationMethods', true, 'single', any],
  ['AuthorizedKeysCommand', true, 'rest', any],
  ['AuthorizedKeysCommandUser', true, 'single', any],
  ['AuthorizedKeysFile', true, 'single', any],
  ['AuthorizedKeysFile2', true, 'deprecated', any],
  ['AuthorizedPrincipalsCommand', true, 'rest', any],
  ['AuthorizedPrincipalsCommandUser', true, 'single', any],
  ['AuthorizedPrincipalsFile', true, 'single', any],
  ['Banner', true, 'single', any],
  ['CASignatureAlgorithms', true, 'single', algos('key-sig')],
  ['ChallengeResponseAuthentication', true, 'single', flag, 'kbdinteractiveauthentication'],
  ['ChannelTimeout', true, 'single', any],
  ['CheckMail', false, 'deprecated', any],
  ['ChrootDirectory', true, 'single', any],
  ['Ciphers', false, 'single', algos('cipher')],
  ['ClientAliveCountMax', true, 'single', int],
  ['ClientAliveInterval', true, 'single', time],
  ['Compression', false, 'single', oneOf('yes', 'delayed', 'no')],
  ['DenyGroups', true, 'cumulative', any],
  ['DenyUsers', true, 'cumulative', any],
  ['DisableForwarding', true, 'single', flag],
  ['DSAAuthentication', false, 'single', flag, 'pubkeyauthentication'],
  ['ExposeAuthInfo', true, 'single', flag],
  ['FingerprintHash', false, 'single', oneOf('md5', 'sha256')],
  ['ForceCommand', true, 'rest', any],
  ['GatewayPorts', true, 'single', oneOf('yes', 'no', 'clientspecified')],
  ['GSSAPIAuthentication', true, 'single', flag],
  ['GSSAPICleanupCredentials', false, 'single', flag],
  ['GSSAPIStrictAcceptorCheck', false, 'single', flag],
  ['HostbasedAcceptedAlgorithms', true, 'single', algos('key-sig')],
  ['HostbasedAcceptedKeyTypes', true, 'single', algos('key-sig'), 'hostbasedacceptedalgorithms'],
  ['HostbasedAuthentication', true, 'single', flag],
  ['HostbasedUsesNameFromPacketOnly', true, 'single', flag],
  ['HostCertificate', false, 'cumulative', any],
  ['HostDSAKey', false, 'cumulative', any, 'hostkey'],
  ['HostKey', false, 'cumulative', any],
  ['HostKeyAgent', false, 'single', any],
  ['HostKeyAlgorithms', false, 'single', algos('key-sig')],
  ['IgnoreRhosts', true, 'single', oneOf('yes', 'no', 'shosts-only')],
  ['IgnoreUserKnownHosts', false, 'single', flag],
  ['Include', true, 'cumulative', any],
  ['IPQoS', true, 'single', any],
  ['KbdInteractiveAuthentication', true, 'single', flag],
  ['KeepAlive', false, 'single', flag, 'tcpkeepalive'],
  ['KerberosAuthentication', true, 'single', flag],
  ['KerberosGetAFSToken', false, 'unsupported', any],
  ['KerberosOrLocalPasswd', false, 'single', flag],
  ['KerberosTgtPassing', false, 'unsupported', any],
  ['KerberosTicketCleanup', false, 'single', flag],
  ['KexAlgorithms', false, 'single', algos('kex')],
  ['KeyRegenerationInterval', false, 'deprecated', any],
  ['ListenAddress', false, 'cumulative', any],
  ['LoginGraceTime', false, 'single', time],
  ['LogLevel', true, 'single', oneOf(...logLevels)],
  ['LogVerbose', true, 'single', any],
  ['MACs', false, 'single', algos('mac')],
  ['Match', true, 'match', any],
  ['MaxAuthTries', true, 'single', int],
  ['MaxSessions', true, 'single', int],
  ['MaxStartups', false, 'single', { type: 'maxstartups' }],
  ['ModuliFile', false, 'single', any],
  ['PAMAuthenticationViaKbdInt', false, 'deprecated', any],
  ['PasswordAuthentication', true, 'single', flag],
  ['PermitEmptyPasswords', true, 'single', flag],
  ['PermitListen', true, 'single', any],
  ['PermitOpen', true, 'single', any],
  ['PermitRootLogin', true, 'single',
    oneOf('yes', 'prohibit-password', 'without-password', 'forced-commands-only', 'no')],
  ['PermitTTY', true, 'single', flag],
  ['PermitTunnel', true, 'single', oneOf('yes', 'point-to-point', 'ethernet', 'no')],
  ['PermitUserEnvironment', false, 'single', any],
  ['PermitUserRC', true, 'single', flag],
  ['PerSourceMaxStartups', false, 'single', any],
  ['PerSourceNetBlockSize', false, 'single', any],
  ['PidFile', false, 'single', any],
  ['Port', false, 'cumulative', { type: 'port' }],
  ['PrintLastLog', false, 'single', flag],
  ['PrintMotd', false, 'single', flag],
  ['Protocol', false, 'ignored', any],
  ['PubkeyAcceptedAlgorithms', true, 'single', algos('key-sig')],
  ['PubkeyAcceptedKeyTypes', true, 'single', algos('key-sig'), 'pubkeyacceptedalgorithms'],
  ['PubkeyAuthentication', true, 'single', flag],
  ['PubkeyAuthOptions', true, 'single', any],
  ['RDomain', true, 'single', any],
  ['RekeyLimit', true, 'single', any],
  ['RequiredRSASize', true, 'single', int],
  ['ReverseMappingCheck', false, 'deprecated', any],
  ['RevokedKeys', true, 'single', any],
  ['RhostsAuthentication', false, 'deprecated', any],
  ['RhostsRSAAuthentication', true, 'deprecated', any],
  ['RSAAuthentication', true, 'deprecated', any],
  ['SecurityKeyProvider', false, 'single', any],
  ['ServerKeyBits', false, 'deprecated', any],
  ['SetEnv', true, 'single', any],
  ['SkeyAuthentication', true, 'single', flag, 'kbdinteractiveauthentication'],
  ['StreamLocalBindMask', true, 'single', any],
  ['StreamLocalBindUnlink', true, 'single', flag],
  ['StrictModes', false, 'single', flag],
  ['Subsystem', false, 'cumulative', any],
  ['SyslogFacility', false, 'single', oneOf(...facilities)],
  ['TCPKeepAlive', false, 'single', flag],
  ['TrustedUserCAKeys', true, 'single', any],
  ['UnusedConnectionTimeout', true, 'single', any],
  ['UseDNS', false, 'single', flag],
  ['UseLogin', false, 'deprecated', any],
  ['UsePAM', false, 'single', flag],
  ['UsePrivilegeSeparation', false, 'deprecated', any],
  ['VerifyReverseMapping', false, 'deprecated', any],
  ['VersionAddendum', false, 'rest', any],
  ['X11DisplayOffset', true, 'single', int],
  ['X11Forwarding', true, 'single', flag],
  ['X11UseLocalhost', true, 'single', flag],
  ['XAuthLocation', false, 'single', any],
];

const DEBIAN_ROWS: Row[] = [
  ['DebianBanner', false, 'single', flag],
  ['GSSAPIKeyExchange', false, 'single', flag],
  ['GSSAPIKexAlgorithms', false, 'single', any],
  ['GSSAPIStoreCredentialsOnRekey', false, 'single', flag],
];

export const KEYWORDS: ReadonlyMap<string, KeywordInfo> = new Map(
  [...ROWS.map((r) => [r, undefined] as const), ...DEBIAN_ROWS.map((r) => [r, 'debian' as const] as const)].map(
    ([[name, allowedInMatch, rule, value, aliasOf], vendor]) => {
      const info: KeywordInfo = { name, option: aliasOf ?? name.toLowerCase(), allowedInMatch, copiedPerConnection: allowedInMatch, rule, value };
      if (aliasOf) info.aliasOf = aliasOf;
      if (vendor) info.vendor = vendor;
      return [name.toLowerCase(), info];
    },
  ),
);
for (const info of KEYWORDS.values()) {
  if (info.aliasOf) info.copiedPerConnection = KEYWORDS.get(info.aliasOf)?.allowedInMatch ?? info.allowedInMatch;
}

export function keywordInfo(keyword: string): KeywordInfo | undefined {
  return KEYWORDS.get(keyword.toLowerCase());
}

/** The canonical spelling of an option (for an alias, its target's). */
export function optionName(option: string): string {
  return KEYWORDS.get(option)?.name ?? option;
}

/** Keywords sshd accepts without complaint (deprecated/unsupported ones only warn). */
export function isKnownKeyword(keyword: string, vendor: 'upstream' | 'debian'): boolean {
  return isKnownInfo(keywordInfo(keyword), vendor);
}

/** isKnownKeyword() from the keyword's looked-up info (a directive's `info`). */
export function isKnownInfo(info: KeywordInfo | undefined, vendor: 'upstream' | 'debian'): boolean {
  return info !== undefined && (info.vendor === undefined || info.vendor === vendor);
}

/** Damerau-free Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  return editDistanceWithin(a, b, Infinity);
}

/** editDistance(a, b) when it is at most `bound`, else some number above `bound` (found without finishing). */
export function editDistanceWithin(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  const prev: number[] = new Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      const cost = diag + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = tmp + 1;
      const ins = prev[j - 1] + 1;
      const v = cost < del ? (cost < ins ? cost : ins) : (del < ins ? del : ins);
      prev[j] = v;
      if (v < rowMin) rowMin = v;
      diag = tmp;
    }
    // Every later row is at least this row's minimum: past the bound, the distance is too.
    if (rowMin > bound) return bound + 1;
  }
  return prev[b.length];
}

/** Suggestions made so far: the same misspelling recurs across the files of a run (bounded, for odd inputs). */
const suggestions = new Map<string, string | undefined>();

/** The known keyword a misspelt one most likely means (case-insensitive), if one is close enough. */
export function suggestKeyword(keyword: string): string | undefined {
  const lower = keyword.toLowerCase();
  if (suggestions.has(lower)) return suggestions.get(lower);
  if (suggestions.size >= 1000) suggestions.clear();
  const best = closestKeyword(lower);
  suggestions.set(lower, best);
  return best;
}

function closestKeyword(lower: string): string | undefined {
  const limit = Math.max(2, Math.floor(lower.length / 4));
  // The first keyword at the smallest distance, when that distance is within the limit: keywords that cannot beat
  // the best so far (or the limit) are given up on early.
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const [key, info] of KEYWORDS) {
    const d = editDistanceWithin(lower, key, bestDistance - 1);
    if (d < bestDistance) { best = info.name; bestDistance = d; }
  }
  return best;
}
