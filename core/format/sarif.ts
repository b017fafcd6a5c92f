// `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it. URIs are relative to a source root (the git
// root) with uriBaseId %SRCROOT%, never absolute file:// URIs of the machine that ran the lint.
import type * as Crypto from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl, REPOSITORY_URL, VERSION } from '../docs';
import type { Finding, Range, RuleMeta, Severity } from '../types';
import { FileReport, toPosition1 } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** Every rule that can appear, in a stable order (results point into it by index). */
  rules: readonly RuleMeta[];
  /** Folder URIs are relative to (the git root, else the working directory). */
  sourceRoot: string;
  /** Markdown help for a rule (its doc page), when available. */
  ruleHelp?: (ruleId: string) => string | undefined;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** GitHub ranks alerts Critical ≥ 9, High ≥ 7, Medium ≥ 4, Low otherwise. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.5', warning: '5.0', info: '2.0' };

/** `sshd/permit-root-login` → `SshdPermitRootLogin` (SARIF wants a name distinct from the opaque id). */
export function ruleName(id: string): string {
  return id.split(/[/-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

const FIX_WORDS = { safe: 'safe (applied by --fix)', unsafe: 'unsafe (only with --fix --unsafe-fixes)', none: 'none' };

function sarifRule(meta: RuleMeta, help: string | undefined) {
  const url = docsUrl(meta.id);
  const tags = meta.tags.includes('security') ? meta.tags : ['security', ...meta.tags];
  const sources = meta.sources.join('; ');
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} Sources: ${sources}.` },
    helpUri: url,
    help: {
      text: `${meta.description} Fix: ${FIX_WORDS[meta.fix]}. Sources: ${sources}. Documentation: ${url}`,
      markdown: help ?? `${meta.description}\n\n**Fix:** ${FIX_WORDS[meta.fix]}\n\n**Sources:** ${sources}\n\n[Documentation](${url})`,
    },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags,
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[meta.severity],
      profile: meta.profile,
      fix: meta.fix,
    },
  };
}

function toUri(relative: string): string {
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}

function artifactLocation(absolute: string | undefined, display: string, sourceRoot: string) {
  if (!absolute) return { uri: toUri(display) };
  const rel = path.relative(sourceRoot, absolute);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: toUri(rel), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(absolute).href };
}

function region(range: Range) {
  const p = toPosition1(range);
  return { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
}

/**
 * A fingerprint that survives lines moving: rule, file and the flagged line's text (whitespace-normalised), plus
 * which occurrence of that triple it is.
 */
function fingerprinter() {
  // Loaded here, not with the module: only SARIF needs it, and loading it took 6 ms of every CLI run.
  const { createHash } = require('node:crypto') as typeof Crypto;
  const seen = new Map<string, number>();
  return (uri: string, lineText: string, ruleId: string): string => {
    const key = `${ruleId}\0${uri}\0${lineText.trim().replace(/\s+/g, ' ')}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${n}`;
  };
}

function lineOf(text: string, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end);
}

/** Rule id → index into `rules`, made once per rule list (the CLI formats one file at a time). */
const ruleIndexes = new WeakMap<readonly RuleMeta[], Map<string, number>>();

function ruleIndexOf(rules: readonly RuleMeta[]): Map<string, number> {
  let index = ruleIndexes.get(rules);
  if (!index) ruleIndexes.set(rules, (index = new Map(rules.map((r, i) => [r.id, i]))));
  return index;
}

/** The SARIF results of one file. Fingerprints count occurrences per file (their key holds the file's URI). */
function fileResults(report: FileReport, options: SarifOptions, fingerprint: ReturnType<typeof fingerprinter>) {
  const index = ruleIndexOf(options.rules);
  const location = artifactLocation(report.path, report.file, options.sourceRoot);
  return report.findings.map((f: Finding) => {
    const ruleIndex = index.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: location, region: region(f.range) } }],
      ...(f.related.length > 0 ? {
        relatedLocations: f.related.map((rel, i) => ({
          id: i + 1,
          physicalLocation: {
            artifactLocation: artifactLocation(rel.file, rel.file, options.sourceRoot),
            region: region(rel.range),
          },
          message: { text: rel.message },
        })),
      } : {}),
      partialFingerprints: { 'hardlint/v1': fingerprint(location.uri, lineOf(report.text, f.range.start.line), f.ruleId) },
      ...(f.suppressed ? {
        suppressions: [{ kind: 'inSource', ...(f.suppressed.justification ? { justification: f.suppressed.justification } : {}) }],
      } : {}),
      properties: {
        fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety })),
        fixable: f.fixes.some((x) => x.safety === 'safe') ? 'safe' : f.fixes.length > 0 ? 'unsafe' : 'none',
      },
    };
  });
}

function sarifDocument(results: unknown[], options: SarifOptions) {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'hardlint',
          version: VERSION,
          semanticVersion: VERSION,
          informationUri: REPOSITORY_URL,
          rules: options.rules.map((meta) => sarifRule(meta, options.ruleHelp?.(meta.id))),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

export function toSarif(reports: readonly FileReport[], options: SarifOptions) {
  const fingerprint = fingerprinter();
  return sarifDocument(reports.flatMap((report) => fileResults(report, options, fingerprint)), options);
}

/** Where the results sit in formatSarif()'s output: elements of runs[0].results, indented 8 spaces. */
const RESULT_INDENT = '\n        ';

/** One file's results as they appear in formatSarif()'s output, joined by commas ('' when it has none). */
export function sarifFileText(report: FileReport, options: SarifOptions): string {
  const results = fileResults(report, options, fingerprinter());
  if (results.length === 0) return '';
  // The array's elements are indented 2 spaces: re-indent them to their depth in the document.
  const text = JSON.stringify(results, null, 2);
  return text.slice(4, -2).replace(/\n {2}/g, RESULT_INDENT);
}

/** The document around the results: all of it when there is none, else what goes before and after them. */
export function sarifFrame(options: SarifOptions): { empty: string; head: string; separator: string; tail: string } {
  const doc = JSON.stringify(sarifDocument([], options), null, 2);
  // `"results": []` occurs once outside strings (a quote inside a JSON string is escaped), as the run's last key.
  const key = '"results": []';
  const at = doc.lastIndexOf(key);
  return {
    empty: doc + '\n',
    head: `${doc.slice(0, at)}"results": [${RESULT_INDENT}`,
    separator: `,${RESULT_INDENT}`,
    tail: `\n      ]${doc.slice(at + key.length)}\n`,
  };
}

export function formatSarif(reports: readonly FileReport[], options: SarifOptions): string {
  return JSON.stringify(toSarif(reports, options), null, 2) + '\n';
}
