import { defineComposeRule } from '../define';

export default defineComposeRule({
  id: 'compose/yaml-syntax',
  severity: 'error',
  description: 'The file is not valid YAML as Compose reads it (syntax error, tab indentation, several documents, bad alias).',
  tags: ['validity'],
  sources: ['YAML 1.2.2 specification', 'eemeli/yaml error codes', 'dclint invalid-yaml'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    tab: 'A tab indents this line: YAML allows only spaces for indentation, so Compose refuses the file. Indent with spaces.',
    multipleDocs: 'A second YAML document starts here: Compose reads only one document per file. Move it to its own file (docker compose -f a.yaml -f b.yaml) or merge it into the first.',
    unresolvedAlias: '{alias} refers to an anchor that is not defined above it: Compose refuses the file. Define the anchor (&name) before using it.',
    aliasExpansion: 'The aliases in this file expand to too much data ({detail}): this looks like an alias bomb ("billion laughs"), and tools that expand it run out of memory.',
    syntax: 'YAML syntax error: {detail}. Compose refuses the file.',
  },
}, (ctx, report) => {
  // The first problem of a line is the cause; the parser's next ones on that line are its echoes.
  const lines = new Set<number>();
  for (const p of ctx.parsed.problems) {
    if (p.code === 'DUPLICATE_KEY') continue;
    // A problem is shown on its first line (a second document would otherwise underline the rest of the file).
    const end = Math.min(Math.max(p.start, p.end), ctx.src.lineEnd(ctx.src.positionAt(p.start).line));
    const range = ctx.src.range(p.start, end);
    if (lines.has(range.start.line)) continue;
    lines.add(range.start.line);
    if (p.code === 'TAB_AS_INDENT') report({ messageId: 'tab', range });
    else if (p.code === 'MULTIPLE_DOCS') report({ messageId: 'multipleDocs', range });
    else if (p.code === 'ALIAS_UNRESOLVED') report({ messageId: 'unresolvedAlias', data: { alias: ctx.src.text.slice(p.start, p.end) }, range });
    else if (p.code === 'ALIAS_EXPANSION') report({ messageId: 'aliasExpansion', data: { detail: p.message }, range });
    else report({ messageId: 'syntax', data: { detail: p.message.replace(/ at line \d+, column \d+:?$/, '') }, range });
  }
});
