// What docker-compose rules see: the parsed file, its services, and helpers for minimal text edits.
//
// ---- README for rule authors -------------------------------------------------------------------------------------
// Define a rule with `defineComposeRule(meta, (ctx, report) => ...)` (rules/define.ts). `ctx.services` lists the
// services of the first YAML document; `ctx.get(service, key)` looks a key up as Compose does (own key, then `<<:`
// merge sources in order). A `Located` value has `node` (the real node, aliases resolved), `at` (the node in the
// service to report on: the value, or the `*alias` / `<<: *anchor` that brings it in) and `local` (written in place:
// only then may a fix edit it, since editing an anchor changes every service that uses it).
// Ranges: `ctx.rangeOf(node)` (value token only, no trailing comment). Edits: `deletePair`, `deleteSeqItem`,
// `insertPair`, `appendSeqItem` — minimal text edits in the file's own style (block or flow, CRLF kept).
// -----------------------------------------------------------------------------------------------------------------
import type { LintInput } from '../engine';
import { SourceText } from '../text';
import type { Range, TextEdit } from '../types';
import {
  isMap, isScalar, isSeq, keyName, Located, lookup, mapEntries, Node, Pair, parseCompose, ParsedCompose, resolve, YAMLMap, YAMLSeq,
} from './parse';
import type { Document } from 'yaml';

export interface Service {
  name: string;
  /** The service's key in `services:`. */
  key: Node;
  /** The service's map (aliases resolved), or undefined when it is not a map. */
  map: YAMLMap | undefined;
  /** Written in place (not `web: *other`): fixes may edit it. */
  local: boolean;
}

export interface ComposeContext {
  src: SourceText;
  parsed: ParsedCompose;
  doc: Document.Parsed;
  services: Service[];
  get(service: Service, key: string): Located | undefined;
  /** Every key of a map, merges included, as `Located` values relative to `parent`. */
  entries(map: YAMLMap, parent: Located): { name: string; pair: Pair; value: Located }[];
  items(seq: YAMLSeq, parent: Located): Located[];
  rangeOf(node: Node): Range;
  /** The range to report a located value on: the value itself, or the alias / merge that brings it in. */
  reportRange(v: Located): Range;
  deletePair(map: YAMLMap, pair: Pair): TextEdit | undefined;
  deleteSeqItem(seq: YAMLSeq, item: Node): TextEdit | undefined;
  insertPair(map: YAMLMap, text: string): TextEdit | undefined;
  appendSeqItem(seq: YAMLSeq, text: string): TextEdit | undefined;
  /** Line (1-based) of an offset, for messages. */
  lineOf(node: Node): number;
}

/**
 * Parsed files by path, reused while the text is unchanged: `hardlint report` builds the workspace model and then
 * lints each file, the server re-lints on each keystroke. Least recently used files go first past the size limit
 * (a parsed file takes about 25 bytes per character of text).
 */
const parsedByPath = new Map<string, { text: string; parsed: ParsedCompose }>();
const PARSE_CACHE_CHARS = 1_000_000;
let cachedChars = 0;

function parsedFor(input: LintInput): ParsedCompose {
  const hit = parsedByPath.get(input.path);
  if (hit) {
    parsedByPath.delete(input.path);
    cachedChars -= hit.text.length;
  }
  const parsed = hit?.text === input.text ? hit.parsed : parseCompose(input.text);
  parsedByPath.set(input.path, { text: input.text, parsed });
  cachedChars += input.text.length;
  for (const [path, entry] of parsedByPath) {
    if (cachedChars <= PARSE_CACHE_CHARS || parsedByPath.size === 1) break;
    parsedByPath.delete(path);
    cachedChars -= entry.text.length;
  }
  return parsed;
}

export function createComposeContext(input: LintInput): ComposeContext {
  const parsed = parsedFor(input);
  const src = new SourceText(input.text);
  const text = input.text;
  const { doc } = parsed;
  const services: Service[] = [];
  const root = resolve(doc, doc.contents);
  if (isMap(root)) {
    const found = lookup(doc, root, 'services');
    if (found && isMap(found.node)) {
      for (const { name, pair, value } of mapEntries(doc, found.node, found.local, found.at)) {
        services.push({ name, key: pair.key as Node, map: isMap(value.node) ? value.node : undefined, local: value.local });
      }
    }
  }
  const eol = src.eol;
  const lineStart = (offset: number): number => src.lineStarts[src.positionAt(offset).line];
  const lineEndAt = (offset: number, withEol = false): number => src.lineEnd(src.positionAt(offset).line, withEol);
  const onlyBlankBefore = (offset: number, allowDash = false): boolean => {
    const before = text.slice(lineStart(offset), offset);
    return allowDash ? /^\s*(-\s+)?$/.test(before) : /^\s*$/.test(before);
  };
  const valueEnd = (n: Node | null | undefined, fallback: number): number => {
    if (!n?.range) return fallback;
    let end = n.range[1];
    while (end > n.range[0] && /\s/.test(text[end - 1])) end--;
    return end;
  };
  const isFlow = (c: YAMLMap | YAMLSeq): boolean => !!c.flow || text[c.range?.[0] ?? 0] === '{' || text[c.range?.[0] ?? 0] === '[';
  const closingBracket = (c: YAMLMap | YAMLSeq): number => {
    let i = (c.range?.[1] ?? 0) - 1;
    while (i > 0 && /\s/.test(text[i])) i--;
    return i;
  };
  /** Deletes item `index` of a flow collection with its separating comma. */
  const deleteFlowItem = (starts: number[], ends: number[], index: number): TextEdit => {
    if (index + 1 < starts.length) return { start: starts[index], end: starts[index + 1], newText: '' };
    if (index > 0) return { start: ends[index - 1], end: ends[index], newText: '' };
    return { start: starts[index], end: ends[index], newText: '' };
  };

  const ctx: ComposeContext = {
    src,
    parsed,
    doc,
    services,
    get: (service, key) => (service.map ? withLocality(lookup(doc, service.map, key), service) : undefined),
    entries: (map, parent) => mapEntries(doc, map, parent.local, parent.at),
    items: (seq, parent) => {
      const out: Located[] = [];
      for (const item of seq.items) {
        const node = resolve(doc, item);
        if (!node) continue;
        const aliased = node !== item;
        out.push({ node, at: parent.local ? item as Node : parent.at, local: parent.local && !aliased });
      }
      return out;
    },
    rangeOf: (node) => {
      const [start, end] = node.range ?? [0, 0];
      return src.range(start, Math.max(start, valueEnd(node, end)));
    },
    reportRange: (v) => {
      // A block map (a long-syntax port or volume) is reported on its first key, not on all its lines.
      const first = isMap(v.at) && !isFlow(v.at) ? v.at.items[0]?.key as Node | undefined : undefined;
      return ctx.rangeOf(first?.range ? first : v.at);
    },
    deletePair: (map, pair) => {
      const key = pair.key as Node;
      if (!key?.range) return undefined;
      const value = pair.value as Node | null;
      const end = valueEnd(value, key.range[1]);
      if (isFlow(map)) {
        const starts = map.items.map((p) => (p.key as Node).range![0]);
        const ends = map.items.map((p) => valueEnd(p.value as Node, (p.key as Node).range![1]));
        return deleteFlowItem(starts, ends, map.items.indexOf(pair));
      }
      if (!onlyBlankBefore(key.range[0])) return undefined;
      return { start: lineStart(key.range[0]), end: lineEndAt(end - 1, true), newText: '' };
    },
    deleteSeqItem: (seq, item) => {
      const index = seq.items.indexOf(item);
      if (index < 0 || !item.range) return undefined;
      if (isFlow(seq)) {
        const starts = seq.items.map((n) => (n as Node).range![0]);
        const ends = seq.items.map((n) => valueEnd(n as Node, (n as Node).range![1]));
        return deleteFlowItem(starts, ends, index);
      }
      if (!onlyBlankBefore(item.range[0], true)) return undefined;
      return { start: lineStart(item.range[0]), end: lineEndAt(valueEnd(item, item.range[1]) - 1, true), newText: '' };
    },
    insertPair: (map, pairText) => {
      const last = map.items[map.items.length - 1];
      if (isFlow(map)) {
        const close = closingBracket(map);
        if (text[close] !== '}') return undefined;
        return { start: close, end: close, newText: map.items.length > 0 ? `, ${pairText}` : pairText };
      }
      const first = map.items[0]?.key as Node | undefined;
      if (!first?.range || !last) return undefined;
      // The first key may follow a list dash (`- target: 80`): the new key aligns with it.
      const indent = first.range[0] - lineStart(first.range[0]);
      if (!onlyBlankBefore(first.range[0], true)) return undefined;
      const lastEnd = valueEnd((last.value ?? last.key) as Node, (last.key as Node).range![1]);
      return { start: lineEndAt(lastEnd - 1), end: lineEndAt(lastEnd - 1), newText: `${eol}${' '.repeat(indent)}${pairText}` };
    },
    appendSeqItem: (seq, itemText) => {
      if (isFlow(seq)) {
        const close = closingBracket(seq);
        if (text[close] !== ']') return undefined;
        return { start: close, end: close, newText: seq.items.length > 0 ? `, ${itemText}` : itemText };
      }
      const last = seq.items[seq.items.length - 1] as Node | undefined;
      if (!last?.range) return undefined;
      const firstItem = seq.items[0] as Node;
      const dash = text.lastIndexOf('-', firstItem.range![0]);
      if (dash < 0 || !onlyBlankBefore(dash)) return undefined;
      const indent = dash - lineStart(dash);
      const lastEnd = valueEnd(last, last.range[1]);
      return { start: lineEndAt(lastEnd - 1), end: lineEndAt(lastEnd - 1), newText: `${eol}${' '.repeat(indent)}- ${itemText}` };
    },
    lineOf: (node) => src.positionAt(node.range?.[0] ?? 0).line + 1,
  };

  /** A value of a service reached through `web: *other` is not local to `web`. */
  function withLocality(found: Located | undefined, service: Service): Located | undefined {
    if (!found || service.local) return found;
    return { ...found, at: service.key, local: false };
  }

  return ctx;
}

export { isMap, isScalar, isSeq, keyName };
