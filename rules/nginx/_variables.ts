// What an nginx variable can hold at a given directive, for the rules that follow client input into a URL or a
// header (nginx/http-splitting, nginx/ssrf). Values come from built-in variables the client controls ($uri, $arg_*,
// $http_*), regex captures (location ~, rewrite, if ~), and `set`: the configuration is walked in reading order,
// each block seeing what was defined before it in its enclosing blocks (an `if` shares its location's variables,
// as at run time).
import type { NginxContext } from '../../core/nginx/context';
import type { Directive, NginxConfig } from '../../core/nginx/tree';
import { lowerCase } from './_common';
import { canContain as regexCanContain, CharSet, mustContain as regexMustContain, parseRegex, ParsedRegex, RegexNode } from './_regex';

export interface Variable {
  /** `uri`, `1`, `path`; undefined for a literal piece of a script. */
  name?: string;
  /** A literal piece of a script (`http://` in `http://$host`). */
  literal?: string;
  /** The pattern the value matches, for built-ins and captures. */
  pattern?: { re: ParsedRegex; node: RegexNode };
  /** Characters the value can never hold, whatever the pattern says (rewrite captures hold no whitespace). */
  excluded?: CharSet;
  /** The pieces of a `set` value. */
  parts?: Variable[];
  /** The directive that defines it (a `set`, a regex location). */
  provider?: Directive;
}

/** Whether the client can make the value hold `char`. Literal text of the configuration never counts. */
export function canContain(v: Variable, char: string): boolean {
  if (v.excluded?.has(char.charCodeAt(0))) return false;
  if (v.pattern) return regexCanContain(v.pattern.re, v.pattern.node, char);
  if (v.parts) return v.parts.some((p) => canContain(p, char));
  return false;
}

/** Whether the value always holds `char` (a `/` that ends the host part of a URL). */
export function mustContain(v: Variable, char: string): boolean {
  if (v.pattern) return regexMustContain(v.pattern.re, v.pattern.node, char);
  if (v.parts) return v.parts.some((p) => mustContain(p, char));
  return v.literal !== undefined && v.literal.includes(char);
}

/** The directives that define a variable, then those of the variables it is made of. */
export function providers(v: Variable): Directive[] {
  const out: Directive[] = v.provider ? [v.provider] : [];
  for (const p of v.parts ?? []) out.push(...providers(p));
  return [...new Set(out)];
}

// ---- built-in variables ----------------------------------------------------------------------------------------

/**
 * Built-in variables whose value the client chooses, with what it can hold. Names ending in `_` are prefixes
 * ($arg_name, $http_name). $uri is decoded, so `%0d%0a` in the request becomes CR LF in it; $request_uri, $args and
 * $arg_* are the raw request text, which cannot hold whitespace; header values cannot hold CR or LF.
 */
const CLIENT_VALUES: readonly [string, string][] = [
  ['uri', '/[\\s\\S]*'],
  ['document_uri', '/[\\s\\S]*'],
  ['request_uri', '/[^\\s]*'],
  ['args', '[^\\s]*'],
  ['query_string', '[^\\s]*'],
  ['arg_', '[^\\s&]*'],
  ['http_', '[^\\r\\n]*'],
  ['cookie_', '[^;\\r\\n]*'],
];

const clientPatterns = new Map<string, ParsedRegex>();
const builtins = new Map<string, Variable | undefined>();

/** What a built-in variable can hold; the same (read-only) Variable for every use of a name. */
function builtin(name: string): Variable | undefined {
  if (builtins.has(name)) return builtins.get(name);
  const v = describeBuiltin(name);
  if (builtins.size > 10_000) builtins.clear();
  builtins.set(name, v);
  return v;
}

function describeBuiltin(name: string): Variable | undefined {
  for (const [key, source] of CLIENT_VALUES) {
    if (key.endsWith('_') ? name.startsWith(key) && name.length > key.length : name === key) {
      let re = clientPatterns.get(key);
      if (!re) clientPatterns.set(key, re = parseRegex(source)!);
      return { name, pattern: { re, node: re.root } };
    }
  }
  // Any other built-in ($host, $remote_addr, $scheme, ...) is validated or not chosen by the client.
  return isKnownBuiltin(name) ? { name } : undefined;
}

/** Built-in variables of the nginx modules (http core, upstream, ssl, proxy, ...): values the client cannot shape. */
const KNOWN_BUILTINS: ReadonlySet<string> = new Set([
  'host', 'hostname', 'remote_addr', 'remote_port', 'remote_user', 'binary_remote_addr', 'server_addr', 'server_port',
  'server_name', 'server_protocol', 'scheme', 'https', 'request_method', 'request', 'request_id', 'request_length',
  'request_time', 'request_body', 'request_body_file', 'request_completion', 'request_filename', 'realpath_root',
  'document_root', 'content_type', 'content_length', 'is_args', 'status', 'body_bytes_sent', 'bytes_sent',
  'connection', 'connection_requests', 'connection_time', 'msec', 'time_local', 'time_iso8601', 'nginx_version',
  'pid', 'pipe', 'limit_rate', 'proxy_host', 'proxy_port', 'proxy_add_x_forwarded_for', 'fastcgi_script_name',
  'fastcgi_path_info', 'http2', 'http3', 'slice_range', 'gzip_ratio', 'invalid_referer', 'ancient_browser',
  'modern_browser', 'msie', 'memcached_key', 'date_local', 'date_gmt', 'protocol',
]);

/** Families of built-ins named by a prefix and at least one more name character (`ssl_protocol`, `upstream_addr`). */
const KNOWN_BUILTIN_PREFIXES: readonly string[] = [
  'proxy_protocol_', 'realip_remote_', 'ssl_', 'upstream_', 'sent_http_', 'sent_trailer_', 'geoip_', 'geoip2_', 'jwt_',
  'uid_', 'tcpinfo_', 'connections_', 'session_', 'mqtt_', 'otel_',
];

/** Families whose bare prefix is a built-in too (`$secure_link`, `$secure_link_expires`, `$spdy`). */
const KNOWN_BUILTIN_STEMS: readonly string[] = ['secure_link', 'spdy'];

/** A set and prefix lists rather than one large regex, whose compilation a single CLI run would pay. */
function isKnownBuiltin(name: string): boolean {
  // Variable names hold only letters, digits and `_`: any rest after a prefix is name characters.
  if (KNOWN_BUILTINS.has(name)) return true;
  for (const p of KNOWN_BUILTIN_PREFIXES) if (name.length > p.length && name.startsWith(p)) return true;
  for (const p of KNOWN_BUILTIN_STEMS) if (name.startsWith(p)) return true;
  return false;
}

// ---- scripts -------------------------------------------------------------------------------------------------------

/** nginx's variable syntax in a value (ngx_http_script_compile): `$name`, `${name}`, and `$1`..`$9`. */
//   $(?:([1-9])|([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z0-9_]+)\})
const isNameStart = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 0x30 && c <= 0x39);

/** The end of the run of name characters starting at `from`. */
function nameEnd(value: string, from: number): number {
  let q = from;
  while (q < value.length && isNameChar(value.charCodeAt(q))) q++;
  return q;
}

/**
 * The variables known at one point of the configuration. Immutable: a definition makes a new environment that
 * points to the previous one, so the environment seen by every directive can be kept cheaply.
 */
export interface Environment {
  /** The latest named definition, linked to the earlier ones. */
  readonly named?: NamedBinding;
  /** The numbered captures of the last regex that matched ($1..$9); replaced as a whole by the next regex. */
  readonly captures?: Captures;
}

/**
 * A regex's numbered captures, as variables made on first use: most environments are never asked about them (a
 * configuration has a regex location in every server, few directives that read `$1`).
 */
interface Captures {
  readonly re: ParsedRegex;
  readonly provider: Directive;
  readonly excluded: CharSet | undefined;
  variables: Map<number, Variable> | undefined;
}


interface NamedBinding { readonly name: string; readonly variable: Variable; readonly previous?: NamedBinding }

/**
 * The records of this walk are class instances, not object literals: V8 may allocate the objects of a literal that
 * usually survives straight in the old generation, and an old object pointing to a young directive (a provider)
 * keeps a lint's whole tree alive through young-generation collections.
 */
class Env implements Environment {
  constructor(readonly named: NamedBinding | undefined, readonly captures: Captures | undefined) {}
}

class Binding implements NamedBinding {
  constructor(readonly name: string, readonly variable: Variable, readonly previous: NamedBinding | undefined) {}
}

class RegexCaptures implements Captures {
  variables: Map<number, Variable> | undefined = undefined;

  constructor(readonly re: ParsedRegex, readonly provider: Directive, readonly excluded: CharSet | undefined) {}
}

/** A variable defined by the configuration (`provider`), with the pattern or the pieces of its value. */
class Defined implements Variable {
  constructor(
    readonly name: string,
    readonly provider: Directive,
    readonly pattern: { re: ParsedRegex; node: RegexNode } | undefined,
    readonly excluded: CharSet | undefined,
    readonly parts: Variable[] | undefined,
  ) {}
}

const EMPTY: Environment = new Env(undefined, undefined);

const bind = (env: Environment, name: string, variable: Variable): Environment =>
  new Env(new Binding(name, variable, env.named), env.captures);

/** Capture `n` ($1..$9) of the last regex that matched. */
function captured(env: Environment, n: number): Variable | undefined {
  const c = env.captures;
  if (c === undefined) return undefined;
  let variables = c.variables;
  if (!variables) {
    const { re, excluded, provider } = c;
    variables = new Map<number, Variable>();
    variables.set(0, new Defined('0', provider, { re, node: re.root }, excluded, undefined));
    for (const [key, node] of re.groups) {
      if (typeof key === 'number' && key <= 9) variables.set(key, new Defined(String(key), provider, { re, node }, excluded, undefined));
    }
    c.variables = variables;
  }
  return variables.get(n);
}

/**
 * A value as a list of literal pieces and variables. Variables nginx would not know (a typo, a module this model
 * does not cover) are left out: nothing can be said about them.
 */
export function compileScript(value: string, env: Environment): Variable[] {
  if (!value.includes('$')) return value.length > 0 ? [{ literal: value }] : [];
  const out: Variable[] = [];
  let last = 0;
  // VARIABLE_REF, read by hand: every `$`-value of a large configuration goes through here.
  for (let p = value.indexOf('$'); p !== -1;) {
    const c = value.charCodeAt(p + 1);
    let end = -1;
    let capture = 0;
    let name = '';
    if (c >= 0x31 && c <= 0x39) {
      capture = c - 0x30;
      end = p + 2;
    } else if (isNameStart(c)) {
      end = nameEnd(value, p + 2);
      name = value.slice(p + 1, end);
    } else if (c === 0x7b) {
      const close = nameEnd(value, p + 2);
      if (close > p + 2 && value.charCodeAt(close) === 0x7d) {
        name = value.slice(p + 2, close);
        end = close + 1;
      }
    }
    if (end < 0) {
      p = value.indexOf('$', p + 1);
      continue;
    }
    if (p > last) out.push({ literal: value.slice(last, p) });
    last = end;
    const v = capture > 0 ? captured(env, capture) : lookup(env, lowerCase(name));
    if (v) out.push(v);
    p = value.indexOf('$', end);
  }
  if (last < value.length) out.push({ literal: value.slice(last) });
  return out;
}

function lookup(env: Environment, name: string): Variable | undefined {
  for (let b = env.named; b; b = b.previous) if (b.name === name) return b.variable;
  return builtin(name);
}

// ---- definitions ---------------------------------------------------------------------------------------------------

/** Captures of a rewrite cannot hold whitespace: nginx splits the rewritten URI on it. */
const NO_WHITESPACE = CharSet.of(' \t\r\n\f\v');

/** The regex of a `location ~ re` / `location ~* re` / `location ~re`, with its case sensitivity. */
export function locationRegex(d: Directive): { source: string; caseInsensitive: boolean } | undefined {
  const [a, b] = d.args;
  if (d.args.length === 2 && (a === '~' || a === '~*')) return { source: b, caseInsensitive: a === '~*' };
  if (d.args.length === 1 && a.startsWith('~')) {
    const insensitive = a.startsWith('~*');
    return { source: a.slice(insensitive ? 2 : 1), caseInsensitive: insensitive };
  }
  return undefined;
}

/** The parts of an `if (...)` condition: `($a ~ re)` → variable, operator, value. */
export function ifCondition(d: Directive): { variable?: string; operator?: string; value?: string } {
  const args = [...d.args];
  if (args.length > 0) args[0] = args[0].replace(/^\(/, '');
  if (args.length > 0) {
    const lastIndex = args.length - 1;
    args[lastIndex] = args[lastIndex].replace(/\)$/, '');
    if (args[lastIndex] === '' && args.length > 1) args.pop();
  }
  if (args.length > 0 && args[0] === '') args.shift();
  if (args.length === 1) return { variable: args[0] };
  if (args.length === 2) return { operator: args[0], value: args[1] };
  if (args.length >= 3) return { variable: args[0], operator: args[1], value: args.slice(2).join(' ') };
  return {};
}

function withCaptures(env: Environment, re: ParsedRegex, provider: Directive, excluded?: CharSet): Environment {
  // A regex that matches replaces all numbered captures; its named captures are variables of their own.
  let out: Environment = new Env(env.named, new RegexCaptures(re, provider, excluded));
  for (const [key, node] of re.groups) {
    if (typeof key !== 'number') out = bind(out, key.toLowerCase(), new Defined(key, provider, { re, node }, excluded, undefined));
  }
  return out;
}

const hasTilde = (arg: string): boolean => arg.includes('~');

const strip = (name: string): string => name.replace(/^\$/, '').replace(/^\{(.*)\}$/, '$1').toLowerCase();

/** The environment after directive `d` (before its block, if any, is entered). */
function define(d: Directive, env: Environment): Environment {
  switch (d.name) {
    case 'location': {
      const r = locationRegex(d);
      const re = r && parseRegex(r.source, { caseInsensitive: r.caseInsensitive });
      return re ? withCaptures(env, re, d) : env;
    }
    case 'rewrite': {
      const re = d.args.length >= 2 ? parseRegex(d.args[0]) : undefined;
      return re ? withCaptures(env, re, d, NO_WHITESPACE) : env;
    }
    case 'if': {
      // Only `~` and `~*` conditions capture: most `if`s have no `~` at all.
      if (!d.args.some(hasTilde)) return env;
      const c = ifCondition(d);
      if (c.value === undefined || (c.operator !== '~' && c.operator !== '~*')) return env;
      const re = parseRegex(c.value, { caseInsensitive: c.operator === '~*' });
      return re ? withCaptures(env, re, d) : env;
    }
    case 'set':
    case 'auth_request_set':
      if (d.args.length < 2) return env;
      return bind(env, strip(d.args[0]), new Defined(strip(d.args[0]), d, undefined, undefined, compileScript(d.args[1], env)));
    case 'perl_set':
    case 'js_set':
    case 'set_by_lua':
    case 'set_by_lua_block':
    case 'set_by_lua_file':
      return d.args.length >= 1 ? bind(env, strip(d.args[0]), new Defined(strip(d.args[0]), d, undefined, undefined, undefined)) : env;
    case 'map':
      // A map's value is one of the configuration's own strings (variables in them are not followed).
      return d.args.length >= 2 ? bind(env, strip(d.args[1]), new Defined(strip(d.args[1]), d, undefined, undefined, undefined)) : env;
    case 'geo': {
      if (d.args.length < 1) return env;
      const target = strip(d.args[d.args.length - 1]);
      return bind(env, target, new Defined(target, d, undefined, undefined, undefined));
    }
    case 'root':
      if (d.args.length < 1) return env;
      return bind(env, 'document_root', new Defined('document_root', d, undefined, undefined, compileScript(d.args[0], env)));
  }
  return env;
}

/** Blocks whose content is data (map entries, types), not directives. */
const DATA_BLOCKS: ReadonlySet<string> = new Set(['map', 'geo', 'types', 'split_clients', 'charset_map', 'match']);

/** The directives that use a variable (a `$` in an argument) and the variables known at each, in reading order. */
interface VariableUses { directives: Directive[]; environments: Environment[] }

/** The key of the variable uses among the lint's memos (NginxContext.memo). */
const USES = {};

const refersToVariable = (d: Directive): boolean => {
  for (let i = 0; i < d.args.length; i++) if (d.args[i].includes('$')) return true;
  return false;
};

/**
 * The variables known at each directive of the configuration that refers to one, in reading order: a block starts
 * from what its parent knew at its line; an `if` block's definitions stay in effect after it (it is not a scope at
 * run time); a regex location's captures exist inside it only. Computed once per lint (walkWithVariables).
 */
function variableUses(config: NginxConfig): VariableUses {
  const found: VariableUses = { directives: Array.of<Directive>(), environments: Array.of<Environment>() };
  walkItems(config.directives, EMPTY, found);
  return found;
}

/**
 * Walks a block's items as nginx sees them (each `include` replaced by its files' directives), recording the
 * directives that use a variable; returns the environment after the block. A module function, not a closure: V8's
 * optimized code embeds the closures it calls, and with them one lint's tree.
 */
function walkItems(items: Directive[], start: Environment, found: VariableUses): Environment {
  let env = start;
  for (let i = 0; i < items.length; i++) {
    const d = items[i];
    if (d.include) {
      const targets = d.include.targets;
      for (let t = 0; t < targets.length; t++) env = walkItems(targets[t].directives, env, found);
      continue;
    }
    const after = define(d, env);
    if (d.name === 'location' && d.children) {
      record(d, after, found);
      walkItems(d.children, after, found);
      continue;
    }
    env = after;
    record(d, env, found);
    if (d.children && !DATA_BLOCKS.has(d.name)) {
      const inner = walkItems(d.children, env, found);
      if (d.name === 'if') env = inner;
    }
  }
  return env;
}

function record(d: Directive, env: Environment, found: VariableUses): void {
  if (!refersToVariable(d)) return;
  found.directives.push(d);
  found.environments.push(env);
}

/**
 * Visits every directive of the lint's configuration that refers to a variable (a `$` in an argument) with the
 * variables known at it.
 */
export function walkWithVariables(ctx: NginxContext, visit: (d: Directive, env: Environment) => void): void {
  const { directives, environments } = ctx.memo(USES, () => variableUses(ctx.config));
  for (let i = 0; i < directives.length; i++) visit(directives[i], environments[i]);
}
