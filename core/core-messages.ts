// Strings the engine and the front ends show outside any rule (hovers, quick-fix titles, the exposure map), with their
// translations from the small front-end bundle only: the VS Code extension's exposure page words itself with them.
import { format, frontEndTranslation } from './front-end-l10n';
import type { Locale } from './locale';

/** Strings the engine and front ends show, outside any rule. */
export const CORE_MESSAGES = {
  disableForLine: 'Disable {rule} for this line',
  disableForFile: 'Disable {rule} for the entire file',
  showDocumentation: 'Show documentation for {rule}',
  unsafeSuffix: '(may change behaviour)',
  fixAll: 'Fix all safe hardlint problems',
  suppressionReason: 'reason',
  // Language server: hovers and status.
  severityError: 'error',
  severityWarning: 'warning',
  severityInfo: 'info',
  hoverWhy: 'Why it matters',
  hoverFix: 'Fix',
  hoverNoFix: 'No automatic fix: change the configuration by hand.',
  hoverDocumentation: 'Documentation',
  fixSafe: 'safe',
  fixUnsafe: 'unsafe, review before applying',
  effectiveValue: 'Effective value: {value}',
  setAt: 'Set at {where}.',
  defaultApplies: 'Not set in any file sshd reads: the built-in default applies.',
  shadowedBy: 'This line has no effect: sshd keeps the first value it reads, from {where}.',
  overriddenByMatch: 'Replaced for every connection by {where}.',
  matchBlockValue: 'For connections matching this Match block: {value}, from {where}.',
  notAllowedInMatch: '{keyword} is not allowed inside a Match block: sshd refuses to start.',
  cumulativeValues: 'Every line adds to the list; sshd uses: {values}',
  includeTargets: 'Reads {files}.',
  includeNothing: 'No file matches this Include.',
  configError: 'Invalid configuration file {file}: {error}',
  binaryFile: 'Not linted: this looks like a binary file.',
  internalError: 'hardlint internal error: {error}',
  ruleInternalError: 'internal error in rule {rule}: {error}',
  // Exposure map (`hardlint report`, the VS Code webview): the steps the map words itself (a node's labelId), the
  // kinds of step, and the report's own words around them.
  exposureDefaultAccept: 'accepts every incoming connection by default',
  exposureNoFirewall: 'no firewall file among these files',
  exposureNothingListens: 'nothing in these files listens here',
  exposureDockerBypass: 'Docker publishes past the firewall',
  exposureKindFirewall: 'firewall',
  exposureKindDocker: 'docker',
  exposureKindPublished: 'published',
  exposureKindListener: 'listener',
  exposureKindService: 'service',
  exposureKindProxy: 'proxy',
  reportTitle: 'hardlint exposure map',
  reportInternet: 'Internet',
  reportDiagram: 'Exposure diagram',
  reportHeaderPort: 'Port',
  reportHeaderPath: 'Path',
  reportHeaderWorst: 'Worst finding',
  reportNoFinding: 'no finding',
  reportNothingReachable: 'Nothing is reachable from outside in these files ({files}).',
  reportReachable: 'Reachable from outside ({ports}, {files}):',
  reportPortCount: '{count} port',
  reportPortsCount: '{count} ports',
  reportFileCount: '{count} file',
  reportFilesCount: '{count} files',
  reportPortHeading: 'Port {port}/tcp',
  reportWorst: 'worst: {finding}',
} as const;

export function coreMessage(locale: Locale, id: keyof typeof CORE_MESSAGES, data?: Record<string, string | number>): string {
  return format(frontEndTranslation(locale, `core:${id}`) ?? CORE_MESSAGES[id], data);
}
