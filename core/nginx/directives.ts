// What nginx knows about each directive: allowed contexts, argument counts, block or not, documented default.
// The table is extracted from @nginx/reference-lib by scripts/gen-nginx-directives.mjs into directives.json
// (120 KB instead of the 1.7 MB reference, which costs ~25 ms to import) and indexed on first use.
import table from './directives.json';

/**
 * Where a directive sits. Plain names are the http module's contexts (`server` is an http server); stream and
 * mail contexts are prefixed. `if in server` / `if in location` are `if` blocks in a server or a location.
 * Blocks whose content is not directives (map, types, geo, ...) and blocks nginx does not document (third-party
 * modules) are `opaque`: their entries are not checked against the table.
 */
export type NginxContext =
  | 'main' | 'events' | 'http' | 'server' | 'location' | 'if in server' | 'if in location' | 'limit_except'
  | 'upstream' | 'stream' | 'stream server' | 'stream upstream' | 'mail' | 'mail server'
  | 'mgmt' | 'oidc_provider' | 'acme_issuer'
  | 'opaque';

export interface DirectiveSpec {
  name: string;
  /** nginx module, e.g. `ngx_http_headers_module`, or `Core functionality`. */
  module: string;
  /** Contexts the directive is allowed in; `*` for `include`, which nginx accepts everywhere. */
  contexts: readonly (NginxContext | '*')[];
  /** Takes a `{ ... }` block instead of ending with `;`. */
  block: boolean;
  minArgs: number;
  /** Infinity when nginx takes any number. */
  maxArgs: number;
  /** The documented default, whitespace collapsed; undefined when there is none. */
  default?: string;
}

interface RawEntry { module: string; contexts: string[]; block: boolean; args: (number | null)[]; default?: string }

/** Where the reference-lib table comes from (package and version), for docs and reports. */
export const DIRECTIVE_TABLE_SOURCE: string = table.source;

let index: Map<string, DirectiveSpec[]> | undefined;

function specs(): Map<string, DirectiveSpec[]> {
  if (index) return index;
  index = new Map();
  const raw = table.directives as Record<string, RawEntry[]>;
  for (const name of Object.keys(raw)) {
    index.set(name, raw[name].map((e) => ({
      name,
      module: e.module,
      contexts: e.contexts as DirectiveSpec['contexts'],
      block: e.block,
      minArgs: e.args[0] ?? 0,
      maxArgs: e.args[1] ?? Infinity,
      default: e.default,
    })));
  }
  return index;
}

/** Every documented variant of a directive (http/stream/mail modules may each define one). */
export function directiveSpecs(name: string): readonly DirectiveSpec[] {
  return specs().get(name) ?? [];
}

/** Every documented directive name. */
export function directiveNames(): IterableIterator<string> {
  return specs().keys();
}

/** nginx matches directive names case-sensitively. */
export function isKnown(name: string): boolean {
  return specs().has(name);
}

/**
 * The table's own string for a documented directive name, else `name`: every `server` of a file then shares one
 * string, which later comparisons and lookups find by identity (and a parse keeps one copy instead of thousands).
 */
export function canonicalName(name: string): string {
  const found = specs().get(name);
  return found === undefined ? name : found[0].name;
}

const variantsIn = new Map<string, Map<NginxContext, DirectiveSpec | undefined>>();

/** The variant of `name` that applies in `context`, if the directive is allowed there. */
export function specIn(name: string, context: NginxContext): DirectiveSpec | undefined {
  // Asked for every directive of every file: remembered per name and context.
  let byContext = variantsIn.get(name);
  if (!byContext) {
    if (variantsIn.size > 10_000) variantsIn.clear();
    variantsIn.set(name, byContext = new Map());
  }
  if (byContext.has(context)) return byContext.get(context);
  const spec = directiveSpecs(name).find((s) => s.contexts.includes('*') || s.contexts.includes(context));
  byContext.set(context, spec);
  return spec;
}

/** Whether nginx accepts `name` in `context`. Opaque contexts (map entries, third-party blocks) accept anything. */
export function allowedIn(name: string, context: NginxContext): boolean {
  if (context === 'opaque') return true;
  return specIn(name, context) !== undefined;
}

/** Whether `n` arguments are valid for `name` (in `context` when given, else in any of its variants). */
export function argCountOk(name: string, n: number, context?: NginxContext): boolean {
  const candidates = context && context !== 'opaque' && specIn(name, context) ? [specIn(name, context)!] : directiveSpecs(name);
  return candidates.some((s) => n >= s.minArgs && n <= s.maxArgs);
}

/** Whether `name` takes a block (in `context` when given); undefined for unknown directives. */
export function isBlockDirective(name: string, context?: NginxContext): boolean | undefined {
  const candidates = context && specIn(name, context) ? [specIn(name, context)!] : directiveSpecs(name);
  if (candidates.length === 0) return undefined;
  return candidates.some((s) => s.block);
}

/** The documented default of `name` in `context` (`server_tokens` → `on`). */
export function defaultValue(name: string, context: NginxContext): string | undefined {
  return (specIn(name, context) ?? directiveSpecs(name)[0])?.default;
}

/** The link to the directive's section of the nginx documentation. */
export function docsUrl(spec: DirectiveSpec): string {
  if (spec.module === 'Core functionality') return `https://nginx.org/en/docs/ngx_core_module.html#${spec.name}`;
  const area = spec.module.startsWith('ngx_stream_') ? 'stream/' : spec.module.startsWith('ngx_mail_') ? 'mail/'
    : spec.module.startsWith('ngx_http_') ? 'http/' : '';
  return `https://nginx.org/en/docs/${area}${spec.module}.html#${spec.name}`;
}

/** Block directives whose body nginx reads with a custom handler: their entries are not directives. */
const OPAQUE_BLOCKS: ReadonlySet<string> = new Set([
  'map', 'geo', 'types', 'split_clients', 'charset_map', 'match', 'keyval_zone',
]);

/** The context of the directives inside a `name { ... }` block that sits in `parent`. */
export function childContext(name: string, parent: NginxContext): NginxContext {
  if (OPAQUE_BLOCKS.has(name)) return 'opaque';
  switch (parent) {
    case 'main':
      if (name === 'events' || name === 'http' || name === 'stream' || name === 'mail' || name === 'mgmt') return name;
      return 'opaque';
    case 'http':
      if (name === 'server' || name === 'upstream' || name === 'oidc_provider' || name === 'acme_issuer') return name;
      return 'opaque';
    case 'server':
      if (name === 'location') return 'location';
      if (name === 'if') return 'if in server';
      return 'opaque';
    case 'location':
      if (name === 'location') return 'location';
      if (name === 'if') return 'if in location';
      if (name === 'limit_except') return 'limit_except';
      return 'opaque';
    case 'stream':
      if (name === 'server') return 'stream server';
      if (name === 'upstream') return 'stream upstream';
      return 'opaque';
    case 'mail':
      return name === 'server' ? 'mail server' : 'opaque';
    default:
      return 'opaque';
  }
}

/** Third-party modules common in distributions (Debian libnginx-mod-*, OpenResty) that the reference lacks. */
const THIRD_PARTY: readonly [RegExp, string][] = [
  [/_by_lua(_block|_file)?$|^lua_/, 'lua-nginx-module'],
  [/^(more_set_headers|more_clear_headers|more_set_input_headers|more_clear_input_headers)$/, 'headers-more-nginx-module'],
  [/^brotli/, 'ngx_brotli'],
  [/^echo(_|$)/, 'echo-nginx-module'],
  [/^geoip2?(_|$)/, 'ngx_http_geoip2_module'],
  [/^modsecurity/, 'ModSecurity-nginx'],
  [/^passenger_/, 'Phusion Passenger'],
  [/^pagespeed$/, 'ngx_pagespeed'],
  [/^vhost_traffic_status/, 'nginx-module-vts'],
  [/^(auth_pam|auth_pam_service_name)$/, 'ngx_http_auth_pam_module'],
  [/^(dav_ext_methods|dav_ext_lock|dav_ext_lock_zone)$/, 'nginx-dav-ext-module'],
  [/^(upload_progress|track_uploads|report_uploads)$/, 'nginx-upload-progress-module'],
  [/^(subs_filter|subs_filter_types)$/, 'ngx_http_substitutions_filter_module'],
  [/^(fancyindex)/, 'ngx-fancyindex'],
  [/^(rtmp|application|live|record)$/, 'nginx-rtmp-module'],
  [/^(njs_|js_)/, 'njs'],
];

/** The third-party module a directive most likely comes from, for names the nginx reference does not document. */
export function thirdPartyModule(name: string): string | undefined {
  for (const [re, module] of THIRD_PARTY) if (re.test(name)) return module;
  return undefined;
}
