import type { ComposeContext } from '../core/compose/context';
import { realPathOr } from '../core/paths';
import type { FirewallContext } from '../core/firewall/context';
import type { NginxContext } from '../core/nginx/context';
import type { SshdContext } from '../core/sshd/context';
import type { CrossContext } from '../core/workspace/cross';
import type { Workspace } from '../core/workspace/model';
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
      // Most reports differ in place or message: compare their data only when those are the same.
      const seen = new Map<string, Report[]>();
      check(ctx, (r) => {
        const { start, end } = r.range;
        const key = `${r.messageId} ${r.severity ?? ''} ${start.line}:${start.character}-${end.line}:${end.character}`;
        const same = seen.get(key);
        if (!same) {
          seen.set(key, [r]);
        } else {
          const data = JSON.stringify(r.data ?? null);
          if (same.some((x) => JSON.stringify(x.data ?? null) === data)) return;
          same.push(r);
        }
        report(r);
      });
    },
  };
}

export type FirewallRule = Rule<FirewallContext>;

/**
 * A firewall rule. A command inside a `for` loop is checked once per value of the loop variable: reports identical in
 * range, message and data are kept once.
 */
export function defineFirewallRule(
  meta: Omit<RuleMeta, 'family'>,
  check: (ctx: FirewallContext, report: (r: Report) => void) => void,
): FirewallRule {
  return {
    meta: { ...meta, family: 'firewall' },
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

export type ComposeRule = Rule<ComposeContext>;

/** A docker-compose rule (core/compose/context.ts explains what `ctx` offers). */
export function defineComposeRule(
  meta: Omit<RuleMeta, 'family'>,
  check: (ctx: ComposeContext, report: (r: Report) => void) => void,
): ComposeRule {
  return { meta: { ...meta, family: 'compose' }, check };
}

/** A finding of a cross-file rule: a report in one file of the workspace. */
export interface CrossReport extends Report { file: string }

export type CrossRule = Rule<CrossContext>;

/**
 * A cross-file rule: `find` looks at the whole workspace once (per workspace model) and returns findings in any of its
 * files; each lint of a file reports those that lie in it.
 */
export function defineCrossRule(
  meta: Omit<RuleMeta, 'family'>,
  find: (ws: Workspace) => CrossReport[],
): CrossRule {
  // The reports by file, once per workspace model: each file's lint takes its own.
  const cache = new WeakMap<Workspace, Map<string, Report[]>>();
  return {
    meta: { ...meta, family: 'cross' },
    check(ctx, report) {
      // Several hosts' files side by side: nothing says which of them go together.
      if (!ctx.workspace.singleHost) return;
      let byFile = cache.get(ctx.workspace);
      if (!byFile) {
        cache.set(ctx.workspace, (byFile = new Map()));
        for (const { file, ...r } of find(ctx.workspace)) {
          const list = byFile.get(file);
          if (list) list.push(r); else byFile.set(file, [r]);
        }
      }
      for (const r of byFile.get(ctx.path) ?? byRealPath(byFile, ctx.path)) report(r);
    },
  };
}

/**
 * The reports of a file linted under another name than the one the workspace model gives it: nginx reads
 * sites-enabled/x, a link to the sites-available/x the CLI lints (it lints a linked file once).
 */
function byRealPath(byFile: Map<string, Report[]>, file: string): Report[] {
  if (byFile.size === 0) return [];
  let byReal = realPathIndexes.get(byFile);
  if (!byReal) {
    realPathIndexes.set(byFile, (byReal = new Map()));
    for (const [p, reports] of byFile) byReal.set(realPathOr(p), reports);
  }
  return byReal.get(realPathOr(file)) ?? [];
}

/** byRealPath()'s index of the reports by the real path of their files. */
const realPathIndexes = new WeakMap<Map<string, Report[]>, Map<string, Report[]>>();

