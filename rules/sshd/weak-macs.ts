import { WEAK_ALGORITHMS } from '../../core/sshd/algorithms';
import { defineSshdRule } from '../define';
import { checkWeakAlgorithms, weakMessages } from './_weak-algorithms';

export default defineSshdRule({
  id: 'sshd/weak-macs',
  severity: 'warning',
  description: 'MACs enables a weak message authentication code (MD5, SHA-1, 64-bit tags).',
  tags: ['security', 'crypto'],
  sources: ['ssh-audit 3.4 policy database', 'CIS Debian 12 5.1.15', 'dev-sec ssh-baseline (crypto controls)', 'Mozilla OpenSSH guidelines'],
  fix: 'safe',
  profile: 'recommended',
  messages: weakMessages('MACs', WEAK_ALGORITHMS.mac),
}, (ctx, report) => checkWeakAlgorithms(ctx, report, ['macs']));
