// Reads a Compose file into a `yaml` AST with exact offsets; rules walk the AST, never a re-stringified document.
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** A YAML problem with its offsets in the text: syntax errors, tabs as indentation, duplicate keys. */
export interface YamlProblem {
  /** `yaml` error code (TAB_AS_INDENT, DUPLICATE_KEY, MULTIPLE_DOCS, ...), or ALIAS_UNRESOLVED / ALIAS_EXPANSION. */
  code: string;
  message: string;
  start: number;
  end: number;
}

export interface ParsedCompose {
  doc: Document.Parsed;
  problems: YamlProblem[];
  /**
   * The plain value (aliases and merges expanded) or undefined when the YAML cannot be expanded safely. Computed on
   * first read: only compose/schema needs it, the workspace model never does.
   */
  readonly value: unknown;
}

// Compose's merge tags: `!reset` drops an inherited value, `!override` replaces it. Known here so they parse quietly.
const COMPOSE_TAGS = ['!reset', '!override'].flatMap((tag) => [
  { tag, collection: 'map' as const, nodeClass: YAMLMap, identify: () => false },
  { tag, collection: 'seq' as const, nodeClass: YAMLSeq, identify: () => false },
  { tag, identify: () => false, resolve: (s: string) => s },
]);

/** How Compose files are read: `<<` merges, duplicate keys reported, Compose's tags known. */
// logLevel 'error': yaml would otherwise print warnings (a map used as a key, say) on the process's stderr, which is
// the CLI's output and the language server's log; the file's problems are reported as findings instead.
const PARSE_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: false, customTags: COMPOSE_TAGS, logLevel: 'error' } as const;

/** Real files (getsentry/self-hosted) use more than yaml's default 100 aliases; a billion-laughs file still stops at once. */
export const MAX_ALIAS_COUNT = 10000;

/** Nesting below which expanding a document without aliases, merge keys or collection keys cannot fail. */
const SAFE_EXPANSION_DEPTH = 200;

/** What one walk of a document finds: each alias's anchor (as `Alias.resolve` finds it) and what expanding needs. */
interface Survey {
  targets: Map<Alias, Node | undefined>;
  /** Expanding the document may throw or warn (aliases, merge keys, collection keys, deep nesting): expand it at once. */
  expandNow: boolean;
}

const surveys = new WeakMap<Document, Survey>();

/**
 * Walks the document once, in `visit` order. An alias resolves to the last node before it with its anchor, as
 * `Alias.resolve(doc)` does — which walks the whole document on each call; rules look aliases up often.
 */
function survey(doc: Document): Survey {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  let expandNow = false;
  const walk = (node: unknown, depth: number): void => {
    if (depth > SAFE_EXPANSION_DEPTH) expandNow = true;
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source));
      expandNow = true;
      return;
    }
    if (isScalar(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      return;
    }
    if (isMap(node) || isSeq(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          if (isMergeKey(item.key) || (item.key !== null && !isScalar(item.key))) expandNow = true;
          walk(item.key, depth + 1);
          walk(item.value, depth + 1);
        } else walk(item, depth + 1);
      }
    }
  };
  walk(doc.contents, 0);
  const found = { targets, expandNow };
  surveys.set(doc, found);
  return found;
}

/** The node an alias stands for, or undefined when its anchor is not defined before it. */
export function aliasTarget(doc: Document, alias: Alias): Node | undefined {
  const known = (surveys.get(doc) ?? survey(doc)).targets;
  return known.has(alias) ? known.get(alias) : (alias.resolve(doc) as Node | undefined);
}

export function parseCompose(text: string): ParsedCompose {
  const doc = parseDocument(text, PARSE_OPTIONS);
  const problems: YamlProblem[] = doc.errors.map((e) => ({
    code: e.code,
    message: e.message.split('\n')[0],
    start: e.pos[0],
    end: Math.max(e.pos[1], e.pos[0]),
  }));
  const { targets, expandNow } = survey(doc);
  let unresolved = false;
  for (const [alias, target] of targets) {
    if (target !== undefined) continue;
    unresolved = true;
    const [start, end] = alias.range ?? [0, 0];
    problems.push({ code: 'ALIAS_UNRESOLVED', message: `Unresolved alias ${alias.source}`, start, end });
  }
  const expandable = !unresolved && doc.errors.length === 0;
  let expanded = false;
  let value: unknown;
  const expand = (): unknown => {
    if (expanded || !expandable) return value;
    expanded = true;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const at = (doc.contents?.range ?? [0, 0]) as number[];
      problems.push({ code: 'ALIAS_EXPANSION', message: (e as Error).message, start: at[0], end: at[0] });
    }
    return value;
  };
  // An expansion that can fail is a problem of the file: find it now, so that every rule sees the same problems.
  if (expandNow) expand();
  return { doc, problems, get value() { return expand(); } };
}

// ---- Walking the AST -------------------------------------------------------------------------------------------

export const keyName = (key: unknown): string | undefined => {
  if (!isScalar(key)) return undefined;
  const v = key.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
};

export const isMergeKey = (key: unknown): boolean =>
  isScalar(key) && (typeof key.value === 'symbol' ? key.value.description === '<<' : key.source === '<<');

/**
 * A value as a rule sees it. `node` is the real node (after aliases); `at` is the node in the service to report on:
 * the node itself when it is written there, else the `*alias` or `<<: *anchor` that brings it in. `local` is true
 * when `node` is written in place, so editing it changes only this service.
 */
export interface Located<T = Node> {
  node: T;
  at: Node;
  local: boolean;
  /** The pair holding the value, when it was found under a key. */
  pair?: Pair;
}

export function resolve(doc: Document, node: unknown): Node | undefined {
  let n = node;
  for (let depth = 0; isAlias(n) && depth < 100; depth++) n = aliasTarget(doc, n as Alias);
  return (n ?? undefined) as Node | undefined;
}

/**
 * The value of `key` in a map, as Compose reads it: the map's own pair first, then merge sources in order (`<<: *a`,
 * `<<: [*a, *b]`, nested). A key written twice is ambiguous (docker compose v2 refuses the file, v1 takes the last):
 * compose/duplicate-key reports it and lookups skip it.
 */
/** The maps a `<<:` merge key brings into `map`, in Compose's order, with the node that names each. */
function* mergeSources(doc: Document, map: YAMLMap): Generator<{ source: unknown; target: YAMLMap }> {
  for (const p of map.items) {
    if (!isMergeKey(p.key)) continue;
    for (const source of isSeq(p.value) ? p.value.items : [p.value]) {
      const target = resolve(doc, source);
      if (isMap(target)) yield { source, target };
    }
  }
}

export function lookup(doc: Document, map: YAMLMap, key: string, depth = 0): Located | undefined {
  let own: Pair | undefined;
  let count = 0;
  for (const p of map.items) {
    if (keyName(p.key) === key && !isMergeKey(p.key)) { own = p; count++; }
  }
  if (count > 1) return undefined;
  if (own) {
    const node = resolve(doc, own.value);
    if (!node) return { node: own.value as Node, at: (own.value ?? own.key) as Node, local: true, pair: own };
    return { node, at: isAlias(own.value) ? own.value : node, local: !isAlias(own.value), pair: own };
  }
  if (depth > 20) return undefined;
  for (const { source, target } of mergeSources(doc, map)) {
    const found = lookup(doc, target, key, depth + 1);
    if (found) return { ...found, at: source as Node, local: false };
  }
  return undefined;
}

export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'object' || typeof v === 'symbol' ? undefined : String(v);
}

/** Items of a sequence, aliases resolved; `at` is the alias in the list when an item is one. */
export function seqItems(doc: Document, seq: YAMLSeq, parentLocal: boolean, parentAt: Node): Located[] {
  const out: Located[] = [];
  for (const item of seq.items) {
    const node = resolve(doc, item);
    if (!node) continue;
    const local = parentLocal && !isAlias(item);
    out.push({ node, at: parentLocal ? item as Node : parentAt, local });
  }
  return out;
}

/** Pairs of a map, merges included (own keys beat merged ones), in reading order. */
export function mapEntries(doc: Document, map: YAMLMap, parentLocal: boolean, parentAt: Node, depth = 0): { name: string; pair: Pair; value: Located }[] {
  const out: { name: string; pair: Pair; value: Located }[] = [];
  const seen = new Set<string>();
  for (const p of map.items) {
    if (isMergeKey(p.key)) continue;
    const name = keyName(p.key);
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    const node = resolve(doc, p.value) ?? (p.value as Node);
    const local = parentLocal && !isAlias(p.value);
    out.push({ name, pair: p, value: { node, at: parentLocal ? (p.value ?? p.key) as Node : parentAt, local, pair: p } });
  }
  if (depth > 20) return out;
  for (const { source, target } of mergeSources(doc, map)) {
    for (const e of mapEntries(doc, target, false, parentLocal ? source as Node : parentAt, depth + 1)) {
      if (seen.has(e.name)) continue;
      seen.add(e.name);
      out.push(e);
    }
  }
  return out;
}

export { isAlias, isMap, isPair, isScalar, isSeq };
export type { Node, Pair, Scalar, YAMLMap, YAMLSeq };
