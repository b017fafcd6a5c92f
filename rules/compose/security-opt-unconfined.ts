import { isSeq } from '../../core/compose/parse';
import { defineComposeRule } from '../define';
import { editableMap, INHERITED_MESSAGE, origin, textOf } from './_common';

/** What each option turns off. */
const UNCONFINED: [RegExp, string][] = [
  [/^seccomp[:=]unconfined$/, 'seccomp'],
  [/^apparmor[:=]unconfined$/, 'apparmor'],
  [/^label[:=]disable$/, 'selinux'],
  [/^systempaths=unconfined$/, 'systempaths'],
];

export default defineComposeRule({
  id: 'compose/security-opt-unconfined',
  severity: 'error',
  description: 'A service turns off seccomp, AppArmor, SELinux separation or the masking of /proc and /sys.',
  tags: ['security', 'isolation'],
  sources: [
    'CIS Docker Benchmark v1.6.0 5.2, 5.3, 5.22', 'KICS Default Seccomp Profile Disabled (CWE-269)',
    'Semgrep seccomp-confinement-disabled, selinux-separation-disabled', 'docker run reference: --security-opt',
  ],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    unconfined: '{service} sets security_opt {option}{origin}: {what} Remove it; if a program needs one blocked call, give it a custom profile that allows just that.',
    seccomp: 'seccomp stops filtering system calls, so the ~40 calls Docker blocks (kernel keyring, mount, bpf, ...) are open to container escapes.',
    apparmor: 'AppArmor no longer confines the container, which loses Docker\'s default protection of /proc and /sys writes and mounts.',
    selinux: 'SELinux no longer keeps the container\'s processes apart from the host\'s files and other containers.',
    systempaths: '/proc and /sys are no longer masked: the container can read kernel memory details and write kernel settings.',
    inherited: INHERITED_MESSAGE,
    fixRemove: 'Remove {option} from security_opt (the program may rely on the calls it allowed)',
  },
}, (ctx, report) => {
  for (const service of ctx.services) {
    const list = ctx.get(service, 'security_opt');
    if (!list || !isSeq(list.node)) continue;
    const seq = list.node;
    for (const item of ctx.items(seq, list)) {
      const option = textOf(item);
      const hit = option === undefined ? undefined : UNCONFINED.find(([re]) => re.test(option));
      if (!hit || option === undefined) continue;
      let edit;
      const map = editableMap(service);
      if (item.local && map) {
        // The last item goes with its key: an empty `security_opt:` is null, which the schema refuses.
        edit = seq.items.length === 1 && list.pair ? ctx.deletePair(map, list.pair) : ctx.deleteSeqItem(seq, item.node);
      }
      report({
        messageId: 'unconfined',
        data: { service: service.name, option, what: { messageId: hit[1] }, origin: origin(ctx, item) },
        range: ctx.reportRange(item),
        fixes: edit ? [{ messageId: 'fixRemove', data: { option }, safety: 'unsafe', edits: [edit] }] : [],
      });
    }
  }
});
