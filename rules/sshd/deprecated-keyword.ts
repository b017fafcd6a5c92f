import { deleteLine, keywordRange } from '../../core/sshd/context';
import { defineSshdRule } from '../define';

export default defineSshdRule({
  id: 'sshd/deprecated-keyword',
  severity: 'info',
  description: 'A keyword sshd 9.2 no longer uses (deprecated, unsupported or ignored).',
  tags: ['maintainability', 'obsolete'],
  sources: ['OpenSSH 9.2 servconf.c (sDeprecated, sUnsupported, sIgnore)', 'dev-sec ssh-baseline sshd-10', 'dev-sec ssh-baseline sshd-15',
    'dev-sec ssh-baseline sshd-16', 'Lynis SSH-7408'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    deprecated: '{keyword} is deprecated: sshd ignores it (logging "Deprecated option {keyword}"), so this line has no effect. Delete it.',
    unsupported: '{keyword} is not supported by this sshd build: sshd ignores it (logging "Unsupported option {keyword}"). Delete it.',
    ignored: '{keyword} is obsolete: sshd 9.2 only speaks protocol 2 and ignores this line. Delete it.',
    fixDelete: 'Delete the obsolete {keyword} line',
  },
}, (ctx, report) => {
  for (const d of ctx.directives) {
    const rule = d.info?.rule;
    if (rule !== 'deprecated' && rule !== 'unsupported' && rule !== 'ignored') continue;
    const keyword = d.line.keyword!.value;
    report({
      messageId: rule,
      data: { keyword },
      range: keywordRange(ctx, d),
      fixes: [{ messageId: 'fixDelete', data: { keyword }, safety: 'safe', edits: [deleteLine(d)] }],
    });
  }
});
