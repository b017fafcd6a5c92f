import { WEAK_ALGORITHMS } from '../../core/sshd/algorithms';
import { defineSshdRule } from '../define';
import { checkWeakAlgorithms, weakMessages } from './_weak-algorithms';

export default defineSshdRule({
  id: 'sshd/weak-kex',
  severity: 'warning',
  description: 'KexAlgorithms enables a weak key exchange (SHA-1 or small Diffie-Hellman groups).',
  tags: ['security', 'crypto'],
  sources: ['ssh-audit 3.4 policy database', 'CIS Debian 12 5.1.12', 'dev-sec ssh-baseline (crypto controls)', 'Mozilla OpenSSH guidelines',
    'Logjam (weakdh.org)'],
  fix: 'safe',
  profile: 'recommended',
  messages: weakMessages('key exchange algorithms', WEAK_ALGORITHMS.kex),
}, (ctx, report) => checkWeakAlgorithms(ctx, report, ['kexalgorithms']));
