import { isSeq } from '../../core/compose/parse';
import { defineComposeRule } from '../define';
import { editableMap, textOf } from './_common';

const NO_NEW_PRIVILEGES = /^no-new-privileges(?:[:=]true)?$/;

export default defineComposeRule({
  id: 'compose/no-new-privileges',
  severity: 'info',
  description: 'A service lets its processes gain privileges through setuid programs.',
  tags: ['security', 'hardening'],
  sources: ['CIS Docker Benchmark v1.6.0 5.26', 'KICS No New Privileges Not Set (CWE-250)', 'Semgrep no-new-privileges'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    missing: '{service} does not set security_opt no-new-privileges:true: a compromised process in it can still become root through a setuid binary (su, sudo, ping). Add it; only images that switch user with setuid programs need it off.',
    fixAdd: 'Add "no-new-privileges:true" to security_opt',
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    if (!service.map) continue;
    const list = ctx.get(service, 'security_opt');
    if (list && isSeq(list.node) && ctx.items(list.node, list).some((i) => NO_NEW_PRIVILEGES.test(textOf(i) ?? ''))) continue;
    const map = editableMap(service);
    let edit;
    if (map && list?.local && isSeq(list.node)) {
      const flow = list.node.flow || ctx.src.text[list.node.range?.[0] ?? 0] === '[';
      edit = ctx.appendSeqItem(list.node, flow ? '"no-new-privileges:true"' : 'no-new-privileges:true');
    } else if (map && !list) {
      edit = ctx.insertPair(map, 'security_opt: ["no-new-privileges:true"]');
    }
    // An inherited list is left alone: a list written here would replace it (merges are shallow).
    report({
      messageId: 'missing',
      data: { service: service.name },
      range: ctx.rangeOf(service.key),
      fixes: edit ? [{ messageId: 'fixAdd', safety: 'safe', edits: [edit] }] : [],
    });
  }
});
