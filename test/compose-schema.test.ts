// compose/schema validates with ajv options that make compiling cheaper (no code optimisation, no meta-schema check):
// on the compose fixtures, the corpus and altered copies of their values, it reports exactly the errors, in the same
// order, that ajv's default compile of the same schema reports.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv, { ErrorObject } from 'ajv';
import schemaJson from '../schema/compose-spec.json';
import { parseCompose } from '../core/compose/parse';
import { validateCompose } from '../core/compose/schema';
import { CORPUS, FIXTURES } from './helpers';

function composeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml(\.(unsafe-)?fixed)?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name)).sort();
}

describe('compose schema validation', () => {
  it('reports the errors of a default ajv compile, in the same order', () => {
    const reference = new Ajv({ allErrors: true, strict: false })
      .compile({ ...(schemaJson as Record<string, unknown>), $schema: 'http://json-schema.org/draft-07/schema#' });
    let seed = 5;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const values: unknown[] = [1, 'x', true, null, [], {}, [1, 'a'], { a: 1 }, '80:80', -1, 1.5];
    /** The value with some entries dropped, renamed, replaced or added. */
    const alter = (v: unknown): unknown => {
      if (Array.isArray(v)) return [...v.map((x) => (rnd() < 0.2 ? alter(x) : x)), ...(rnd() < 0.1 ? [pick(values)] : [])];
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          if (rnd() < 0.05) continue;
          out[rnd() < 0.03 ? `${k}_typo` : k] = rnd() < 0.2 ? alter(x) : x;
        }
        if (rnd() < 0.1) out[pick(['privileged', 'ports', 'restart', 'x-extra', 'bogus', 'deploy'])] = pick(values);
        return out;
      }
      return rnd() < 0.3 ? pick(values) : v;
    };
    let invalid = 0;
    for (const file of [...composeFiles(path.join(FIXTURES, 'compose')), ...composeFiles(path.join(CORPUS, 'compose'))]) {
      const parsed = parseCompose(fs.readFileSync(file, 'utf8'));
      if (parsed.problems.length > 0 || parsed.value === undefined) continue;
      for (let n = 0; n < 20; n++) {
        const value: unknown = n === 0 ? parsed.value : alter(parsed.value);
        reference(value);
        const errors: ErrorObject[] = validateCompose(parsed.doc, value).map((p) => p.error);
        assert.deepStrictEqual(errors, reference.errors ?? [], file);
        if (errors.length > 0) invalid++;
      }
    }
    assert.ok(invalid > 200, `${invalid} invalid values`);
  });
});
