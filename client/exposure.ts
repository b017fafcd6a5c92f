// "hardlint: Show exposure map": the diagram `hardlint report --format html` draws (Internet → firewall → ports →
// services, coloured by the worst finding), in a webview that follows the files as they change. The server builds
// the map (hardlint/exposureReport) and says when it may have changed (hardlint/exposureChanged); clicking a node
// opens its file at its line.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ErrorCodes, LanguageClient, ResponseError, State } from 'vscode-languageclient/node';
import { normalizeLocale, type Locale } from '../core/locale';
import type { Loc } from '../core/workspace/model';
import { exposureHtml, reportWords } from '../core/workspace/report';
import {
  EXPOSURE_CHANGED_NOTIFICATION, EXPOSURE_REPORT_REQUEST, ExposureReportParams, ExposureReportResult,
} from '../server/protocol';

const EXPOSURE_VIEW_TYPE = 'hardlint.exposureMap';

/** Files whose change on disk may change the map (edits in the editor reach the server without this); .gitignore
 * files decide which files the folders' walk reads. */
const MAP_INPUTS = '**/{sshd_config,*.conf,*compose*.yml,*compose*.yaml,*.sh,*.bash,*.nft,*.rules,*.nginx,.hardlint.yaml,.hardlint.yml,.gitignore,sites-available/*,sites-enabled/*}';

/** Typing sends a change per keystroke: one map per pause. */
const REFRESH_DELAY_MS = 300;

/**
 * The page speaks the language the server words the findings in (normalizeLocale of the display language, as the
 * server does): its words and the steps the map words itself (by message id) come from the core catalogue, the
 * one `hardlint report` uses.
 */
function pageLocale(): Locale {
  return normalizeLocale(vscode.env.language);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * What the page gets besides the report: a CSP that loads nothing (the page's styles are inline, its one script has
 * the nonce), the editor theme's colours, and the script for clicks and updates.
 */
function webviewHead(nonce: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>
body{color:var(--vscode-foreground);background:var(--vscode-editor-background);font-family:var(--vscode-font-family)}
.diagram{background:#fff}
th,td,.diagram{border-color:var(--vscode-panel-border,#cfd8dc)}
.sev.error{color:var(--vscode-errorForeground,#c62828)}.sev.warning{color:var(--vscode-editorWarning-foreground,#b26a00)}.sev.info{color:var(--vscode-editorInfo-foreground,#1565c0)}
.note{color:var(--vscode-editorWarning-foreground,#b26a00)}
[data-loc]{cursor:pointer}[data-loc]:hover rect,[data-loc]:focus rect{stroke-width:3}[data-loc]:focus{outline:none}
</style>
<script nonce="${nonce}">
(() => {
  const vscode = acquireVsCodeApi();
  const open = (el) => vscode.postMessage({ type: 'open', loc: el.getAttribute('data-loc') });
  document.addEventListener('click', (e) => {
    const el = e.target instanceof Element && e.target.closest('[data-loc]');
    if (el) { e.preventDefault(); open(el); }
  });
  document.addEventListener('keydown', (e) => {
    const el = (e.key === 'Enter' || e.key === ' ') && e.target instanceof Element && e.target.closest('[data-loc]');
    if (el) { e.preventDefault(); open(el); }
  });
  window.addEventListener('message', (e) => {
    if (!e.data || e.data.type !== 'render') return;
    const next = new DOMParser().parseFromString(e.data.html, 'text/html');
    document.title = next.title;
    document.documentElement.lang = next.documentElement.lang;
    document.body.replaceWith(document.adoptNode(next.body));
  });
  vscode.postMessage({ type: 'ready' });
})();
</script>
`;
}

/** A page of the map's title and one sentence: while the map is built, or why it could not be. */
function messagePage(head: string, message: string, role: 'status' | 'alert'): string {
  const words = reportWords(pageLocale());
  const title = escapeHtml(words.title);
  return `<!DOCTYPE html>\n<html lang="${escapeHtml(words.lang)}">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n${head}</head>\n`
    + `<body>\n<h1>${title}</h1>\n<p${role === 'alert' ? ' class="note"' : ''} role="${role}">${escapeHtml(message)}</p>\n</body>\n</html>\n`;
}

/** The one exposure map panel: created on the first "Show exposure map", revealed on the next ones. */
export class ExposureMapView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** Places the nodes of the latest render link to, by `data-loc` ("render.index"). */
  private locs: { render: number; places: Loc[] } = { render: 0, places: [] };
  /** The page the webview loads (again after being hidden), the page it should show now, and whether it can take updates. */
  private loaded: string | undefined;
  private latest: string | undefined;
  private ready = false;
  private requests = 0;
  private renders = 0;
  private timer: NodeJS.Timeout | undefined;
  /** A change arrived while the panel was hidden: refresh when it shows again. */
  private stale = false;
  /** A file appeared, went or changed on disk since the last map: the server walks the folders again. */
  private rescan = false;

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      // An edit in the editor (or a file the server watches): the files are the same, their text is not.
      client.onNotification(EXPOSURE_CHANGED_NOTIFICATION, () => this.refreshSoon(false)),
      // A restarted server knows nothing of the map it served: ask again.
      client.onDidChangeState((e) => { if (e.newState === State.Running) this.refreshSoon(true); }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refreshSoon(true)),
    );
  }

  /** Opens the panel (or brings it forward) and shows the map as it is now. */
  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      this.create();
    }
    this.rescan = true;
    await this.refresh();
  }

  private create(): void {
    const panel = vscode.window.createWebviewPanel(EXPOSURE_VIEW_TYPE, vscode.l10n.t('Exposure map'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, enableFindWidget: true, localResourceRoots: [] });
    this.panel = panel;
    this.ready = false;
    // Shown until the server answers (the first map of a large workspace takes a moment): never a blank panel.
    const waiting = messagePage(webviewHead(randomBytes(16).toString('base64')), vscode.l10n.t('Building the map…'), 'status');
    this.loaded = waiting;
    this.latest = waiting;
    panel.webview.html = waiting;
    const watcher = vscode.workspace.createFileSystemWatcher(MAP_INPUTS);
    this.panelDisposables = [
      watcher,
      watcher.onDidChange(() => this.refreshSoon(true)),
      watcher.onDidCreate(() => this.refreshSoon(true)),
      watcher.onDidDelete(() => this.refreshSoon(true)),
      panel.onDidChangeViewState(() => { if (panel.visible && this.stale) this.refreshSoon(false); }),
      panel.webview.onDidReceiveMessage((m) => this.received(m)),
      panel.onDidDispose(() => this.disposed()),
    ];
  }

  private disposed(): void {
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stale = false;
    this.rescan = false;
  }

  private refreshSoon(rescan: boolean): void {
    if (!this.panel) return;
    this.rescan ||= rescan;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.refresh(); }, REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    this.stale = false;
    const rescan = this.rescan;
    this.rescan = false;
    const request = ++this.requests;
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file')
      .map((f) => this.client.code2ProtocolConverter.asUri(f.uri));
    let result: ExposureReportResult | undefined;
    let failure: string | undefined;
    try {
      // Waits for a server that is starting; fails at once when it is stopped.
      result = await this.client.sendRequest<ExposureReportResult>(EXPOSURE_REPORT_REQUEST, { folders, rescan } satisfies ExposureReportParams);
    } catch (e) {
      failure = e instanceof ResponseError && e.code === ErrorCodes.ConnectionInactive
        ? vscode.l10n.t('the hardlint server is not running.')
        : (e as Error)?.message ?? String(e);
    }
    // An older answer arriving late must not replace a newer one.
    if (request !== this.requests || this.panel !== panel) return;
    this.render(panel, result, failure);
  }

  private render(panel: vscode.WebviewPanel, result: ExposureReportResult | undefined, failure: string | undefined): void {
    const render = ++this.renders;
    const places: Loc[] = [];
    const nonce = randomBytes(16).toString('base64');
    const head = webviewHead(nonce);
    let html: string;
    if (result) {
      const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
      const notes = result.singleHost ? [] : [vscode.l10n.t('These files describe several hosts (more than one sshd_config or nginx.conf): the map puts them together.')];
      html = exposureHtml(result.map, (abs) => vscode.workspace.asRelativePath(abs, multiRoot), {
        words: reportWords(pageLocale()), head, notes,
        linkAttributes: (loc) => `role="link" tabindex="0" data-loc="${render}.${places.push(loc) - 1}"`,
      });
    } else {
      html = messagePage(head, vscode.l10n.t('The exposure map could not be built: {0}', failure ?? ''), 'alert');
    }
    this.locs = { render, places };
    this.latest = html;
    if (this.ready) {
      void panel.webview.postMessage({ type: 'render', html });
    } else {
      this.loaded = html;
      panel.webview.html = html;
    }
  }

  private async received(message: unknown): Promise<void> {
    const m = message as { type?: unknown; loc?: unknown };
    if (m?.type === 'ready') {
      // The page (re)loaded: a hidden panel loses its page and comes back with the one it loaded first.
      this.ready = true;
      if (this.latest !== this.loaded && this.latest !== undefined && this.panel) void this.panel.webview.postMessage({ type: 'render', html: this.latest });
      return;
    }
    if (m?.type !== 'open' || typeof m.loc !== 'string') return;
    const [render, index] = m.loc.split('.').map(Number);
    const loc = render === this.locs.render ? this.locs.places[index] : undefined;
    if (!loc) return;
    const { start, end } = loc.range;
    const beside = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.file(loc.file), {
      viewColumn: beside, selection: new vscode.Range(start.line, start.character, end.line, end.character),
    });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
