// Extracts the directive table hardlint needs from @nginx/reference-lib (1.7 MB of docs) into a small JSON file,
// core/nginx/directives.json, committed so that start-up never loads the whole reference.
//   node scripts/gen-nginx-directives.mjs          writes the file
//   node scripts/gen-nginx-directives.mjs --check  fails when the committed file is out of date
// Argument counts are derived from the documented syntax; OVERRIDES lists where nginx's own command flags
// (checked against nginx 1.22 `nginx -t`) differ from what the syntax line says.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { Format, getDirectives } from '@nginx/reference-lib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'core/nginx/directives.json');
const require = createRequire(import.meta.url);
const libVersion = require('@nginx/reference-lib/package.json').version;

/** nginx command flags where the syntax line is not precise enough: [min, max] (null = no limit). */
const OVERRIDES = {
  // `if (...)` is split into words: `($a`, `=`, `b)`.
  if: [1, null],
  // "[SSLv2] [SSLv3] ..." reads as 0..6, nginx wants at least one (NGX_CONF_1MORE); the same for the
  // grpc_/proxy_/uwsgi_ variants.
  ssl_protocols: [1, null],
  grpc_ssl_protocols: [1, null],
  proxy_ssl_protocols: [1, null],
  uwsgi_ssl_protocols: [1, null],
  // "off | none | [builtin[:size]] [shared:name:size]": one or two words.
  ssl_session_cache: [1, 2],
  ssl_ocsp_cache: [1, 1],
  // Before 1.7.5 it took `on`; nginx still accepts one word.
  stub_status: [0, 1],
  // "address [parameters]": the parameters are several words.
  server: [0, null],
  // NGX_CONF_1MORE / 2MORE where the syntax line shows a fixed shape.
  access_log: [1, null],
  error_log: [1, null],
  log_format: [2, null],
  proxy_cache_path: [2, null],
  fastcgi_cache_path: [2, null],
  scgi_cache_path: [2, null],
  uwsgi_cache_path: [2, null],
  resolver: [1, null],
  ssl_conf_command: [2, 2],
  limit_except: [1, null],
  gzip_types: [1, null],
  ssi_types: [1, null],
  sub_filter_types: [1, null],
  addition_types: [1, null],
  charset_types: [1, null],
  xslt_types: [1, null],
  index: [1, null],
  valid_referers: [1, null],
  try_files: [2, null],
  open_file_cache: [1, 2],
};

/** Defaults nginx applies that the docs' default line does not show. */
const DEFAULT_OVERRIDES = {
  // ngx_http_proxy_module.c ngx_http_proxy_headers: Host and Connection are always set unless overridden.
  proxy_set_header: 'Host $proxy_host; Connection close',
};

function protocolOf(module, contexts) {
  if (module.startsWith('ngx_http_') || module === 'ngx_otel_module') return 'http';
  if (module.startsWith('ngx_stream_')) return 'stream';
  if (module.startsWith('ngx_mail_')) return 'mail';
  return contexts.includes('http') ? 'http' : 'core';
}

/** The docs' context words → hardlint's context names (plain names are http; stream/mail ones are prefixed). */
function contextsOf(module, words) {
  const protocol = protocolOf(module, words);
  const out = new Set();
  for (const w of words) {
    if (w === '') return ['*'];
    if (w === 'if') { out.add('if in server'); out.add('if in location'); continue; }
    if ((w === 'server' || w === 'upstream' || w === 'map' || w === 'match') && (protocol === 'stream' || protocol === 'mail')) {
      out.add(`${protocol} ${w}`);
      continue;
    }
    out.add(w);
  }
  return [...out];
}

// ---- argument counts from the markdown syntax line -------------------------------------------------------------

function lex(syntax) {
  const tokens = [];
  let i = 0;
  while (i < syntax.length) {
    const c = syntax[i];
    if (c === ' ') { tokens.push({ t: 'ws' }); while (syntax[i] === ' ') i++; continue; }
    if (syntax.startsWith('*`', i)) {
      const end = syntax.indexOf('`*', i + 2);
      tokens.push({ t: 'atom', v: syntax.slice(i + 2, end) });
      i = end + 2;
      continue;
    }
    if (c === '`') {
      const end = syntax.indexOf('`', i + 1);
      const v = syntax.slice(i + 1, end);
      tokens.push(v === '{...}' ? { t: 'block' } : { t: 'atom', v });
      i = end + 1;
      continue;
    }
    if (syntax.startsWith('...', i)) { tokens.push({ t: 'more' }); i += 3; continue; }
    if (c === '[' || c === ']' || c === '|') { tokens.push({ t: c }); i++; continue; }
    tokens.push({ t: 'atom', v: c });
    i++;
  }
  return tokens;
}

/** Parses `alt := seq ('|' seq)*`, `seq := word (ws word)*`, `word := (atom | '[' alt ']')+`; returns [min, max]. */
function argRange(syntax) {
  const tokens = lex(syntax.trim());
  let pos = 0;
  const peek = () => tokens[pos];

  function alt() {
    let range = seq();
    while (peek() && peek().t === '|') {
      pos++;
      const r = seq();
      range = [Math.min(range[0], r[0]), Math.max(range[1], r[1])];
    }
    return range;
  }
  function seq() {
    let min = 0;
    let max = 0;
    for (;;) {
      while (peek() && peek().t === 'ws') {
        // ` | ` separates alternatives; a blank before it belongs to no word.
        const next = tokens[pos + 1];
        if (next && next.t === '|') { pos++; return [min, max]; }
        pos++;
      }
      const t = peek();
      if (!t || t.t === ']' || t.t === '|') return [min, max];
      if (t.t === 'more') { pos++; max = Infinity; continue; }
      if (t.t === 'block') { pos++; continue; }
      const r = word();
      min += r[0];
      max += r[1];
    }
  }
  function word() {
    let glued = false;
    let range = [0, 0];
    let parts = 0;
    while (peek() && (peek().t === 'atom' || peek().t === '[')) {
      parts++;
      if (peek().t === 'atom') { glued = true; pos++; continue; }
      pos++; // [
      const r = alt();
      if (peek() && peek().t === ']') pos++;
      range = parts === 1 ? [0, r[1]] : range;
      if (parts > 1) glued = true;
    }
    // An optional group glued to text (`address[:port]`, `gzip[=level]`) is part of one word.
    if (glued) return [1, 1];
    return range;
  }
  return alt();
}

function merge(a, b) {
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

const table = {};
for (const d of getDirectives(Format.Markdown)) {
  let range = d.syntax.length ? d.syntax.map(argRange).reduce(merge) : [0, 0];
  if (OVERRIDES[d.name]) {
    const [min, max] = OVERRIDES[d.name];
    range = [min, max === null ? Infinity : max];
    // An upstream `server` takes one address and parameters; the block `server {}` takes none.
    if (d.name === 'server') range = d.isBlock ? [0, 0] : [1, Infinity];
  }
  const entry = {
    module: d.module,
    contexts: contextsOf(d.module, d.contexts),
    block: d.isBlock,
    args: [range[0], range[1] === Infinity ? null : range[1]],
  };
  const def = DEFAULT_OVERRIDES[d.name] ?? d.default;
  if (def) entry.default = def.replace(/\s+/g, ' ').trim();
  (table[d.name] ??= []).push(entry);
}

const json = JSON.stringify({ source: `@nginx/reference-lib ${libVersion}`, directives: table }) + '\n';
if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(out, 'utf8'); } catch { /* missing */ }
  if (current !== json) {
    console.error(`${path.relative(root, out)} is out of date: run node scripts/gen-nginx-directives.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(out, json);
  console.log(`wrote ${path.relative(root, out)}: ${Object.keys(table).length} names, ${json.length} bytes`);
}
