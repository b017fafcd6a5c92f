import { isHere, NginxContext } from '../../core/nginx/context';
import { argRange, blockItems, Directive, nameRange } from '../../core/nginx/tree';
import type { Range } from '../../core/types';
import { defineNginxRule } from '../define';
import { checkedNamedAny } from './_common';
import { parseRegex, sampleMatches } from './_regex';
import { ifCondition } from './_variables';

/** A well-formed http(s) origin or referer: scheme, host with a dot, optional port, then the end, `/` or `?`. */
const WELL_FORMED = /^(https?):\/\/(?:[^/.]*\.){0,10}([^/.]*\.[^/]{2,7})(?::\d*)?(?:\/|\?|$)/;
/** The attacker's domain the samples are completed with. */
const ATTACKER = 'evil.com';

export interface OriginVerdict {
  /** Accepted values whose host the attacker can own, or that are not an origin at all. */
  untrusted: string[];
  /** Accepted values on plain http. */
  plainHttp: string[];
}

/**
 * What a regex meant to recognise trusted origins also lets through. Samples are built with "/" wherever the regex
 * lets the client choose, then completed the way an attacker would: an unanchored start gets `http://evil.com/`
 * in front, an unanchored end gets `.evil.com` after the host.
 */
export function judgeOriginRegex(source: string, caseInsensitive: boolean): OriginVerdict | undefined {
  const re = parseRegex(source, { caseInsensitive });
  if (!re) return undefined;
  const verdict: OriginVerdict = { untrusted: [], plainHttp: [] };
  for (const sample of sampleMatches(re, '/')) {
    let v = sample.startsWith('^') ? sample.slice(1) : `http://${ATTACKER}/${sample}`;
    if (v.endsWith('$')) v = v.slice(0, -1);
    else if (!v.endsWith('/')) v += '.' + ATTACKER;
    const m = WELL_FORMED.exec(v);
    if (!m || m[2] === ATTACKER) verdict.untrusted.push(v);
    else if (m[1] === 'http') verdict.plainHttp.push(v);
  }
  return verdict;
}

/** A regex test of a variable; `range` says where to report it (made only for the variables the rule judges). */
interface Check { variable: string; operator: string; regex: string; range: () => Range | undefined }

/** `if ($http_origin ~ re)` conditions and regex entries of `map $http_origin $x { ~re ...; }`. */
function checks(ctx: NginxContext, d: Directive): Check[] {
  if (d.name === 'if') {
    const c = ifCondition(d);
    if (!c.variable || !c.operator || c.value === undefined || !/^!?~\*?$/.test(c.operator)) return [];
    const op = d.args.indexOf(c.operator);
    const range = (): Range | undefined => (isHere(ctx, d) && op >= 0 && op + 1 < d.args.length ? argRange(d, op + 1) : ctx.locate(d));
    return [{ variable: c.variable, operator: c.operator, regex: c.value, range }];
  }
  if (d.name === 'map' && d.children && d.args.length >= 2) {
    return blockItems(d).filter((e) => e.name.startsWith('~')).map((e) => {
      const insensitive = e.name.startsWith('~*');
      return {
        variable: d.args[0], operator: insensitive ? '~*' : '~', regex: e.name.slice(insensitive ? 2 : 1),
        range: () => (isHere(ctx, e) ? nameRange(e) : ctx.locate(e)),
      };
    });
  }
  return [];
}

export default defineNginxRule({
  id: 'nginx/origins',
  severity: 'error',
  description: 'A regex that checks Origin or Referer also accepts domains an attacker can own.',
  tags: ['security', 'cors', 'gixy'],
  sources: ['gixy origins', 'PortSwigger Web Security Academy: CORS, "Errors parsing Origin headers"'],
  fix: 'none',
  profile: 'recommended',
  messages: {
    untrusted: 'This regex accepts {example} as a trusted {what}: an unescaped `.` matches any character and an unanchored start or end lets any prefix or suffix through, so an attacker\'s site passes the check. Escape dots and anchor both ends, e.g. `^https://(www\\.)?example\\.com$`.',
    whatOrigin: 'origin',
    whatReferrer: 'referrer',
    plainHttp: 'This regex also accepts the {what} {example} on plain http, which anyone on the network path can forge. Accept https only.',
  },
}, (ctx, report) => {
  for (const d of checkedNamedAny(ctx, ['if', 'map'])) {
    for (const c of checks(ctx, d)) {
      const variable = c.variable.toLowerCase();
      if (variable !== '$http_origin' && variable !== '$http_referer') continue;
      const range = c.range();
      if (!range) continue;
      const verdict = judgeOriginRegex(c.regex, c.operator.endsWith('*'));
      if (!verdict) continue;
      const origin = variable === '$http_origin';
      const what = { messageId: origin ? 'whatOrigin' : 'whatReferrer' };
      if (verdict.untrusted.length > 0) {
        report({
          messageId: 'untrusted', data: { example: JSON.stringify(verdict.untrusted[0]), what }, range,
          severity: origin ? 'error' : 'warning',
        });
      } else if (verdict.plainHttp.length > 0) {
        report({
          messageId: 'plainHttp', data: { example: JSON.stringify(verdict.plainHttp[0]), what }, range,
          severity: 'warning', strictOnly: true,
        });
      }
    }
  }
});
