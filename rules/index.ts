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
import dropInNotIncluded from './sshd/drop-in-not-included';
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
import nginxUnknownDirective from './nginx/unknown-directive';
import nginxDirectiveNotAllowedHere from './nginx/directive-not-allowed-here';
import nginxIncludeProblem from './nginx/include-problem';
import nginxMissingHttpsRedirect from './nginx/missing-https-redirect';
import nginxWeakTlsProtocols from './nginx/weak-tls-protocols';
import nginxWeakSslCiphers from './nginx/weak-ssl-ciphers';
import nginxSslSessionTickets from './nginx/ssl-session-tickets';
import nginxMissingSslCertificate from './nginx/missing-ssl-certificate';
import nginxMissingHsts from './nginx/missing-hsts';
import nginxHeaderWithoutAlways from './nginx/header-without-always';
import nginxServerTokens from './nginx/server-tokens';
import nginxMissingSecurityHeaders from './nginx/missing-security-headers';
import nginxAutoindex from './nginx/autoindex';
import nginxDotfilesExposed from './nginx/dotfiles-exposed';
import nginxAccessLogOff from './nginx/access-log-off';
import nginxErrorLogOff from './nginx/error-log-off';
import nginxUnrestrictedStatusPage from './nginx/unrestricted-status-page';
// nginx: gixy's checks
import nginxAddHeaderContentType from './nginx/add-header-content-type';
import nginxAddHeaderMultiline from './nginx/add-header-multiline';
import nginxAddHeaderRedefinition from './nginx/add-header-redefinition';
import nginxAliasTraversal from './nginx/alias-traversal';
import nginxAllowWithoutDeny from './nginx/allow-without-deny';
import nginxHostSpoofing from './nginx/host-spoofing';
import nginxHttpSplitting from './nginx/http-splitting';
import nginxIfIsEvil from './nginx/if-is-evil';
import nginxMapWithoutDefault from './nginx/map-without-default';
import nginxOrigins from './nginx/origins';
import nginxProxyPassNormalized from './nginx/proxy-pass-normalized';
import nginxResolverExternal from './nginx/resolver-external';
import nginxReturnBypassesAllowDeny from './nginx/return-bypasses-allow-deny';
import nginxRootFilesystemExposure from './nginx/root-filesystem-exposure';
import nginxSsrf from './nginx/ssrf';
import nginxValidReferers from './nginx/valid-referers';

// firewall
import firewallSshOpenToWorld from './firewall/ssh-open-to-world';
import firewallDefaultAllowInbound from './firewall/default-allow-inbound';
import firewallDisabled from './firewall/disabled';
import firewallSensitivePortOpen from './firewall/sensitive-port-open';
import firewallPlaintextServiceOpen from './firewall/plaintext-service-open';
import firewallDmzHost from './firewall/dmz-host';
import firewallUpnpEnabled from './firewall/upnp-enabled';
import firewallIpv6Unprotected from './firewall/ipv6-unprotected';
import firewallLoggingOff from './firewall/logging-off';
import firewallShadowedRule from './firewall/shadowed-rule';
import firewallBroadPortRange from './firewall/broad-port-range';
import firewallEnableBeforeSshAllowed from './firewall/enable-before-ssh-allowed';
import firewallDropbearPasswordAuth from './firewall/dropbear-password-auth';

// docker-compose
import composeSensitivePortExposed from './compose/sensitive-port-exposed';
import composePortExposedAllInterfaces from './compose/port-exposed-all-interfaces';
import composePrivileged from './compose/privileged';
import composeDockerSocket from './compose/docker-socket';
import composeNetworkModeHost from './compose/network-mode-host';
import composeHostPid from './compose/host-pid';
import composeHostIpc from './compose/host-ipc';
import composeHostUserns from './compose/host-userns';
import composeHostUts from './compose/host-uts';
import composeHostCgroup from './compose/host-cgroup';
import composeSensitiveHostMount from './compose/sensitive-host-mount';
import composeDangerousCapabilities from './compose/dangerous-capabilities';
import composeSecurityOptUnconfined from './compose/security-opt-unconfined';
import composeNoNewPrivileges from './compose/no-new-privileges';
import composePlaintextSecret from './compose/plaintext-secret';
import composeImageUnpinned from './compose/image-unpinned';
import composeRootUser from './compose/root-user';
import composeLoggingDisabled from './compose/logging-disabled';
import composeNoHealthcheck from './compose/no-healthcheck';
import composeNoRestartPolicy from './compose/no-restart-policy';
import composeNoResourceLimits from './compose/no-resource-limits';
import composeSchema from './compose/schema';
import composeDuplicateKey from './compose/duplicate-key';
import composeYamlSyntax from './compose/yaml-syntax';
import crossSshdPortNotAllowed from './cross/sshd-port-not-allowed';
import crossComposeBypassesFirewall from './cross/compose-bypasses-firewall';
import crossProxiedPortExposed from './cross/proxied-port-exposed';
import crossHttpOnlyService from './cross/http-only-service';

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
  dropInNotIncluded,
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
  nginxUnknownDirective,
  nginxDirectiveNotAllowedHere,
  nginxIncludeProblem,
  nginxMissingHttpsRedirect,
  nginxWeakTlsProtocols,
  nginxWeakSslCiphers,
  nginxSslSessionTickets,
  nginxMissingSslCertificate,
  nginxMissingHsts,
  nginxHeaderWithoutAlways,
  nginxServerTokens,
  nginxMissingSecurityHeaders,
  nginxAutoindex,
  nginxDotfilesExposed,
  nginxAccessLogOff,
  nginxErrorLogOff,
  nginxUnrestrictedStatusPage,
  // nginx: gixy's checks
  nginxAliasTraversal,
  nginxSsrf,
  nginxHttpSplitting,
  nginxHostSpoofing,
  nginxOrigins,
  nginxValidReferers,
  nginxAddHeaderRedefinition,
  nginxAddHeaderMultiline,
  nginxAddHeaderContentType,
  nginxAllowWithoutDeny,
  nginxIfIsEvil,
  nginxResolverExternal,
  nginxReturnBypassesAllowDeny,
  nginxProxyPassNormalized,
  nginxRootFilesystemExposure,
  nginxMapWithoutDefault,
  // firewall
  firewallSshOpenToWorld,
  firewallDefaultAllowInbound,
  firewallDisabled,
  firewallSensitivePortOpen,
  firewallPlaintextServiceOpen,
  firewallDmzHost,
  firewallUpnpEnabled,
  firewallIpv6Unprotected,
  firewallLoggingOff,
  firewallShadowedRule,
  firewallBroadPortRange,
  firewallEnableBeforeSshAllowed,
  firewallDropbearPasswordAuth,
  // docker-compose
  composeSensitivePortExposed,
  composePortExposedAllInterfaces,
  composePrivileged,
  composeDockerSocket,
  composeNetworkModeHost,
  composeHostPid,
  composeHostIpc,
  composeHostUserns,
  composeHostUts,
  composeHostCgroup,
  composeSensitiveHostMount,
  composeDangerousCapabilities,
  composeSecurityOptUnconfined,
  composeNoNewPrivileges,
  composePlaintextSecret,
  composeImageUnpinned,
  composeRootUser,
  composeLoggingDisabled,
  composeNoHealthcheck,
  composeNoRestartPolicy,
  composeNoResourceLimits,
  composeSchema,
  composeDuplicateKey,
  composeYamlSyntax,
  // across files (run with a workspace model: the CLI's files, the editor's workspace)
  crossSshdPortNotAllowed,
  crossComposeBypassesFirewall,
  crossProxiedPortExposed,
  crossHttpOnlyService,
];

export function findRule(id: string): Rule<any> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
