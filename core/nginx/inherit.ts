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
  let names = settingGroups.get(name);
  if (!names) settingGroups.set(name, names = SHARED_SETTINGS.find((g) => g.includes(name)) ?? [name]);
  return names;
}

const settingGroups = new Map<string, readonly string[]>();

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
  const facts = factsOf(scope);
  let out = facts.levels;
  if (!out) {
    if (isConfig(scope)) out = LEVELS.has(scope.rootContext) ? Array.of<Scope>(scope) : Array.of<Scope>();
    else {
      const own = LEVELS.has(childContext(scope.name, scope.context));
      const outer = scope.parent ? levels(scope.parent) : [];
      // concat makes the list at its size (pushing onto a one-item list grows it to 17 slots).
      if (own) out = outer.length === 0 ? Array.of<Scope>(scope) : Array.of<Scope>(scope).concat(outer);
      else out = outer;
    }
    facts.levels = out;
  }
  return out;
}

/**
 * What this module works out about a scope, kept on the scope itself (the tree does not change once loaded; a
 * side table would cost a lookup per question, and every rule asks).
 */
export interface ScopeFacts {
  levels: Scope[] | undefined;
  /** Its items with includes expanded, when it has an include (otherwise its children are the items). */
  expanded: Directive[] | undefined;
  /** Its items by name, for levels too large to search directly. */
  byName: Map<string, Directive[]> | undefined;
  /** `effective()` answers, in the order asked (a few per scope; each holds the setting name asked about). */
  settings: EffectiveValue[] | undefined;
}

function factsOf(scope: Scope): ScopeFacts {
  return scope.facts ??= new Facts();
}

/**
 * ScopeFacts as a class, and its lists made with Array.of: V8 may allocate objects of a literal that usually
 * survives straight in the old generation, and an old object pointing to young directives keeps the whole tree of a
 * lint alive through young-generation collections.
 */
class Facts implements ScopeFacts {
  levels: Scope[] | undefined = undefined;
  expanded: Directive[] | undefined = undefined;
  byName: Map<string, Directive[]> | undefined = undefined;
  settings: EffectiveValue[] | undefined = undefined;
}

/** The items of a large level by name, indexed on first use. */
function itemsByName(scope: Scope, items: Directive[]): Map<string, Directive[]> {
  const facts = factsOf(scope);
  let index = facts.byName;
  if (!index) {
    index = new Map();
    for (let i = 0; i < items.length; i++) {
      const d = items[i];
      const list = index.get(d.name);
      if (list) list.push(d); else index.set(d.name, Array.of(d));
    }
    facts.byName = index;
  }
  return index;
}

/**
 * `blockItems(scope)`: the level's children, or when it has an include, its children with the included files'
 * directives in place (made once). Do not modify.
 */
function ownItems(scope: Scope): Directive[] {
  const list = isConfig(scope) ? scope.directives : scope.children ?? NONE;
  for (let i = 0; i < list.length; i++) {
    if (!list[i].include) continue;
    const facts = factsOf(scope);
    return facts.expanded ??= blockItems(scope);
  }
  return list;
}

/** Levels up to this many items are searched directly: cheaper than indexing them (most locations hold a few). */
const SCANNED_LEVEL = 16;

/**
 * The directives of `names` written directly at a level (includes expanded, nested blocks not entered), in reading
 * order. Shared: do not modify.
 */
export function ownDirectives(scope: Scope, names: readonly string[]): Directive[] {
  const items = ownItems(scope);
  if (items.length <= SCANNED_LEVEL) {
    // Counted first: the answer is usually empty or one directive, and an array grown by push holds 17 slots.
    let count = 0;
    let first = -1;
    for (let i = 0; i < items.length; i++) {
      const d = items[i];
      if (names.length === 1 ? d.name === names[0] : names.includes(d.name)) {
        if (count++ === 0) first = i;
      }
    }
    if (count === 0) return NONE;
    if (count === 1) return Array.of(items[first]);
    // A copy of `count` items, then overwritten: a list of the right size (pushing would grow it to 17 slots).
    const found = items.slice(first, first + count);
    let k = 0;
    for (let i = first; k < count; i++) {
      const d = items[i];
      if (names.length === 1 ? d.name === names[0] : names.includes(d.name)) found[k++] = d;
    }
    return found;
  }
  const index = itemsByName(scope, items);
  if (names.length === 1) return index.get(names[0]) ?? NONE;
  let only: Directive[] = NONE;
  let found = 0;
  for (let i = 0; i < names.length; i++) {
    const list = index.get(names[i]);
    if (list) { found++; only = list; }
  }
  if (found <= 1) return only;
  // Several of the names at this level: in reading order.
  return items.filter((d) => names.includes(d.name));
}

/** The empty list, shared like the others. */
const NONE: Directive[] = [];

/**
 * The setting `name` in effect for a scope (a server, location, `if`, limit_except block, or the config's top level
 * for main-level directives), with the directives that set it. For `add_header`/`add_trailer` the
 * `add_header_inherit`/`add_trailer_inherit` switch is honoured.
 */
export function effective(scope: Scope, name: string): Readonly<EffectiveValue> {
  const facts = factsOf(scope);
  const known = facts.settings;
  if (known) for (let i = 0; i < known.length; i++) if (known[i].name === name) return known[i];
  // (Computing may ask about other settings of this scope first: add the answer after.)
  const value = computeEffective(scope, name);
  if (facts.settings) facts.settings.push(value);
  else facts.settings = Array.of(value);
  return value;
}

function computeEffective(scope: Scope, name: string): EffectiveValue {
  const names = settingNames(name);
  const chain = levels(scope);
  // A directive that acts only where it is written is looked up at the scope's own level.
  const depth = inheritanceOf(name) === 'local' ? Math.min(1, chain.length) : chain.length;
  const inheritSwitch = name === 'add_header' ? 'add_header_inherit' : name === 'add_trailer' ? 'add_trailer_inherit' : undefined;
  let directives: Directive[] = NONE;
  let level: Scope | undefined;
  for (let i = 0; i < depth; i++) {
    const own = ownDirectives(chain[i], names);
    const mode = inheritSwitch ? effective(chain[i], inheritSwitch).directives[0]?.args[0] ?? 'on' : 'on';
    if (own.length > 0) {
      // The level's own list as is, unless `merge` adds the enclosing levels' lines to it.
      directives = level === undefined ? own : directives.concat(own);
      level ??= chain[i];
      if (mode !== 'merge') break;
    } else if (mode === 'off') break;
  }
  if (level === undefined) return unsetValue(name, scopeContext(scope));
  return new Effective(name, directives, level, level !== chain[0], undefined);
}

/** EffectiveValue as a class (see Facts). */
class Effective implements EffectiveValue {
  declare readonly name: string;
  declare readonly directives: Directive[];
  declare readonly level: Scope | undefined;
  declare readonly inherited: boolean;
  declare readonly default: string | undefined;

  constructor(name: string, directives: Directive[], level: Scope | undefined, inherited: boolean, byDefault: string | undefined) {
    this.name = name;
    this.directives = directives;
    this.level = level;
    this.inherited = inherited;
    this.default = byDefault;
  }
}

/** Answers for a setting no level sets, by name and context: the same for every scope (most questions get one). */
const unsetValues = new Map<string, Map<NginxContext, EffectiveValue>>();

function unsetValue(name: string, context: NginxContext): EffectiveValue {
  let byContext = unsetValues.get(name);
  if (!byContext) {
    if (unsetValues.size > 10_000) unsetValues.clear();
    unsetValues.set(name, byContext = new Map());
  }
  let value = byContext.get(context);
  if (!value) {
    byContext.set(context, value = new Effective(name, NONE, undefined, false, defaultValue(name, context)));
  }
  return value;
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
