// Shared reading of nginx servers for the TLS/HTTPS/header rules: listen sockets, TLS, redirects, headers.
import { headRange, insertSetting, isHere, NginxContext } from '../../core/nginx/context';
import { effective, levels, ownDirectives, Scope } from '../../core/nginx/inherit';
import { Directive, NginxConfig, nameRange } from '../../core/nginx/tree';
import { checkedNamed, lowerCase } from './_common';
import type { Range, TextEdit } from '../../core/types';

export interface Listen {
  directive: Directive;
  /** Host part (`*` when only a port is given, `unix:...` for a socket). */
  address: string;
  port: number | undefined;
  ssl: boolean;
  quic: boolean;
}

/** Parses `listen [addr:]port [params]` / `listen addr` / `listen unix:path`. */
export function parseListen(d: Directive): Listen {
  const spec = d.args[0] ?? '';
  let address = '*';
  let port: number | undefined = 80;
  if (spec.startsWith('unix:')) {
    address = spec;
    port = undefined;
  } else if (spec.startsWith('[')) {
    const close = spec.indexOf(']');
    address = spec.slice(0, close + 1);
    const rest = spec.slice(close + 1);
    port = rest.startsWith(':') ? Number(rest.slice(1)) : 80;
  } else if (/^\d+$/.test(spec)) {
    port = Number(spec);
  } else {
    const colon = spec.lastIndexOf(':');
    if (colon >= 0) {
      address = spec.slice(0, colon);
      port = Number(spec.slice(colon + 1));
    } else address = spec;
  }
  // Flags come after the address.
  return new ListenSocket(d, address, port, d.args.indexOf('ssl', 1) > 0, d.args.indexOf('quic', 1) > 0);
}

/**
 * Listen as a class (and the other per-lint records of this file): V8 may allocate the objects of a literal that
 * usually survives straight in the old generation, and an old object pointing to young directives keeps a lint's
 * whole tree alive through young-generation collections.
 */
class ListenSocket implements Listen {
  constructor(readonly directive: Directive, readonly address: string, readonly port: number | undefined, readonly ssl: boolean, readonly quic: boolean) {}
}

/**
 * What these helpers work out about a directive, kept on it for the lint (Directive.notes; a WeakMap would keep the
 * lint's tree alive through young-generation collections).
 */
interface Notes {
  listens: Listen[] | undefined;
  acme: boolean | undefined;
  redirects: boolean | undefined;
  noContent: boolean | undefined;
  headers: HeaderSetting[] | undefined;
  deep: Directive[] | undefined;
}

function notesOf(d: Directive | NginxConfig): Notes {
  return (d.notes ??= new DirectiveNotes()) as Notes;
}

class DirectiveNotes implements Notes {
  listens: Listen[] | undefined = undefined;
  acme: boolean | undefined = undefined;
  redirects: boolean | undefined = undefined;
  noContent: boolean | undefined = undefined;
  headers: HeaderSetting[] | undefined = undefined;
  deep: Directive[] | undefined = undefined;
}

const LISTEN = ['listen'];

/** The server's listen sockets (includes expanded); nginx listens on *:80 when there is none. Shared: do not modify. */
export function listens(server: Directive): Listen[] {
  const notes = notesOf(server);
  return notes.listens ??= ownDirectives(server, LISTEN).map(parseListen);
}

export function isLoopback(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  return a === 'localhost' || a === '::1' || /^127\./.test(a) || a.startsWith('unix:');
}

/** `ssl on;` (removed in 1.25.1) makes every listen socket of the server TLS. */
function sslOn(server: Directive): boolean {
  const v = effective(server, 'ssl').directives[0];
  return v !== undefined && v.args[0] === 'on';
}

/** Whether the server terminates TLS on at least one socket. */
export function isTlsServer(server: Directive): boolean {
  return listens(server).some((l) => l.ssl || l.quic) || sslOn(server);
}

/** Listen sockets that speak plain HTTP on port 80 to the network (the default socket when none is written). */
export function plainPort80(server: Directive): { listens: Listen[]; implicit: boolean } {
  const all = listens(server);
  if (all.length === 0) return { listens: [], implicit: !sslOn(server) };
  if (sslOn(server)) return { listens: [], implicit: false };
  return { listens: all.filter((l) => l.port === 80 && !l.ssl && !l.quic && !isLoopback(l.address)), implicit: false };
}

/**
 * The `server` blocks (http, or also stream with `stream`) this lint reports on: the linted file's own and those of
 * included files hardlint does not lint on their own, each once even when included twice.
 */
export function serversToCheck(ctx: NginxContext, stream = false): readonly Directive[] {
  return ctx.memo(stream ? STREAM_SERVERS : HTTP_SERVERS, () => {
    const seen = new Set<Directive['statement']>();
    return checkedNamed(ctx, 'server').filter((s) => s.children
      && (s.context === 'http' || (stream && s.context === 'stream'))
      && !seen.has(s.statement) && seen.add(s.statement));
  });
}

/** Every rule about servers asks for the same lists: made once per lint. */
const HTTP_SERVERS = {};
const STREAM_SERVERS = {};

/** `range(d)` when `d` is in the linted file, else the include line that brings it in. */
export function rangeFor(ctx: NginxContext, d: Directive, range: (d: Directive) => Range): Range {
  return isHere(ctx, d) ? range(d) : ctx.locate(d) ?? nameRange(d);
}

/** The range a finding about a whole server goes on: its `server` keyword (or the include that brings it in). */
export const serverRange = (ctx: NginxContext, server: Directive): Range => rangeFor(ctx, server, nameRange);

// ---- redirects ---------------------------------------------------------------------------------------------------

const REDIRECT_CODES = new Set(['301', '302', '303', '307', '308']);

export type ReturnKind = 'https-redirect' | 'other-redirect' | 'reject' | 'content';

/** What a `return` or `rewrite` does to the request. */
export function classifyReturn(d: Directive): ReturnKind | undefined {
  if (d.name === 'return') {
    const [code, target] = d.args;
    if (code === undefined) return undefined;
    if (!/^\d+$/.test(code)) return isHttpsTarget(code) ? 'https-redirect' : 'other-redirect';
    if (REDIRECT_CODES.has(code)) return target !== undefined && isHttpsTarget(target) ? 'https-redirect' : 'other-redirect';
    const n = Number(code);
    if (n === 444 || (n >= 400 && n < 600)) return 'reject';
    return 'content';
  }
  if (d.name === 'rewrite') {
    const [, target, flag] = d.args;
    if (target === undefined) return undefined;
    const redirects = flag === 'redirect' || flag === 'permanent' || /^(https?:\/\/|\$scheme)/.test(target);
    if (!redirects) return undefined;
    return isHttpsTarget(target) ? 'https-redirect' : 'other-redirect';
  }
  return undefined;
}

/** `https://...`, or a target hidden in a variable (which we cannot judge, so we do not flag it). */
function isHttpsTarget(target: string): boolean {
  if (/^https:\/\//i.test(target)) return true;
  return target.startsWith('$') && !target.startsWith('$scheme');
}

/** A location for ACME HTTP-01 challenges, which must stay reachable over plain HTTP. */
export function isAcmeLocation(d: Directive): boolean {
  const notes = notesOf(d);
  return notes.acme ??= answersAcme(d);
}

function answersAcme(d: Directive): boolean {
  const args = d.args;
  const path = args[args.length - 1] ?? '';
  if (args.length === 1 || args[0] === '=' || args[0] === '^~') return path.startsWith('/.well-known/acme-challenge') || path === '/.well-known/' || path === '/.well-known';
  try {
    return new RegExp(path.replace(/\(\?<(\w+)>/g, '(?<$1>'), args[0] === '~*' ? 'i' : '').test('/.well-known/acme-challenge/token');
  } catch {
    return false;
  }
}

const ANSWERS = ['return', 'rewrite'];

/** What a block does with requests: its first own return/redirecting rewrite, if any. */
function blockOutcome(scope: Directive): ReturnKind | undefined {
  for (const d of ownDirectives(scope, ANSWERS)) {
    const kind = classifyReturn(d);
    if (kind) return kind;
  }
  return undefined;
}

const okOutcome = (k: ReturnKind | undefined): boolean => k === 'https-redirect' || k === 'reject';

/** A redirect wherever it points (`http://www.…`, `$scheme://…`), or a rejection: no page is sent. */
const noContent = (k: ReturnKind | undefined): boolean => k === 'https-redirect' || k === 'other-redirect' || k === 'reject';

/**
 * Whether the server sends every plain-HTTP request elsewhere: a server-level return/redirect (or one inside a
 * server-level `if`), or a `location /` that does so with every other location an ACME one or doing so too.
 */
export function redirectsEverything(server: Directive): boolean {
  const notes = notesOf(server);
  return notes.redirects ??= computeRedirectsEverything(server);
}

function computeRedirectsEverything(server: Directive): boolean {
  return answersEverything(server, okOutcome, 'https-redirect');
}

/**
 * Whether the server sends no content of its own: every request is redirected (to https or anywhere else, e.g. a
 * plain-HTTP `www.` redirect) or rejected, laid out as redirectsEverything expects. Such a server has no page to
 * protect with response headers.
 */
export function servesNoContent(server: Directive): boolean {
  const notes = notesOf(server);
  return notes.noContent ??= redirectsEverything(server) || answersEverything(server, noContent, 'other-redirect');
}

/**
 * A server-level return/redirect (or one inside a server-level `if`) whose outcome is `ok`, or a `location /` whose
 * outcome is, with every other location an ACME one or ok too. `ifOutcome` is what an `if` must do.
 */
function answersEverything(server: Directive, ok: (k: ReturnKind | undefined) => boolean, ifOutcome: ReturnKind): boolean {
  const serverLevel = blockOutcome(server);
  if (serverLevel !== undefined) return ok(serverLevel);
  const ifs = ownDirectives(server, IF);
  if (ifs.some((i) => blockOutcome(i) === ifOutcome)) return true;
  const locations = ownDirectives(server, LOCATION);
  const root = locations.find((l) => l.args.length === 1 && l.args[0] === '/');
  if (!root || !ok(blockOutcome(root))) return false;
  return locations.every((l) => l === root || isAcmeLocation(l) || ok(blockOutcome(l)));
}

const IF = ['if'];
const LOCATION = ['location'];

// ---- headers -----------------------------------------------------------------------------------------------------

export interface HeaderSetting {
  directive: Directive;
  name: string;
  /** The value as written (may hold variables). */
  value: string;
  /** The name in lower case, as headers are compared. */
  key: string;
}

/**
 * The response headers nginx adds for a scope: the `add_header` set in effect (inheritance applied) plus
 * headers-more's `more_set_headers` of the enclosing levels.
 */
export function headersFor(scope: Scope): readonly HeaderSetting[] {
  const notes = notesOf(scope);
  return notes.headers ??= computeHeaders(scope);
}

const MORE_SET_HEADERS = ['more_set_headers'];

function computeHeaders(scope: Scope): HeaderSetting[] {
  const out: HeaderSetting[] = effective(scope, 'add_header').directives
    .filter((d) => d.args.length >= 2)
    .map((d) => new Header(d, d.args[0], d.args[1]));
  for (const level of levels(scope)) {
    for (const d of ownDirectives(level, MORE_SET_HEADERS)) {
      for (const arg of d.args) {
        if (arg.startsWith('-')) continue;
        const colon = arg.indexOf(':');
        if (colon > 0) {
          const name = arg.slice(0, colon).trim();
          out.push(new Header(d, name, arg.slice(colon + 1).trim()));
        }
      }
    }
  }
  return out;
}

class Header implements HeaderSetting {
  readonly key: string;

  constructor(readonly directive: Directive, readonly name: string, readonly value: string) {
    this.key = lowerCase(name);
  }
}

export function findHeader(headers: readonly HeaderSetting[], name: string): HeaderSetting | undefined {
  const lower = lowerCase(name);
  for (let i = 0; i < headers.length; i++) if (headers[i].key === lower) return headers[i];
  return undefined;
}

/**
 * An edit adding an `add_header` line so that `scope` gets it without losing the headers it inherits: at the level
 * whose `add_header` lines are in effect, when that block is in the linted file (a new line at a level without any
 * would drop the inherited ones), else in the scope itself when nothing is inherited. Undefined when that level is in
 * another file.
 */
export function addHeaderEdit(ctx: NginxContext, scope: Directive, line: string): TextEdit | undefined {
  const current = effective(scope, 'add_header');
  if (current.directives.length === 0) return isHere(ctx, scope) ? insertSetting(ctx, scope, line) : undefined;
  // A new line at the level holding the lines in effect joins them (also when an include there holds them).
  const level = current.level;
  if (!level || !('statement' in level) || !isHere(ctx, level)) return undefined;
  return insertSetting(ctx, level, line);
}

/**
 * Directives of the server (includes expanded, nested blocks included), for "does it do X anywhere" questions.
 * Shared: do not modify.
 */
export function deepItems(scope: Directive): readonly Directive[] {
  const notes = notesOf(scope);
  return notes.deep ??= collectDeep(scope);
}

function collectDeep(scope: Directive): Directive[] {
  const out = Array.of<Directive>();
  // Each block's items as nginx sees them (an include replaced by its files' directives), then what they hold.
  const visit = (list: readonly Directive[]): void => {
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (d.include) {
        for (const t of d.include.targets) visit(t.directives);
        continue;
      }
      out.push(d);
      if (d.children) visit(d.children);
    }
  };
  visit(scope.children ?? []);
  return out;
}

export { headRange };

/** The `http` block enclosing a server when it is written in the linted file (where http-wide settings go). */
export function httpBlockHere(ctx: NginxContext, server: Directive): Directive | undefined {
  const http = server.parent;
  return http && http.name === 'http' && isHere(ctx, http) ? http : undefined;
}
