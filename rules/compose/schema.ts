import { validateCompose } from '../../core/compose/schema';
import { defineComposeRule } from '../define';

export default defineComposeRule({
  id: 'compose/schema',
  severity: 'error',
  description: 'The file does not follow the Compose specification (unknown key, wrong type or value).',
  tags: ['validity'],
  sources: ['Compose specification JSON schema (compose-spec/compose-spec, schema/compose-spec.json)', 'dclint invalid-schema'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    unknownKey: '{key} is not a Compose key here ({path}): Compose refuses the file, or ignores the setting you meant. Check the spelling against the Compose specification.',
    type: '{path} must be {expected}: Compose refuses the file as written.',
    enum: '{path} must be one of {allowed}: Compose refuses the file as written.',
    other: '{path}: {detail} (Compose specification).',
  },
}, (ctx, report) => {
  const { parsed } = ctx;
  // A file with YAML errors has no reliable structure: compose/yaml-syntax and compose/duplicate-key speak first.
  if (parsed.problems.length > 0 || parsed.value === undefined) return;
  const seen = new Set<string>();
  for (const p of validateCompose(ctx.doc, parsed.value)) {
    const e = p.error;
    // oneOf/anyOf failures repeat what their branches said: report the branches only.
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const range = p.node ? ctx.rangeOf(p.node) : ctx.src.range(0, 0);
    let report1;
    if (e.keyword === 'additionalProperties') {
      report1 = { messageId: 'unknownKey', data: { key: String((e.params as { additionalProperty: string }).additionalProperty), path: p.path } };
    } else if (e.keyword === 'type') {
      report1 = { messageId: 'type', data: { path: p.path, expected: String((e.params as { type: string | string[] }).type) } };
    } else if (e.keyword === 'enum') {
      report1 = { messageId: 'enum', data: { path: p.path, allowed: ((e.params as { allowedValues: unknown[] }).allowedValues).join(', ') } };
    } else {
      report1 = { messageId: 'other', data: { path: p.path, detail: e.message ?? e.keyword } };
    }
    // One finding per place and kind: a value that fails several branches (string or list) is one mistake.
    const key = `${range.start.line}:${range.start.character}:${report1.messageId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report({ ...report1, range });
  }
});
