import { keywordRange } from '../../core/sshd/context';
import { isKnownInfo, isKnownKeyword, keywordInfo, suggestKeyword } from '../../core/sshd/keywords';
import { defineSshdRule } from '../define';

const BOM = '\uFEFF';

/** Keywords of other vendors' patched sshd builds, which Debian and upstream OpenSSH refuse: the message id naming the builds. */
const OTHER_VENDORS: Record<string, string> = {
  requiredauthentications1: 'vendorRedHat',
  requiredauthentications2: 'vendorRedHatAuthenticationMethods',
  gssapienablek5users: 'vendorFedora',
};

export default defineSshdRule({
  id: 'sshd/unknown-keyword',
  severity: 'error',
  description: 'A keyword sshd 9.2 does not know, so it refuses to start ("Bad configuration option").',
  tags: ['correctness', 'lockout-risk'],
  sources: ['OpenSSH 9.2 servconf.c keywords[]', 'sshd_config(5), OpenSSH 9.2', 'mondoo cnspec#3687', 'RHEL9-CIS#311'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    unknown: 'sshd does not know "{keyword}" and refuses to start ("Bad configuration option"). Did you mean {suggestion}?',
    unknownNoSuggestion: 'sshd does not know "{keyword}" and refuses to start ("Bad configuration option"). Check the spelling against sshd_config(5).',
    bom: 'The file starts with a UTF-8 byte order mark, glued to "{keyword}": sshd reads "\\357\\273\\277{keyword}" and refuses to start ("Bad configuration option"). Save the file as UTF-8 without BOM.',
    vendor: '"{keyword}" only exists in {vendor}: this sshd refuses to start ("Bad configuration option").',
    debianOnly: '"{keyword}" only exists in Debian and Ubuntu\'s patched sshd: upstream OpenSSH refuses to start ("Bad configuration option"). Remove it, or set sshd.vendor: debian in .hardlint.yaml if this file is for Debian or Ubuntu.',
    vendorRedHat: 'Red Hat\'s OpenSSH 5.x patches (RHEL 6)',
    vendorRedHatAuthenticationMethods: 'Red Hat\'s OpenSSH 5.x patches (RHEL 6); OpenSSH 6.2+ has AuthenticationMethods instead',
    vendorFedora: 'Fedora and RHEL builds',
  },
}, (ctx, report) => {
  for (const d of ctx.directives) {
    const token = d.line.keyword!;
    const keyword = token.value;
    // An unterminated quote in the keyword makes sshd skip the line: sshd/invalid-value reports it.
    if (d.line.error === 'invalid-quotes' && d.line.args.length === 0 && d.line.rest === undefined) continue;
    if (isKnownInfo(d.info, ctx.vendor)) continue;
    const range = keywordRange(ctx, d);
    if (keyword.startsWith(BOM)) {
      const rest = keyword.slice(BOM.length);
      report({ messageId: 'bom', data: { keyword: rest }, range });
      continue;
    }
    const info = keywordInfo(keyword);
    if (info?.vendor === 'debian') {
      report({ messageId: 'debianOnly', data: { keyword }, range });
      continue;
    }
    const vendor = OTHER_VENDORS[keyword.toLowerCase()];
    if (vendor) {
      report({ messageId: 'vendor', data: { keyword, vendor: { messageId: vendor } }, range });
      continue;
    }
    const suggestion = suggestKeyword(keyword);
    if (suggestion && isKnownKeyword(suggestion, ctx.vendor)) report({ messageId: 'unknown', data: { keyword, suggestion }, range });
    else report({ messageId: 'unknownNoSuggestion', data: { keyword }, range });
  }
});
