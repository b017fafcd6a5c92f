import type { NginxContext } from '../core/nginx/context';
import type { SshdContext } from '../core/sshd/context';
import type { Report, Rule, RuleMeta } from '../core/types';

export type SshdRule = Rule<SshdContext>;
export type NginxRule = Rule<NginxContext>;

export function defineSshdRule(
  meta: Omit<RuleMeta, 'family'>,
  check: (ctx: SshdContext, report: (r: Report) => void) => void,
): SshdRule {
  return { meta: { ...meta, family: 'sshd' }, check };
}

/**
 * An nginx rule. A file included in several places (a snippet in every server) is checked once per inclusion:
 * reports identical in range, message and data are kept once.
 */
export function defineNginxRule(
  meta: Omit<RuleMeta, 'family'>,
  check: (ctx: NginxContext, report: (r: Report) => void) => void,
): NginxRule {
  return {
    meta: { ...meta, family: 'nginx' },
    check(ctx, report) {
      const seen = new Set<string>();
      check(ctx, (r) => {
        const key = JSON.stringify([r.messageId, r.range, r.data ?? null, r.severity ?? null]);
        if (seen.has(key)) return;
        seen.add(key);
        report(r);
      });
    },
  };
}
