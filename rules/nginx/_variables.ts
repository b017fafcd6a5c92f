// What an nginx variable can hold at a given directive, for the rules that follow client input into a URL or a
// header (nginx/http-splitting, nginx/ssrf). Values come from built-in variables the client controls ($uri, $arg_*,
// $http_*), regex captures (location ~, rewrite, if ~), and `set`: the configuration is walked in reading order,
// each block seeing what was defined before it in its enclosing blocks (an `if` shares its location's variables,
// as at run time).
import type { Directive, NginxConfig } from '../../core/nginx/tree';
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
  return KNOWN_BUILTINS.test(name) ? { name } : undefined;
}

/** Built-in variables of the nginx modules (http core, upstream, ssl, proxy, ...): values the client cannot shape. */
const KNOWN_BUILTINS = new RegExp('^(?:' + [
  'host', 'hostname', 'remote_addr', 'remote_port', 'remote_user', 'binary_remote_addr', 'server_addr', 'server_port',
  'server_name', 'server_protocol', 'scheme', 'https', 'request_method', 'request', 'request_id', 'request_length',
  'request_time', 'request_body', 'request_body_file', 'request_completion', 'request_filename', 'realpath_root',
  'document_root', 'content_type', 'content_length', 'is_args', 'status', 'body_bytes_sent', 'bytes_sent',
  'connection', 'connection_requests', 'connection_time', 'msec', 'time_local', 'time_iso8601', 'nginx_version',
  'pid', 'pipe', 'limit_rate', 'proxy_host', 'proxy_port', 'proxy_add_x_forwarded_for', 'proxy_protocol_\\w+',
  'realip_remote_\\w+', 'fastcgi_script_name', 'fastcgi_path_info', 'http2', 'http3', 'ssl_\\w+', 'upstream_\\w+',
  'sent_http_\\w+', 'sent_trailer_\\w+', 'geoip_\\w+', 'geoip2_\\w+', 'jwt_\\w+', 'secure_link\\w*', 'slice_range',
  'uid_\\w+', 'gzip_ratio', 'invalid_referer', 'ancient_browser', 'modern_browser', 'msie', 'tcpinfo_\\w+',
  'memcached_key', 'date_local', 'date_gmt', 'connections_\\w+', 'session_\\w+', 'protocol',
  'mqtt_\\w+', 'otel_\\w+', 'spdy\\w*',
].join('|') + ')$');

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
  /** Numbered captures of the last regex that matched ($1..$9); replaced as a whole by the next regex. */
  readonly indexed: ReadonlyMap<number, Variable>;
}

interface NamedBinding { readonly name: string; readonly variable: Variable; readonly previous?: NamedBinding }

const EMPTY: Environment = { indexed: new Map() };

const bind = (env: Environment, name: string, variable: Variable): Environment =>
  ({ named: { name, variable, previous: env.named }, indexed: env.indexed });

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
    const v = capture > 0 ? env.indexed.get(capture) : lookup(env, name.toLowerCase());
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
  // A regex that matches replaces all numbered captures.
  const indexed = new Map<number, Variable>([[0, { name: '0', pattern: { re, node: re.root }, excluded, provider }]]);
  let out: Environment = { named: env.named, indexed };
  for (const [key, node] of re.groups) {
    const v: Variable = { name: String(key), pattern: { re, node }, excluded, provider };
    if (typeof key === 'number') {
      if (key <= 9) indexed.set(key, v);
    } else out = bind(out, key.toLowerCase(), v);
  }
  return out;
}

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
      const c = ifCondition(d);
      if (c.value === undefined || (c.operator !== '~' && c.operator !== '~*')) return env;
      const re = parseRegex(c.value, { caseInsensitive: c.operator === '~*' });
      return re ? withCaptures(env, re, d) : env;
    }
    case 'set':
    case 'auth_request_set':
      if (d.args.length < 2) return env;
      return bind(env, strip(d.args[0]), { name: strip(d.args[0]), parts: compileScript(d.args[1], env), provider: d });
    case 'perl_set':
    case 'js_set':
    case 'set_by_lua':
    case 'set_by_lua_block':
    case 'set_by_lua_file':
      return d.args.length >= 1 ? bind(env, strip(d.args[0]), { name: strip(d.args[0]), provider: d }) : env;
    case 'map':
      // A map's value is one of the configuration's own strings (variables in them are not followed).
      return d.args.length >= 2 ? bind(env, strip(d.args[1]), { name: strip(d.args[1]), provider: d }) : env;
    case 'geo': {
      if (d.args.length < 1) return env;
      const target = strip(d.args[d.args.length - 1]);
      return bind(env, target, { name: target, provider: d });
    }
    case 'root':
      if (d.args.length < 1) return env;
      return bind(env, 'document_root', { name: 'document_root', parts: compileScript(d.args[0], env), provider: d });
  }
  return env;
}

/** Blocks whose content is data (map entries, types), not directives. */
const DATA_BLOCKS: ReadonlySet<string> = new Set(['map', 'geo', 'types', 'split_clients', 'charset_map', 'match']);

/** The directives that use a variable (a `$` in an argument) and the variables known at each, in reading order. */
interface VariableUses { directives: Directive[]; environments: Environment[] }

const uses = new WeakMap<NginxConfig, VariableUses>();

const refersToVariable = (d: Directive): boolean => {
  for (let i = 0; i < d.args.length; i++) if (d.args[i].includes('$')) return true;
  return false;
};

/**
 * The variables known at each directive of the configuration that refers to one, in reading order: a block starts
 * from what its parent knew at its line; an `if` block's definitions stay in effect after it (it is not a scope at
 * run time); a regex location's captures exist inside it only. Computed once per loaded configuration.
 */
function variableUses(config: NginxConfig): VariableUses {
  let out = uses.get(config);
  if (out) return out;
  const found: VariableUses = { directives: [], environments: [] };
  const record = (d: Directive, env: Environment): void => {
    if (!refersToVariable(d)) return;
    found.directives.push(d);
    found.environments.push(env);
  };
  // Walks a block's items as nginx sees them (each `include` replaced by its files' directives).
  const go = (items: Directive[], start: Environment): Environment => {
    let env = start;
    for (let i = 0; i < items.length; i++) {
      const d = items[i];
      if (d.include) {
        const targets = d.include.targets;
        for (let t = 0; t < targets.length; t++) env = go(targets[t].directives, env);
        continue;
      }
      const after = define(d, env);
      if (d.name === 'location' && d.children) {
        record(d, after);
        go(d.children, after);
        continue;
      }
      env = after;
      record(d, env);
      if (d.children && !DATA_BLOCKS.has(d.name)) {
        const inner = go(d.children, env);
        if (d.name === 'if') env = inner;
      }
    }
    return env;
  };
  go(config.directives, EMPTY);
  uses.set(config, out = found);
  return out;
}

/** Visits every directive that refers to a variable (a `$` in an argument) with the variables known at it. */
export function walkWithVariables(config: NginxConfig, visit: (d: Directive, env: Environment) => void): void {
  const { directives, environments } = variableUses(config);
  for (let i = 0; i < directives.length; i++) visit(directives[i], environments[i]);
}
