// Every rule, grouped by family. test/meta.test.ts checks this list against the files in rules/.
import type { Rule } from '../core/types';
import permitRootLogin from './sshd/permit-root-login';
import agentForwarding from './sshd/agent-forwarding';
import defaultPort from './sshd/default-port';
import gatewayPorts from './sshd/gateway-ports';
import hostbasedAuthentication from './sshd/hostbased-authentication';
import ignoreRhosts from './sshd/ignore-rhosts';
import kbdInteractiveAuthentication from './sshd/kbd-interactive-authentication';
import matchWeakensPolicy from './sshd/match-weakens-policy';
import noUserAllowlist from './sshd/no-user-allowlist';
import passwordAuthentication from './sshd/password-authentication';
import permitEmptyPasswords from './sshd/permit-empty-passwords';
import permitTunnel from './sshd/permit-tunnel';
import permitUserEnvironment from './sshd/permit-user-environment';
import pubkeyAuthentication from './sshd/pubkey-authentication';
import shadowedDirective from './sshd/shadowed-directive';
import strictModes from './sshd/strict-modes';
import tcpForwarding from './sshd/tcp-forwarding';
import x11Forwarding from './sshd/x11-forwarding';
import clientAlive from './sshd/client-alive';
import deprecatedKeyword from './sshd/deprecated-keyword';
import dsaHostKey from './sshd/dsa-host-key';
import includeProblem from './sshd/include-problem';
import invalidValue from './sshd/invalid-value';
import keywordNotAllowedInMatch from './sshd/keyword-not-allowed-in-match';
import logLevel from './sshd/log-level';
import loginGraceTime from './sshd/login-grace-time';
import maxAuthTries from './sshd/max-auth-tries';
import maxSessions from './sshd/max-sessions';
import maxStartups from './sshd/max-startups';
import unknownAlgorithm from './sshd/unknown-algorithm';
import unknownKeyword from './sshd/unknown-keyword';
import weakCiphers from './sshd/weak-ciphers';
import weakHostKeyAlgorithms from './sshd/weak-host-key-algorithms';
import weakKex from './sshd/weak-kex';
import weakMacs from './sshd/weak-macs';
import nginxSyntaxError from './nginx/syntax-error';

export const RULES: readonly Rule<any>[] = [
  permitRootLogin,
  // sshd authentication and access
  shadowedDirective,
  passwordAuthentication,
  kbdInteractiveAuthentication,
  permitEmptyPasswords,
  pubkeyAuthentication,
  hostbasedAuthentication,
  ignoreRhosts,
  strictModes,
  permitUserEnvironment,
  gatewayPorts,
  permitTunnel,
  x11Forwarding,
  defaultPort,
  noUserAllowlist,
  tcpForwarding,
  agentForwarding,
  matchWeakensPolicy,
  // sshd validity: what makes sshd refuse to start
  unknownKeyword,
  keywordNotAllowedInMatch,
  invalidValue,
  unknownAlgorithm,
  includeProblem,
  deprecatedKeyword,
  // sshd crypto
  weakCiphers,
  weakMacs,
  weakKex,
  weakHostKeyAlgorithms,
  dsaHostKey,
  // sshd limits and logging
  maxAuthTries,
  loginGraceTime,
  clientAlive,
  logLevel,
  maxStartups,
  maxSessions,
  // nginx validity and TLS/HTTPS/hygiene
  nginxSyntaxError,
];

export function findRule(id: string): Rule<any> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
