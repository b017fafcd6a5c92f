import { WEAK_ALGORITHMS } from '../../core/sshd/algorithms';
import { defineSshdRule } from '../define';
import { checkWeakAlgorithms, weakMessages } from './_weak-algorithms';

export default defineSshdRule({
  id: 'sshd/weak-ciphers',
  severity: 'warning',
  description: 'Ciphers enables a weak cipher (3des-cbc, CBC modes).',
  tags: ['security', 'crypto'],
  sources: ['ssh-audit 3.4 policy database', 'CIS Debian 12 5.1.6', 'dev-sec ssh-baseline (crypto controls)', 'Mozilla OpenSSH guidelines',
    'Terrapin attack (CVE-2023-48795)'],
  fix: 'safe',
  profile: 'recommended',
  messages: weakMessages('ciphers', WEAK_ALGORITHMS.cipher),
}, (ctx, report) => checkWeakAlgorithms(ctx, report, ['ciphers']));
