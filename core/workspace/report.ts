// `hardlint report`: the exposure map as text (one block per port) or as a self-contained HTML page with an SVG
// diagram Internet → firewall → ports → services, coloured by the worst finding of each step.
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { coreMessage } from '../core-messages';
import type { Locale } from '../locale';
import type { Severity } from '../types';
import type { ExposureMap, ExposureNode, ExposureStepId, NodeFinding, NodeKind } from './exposure';
import type { Loc } from './model';

export type ReportFormat = 'text' | 'html' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'html', 'json'];

/** How a report names a file: relative to the folder it runs in. */
export type NameFile = (abs: string) => string;

function where(n: ExposureNode, name: NameFile): string {
  return n.loc ? `${name(n.loc.file)}:${n.loc.range.start.line + 1}` : '';
}

function worstText(w: NodeFinding, name: NameFile, words: ReportWords): string {
  return `${words.severities[w.severity]} ${w.ruleId} (${name(w.file)}:${w.line}): ${w.message}`;
}

/** A node's label in the report's language: the map's own steps by message id, the files' words as written. */
const labelOf = (n: ExposureNode, words: ReportWords): string => (n.labelId ? words.steps[n.labelId] : n.label);

/** "1 port" / "2 ports": singular for exactly one in English, for 0 and 1 in French. */
function counted(locale: Locale, count: number, one: 'reportPortCount' | 'reportFileCount', many: 'reportPortsCount' | 'reportFilesCount'): string {
  const singular = locale === 'fr' ? count <= 1 : count === 1;
  return coreMessage(locale, singular ? one : many, { count });
}

export function exposureText(map: ExposureMap, name: NameFile, locale: Locale = 'en'): string {
  const files = counted(locale, map.files.length, 'reportFileCount', 'reportFilesCount');
  if (map.ports.length === 0) return `${coreMessage(locale, 'reportNothingReachable', { files })}\n`;
  const words = reportWords(locale);
  const kindWidth = Math.max(...Object.values(words.kinds).map((k) => k.length));
  const out: string[] = [words.summary(map.ports.length, map.files.length), ''];
  for (const p of map.ports) {
    out.push(coreMessage(locale, 'reportPortHeading', { port: p.port }));
    for (const path of p.paths) {
      path.nodes.forEach((n, i) => {
        const at = where(n, name);
        out.push(`  ${i === 0 ? '•' : '→'} ${words.kinds[n.kind].padEnd(kindWidth)} ${labelOf(n, words)}${at ? `  [${at}]` : ''}`);
      });
    }
    out.push(`  ${coreMessage(locale, 'reportWorst', { finding: p.worst ? worstText(p.worst, name, words) : words.noFinding })}`, '');
  }
  return out.join('\n');
}

export function exposureJson(map: ExposureMap, name: NameFile): string {
  const nodeJson = (n: ExposureNode) => ({
    kind: n.kind, label: n.label, ...(n.labelId ? { labelId: n.labelId } : {}),
    ...(n.loc ? { file: name(n.loc.file), line: n.loc.range.start.line + 1 } : {}),
    ...(n.worst ? { worst: { ...n.worst, file: name(n.worst.file) } } : {}),
  });
  return JSON.stringify({
    files: map.files.map(name),
    ports: map.ports.map((p) => ({
      port: p.port, paths: p.paths.map((path) => path.nodes.map(nodeJson)),
      ...(p.worst ? { worst: { ...p.worst, file: name(p.worst.file) } } : {}),
    })),
  }, null, 2) + '\n';
}

// ---- HTML ---------------------------------------------------------------------------------------------------------

const COLORS: Record<Severity | 'none', { fill: string; stroke: string }> = {
  error: { fill: '#fde2e1', stroke: '#c62828' },
  warning: { fill: '#fff3cd', stroke: '#b26a00' },
  info: { fill: '#e3f0fc', stroke: '#1565c0' },
  none: { fill: '#e6f4ea', stroke: '#2e7d32' },
};

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const NODE_W = 250;
const NODE_H = 40;
const COL_GAP = 50;
const ROW_H = 58;
const PORT_W = 90;

/** The words of the report, text and HTML page alike (reportWords gives them in a locale); the files' words stay as written. */
export interface ReportWords {
  lang: string;
  title: string;
  /** The start of the sentence that lists the files (the list and a full stop follow). */
  summary: (ports: number, files: number) => string;
  internet: string;
  diagramLabel: string;
  headers: { port: string; path: string; worst: string };
  noFinding: string;
  kinds: Record<NodeKind, string>;
  severities: Record<Severity, string>;
  /** The sentences of the steps the map words itself (nodes with a labelId). */
  steps: Record<ExposureStepId, string>;
}

/** The report's words from the core catalogue (core/core-messages.ts, French in l10n/bundle.l10n.fr.json). */
export function reportWords(locale: Locale): ReportWords {
  const t = (id: Parameters<typeof coreMessage>[1]) => coreMessage(locale, id);
  return {
    lang: locale,
    title: t('reportTitle'),
    summary: (ports, files) => coreMessage(locale, 'reportReachable', {
      ports: counted(locale, ports, 'reportPortCount', 'reportPortsCount'),
      files: counted(locale, files, 'reportFileCount', 'reportFilesCount'),
    }),
    internet: t('reportInternet'),
    diagramLabel: t('reportDiagram'),
    headers: { port: t('reportHeaderPort'), path: t('reportHeaderPath'), worst: t('reportHeaderWorst') },
    noFinding: t('reportNoFinding'),
    kinds: {
      firewall: t('exposureKindFirewall'), docker: t('exposureKindDocker'), published: t('exposureKindPublished'),
      listener: t('exposureKindListener'), service: t('exposureKindService'), proxy: t('exposureKindProxy'),
    },
    severities: { error: t('severityError'), warning: t('severityWarning'), info: t('severityInfo') },
    // Spelled out (the Record type demands every step): importing EXPOSURE_STEPS would pull the map's builder, and
    // the engine behind it, into the VS Code extension's bundle.
    steps: {
      exposureDefaultAccept: t('exposureDefaultAccept'), exposureNoFirewall: t('exposureNoFirewall'),
      exposureNothingListens: t('exposureNothingListens'), exposureDockerBypass: t('exposureDockerBypass'),
    },
  };
}

export interface HtmlOptions {
  words?: ReportWords;
  /**
   * Attributes of a node that has a place in a file. When given, the node is a `<g>` with them (a webview handles
   * the clicks itself: its host would take any `<a>` for a link to open); by default, an SVG link to the file URL.
   */
  linkAttributes?: (loc: Loc) => string;
  /** Markup added at the end of `<head>`: a webview's Content-Security-Policy, theme style and script. */
  head?: string;
  /** Paragraphs shown under the summary (the CLI says the same on stderr). */
  notes?: string[];
}

/** A self-contained page (no script, no external resource): the diagram, then the same paths as a table. */
export function exposureHtml(map: ExposureMap, name: NameFile, options: HtmlOptions = {}): string {
  const words = options.words ?? reportWords('en');
  const kind = (n: ExposureNode) => words.kinds[n.kind];
  const worstTip = (w: NodeFinding) => `${words.severities[w.severity]} ${w.ruleId} (${name(w.file)}:${w.line}): ${w.message}`;
  const rows = map.ports.flatMap((p) => p.paths.map((path) => ({ port: p.port, path })));
  const maxNodes = Math.max(1, ...rows.map((r) => r.path.nodes.length));
  const xInternet = 20;
  const xPort = xInternet + 140 + COL_GAP;
  const xNode = (i: number) => xPort + PORT_W + COL_GAP + i * (NODE_W + COL_GAP);
  const width = xNode(maxNodes) + 20;
  const height = Math.max(120, 40 + rows.length * ROW_H);
  const yRow = (i: number) => 30 + i * ROW_H;
  const parts: string[] = [];
  const yInternet = height / 2 - NODE_H / 2;
  parts.push(`<g class="node internet"><rect x="${xInternet}" y="${yInternet}" width="140" height="${NODE_H}" rx="20" fill="#eceff1" stroke="#455a64"/>`
    + `<text x="${xInternet + 70}" y="${yInternet + 25}" text-anchor="middle">${escapeXml(words.internet)}</text></g>`);
  const nodeSvg = (n: ExposureNode, x: number, y: number): string => {
    const colour = COLORS[n.worst?.severity ?? 'none'];
    const label = labelOf(n, words);
    const tip = `${kind(n)}: ${label}${n.loc ? ` (${where(n, name)})` : ''}${n.worst ? `\n${worstTip(n.worst)}` : ''}`;
    const box = `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${colour.fill}" stroke="${colour.stroke}" stroke-width="2"/>`
      + `<text x="${x + 8}" y="${y + 16}" class="kind">${escapeXml(kind(n))}${n.loc ? ` · ${escapeXml(clip(`${basename(n.loc.file)}:${n.loc.range.start.line + 1}`, 34))}` : ''}</text>`
      + `<text x="${x + 8}" y="${y + 32}">${escapeXml(clip(label, 36))}</text><title>${escapeXml(tip)}</title>`;
    const attrs = `class="node ${n.kind}" data-severity="${n.worst?.severity ?? 'none'}"`;
    if (!n.loc) return `<g ${attrs}>${box}</g>`;
    const place = `data-file="${escapeXml(name(n.loc.file))}" data-line="${n.loc.range.start.line + 1}"`;
    if (options.linkAttributes) return `<g ${attrs} ${place} ${options.linkAttributes(n.loc)}>${box}</g>`;
    const href = `${pathToFileURL(n.loc.file).href}#L${n.loc.range.start.line + 1}`;
    return `<a href="${escapeXml(href)}" ${attrs} ${place}>${box}</a>`;
  };
  rows.forEach((r, i) => {
    const y = yRow(i);
    const portWorst = map.ports.find((p) => p.port === r.port)?.worst?.severity ?? 'none';
    parts.push(`<path d="M${xInternet + 140} ${yInternet + NODE_H / 2} C${xPort - 20} ${yInternet + NODE_H / 2} ${xPort - 30} ${y + NODE_H / 2} ${xPort} ${y + NODE_H / 2}" class="edge"/>`);
    parts.push(`<g class="node port" data-port="${r.port}" data-severity="${portWorst}"><rect x="${xPort}" y="${y}" width="${PORT_W}" height="${NODE_H}" rx="6" `
      + `fill="${COLORS[portWorst].fill}" stroke="${COLORS[portWorst].stroke}" stroke-width="2"/><text x="${xPort + PORT_W / 2}" y="${y + 25}" text-anchor="middle">${r.port}/tcp</text></g>`);
    parts.push(`<line x1="${xPort + PORT_W}" y1="${y + NODE_H / 2}" x2="${xNode(0)}" y2="${y + NODE_H / 2}" class="edge"/>`);
    r.path.nodes.forEach((n, k) => {
      if (k > 0) parts.push(`<line x1="${xNode(k) - COL_GAP}" y1="${y + NODE_H / 2}" x2="${xNode(k)}" y2="${y + NODE_H / 2}" class="edge"/>`);
      parts.push(nodeSvg(n, xNode(k), y));
    });
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(words.diagramLabel)}">`
    + '<style>text{font:12px system-ui,sans-serif;fill:#1b1b1b}.kind{font-size:10px;fill:#555}.edge{stroke:#90a4ae;stroke-width:2;fill:none}a:hover rect{stroke-width:3}</style>'
    + parts.join('') + '</svg>';
  const table = map.ports.map((p) => {
    const cells = p.paths.map((path) => `<li>${path.nodes.map((n) => `${escapeXml(labelOf(n, words))}${n.loc ? ` <code>${escapeXml(where(n, name))}</code>` : ''}`).join(' → ')}</li>`).join('');
    const worst = p.worst
      ? `<span class="sev ${p.worst.severity}">${escapeXml(words.severities[p.worst.severity])}</span> <code>${escapeXml(p.worst.ruleId)}</code> ${escapeXml(p.worst.message)}`
      : escapeXml(words.noFinding);
    return `<tr data-port="${p.port}"><th>${p.port}/tcp</th><td><ul>${cells}</ul></td><td>${worst}</td></tr>`;
  }).join('');
  return `<!DOCTYPE html>
<html lang="${escapeXml(words.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(words.title)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#1b1b1b}
h1{font-size:20px}
.diagram{overflow-x:auto;border:1px solid #cfd8dc;padding:8px}
table{border-collapse:collapse;margin-top:24px}
th,td{border:1px solid #cfd8dc;padding:6px 10px;vertical-align:top;text-align:left}
ul{margin:0;padding-left:18px}
.sev{font-weight:600}.sev.error{color:#c62828}.sev.warning{color:#b26a00}.sev.info{color:#1565c0}
</style>
${options.head ?? ''}</head>
<body>
<h1>${escapeXml(words.title)}</h1>
<p>${escapeXml(words.summary(map.ports.length, map.files.length))} ${map.files.map((f) => `<code>${escapeXml(name(f))}</code>`).join(', ')}.</p>
${(options.notes ?? []).map((n) => `<p class="note">${escapeXml(n)}</p>\n`).join('')}<div class="diagram">${svg}</div>
<table><thead><tr><th>${escapeXml(words.headers.port)}</th><th>${escapeXml(words.headers.path)}</th><th>${escapeXml(words.headers.worst)}</th></tr></thead><tbody>${table}</tbody></table>
</body>
</html>
`;
}
