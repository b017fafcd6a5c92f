import {
  addedIn, ALGORITHM_OPTIONS, AlgorithmOption, ListEntry, parseLineAlgorithmList, removedIn, suggestAlgorithm,
} from '../../core/sshd/algorithms';
import type { Directive } from '../../core/sshd/config';
import { directivesFor, SshdContext } from '../../core/sshd/context';
import type { MessageData, MessageRef, Range, Report } from '../../core/types';
import { defineSshdRule } from '../define';

/** What each list holds, for "is not a {kind}": a message id, so that it is translated. */
const KIND: Record<AlgorithmOption, MessageRef> = {
  ciphers: { messageId: 'kindCipher' },
  macs: { messageId: 'kindMac' },
  kexalgorithms: { messageId: 'kindKex' },
  hostkeyalgorithms: { messageId: 'kindHostKey' },
  pubkeyacceptedalgorithms: { messageId: 'kindPublicKey' },
  hostbasedacceptedalgorithms: { messageId: 'kindPublicKey' },
  casignaturealgorithms: { messageId: 'kindCaSignature' },
};

/** What `ssh -Q` calls each list. */
const QUERY: Record<AlgorithmOption, string> = {
  ciphers: 'cipher', macs: 'mac', kexalgorithms: 'kex', hostkeyalgorithms: 'key-sig', pubkeyacceptedalgorithms: 'key-sig',
  hostbasedacceptedalgorithms: 'key-sig', casignaturealgorithms: 'sig',
};

/** The error sshd 9.2 prints for a bad name in each list. */
const ERROR: Record<AlgorithmOption, string> = {
  ciphers: 'Bad SSH2 cipher spec', macs: 'Bad SSH2 mac spec', kexalgorithms: 'Bad SSH2 KexAlgorithms',
  hostkeyalgorithms: 'Bad key types', pubkeyacceptedalgorithms: 'Bad key types', hostbasedacceptedalgorithms: 'Bad key types',
  casignaturealgorithms: 'Bad key types',
};

/** The entry's own characters when the token is written plainly, else the whole token. */
function entryRange(d: Directive, prefixLength: number, e: ListEntry): Range {
  const token = d.line.args[0];
  const raw = d.file.src.text.slice(token.start, token.end);
  if (raw !== token.value) return d.file.src.range(token.start, token.end);
  const start = token.start + prefixLength + e.offset;
  return d.file.src.range(start, start + e.text.length);
}

export default defineSshdRule({
  id: 'sshd/unknown-algorithm',
  severity: 'error',
  description: 'An algorithm list names an algorithm sshd 9.2 does not know, so sshd refuses to start.',
  tags: ['correctness', 'crypto', 'lockout-risk'],
  sources: ['OpenSSH 9.2 servconf.c (Bad SSH2 cipher spec, Bad key types)', 'ssh -Q cipher|mac|kex|key-sig of OpenSSH 9.2',
    'sshd_config(5), OpenSSH 9.2: Ciphers, MACs, KexAlgorithms'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    unknown: '"{name}" is not a {kind} sshd 9.2 knows: sshd refuses to start ("{error}"). Did you mean {suggestion}?',
    unknownNoSuggestion: '"{name}" is not a {kind} sshd 9.2 knows: sshd refuses to start ("{error}"). `ssh -Q {query}` lists the names it knows.',
    removed: '"{name}" was removed in OpenSSH {version}: sshd 9.2 refuses to start ("{error}"). Delete it from the list.',
    later: '"{name}" needs OpenSSH {version} or later: sshd 9.2 refuses to start ("{error}"). Delete it, or use a "-" list, which tolerates unknown names.',
    negated: '"{name}": a "!" negation is not allowed in this list and sshd refuses to start. To remove algorithms from the defaults, write a list starting with "-" ({keyword} -{bare}).',
    gssKex: '"{name}" is a GSSAPI key exchange: sshd accepts it in KexAlgorithms but leaves it out of the list. GSSAPI key exchanges belong in GSSAPIKexAlgorithms; delete it here.',
    shortName: '"{name}" is a key type, not an algorithm name: sshd skips it. Write {meant}.',
    ignored: '"{name}" is not a {kind} this list can hold: sshd skips it. `ssh -Q {query}` lists the names it knows.',
    afterEmpty: '"{name}" is not a {kind} sshd 9.2 knows; sshd only skips it because of the empty entry (",,") before it. Delete it and the empty entry.',
    nothingLeft: 'None of these names is a {kind} sshd 9.2 uses, so the list is empty and sshd refuses to start. `ssh -Q {query}` lists the names it knows.',
    kindCipher: 'cipher',
    kindMac: 'MAC',
    kindKex: 'key exchange algorithm',
    kindHostKey: 'host key algorithm',
    kindPublicKey: 'public key algorithm',
    kindCaSignature: 'CA signature algorithm',
  },
}, (ctx, report) => {
  // Only the algorithm lines, from the file's per-option index: most lines of a file are none of them.
  for (const option of ALGORITHM_OPTIONS) {
    for (const d of directivesFor(ctx, option)) checkLine(ctx, report, option, d);
  }
});

/** Reports the names of one algorithm line that sshd refuses or skips. */
function checkLine(ctx: SshdContext, report: (r: Report) => void, option: AlgorithmOption, d: Directive): void {
  if (d.line.error || d.line.args.length === 0) return;
  if (ctx.ev.states.get(d)?.state === 'not-allowed-in-match') return;
  const list = parseLineAlgorithmList(d, option, ctx.vendor);
  if (list.operator === '-') return; // sshd ignores unknown names in removal lists
  if (!list.hasRefusedOrSkipped && !list.fatal) return; // most lines: nothing to report
  const kind = KIND[option];
  const query = QUERY[option];
  const refused = list.entries.some((e) => e.status === 'unknown' || e.status === 'negated');
  if (list.fatal && !refused && list.body !== '') {
    const token = d.line.args[0];
    report({ messageId: 'nothingLeft', data: { kind, query }, range: d.file.src.range(token.start, token.end) });
    return;
  }
  const prefix = list.operator.length;
  let seenEmpty = false;
  for (const e of list.entries) {
    const status = e.status;
    if (status === 'empty') seenEmpty = true;
    // Message data and range only for the names reported: most names of a list are known.
    if (status !== 'unknown' && status !== 'negated' && status !== 'ignored') continue;
    const data: Record<string, MessageData> = { name: e.text, kind, query, error: ERROR[option], keyword: d.line.keyword!.value };
    const range = entryRange(d, prefix, e);
    let r: Report;
    if (status === 'unknown') {
      const removed = removedIn(e.text);
      const later = addedIn(e.text, ctx.vendor);
      const suggestion = suggestAlgorithm(option, e.text, ctx.vendor);
      if (removed) r = { messageId: 'removed', data: { ...data, version: removed }, range };
      else if (later) r = { messageId: 'later', data: { ...data, version: later }, range };
      else if (suggestion) r = { messageId: 'unknown', data: { ...data, suggestion }, range };
      else r = { messageId: 'unknownNoSuggestion', data, range };
    } else if (status === 'negated') {
      r = { messageId: 'negated', data: { ...data, bare: e.text.slice(1) }, range };
    } else if (e.gssKex) r = { messageId: 'gssKex', data, range, severity: 'warning' };
    else if (e.shortNameFor) r = { messageId: 'shortName', data: { ...data, meant: e.shortNameFor }, range, severity: 'warning' };
    else if (seenEmpty) r = { messageId: 'afterEmpty', data, range, severity: 'warning' };
    else r = { messageId: 'ignored', data, range, severity: 'warning' };
    report(r);
  }
}
