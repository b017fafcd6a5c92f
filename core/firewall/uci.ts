// OpenWrt UCI files (/etc/config/firewall, upnpd, dropbear) and shell-style KEY=VALUE files (/etc/default/ufw,
// /etc/ufw/ufw.conf), with the exact span of every value.
import type { Span } from './model';

export interface UciValue {
  value: string;
  /** The whole value as written, quotes included. */
  span: Span;
  /** The value without its quotes (where a replacement goes). */
  inner: Span;
  /** The whole `option key value` line, without its EOL. */
  line: Span;
  /** Offset of the line's start and of the end of its EOL (for deleting the line). */
  lineStart: number;
  lineEnd: number;
}

export interface UciSection {
  type: string;
  name?: string;
  /** The `config type 'name'` line. */
  header: Span;
  options: Map<string, UciValue>;
  lists: Map<string, UciValue[]>;
  /** Offset after the section's last line (EOL included), where a new option can go. */
  end: number;
  /** Indentation of its options (a tab when it has none). */
  indent: string;
}

export interface UciFile { sections: UciSection[] }

/** Splits `text` into words with spans; quotes (' or ") group and are removed; `#` at a word's start ends the line. */
function words(text: string, start: number, end: number): { value: string; span: Span; inner: Span }[] {
  const out: { value: string; span: Span; inner: Span }[] = [];
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '#') break;
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      const stop = close === -1 || close > end ? end : close;
      out.push({ value: text.slice(i + 1, stop), span: { start: i, end: Math.min(stop + 1, end) }, inner: { start: i + 1, end: stop } });
      i = stop + 1;
      continue;
    }
    let j = i;
    while (j < end && text[j] !== ' ' && text[j] !== '\t' && text[j] !== '\r') j++;
    out.push({ value: text.slice(i, j), span: { start: i, end: j }, inner: { start: i, end: j } });
    i = j;
  }
  return out;
}

export function parseUci(text: string): UciFile {
  const sections: UciSection[] = [];
  let current: UciSection | undefined;
  let pos = 0;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    const lineEnd = eol === -1 ? text.length : eol + 1;
    if (eol === -1) eol = text.length;
    const w = words(text, pos, eol);
    const lineSpan = { start: pos, end: text[eol - 1] === '\r' ? eol - 1 : eol };
    if (w.length > 0) {
      if (w[0].value === 'config') {
        current = {
          type: w[1]?.value ?? '', name: w[2]?.value, header: { start: w[0].span.start, end: (w[2] ?? w[1] ?? w[0]).span.end },
          options: new Map(), lists: new Map(), end: lineEnd, indent: '\t',
        };
        sections.push(current);
      } else if ((w[0].value === 'option' || w[0].value === 'list') && current && w[1]) {
        const v = w[2] ?? { value: '', span: { start: w[1].span.end, end: w[1].span.end }, inner: { start: w[1].span.end, end: w[1].span.end } };
        const entry: UciValue = { value: v.value, span: v.span, inner: v.inner, line: lineSpan, lineStart: pos, lineEnd };
        if (w[0].value === 'option') current.options.set(w[1].value, entry);
        else current.lists.set(w[1].value, [...(current.lists.get(w[1].value) ?? []), entry]);
        if (current.options.size + current.lists.size === 1) current.indent = text.slice(pos, w[0].span.start);
        current.end = lineEnd;
      }
    }
    pos = lineEnd;
  }
  return { sections };
}

/** UCI booleans: 1/0, on/off, true/false, yes/no, enabled/disabled. */
export function uciBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (['1', 'on', 'true', 'yes', 'enabled'].includes(v)) return true;
  if (['0', 'off', 'false', 'no', 'disabled'].includes(v)) return false;
  return undefined;
}

// ---- KEY=VALUE files -------------------------------------------------------------------------------------------

export interface KeyValue { key: string; value: string; keySpan: Span; span: Span; inner: Span }

export function parseKeyValues(text: string): Map<string, KeyValue> {
  const out = new Map<string, KeyValue>();
  const re = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=([^\r\n]*)$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const keyStart = m.index + m[0].indexOf(m[1]);
    let valueStart = keyStart + m[1].length + 1;
    let raw = m[2];
    // A trailing comment after blanks is not part of the value.
    const comment = /[ \t]+#.*$/.exec(raw);
    if (comment && !/^["']/.test(raw)) raw = raw.slice(0, comment.index);
    let inner = { start: valueStart, end: valueStart + raw.length };
    let value = raw;
    const q = /^(["'])(.*?)\1/.exec(raw);
    if (q) {
      value = q[2];
      inner = { start: valueStart + 1, end: valueStart + 1 + q[2].length };
      raw = q[0];
    } else value = raw.trim();
    const end = valueStart + raw.length;
    valueStart = Math.min(valueStart, end);
    out.set(m[1], { key: m[1], value, keySpan: { start: keyStart, end: keyStart + m[1].length }, span: { start: valueStart, end }, inner });
  }
  return out;
}
