import { Directive, IncludeDirective, MatchDirective, refusedThroughIncludes } from '../../core/sshd/config';
import { keywordRange, valueRange, where } from '../../core/sshd/context';
import { defineSshdRule } from '../define';

export default defineSshdRule({
  id: 'sshd/keyword-not-allowed-in-match',
  severity: 'error',
  description: 'A global-only keyword inside a Match block, so sshd refuses to start.',
  tags: ['correctness', 'lockout-risk'],
  sources: ['OpenSSH 9.2 servconf.c (SSHCFG_GLOBAL keywords)', 'sshd_config(5), OpenSSH 9.2: Match',
    'mondoo cnspec#3687', 'ansible-lockdown/RHEL9-CIS#311', 'FootprintAI/Containarium#1137'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    here: '{keyword} is not allowed inside a Match block (this line belongs to "Match {criteria}" on line {line}): sshd refuses to start. Move it above the first Match line.',
    included: '{keyword} in {where} is read inside "Match {criteria}" through this Include, where it is not allowed: sshd refuses to start. Move the Include above the Match block, or the line out of the file.',
    readInMatch: '{keyword} is not allowed here: {where} includes this file inside "Match {criteria}", and sshd refuses to start. Move that Include above the Match block, or this line out of the file.',
  },
}, (ctx, report) => {
  const criteria = (m: MatchDirective): string => m.line.args.map((a) => a.value).join(' ');
  const viaInclude = new Map<IncludeDirective, { lines: Directive[]; match: MatchDirective }>();
  const add = (include: IncludeDirective, match: MatchDirective, d: Directive) => {
    const seen = viaInclude.get(include);
    if (seen) seen.lines.push(d); else viaInclude.set(include, { lines: [d], match });
  };
  // This file's own lines in its Match blocks.
  for (const d of ctx.directives) {
    if (!d.match || ctx.ev.states.get(d)?.state !== 'not-allowed-in-match') continue;
    report({
      messageId: 'here',
      data: { keyword: d.line.keyword!.value, criteria: criteria(d.match), line: String(d.match.line.index + 1) },
      range: keywordRange(ctx, d),
    });
  }
  // A line of an included file, global there (linting the file alone finds nothing) or in its own `Match all`, read
  // inside a Match block of this file: also a file included globally, then again inside a Match block.
  // A drop-in read as part of its main file: its own line, which that file includes inside a Match block.
  const readInMatch = new Set<Directive>();
  for (const { directive: d, includes } of refusedThroughIncludes(ctx.config)) {
    if (d.match && !(d.match.parsed.ok && d.match.parsed.all)) continue; // the file's own block: flagged there
    const include = includes[0];
    const inMatch = includes.find((i) => i.match);
    const match = inMatch?.match;
    if (!match) continue;
    if (include?.file === ctx.file) add(include, match, d);
    else if (d.file === ctx.file && !readInMatch.has(d)) {
      readInMatch.add(d);
      report({
        messageId: 'readInMatch',
        data: { keyword: d.line.keyword!.value, where: where(ctx, inMatch!), criteria: criteria(match) },
        range: keywordRange(ctx, d),
      });
    }
  }
  for (const [include, { lines, match }] of viaInclude) {
    report({
      messageId: 'included',
      data: { keyword: lines[0].line.keyword!.value, where: where(ctx, lines[0]), criteria: criteria(match) },
      range: valueRange(ctx, include),
    });
  }
});
