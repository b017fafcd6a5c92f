import { WEAK_ALGORITHMS } from '../../core/sshd/algorithms';
import { defineSshdRule } from '../define';
import { checkWeakAlgorithms, weakMessages } from './_weak-algorithms';

export default defineSshdRule({
  id: 'sshd/weak-host-key-algorithms',
  severity: 'warning',
  description: 'A host key, user key or CA signature list enables ssh-rsa (SHA-1) or ssh-dss (DSA).',
  tags: ['security', 'crypto', 'authentication'],
  sources: ['ssh-audit 3.4 policy database', 'OpenSSH 8.8 release notes (ssh-rsa disabled by default)',
    'OpenSSH 7.0 release notes (ssh-dss disabled by default)', 'dev-sec ssh-baseline (crypto controls)', 'Mozilla OpenSSH guidelines'],
  fix: 'safe',
  profile: 'recommended',
  messages: weakMessages('signature algorithms', WEAK_ALGORITHMS.key),
}, (ctx, report) => checkWeakAlgorithms(ctx, report,
  ['hostkeyalgorithms', 'pubkeyacceptedalgorithms', 'hostbasedacceptedalgorithms', 'casignaturealgorithms']));
