import { defineComposeRule } from '../define';

export default defineComposeRule({
  id: 'compose/duplicate-key',
  severity: 'error',
  description: 'A key is written twice in the same map.',
  tags: ['validity'],
  sources: ['YAML 1.2.2 §3.2.1.1 (mapping keys are unique)', 'docker compose v2: "mapping key already defined"'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    duplicate: '{key} is already set above in this map: docker compose v2 refuses the file and v1 silently keeps the last value, so the two tools run different settings. Keep one of them. hardlint ignores both until then.',
  },
}, (ctx, report) => {
  for (const p of ctx.parsed.problems) {
    if (p.code !== 'DUPLICATE_KEY') continue;
    // The parser points at the key's first character: the key runs to its colon.
    const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^\s:#][^:\n]*?)(?=[ \t]*:)/.exec(ctx.src.text.slice(p.start, ctx.src.lineEnd(ctx.src.positionAt(p.start).line)));
    const end = m ? p.start + m[1].length : p.end;
    report({ messageId: 'duplicate', data: { key: ctx.src.text.slice(p.start, end) }, range: ctx.src.range(p.start, end) });
  }
});
