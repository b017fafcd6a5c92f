import type { SshdContext } from '../core/sshd/context';
import type { Report, Rule, RuleMeta } from '../core/types';

export type SshdRule = Rule<SshdContext>;

export function defineSshdRule(
  meta: Omit<RuleMeta, 'family'>,
  check: (ctx: SshdContext, report: (r: Report) => void) => void,
): SshdRule {
  return { meta: { ...meta, family: 'sshd' }, check };
}
