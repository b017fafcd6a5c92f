// Structural validation against the compose-spec JSON schema (schema/compose-spec.json, see schema/NOTICE).
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Document, isMap, isSeq, Node } from 'yaml';
import schemaJson from '../../schema/compose-spec.json';
import { keyName, lookup, resolve } from './parse';

let validator: ValidateFunction | undefined;

/**
 * Compiled once per process, on first use, and loaded then too: runs that never validate a Compose file (the workspace
 * model, other families) never load ajv (~35 ms of CPU). The compiled code runs once per file, so ajv skips optimising
 * it, and the bundled schema is not checked against the meta-schema: compiling takes ~150 ms of CPU instead of ~275,
 * with the same errors in the same order.
 */
function validatorFor(): ValidateFunction {
  if (!validator) {
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    // The file names draft-07 by a URL ajv does not preload.
    const schema = { ...(schemaJson as Record<string, unknown>), $schema: 'http://json-schema.org/draft-07/schema#' };
    validator = new Ajv({ allErrors: true, strict: false, validateSchema: false, code: { optimize: false } }).compile(schema);
  }
  return validator;
}

export interface SchemaProblem {
  /** Where to report: the offending key for an unknown property, else the value. */
  node: Node | undefined;
  /** JSON pointer of the value, for messages ("/services/web/ports"). */
  path: string;
  error: ErrorObject;
}

export function validateCompose(doc: Document, value: unknown): SchemaProblem[] {
  const validate = validatorFor();
  if (validate(value)) return [];
  const out: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node = nodeAt(doc, segments);
    if (error.keyword === 'additionalProperties' && isMap(node)) {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      node = (node.items.find((p) => keyName(p.key) === extra)?.key as Node | undefined) ?? node;
    }
    out.push({ node, path: error.instancePath || '/', error });
  }
  return out;
}

/** The node at a path of the expanded value, following aliases and merge keys (the merge line for inherited keys). */
function nodeAt(doc: Document, segments: string[]): Node | undefined {
  let node = resolve(doc, doc.contents);
  let reportOn: Node | undefined = node;
  for (const segment of segments) {
    if (isMap(node)) {
      const found = lookup(doc, node, segment);
      if (!found) break;
      node = found.node;
      reportOn = found.local ? found.node : found.at;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      node = resolve(doc, item);
      reportOn = item as Node;
    } else break;
  }
  return reportOn;
}
