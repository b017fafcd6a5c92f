import {
  addedIn, AlgorithmOption, isAlgorithmOption, ListEntry, parseAlgorithmList, removedIn, suggestAlgorithm,
} from '../../core/sshd/algorithms';
import type { Directive } from '../../core/sshd/config';
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
  for (const d of ctx.directives) {
    const option = d.info?.option;
    if (!option || !isAlgorithmOption(option) || d.line.error || d.line.args.length === 0) continue;
    if (ctx.ev.states.get(d)?.state === 'not-allowed-in-match') continue;
    const list = parseAlgorithmList(option, d.args[0], ctx.vendor);
    if (list.operator === '-') continue; // sshd ignores unknown names in removal lists
    const kind = KIND[option];
    const query = option === 'ciphers' ? 'cipher' : option === 'macs' ? 'mac' : option === 'kexalgorithms' ? 'kex'
      : option === 'casignaturealgorithms' ? 'sig' : 'key-sig';
    const error = option === 'ciphers' ? 'Bad SSH2 cipher spec' : option === 'macs' ? 'Bad SSH2 mac spec'
      : option === 'kexalgorithms' ? 'Bad SSH2 KexAlgorithms' : 'Bad key types';
    const prefix = list.operator.length;
    const refused = list.entries.filter((e) => e.status === 'unknown' || e.status === 'negated');
    if (list.fatal && refused.length === 0 && list.body !== '') {
      const token = d.line.args[0];
      report({ messageId: 'nothingLeft', data: { kind, query }, range: d.file.src.range(token.start, token.end) });
      continue;
    }
    let seenEmpty = false;
    for (const e of list.entries) {
      if (e.status === 'empty') seenEmpty = true;
      const data: Record<string, MessageData> = { name: e.text, kind, query, error, keyword: d.line.keyword!.value };
      let r: Report | undefined;
      const range = entryRange(d, prefix, e);
      if (e.status === 'unknown') {
        const removed = removedIn(e.text);
        const later = addedIn(e.text, ctx.vendor);
        const suggestion = suggestAlgorithm(option, e.text, ctx.vendor);
        if (removed) r = { messageId: 'removed', data: { ...data, version: removed }, range };
        else if (later) r = { messageId: 'later', data: { ...data, version: later }, range };
        else if (suggestion) r = { messageId: 'unknown', data: { ...data, suggestion }, range };
        else r = { messageId: 'unknownNoSuggestion', data, range };
      } else if (e.status === 'negated') {
        r = { messageId: 'negated', data: { ...data, bare: e.text.slice(1) }, range };
      } else if (e.status === 'ignored') {
        if (e.gssKex) r = { messageId: 'gssKex', data, range, severity: 'warning' };
        else if (e.shortNameFor) r = { messageId: 'shortName', data: { ...data, meant: e.shortNameFor }, range, severity: 'warning' };
        else if (seenEmpty) r = { messageId: 'afterEmpty', data, range, severity: 'warning' };
        else r = { messageId: 'ignored', data, range, severity: 'warning' };
      }
      if (r) report(r);
    }
  }
});
