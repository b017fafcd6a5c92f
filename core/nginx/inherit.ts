// Which directives are in effect for a block, following nginx's configuration merge (ngx_http_*_merge_loc_conf):
// a level (http → server → location → nested location / `if` in location / limit_except) inherits a setting from
// the nearest enclosing level that has it, unless it sets it itself. For array settings (`add_header`,
// `proxy_set_header`, `allow`/`deny`, ...) a level's own entries replace the parent's whole list — the
// "add_header in a location drops the server's security headers" trap; `add_header_inherit merge|off`
// (nginx ≥ 1.29.3) changes that for headers and trailers.
import { childContext, defaultValue, NginxContext } from './directives';
import { blockItems, Directive, isConfig, NginxConfig } from './tree';

export type Scope = Directive | NginxConfig;

/** Contexts that are configuration levels, i.e. have their own merged settings. */
const LEVELS: ReadonlySet<NginxContext> = new Set([
  'main', 'http', 'server', 'location', 'if in location', 'limit_except', 'stream', 'stream server', 'mail', 'mail server',
]);

/**
 * Directives stored in one setting: a level with any of them replaces the parent's whole setting
 * (`deny all;` alone in a location drops the server's `allow` lines too).
 */
const SHARED_SETTINGS: readonly (readonly string[])[] = [
  ['allow', 'deny'],
  ['root', 'alias'],
  ['ssl_certificate', 'ssl_certificate_key'],
  ['xslt_param', 'xslt_string_param'],
];

/**
 * Settings that are lists inherited all-or-nothing: the nginx docs say "inherited from the previous configuration
 * level if and only if there are no X directives defined on the current level" (reference §4), plus the lists
 * whose merge code does the same.
 */
const LIST_SETTINGS: ReadonlySet<string> = new Set([
  'add_header', 'add_trailer', 'allow', 'deny', 'error_page', 'error_log_tag', 'fastcgi_param', 'grpc_set_header',
  'limit_conn', 'limit_req', 'proxy_set_header', 'scgi_param', 'ssl_conf_command', 'sub_filter', 'uwsgi_param',
  'xslt_param', 'xslt_string_param', 'access_log', 'error_log', 'index', 'ssl_certificate', 'ssl_certificate_key',
  'proxy_hide_header', 'proxy_pass_header', 'fastcgi_hide_header', 'fastcgi_pass_header', 'uwsgi_hide_header',
  'uwsgi_pass_header', 'scgi_hide_header', 'scgi_pass_header', 'grpc_hide_header', 'grpc_pass_header',
  'proxy_set_body', 'mirror', 'types', 'proxy_redirect', 'proxy_cookie_domain', 'proxy_cookie_path',
  'proxy_cookie_flags',
]);

/**
 * Directives that act only where they are written: handlers, the rewrite module, server identity. A nested
 * location without `proxy_pass` is not proxied; a server's `return` is not copied into its locations (it runs
 * before location matching instead — a rule about redirects must look at the server level itself).
 */
const LOCAL: ReadonlySet<string> = new Set([
  'listen', 'server_name', 'location', 'if', 'limit_except', 'return', 'rewrite', 'set', 'break', 'try_files',
  'proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass', 'stub_status', 'internal',
  'empty_gif', 'api', 'status', 'include', 'server', 'upstream', 'map', 'geo', 'split_clients', 'charset_map',
  'http', 'events', 'stream', 'mail', 'perl', 'js_content', 'flv', 'mp4', 'hls', 'f4f', 'random_index',
]);

export type Inheritance = 'list' | 'value' | 'local';

/** How a directive passes from a level to the levels inside it. */
export function inheritanceOf(name: string): Inheritance {
  if (LOCAL.has(name)) return 'local';
  return LIST_SETTINGS.has(name) ? 'list' : 'value';
}

/** The directive names stored in the same setting as `name` (`allow` → allow, deny). */
export function settingNames(name: string): readonly string[] {
  return SHARED_SETTINGS.find((g) => g.includes(name)) ?? [name];
}

export interface EffectiveValue {
  name: string;
  /** The directives in effect, in the order nginx applies them; empty when the default holds. Shared: do not modify. */
  directives: Directive[];
  /** Where the first of them is written. */
  level?: Scope;
  /** True when the setting comes from an enclosing level rather than the scope asked about. */
  inherited: boolean;
  /** nginx's documented default, when no directive is in effect. */
  default?: string;
}

/** The context of the settings a scope holds: a block's content, or the config's top level. */
export function scopeContext(scope: Scope): NginxContext {
  return isConfig(scope) ? scope.rootContext : childContext(scope.name, scope.context);
}

/** The enclosing configuration levels of a scope, innermost first, starting with the scope itself if it is one. */
export function levels(scope: Scope): Scope[] {
  if (isConfig(scope)) return LEVELS.has(scope.rootContext) ? [scope] : [];
  let out = levelChains.get(scope);
  if (!out) {
    const own = LEVELS.has(childContext(scope.name, scope.context));
    const outer = scope.parent ? levels(scope.parent) : [];
    out = own ? [scope, ...outer] : outer;
    levelChains.set(scope, out);
  }
  return out;
}

const levelChains = new WeakMap<Directive, Scope[]>();

// The tree does not change once loaded: index each level's directives by name on first use.
interface LevelIndex { items: Directive[]; byName: Map<string, Directive[]> }
const indexes = new WeakMap<Scope, LevelIndex>();

function levelIndex(scope: Scope): LevelIndex {
  let index = indexes.get(scope);
  if (!index) {
    const items = blockItems(scope);
    index = { items, byName: new Map() };
    for (let i = 0; i < items.length; i++) {
      const d = items[i];
      const list = index.byName.get(d.name);
      if (list) list.push(d); else index.byName.set(d.name, [d]);
    }
    indexes.set(scope, index);
  }
  return index;
}

/**
 * The directives of `names` written directly at a level (includes expanded, nested blocks not entered), in reading
 * order. Shared: do not modify.
 */
export function ownDirectives(scope: Scope, names: readonly string[]): Directive[] {
  const index = levelIndex(scope);
  if (names.length === 1) return index.byName.get(names[0]) ?? [];
  let found = 0;
  for (const n of names) if (index.byName.has(n)) found++;
  if (found === 0) return [];
  if (found === 1) for (const n of names) { const list = index.byName.get(n); if (list) return list.slice(); }
  return index.items.filter((d) => names.includes(d.name));
}

/**
 * The setting `name` in effect for a scope (a server, location, `if`, limit_except block, or the config's top level
 * for main-level directives), with the directives that set it. For `add_header`/`add_trailer` the
 * `add_header_inherit`/`add_trailer_inherit` switch is honoured.
 */
export function effective(scope: Scope, name: string): Readonly<EffectiveValue> {
  let memo = effectiveMemo.get(scope);
  if (!memo) effectiveMemo.set(scope, memo = new Map());
  let value = memo.get(name);
  if (!value) memo.set(name, value = computeEffective(scope, name));
  return value;
}

const effectiveMemo = new WeakMap<Scope, Map<string, EffectiveValue>>();

function computeEffective(scope: Scope, name: string): EffectiveValue {
  const names = settingNames(name);
  const chain = inheritanceOf(name) === 'local' ? levels(scope).slice(0, 1) : levels(scope);
  const inheritSwitch = name === 'add_header' ? 'add_header_inherit' : name === 'add_trailer' ? 'add_trailer_inherit' : undefined;
  const directives: Directive[] = [];
  let level: Scope | undefined;
  for (let i = 0; i < chain.length; i++) {
    const own = ownDirectives(chain[i], names);
    const mode = inheritSwitch ? effective(chain[i], inheritSwitch).directives[0]?.args[0] ?? 'on' : 'on';
    if (own.length > 0) {
      directives.push(...own);
      level ??= chain[i];
      if (mode !== 'merge') break;
    } else if (mode === 'off') break;
  }
  const result: EffectiveValue = { name, directives, level, inherited: level !== undefined && level !== chain[0] };
  if (directives.length === 0) result.default = defaultValue(name, scopeContext(scope));
  return result;
}

/**
 * For a scope that sets `name` itself: the directives of the enclosing levels that stop applying because of it
 * (the server's `add_header X-Frame-Options` silently gone in a location that adds one header of its own).
 */
export function droppedByRedefinition(scope: Scope, name: string): Directive[] {
  const chain = levels(scope);
  if (chain.length < 2 || ownDirectives(chain[0], settingNames(name)).length === 0) return [];
  const here = new Set(effective(chain[0], name).directives);
  return effective(chain[1], name).directives.filter((d) => !here.has(d));
}
