import { IncludeDirective, IncludeTarget, isInclude, MAX_INCLUDE_DEPTH, SshdConfig, SshdFile } from '../../core/sshd/config';
import type { SshdContext } from '../../core/sshd/context';
import type { Report } from '../../core/types';
import type { Token } from '../../core/sshd/tokenizer';
import { defineSshdRule } from '../define';

type Problem = NonNullable<IncludeTarget['problem']>;

/** The first Include problem found in a file read through this Include, with the file whose Include has it. */
function nestedProblem(config: SshdConfig, file: SshdFile, seen: Set<SshdFile>): { problem: Problem; target: string; in: SshdFile } | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  for (const d of config.items.get(file) ?? []) {
    if (!isInclude(d) || !d.patterns) continue;
    for (const p of d.patterns) {
      for (const t of p.targets) {
        if (t.problem) return { problem: t.problem, target: t.path, in: file };
        const deeper = t.file && nestedProblem(config, t.file, seen);
        if (deeper) return deeper;
      }
    }
  }
  return undefined;
}

const MESSAGE: Record<Problem, string> = { 'cycle': 'cycle', 'too-deep': 'tooDeep', 'unreadable': 'unreadable' };

export default defineSshdRule({
  id: 'sshd/include-problem',
  severity: 'error',
  description: 'An Include that reads nothing, loops back, nests too deep, or names an unreadable file.',
  tags: ['correctness', 'security', 'include'],
  sources: ['OpenSSH 9.2 servconf.c (Include, SERVCONF_MAX_DEPTH)', 'sshd_config(5), OpenSSH 9.2: Include'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    nothing: 'No file matches {pattern} (looked for {resolved}): sshd silently reads nothing here. Check the path; relative paths are read from {sshdir}, not from this file\'s folder.',
    cycle: 'Including {target} again from inside itself is a loop: sshd refuses to start ("Too many recursive configuration includes"). Remove the Include that leads back.',
    tooDeep: 'Includes are nested more than {depth} levels deep at {target}: sshd refuses to start ("Too many recursive configuration includes").',
    unreadable: '{target} matches {pattern} but cannot be read: sshd refuses to start. Check its permissions.',
    cycleNested: 'Through {pattern}, {in} includes {target} again: an Include loop, and sshd refuses to start ("Too many recursive configuration includes"). Remove the Include that leads back.',
    tooDeepNested: 'Through {pattern}, Includes nest more than {depth} levels deep (at {target}): sshd refuses to start ("Too many recursive configuration includes").',
    unreadableNested: 'Through {pattern}, {in} includes {target}, which cannot be read: sshd refuses to start. Check its permissions.',
  },
}, (ctx, report) => {
  for (const d of ctx.directives) {
    if (isInclude(d) && d.patterns) checkInclude(ctx, report, d);
  }
});

/** A helper, not the loop's body: a closure over the loop variable would cost every line of the file a context. */
function checkInclude(ctx: SshdContext, report: (r: Report) => void, d: IncludeDirective): void {
  d.patterns.forEach((p, i) => {
    const token: Token = d.line.args[i];
    const range = ctx.src.range(token.start, token.end);
    const data = { pattern: p.pattern, resolved: p.resolved, sshdir: ctx.config.sshdir, depth: String(MAX_INCLUDE_DEPTH) };
    if (p.targets.length === 0) {
      report({ messageId: 'nothing', data, range, severity: 'info' });
      return;
    }
    for (const t of p.targets) {
      if (t.problem) {
        report({ messageId: MESSAGE[t.problem], data: { ...data, target: ctx.relPath(t.path) }, range });
        continue;
      }
      // A loop further down stops sshd just the same; the file that has it may never be linted on its own.
      const nested = t.file && nestedProblem(ctx.config, t.file, new Set([ctx.file]));
      if (nested) {
        report({
          messageId: `${MESSAGE[nested.problem]}Nested`,
          data: { ...data, target: ctx.relPath(nested.target), in: ctx.relPath(nested.in.path) },
          range,
        });
      }
    }
  });
}
