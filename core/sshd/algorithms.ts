// Algorithm names of OpenSSH 9.2 and how sshd reads its algorithm lists (Ciphers, MACs, KexAlgorithms,
// HostKeyAlgorithms, PubkeyAcceptedAlgorithms, HostbasedAcceptedAlgorithms, CASignatureAlgorithms).
//
// Name sets: `ssh -Q cipher|mac|kex|key-sig|sig` of Debian 12's OpenSSH_9.2p1 Debian-2+deb12u10 (OpenSSL 3.0), the
// same build as /usr/sbin/sshd. Defaults: the lists `sshd -T` prints for an empty sshd_config on that build
// (myproposal.h KEX_SERVER_* of V_9_2_P1, plus Debian's backported `sntrup761x25519-sha512`).
// List semantics: servconf.c process_server_config_line_depth() (parse-time checks) and kex.c kex_assemble_names()
// (expansion of `+`, `-`, `^` and wildcards), each case checked with the real sshd 9.2.
import { editDistance } from './keywords';
import { matchPattern } from './match';

export type AlgorithmOption =
  | 'ciphers' | 'macs' | 'kexalgorithms' | 'hostkeyalgorithms' | 'pubkeyacceptedalgorithms'
  | 'hostbasedacceptedalgorithms' | 'casignaturealgorithms';

export const ALGORITHM_OPTIONS: readonly AlgorithmOption[] = ['ciphers', 'macs', 'kexalgorithms', 'hostkeyalgorithms',
  'pubkeyacceptedalgorithms', 'hostbasedacceptedalgorithms', 'casignaturealgorithms'];

export function isAlgorithmOption(option: string): option is AlgorithmOption {
  return (ALGORITHM_OPTIONS as readonly string[]).includes(option);
}

const split = (s: string): readonly string[] => s.split(' ');

/** `ssh -Q cipher` */
export const CIPHERS_9_2 = split('3des-cbc aes128-cbc aes192-cbc aes256-cbc aes128-ctr aes192-ctr aes256-ctr '
  + 'aes128-gcm@openssh.com aes256-gcm@openssh.com chacha20-poly1305@openssh.com');

/** `ssh -Q mac` */
export const MACS_9_2 = split('hmac-sha1 hmac-sha1-96 hmac-sha2-256 hmac-sha2-512 hmac-md5 hmac-md5-96 '
  + 'umac-64@openssh.com umac-128@openssh.com hmac-sha1-etm@openssh.com hmac-sha1-96-etm@openssh.com '
  + 'hmac-sha2-256-etm@openssh.com hmac-sha2-512-etm@openssh.com hmac-md5-etm@openssh.com hmac-md5-96-etm@openssh.com '
  + 'umac-64-etm@openssh.com umac-128-etm@openssh.com');

/** `ssh -Q kex` */
export const KEX_9_2 = split('diffie-hellman-group1-sha1 diffie-hellman-group14-sha1 diffie-hellman-group14-sha256 '
  + 'diffie-hellman-group16-sha512 diffie-hellman-group18-sha512 diffie-hellman-group-exchange-sha1 '
  + 'diffie-hellman-group-exchange-sha256 ecdh-sha2-nistp256 ecdh-sha2-nistp384 ecdh-sha2-nistp521 curve25519-sha256 '
  + 'curve25519-sha256@libssh.org sntrup761x25519-sha512 sntrup761x25519-sha512@openssh.com');

/** `ssh -Q key-sig`: key types, certificate types and signature-only algorithms. */
export const KEY_SIG_9_2 = split('ssh-ed25519 ssh-ed25519-cert-v01@openssh.com sk-ssh-ed25519@openssh.com '
  + 'sk-ssh-ed25519-cert-v01@openssh.com ecdsa-sha2-nistp256 ecdsa-sha2-nistp256-cert-v01@openssh.com ecdsa-sha2-nistp384 '
  + 'ecdsa-sha2-nistp384-cert-v01@openssh.com ecdsa-sha2-nistp521 ecdsa-sha2-nistp521-cert-v01@openssh.com '
  + 'sk-ecdsa-sha2-nistp256@openssh.com sk-ecdsa-sha2-nistp256-cert-v01@openssh.com '
  + 'webauthn-sk-ecdsa-sha2-nistp256@openssh.com ssh-dss ssh-dss-cert-v01@openssh.com ssh-rsa '
  + 'ssh-rsa-cert-v01@openssh.com rsa-sha2-256 rsa-sha2-256-cert-v01@openssh.com rsa-sha2-512 '
  + 'rsa-sha2-512-cert-v01@openssh.com');

/** `ssh -Q sig`: what CASignatureAlgorithms can hold (no certificate types). */
export const SIG_9_2 = split('ssh-ed25519 sk-ssh-ed25519@openssh.com ecdsa-sha2-nistp256 ecdsa-sha2-nistp384 '
  + 'ecdsa-sha2-nistp521 sk-ecdsa-sha2-nistp256@openssh.com webauthn-sk-ecdsa-sha2-nistp256@openssh.com ssh-dss ssh-rsa '
  + 'rsa-sha2-256 rsa-sha2-512');

/** Names only Debian's 9.2 build knows (backported from 9.9); upstream 9.2 refuses them. */
const DEBIAN_ONLY: ReadonlySet<string> = new Set(['sntrup761x25519-sha512']);

/**
 * GSSAPI key exchanges of Debian's GSSAPI patch (kex.c gss_kexalgs, matched by prefix): sshd accepts them in
 * KexAlgorithms, then drops them from the list; they belong in GSSAPIKexAlgorithms.
 */
export const DEBIAN_GSS_KEX_PREFIXES: readonly string[] = ['gss-gex-sha1-', 'gss-group1-sha1-', 'gss-group14-sha1-', 'gss-group14-sha256-',
  'gss-group16-sha512-', 'gss-nistp256-sha256-', 'gss-curve25519-sha256-'];

const DEFAULT_KEY_ALGORITHMS = split('ssh-ed25519-cert-v01@openssh.com ecdsa-sha2-nistp256-cert-v01@openssh.com '
  + 'ecdsa-sha2-nistp384-cert-v01@openssh.com ecdsa-sha2-nistp521-cert-v01@openssh.com '
  + 'sk-ssh-ed25519-cert-v01@openssh.com sk-ecdsa-sha2-nistp256-cert-v01@openssh.com rsa-sha2-512-cert-v01@openssh.com '
  + 'rsa-sha2-256-cert-v01@openssh.com ssh-ed25519 ecdsa-sha2-nistp256 ecdsa-sha2-nistp384 ecdsa-sha2-nistp521 '
  + 'sk-ssh-ed25519@openssh.com sk-ecdsa-sha2-nistp256@openssh.com rsa-sha2-512 rsa-sha2-256');

/** sshd 9.2's defaults, in order, as `sshd -T` prints them for an empty config. */
export const DEFAULTS_9_2: Readonly<Record<AlgorithmOption, readonly string[]>> = {
  ciphers: split('chacha20-poly1305@openssh.com aes128-ctr aes192-ctr aes256-ctr aes128-gcm@openssh.com '
    + 'aes256-gcm@openssh.com'),
  macs: split('umac-64-etm@openssh.com umac-128-etm@openssh.com hmac-sha2-256-etm@openssh.com '
    + 'hmac-sha2-512-etm@openssh.com hmac-sha1-etm@openssh.com umac-64@openssh.com umac-128@openssh.com hmac-sha2-256 '
    + 'hmac-sha2-512 hmac-sha1'),
  kexalgorithms: split('sntrup761x25519-sha512 sntrup761x25519-sha512@openssh.com curve25519-sha256 '
    + 'curve25519-sha256@libssh.org ecdh-sha2-nistp256 ecdh-sha2-nistp384 ecdh-sha2-nistp521 '
    + 'diffie-hellman-group-exchange-sha256 diffie-hellman-group16-sha512 diffie-hellman-group18-sha512 '
    + 'diffie-hellman-group14-sha256'),
  hostkeyalgorithms: DEFAULT_KEY_ALGORITHMS,
  pubkeyacceptedalgorithms: DEFAULT_KEY_ALGORITHMS,
  hostbasedacceptedalgorithms: DEFAULT_KEY_ALGORITHMS,
  casignaturealgorithms: split('ssh-ed25519 ecdsa-sha2-nistp256 ecdsa-sha2-nistp384 ecdsa-sha2-nistp521 '
    + 'sk-ssh-ed25519@openssh.com sk-ecdsa-sha2-nistp256@openssh.com rsa-sha2-512 rsa-sha2-256'),
};

export type Vendor = 'debian' | 'upstream';

const forVendor = (names: readonly string[], vendor: Vendor): readonly string[] =>
  vendor === 'debian' ? names : names.filter((n) => !DEBIAN_ONLY.has(n));

/** Every name sshd keeps in this option's list (servconf.c assemble_algorithms(): all_cipher, all_key, all_sig...). */
export function knownAlgorithms(option: AlgorithmOption, vendor: Vendor = 'debian'): readonly string[] {
  switch (option) {
    case 'ciphers': return CIPHERS_9_2;
    case 'macs': return MACS_9_2;
    case 'kexalgorithms': return forVendor(KEX_9_2, vendor);
    case 'casignaturealgorithms': return SIG_9_2;
    default: return KEY_SIG_9_2;
  }
}

export function defaultAlgorithms(option: AlgorithmOption, vendor: Vendor = 'debian'): readonly string[] {
  return forVendor(DEFAULTS_9_2[option], vendor);
}

const isKeyList = (option: AlgorithmOption): boolean =>
  option !== 'ciphers' && option !== 'macs' && option !== 'kexalgorithms';

/**
 * Key type short names that sshkey_type_from_name() accepts (case-insensitively) when sshd checks a key list: sshd
 * starts, then drops them when it builds the list. The value is the algorithm the user most likely meant.
 */
const KEY_SHORT_NAMES: Readonly<Record<string, string>> = {
  'rsa': 'rsa-sha2-512,rsa-sha2-256',
  'dsa': 'ssh-dss',
  'ecdsa': 'ecdsa-sha2-nistp256',
  'ed25519': 'ssh-ed25519',
  'ecdsa-sk': 'sk-ecdsa-sha2-nistp256@openssh.com',
  'ed25519-sk': 'sk-ssh-ed25519@openssh.com',
};

/** Names sshd 9.2 no longer knows, with the release that removed them. */
const REMOVED: Readonly<Record<string, string>> = {
  'arcfour': '7.6', 'arcfour128': '7.6', 'arcfour256': '7.6', 'blowfish-cbc': '7.6', 'cast128-cbc': '7.6',
  'rijndael-cbc@lysator.liu.se': '7.6', 'hmac-ripemd160': '7.6', 'hmac-ripemd160@openssh.com': '7.6',
  'hmac-ripemd160-etm@openssh.com': '7.6',
  'ssh-rsa-cert-v00@openssh.com': '7.0', 'ssh-dss-cert-v00@openssh.com': '7.0',
};

/** Names of later releases that 9.2 does not know yet, with the first release that does. */
const LATER: Readonly<Record<string, string>> = {
  'mlkem768x25519-sha256': '9.9',
  'sntrup761x25519-sha512': '9.9',
};

export function removedIn(name: string): string | undefined {
  return REMOVED[name];
}

export function addedIn(name: string, vendor: Vendor): string | undefined {
  if (vendor === 'debian' && DEBIAN_ONLY.has(name)) return undefined;
  return LATER[name];
}

export type ListOperator = '' | '+' | '-' | '^';

export type EntryStatus =
  /** sshd uses it (a known name, or a pattern that matches known names). */
  | 'known'
  /** sshd starts but drops it from the list (a key short name, a name after an empty entry...). */
  | 'ignored'
  /** sshd refuses to start. */
  | 'unknown'
  /** `!name`: sshd refuses to start ("invalid argument"); only `-` lists remove names. */
  | 'negated'
  | 'empty';

export interface ListEntry {
  text: string;
  /** Offset of the entry in the value, after the operator. */
  offset: number;
  status: EntryStatus;
  /** The known names it stands for (a pattern may stand for several). */
  names: string[];
  isPattern: boolean;
  /** For a key short name such as `RSA`: the algorithm names meant. */
  shortNameFor?: string;
  /** A GSSAPI key exchange name in KexAlgorithms (Debian). */
  gssKex?: boolean;
}

export interface AlgorithmList {
  option: AlgorithmOption;
  operator: ListOperator;
  /** The value after the operator. */
  body: string;
  entries: ListEntry[];
  /**
   * Whether sshd refuses to start because of the list: a refused name, a negation, an empty list after `+`/`^`,
   * or an explicit list none of whose names sshd keeps.
   */
  fatal: boolean;
  /** Whether an entry is a name sshd refuses (unknown, negated) or skips: what sshd/unknown-algorithm reports. */
  hasRefusedOrSkipped: boolean;
  /** Whether a known entry names a weak algorithm of weakTable(option) (a `-` list removes them: false). */
  addsWeak: boolean;
}

const isPattern = (s: string): boolean => s.includes('*') || s.includes('?');

/**
 * Parses one algorithm list value as sshd 9.2 does. `-` lists are not checked by sshd (unknown names are fine).
 * The result is shared (frozen): validity, weak-algorithm and unknown-algorithm checks all parse the same values.
 */
export function parseAlgorithmList(option: AlgorithmOption, value: string, vendor: Vendor = 'debian'): AlgorithmList {
  const key = `${option}\n${vendor}\n${value}`;
  let list = parsedLists.get(key);
  if (!list) {
    if (parsedLists.size > 2000) parsedLists.clear();
    list = freezeList(parseAlgorithmListUncached(option, value, vendor));
    parsedLists.set(key, list);
  }
  return list;
}

const parsedLists = new Map<string, AlgorithmList>();

/** A line's parsed list, with what it was parsed for. */
interface LineList { option: AlgorithmOption; vendor: Vendor; list: AlgorithmList }

const lineLists = new WeakMap<object, LineList>();

/**
 * parseAlgorithmList() of a line's first argument, kept with the line: sshd/unknown-algorithm and the weak-algorithm
 * rules all parse every algorithm line of the file, and a lookup by line spares them the text key of the shared cache.
 */
export function parseLineAlgorithmList(line: { args: readonly string[] }, option: AlgorithmOption, vendor: Vendor): AlgorithmList {
  const kept = lineLists.get(line);
  if (kept !== undefined && kept.option === option && kept.vendor === vendor) return kept.list;
  const list = parseAlgorithmList(option, line.args[0], vendor);
  lineLists.set(line, { option, vendor, list });
  return list;
}

function freezeList(list: AlgorithmList): AlgorithmList {
  for (const e of list.entries) {
    Object.freeze(e.names);
    Object.freeze(e);
  }
  Object.freeze(list.entries);
  return Object.freeze(list);
}

function parseAlgorithmListUncached(option: AlgorithmOption, value: string, vendor: Vendor): AlgorithmList {
  const first = value[0];
  const operator: ListOperator = first === '+' || first === '-' || first === '^' ? first : '';
  const body = operator ? value.slice(1) : value;
  const known = knownAlgorithms(option, vendor);
  const keyList = isKeyList(option);
  const entries: ListEntry[] = [];
  // sshd's parse-time name check stops at the first empty entry; names after it are only filtered at assembly.
  let afterEmpty = false;
  let offset = 0;
  for (const text of body.split(',')) {
    const entry: ListEntry = { text, offset, status: 'known', names: [], isPattern: isPattern(text) };
    offset += text.length + 1;
    entries.push(entry);
    if (text === '') {
      entry.status = 'empty';
      afterEmpty = true;
      continue;
    }
    if (operator === '-') {
      entry.names = known.filter((n) => matchPattern(n, text));
      continue;
    }
    if (text.startsWith('!')) {
      entry.status = 'negated';
      continue;
    }
    if (entry.isPattern) {
      entry.names = known.filter((n) => matchPattern(n, text));
      // Only key lists accept patterns at parse time, when they match some key type name.
      const parses = keyList && KEY_SIG_9_2.some((n) => matchPattern(n, text));
      if (entry.names.length > 0 && parses) entry.status = 'known';
      else entry.status = parses || afterEmpty ? 'ignored' : 'unknown';
      continue;
    }
    if (known.includes(text)) {
      entry.names = [text];
      continue;
    }
    const shortName = keyList ? KEY_SHORT_NAMES[text.toLowerCase()] : undefined;
    if (shortName) entry.shortNameFor = shortName;
    const gssKex = option === 'kexalgorithms' && vendor === 'debian' && DEBIAN_GSS_KEX_PREFIXES.some((p) => text.startsWith(p));
    if (gssKex) entry.gssKex = true;
    const parses = gssKex || (keyList && (KEY_SIG_9_2.includes(text) || shortName !== undefined));
    entry.status = parses || afterEmpty ? 'ignored' : 'unknown';
  }
  let fatal = false;
  if (operator !== '-') {
    if (body === '') fatal = true;
    if (entries.some((e) => e.status === 'unknown' || e.status === 'negated')) fatal = true;
    if (operator === '' && body !== '' && !entries.some((e) => e.status === 'known')) fatal = true;
  }
  // Worked out once per parse: the rules ask for every line, and most lines have neither.
  const hasRefusedOrSkipped = entries.some((e) => e.status === 'unknown' || e.status === 'negated' || e.status === 'ignored');
  const table = weakTable(option);
  const addsWeak = operator !== '-' && entries.some((e) => e.status === 'known' && e.names.some((n) => table.has(n)));
  return { option, operator, body, entries, fatal, hasRefusedOrSkipped, addsWeak };
}

/** The list sshd uses (kex_assemble_names()), for a list sshd accepts. */
export function expandAlgorithmList(option: AlgorithmOption, value: string | undefined, vendor: Vendor = 'debian'): string[] {
  const defaults = defaultAlgorithms(option, vendor);
  if (value === undefined || value === '') return [...defaults];
  const list = parseAlgorithmList(option, value, vendor);
  const patterns = list.entries.filter((e) => e.status !== 'empty').map((e) => e.text);
  if (list.operator === '-') return defaults.filter((n) => !patterns.some((p) => matchPattern(n, p)));
  let combined: string[];
  // kex_names_cat() stops at the first empty entry of the appended list: `+a,,b` appends only `a`.
  const cut = list.entries.findIndex((e) => e.status === 'empty');
  if (list.operator === '+') combined = [...defaults, ...(cut === -1 ? list.entries : list.entries.slice(0, cut)).map((e) => e.text)];
  else if (list.operator === '^') combined = [...patterns, ...defaults];
  else combined = patterns;
  const known = knownAlgorithms(option, vendor);
  const out: string[] = [];
  for (const p of combined) {
    for (const n of known) if (matchPattern(n, p) && !out.includes(n)) out.push(n);
  }
  return out;
}

/** The known name closest to a misspelt one, for "did you mean". */
export function suggestAlgorithm(option: AlgorithmOption, name: string, vendor: Vendor = 'debian'): string | undefined {
  const lower = name.toLowerCase();
  const known = knownAlgorithms(option, vendor);
  // `hmac-sha2-256-etm` for `hmac-sha2-256-etm@openssh.com`
  const withDomain = known.find((n) => n.startsWith(lower + '@'));
  if (withDomain) return withDomain;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of known) {
    const d = editDistance(lower, n);
    if (d < bestDistance) { best = n; bestDistance = d; }
  }
  return bestDistance <= Math.max(2, Math.floor(lower.length / 4)) ? best : undefined;
}

// ---- weak algorithms (reference sshd.md §4; verdict High → error, Medium/Low → warning) ----------------------

export type WeakLevel = 'high' | 'medium' | 'low';

/** `id` names the reason: the weak-algorithm rules use it as the message id of `why`, so it can be translated. */
export interface Weakness { level: WeakLevel; id: string; why: string }

const weak = (level: WeakLevel, id: string, why: string, ...names: string[]): [string, Weakness][] =>
  names.map((n) => [n, { level, id, why }]);

/**
 * Names §4 says to remove. Conflicting verdicts (NIST curves, umac-128-etm, chacha20-poly1305 on a patched build)
 * and "prefer EtM" names are not listed: hardlint does not flag them by default.
 */
export const WEAK_ALGORITHMS: Readonly<Record<'cipher' | 'mac' | 'kex' | 'key', ReadonlyMap<string, Weakness>>> = {
  cipher: new Map([
    ...weak('high', 'whySweet32', '64-bit block cipher, open to Sweet32', '3des-cbc'),
    ...weak('medium', 'whyCbc', 'CBC mode: plaintext recovery, Terrapin with EtM MACs', 'aes128-cbc', 'aes192-cbc', 'aes256-cbc'),
  ]),
  mac: new Map([
    ...weak('high', 'whyMd5', 'MD5 is broken', 'hmac-md5', 'hmac-md5-96', 'hmac-md5-etm@openssh.com', 'hmac-md5-96-etm@openssh.com'),
    ...weak('medium', 'whySha1', 'SHA-1', 'hmac-sha1', 'hmac-sha1-etm@openssh.com', 'hmac-sha1-96', 'hmac-sha1-96-etm@openssh.com'),
    ...weak('low', 'whyTag64', '64-bit tag', 'umac-64@openssh.com', 'umac-64-etm@openssh.com'),
  ]),
  kex: new Map([
    ...weak('high', 'whyLogjam', '1024-bit group and SHA-1, in Logjam range', 'diffie-hellman-group1-sha1'),
    ...weak('medium', 'whySha1', 'SHA-1', 'diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1'),
    ...weak('low', 'whyGroup2048', '2048-bit group', 'diffie-hellman-group14-sha256'),
  ]),
  key: new Map([
    ...weak('high', 'whyDsa', 'DSA: 1024-bit keys, SHA-1 signatures', 'ssh-dss', 'ssh-dss-cert-v01@openssh.com'),
    ...weak('medium', 'whySshRsa', 'SHA-1 signatures, off by default since OpenSSH 8.8', 'ssh-rsa', 'ssh-rsa-cert-v01@openssh.com'),
  ]),
};

export function weakTable(option: AlgorithmOption): ReadonlyMap<string, Weakness> {
  switch (option) {
    case 'ciphers': return WEAK_ALGORITHMS.cipher;
    case 'macs': return WEAK_ALGORITHMS.mac;
    case 'kexalgorithms': return WEAK_ALGORITHMS.kex;
    default: return WEAK_ALGORITHMS.key;
  }
}

const LEVEL_RANK: Record<WeakLevel, number> = { high: 3, medium: 2, low: 1 };

export function worstLevel(levels: WeakLevel[]): WeakLevel | undefined {
  return levels.reduce<WeakLevel | undefined>((a, b) => (a === undefined || LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a), undefined);
}
