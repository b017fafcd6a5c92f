import type { Directive } from '../../core/nginx/tree';
import { defineNginxRule } from '../define';
import { checkedNamedAny, rangeOfArg } from './_common';

/** The header-value arguments of `add_header name value` and headers-more's `more_set_headers [-s ..] [-t ..] 'N: v'...`. */
function headerValues(d: Directive): number[] {
  if (d.name === 'add_header' || d.name === 'add_trailer') return d.args.length >= 2 ? [1] : [];
  const out: number[] = [];
  for (let i = 0; i < d.args.length; i++) {
    const a = d.args[i];
    if (a === '-s' || a === '-t') i++; // status codes or content types, not a header
    else if (!a.startsWith('-')) out.push(i);
  }
  return out;
}

const HEADER_DIRECTIVES: ReadonlySet<string> = new Set(['add_header', 'add_trailer', 'more_set_headers', 'more_set_input_headers']);

export default defineNginxRule({
  id: 'nginx/add-header-multiline',
  severity: 'info',
  description: 'A header value spans several lines.',
  tags: ['correctness', 'headers', 'gixy'],
  sources: ['gixy add_header_multiline', 'RFC 9112 §5.2 (obsolete line folding)'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    folded: 'This header value continues on the next line. nginx sends the line break as is, as obsolete "line folding" that RFC 9112 lets clients reject and some (Edge, IE) never understood. Write the value on one line.',
    broken: 'This header value holds a line break that is not followed by a space or tab: nginx sends it as is and the rest becomes a separate, forged header line (or a broken response). Write the value on one line.',
  },
}, (ctx, report) => {
  for (const d of checkedNamedAny(ctx, HEADER_DIRECTIVES)) {
    for (const i of headerValues(d)) {
      const value = d.args[i];
      if (!/[\r\n]/.test(value)) continue;
      const range = rangeOfArg(ctx, d, i);
      if (!range) continue;
      // A line break followed by a space or tab is a fold; any other is a new header line.
      const folded = /^(?:[^\r\n]|\r?\n[ \t])*$/.test(value);
      report({ messageId: folded ? 'folded' : 'broken', range, severity: folded ? 'info' : 'error' });
      break;
    }
  }
});
