// The exposure map in the language server: `hardlint/exposureReport` answers the map `hardlint report` builds for the
// workspace folders (same files, same rules), reading open buffers over the disk and linting with the editor's
// settings; `hardlint/exposureChanged` tells the client when a file the map reads changed, so its view stays current.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Connection, InitializeParams, ResponseError, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_NAMES, defaultConfig, HardlintConfig, isIgnored } from '../core/config';
import { lint } from '../core/engine';
import { expandPaths } from '../core/files';
import { runFileHost } from '../core/host';
import { detectKind } from '../core/kinds';
import type { Locale } from '../core/l10n';
import type { FileHost, Finding, Kind, Rule } from '../core/types';
import { exposureMap } from '../core/workspace/exposure';
import { buildWorkspace, WorkspaceFile } from '../core/workspace/model';
import { findSshdInclusions, mayBeSshdMain, SshdMainCandidate } from '../core/workspace/sshd-includes';
import { EXPOSURE_CHANGED_NOTIFICATION, EXPOSURE_REPORT_REQUEST, ExposureReportParams, ExposureReportResult } from './protocol';

/** What the map needs from the server. */
export interface ExposureEnv {
  documents: TextDocuments<TextDocument>;
  /** The disk, with open buffers over it. */
  host: FileHost;
  rules: readonly Rule<any>[];
  locale(): Locale;
  /** The config the editor lints a file with (its .hardlint.yaml and the client's settings). */
  configFor(filePath: string, uri: string): Promise<HardlintConfig>;
}

/** Edits come in bursts (one change per keystroke): one notification per burst. */
const NOTIFY_DELAY_MS = 100;

function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const isInside = (folder: string, file: string): boolean => {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

export class ExposureReports {
  private roots: string[] = [];
  /** What the last report read: changes elsewhere do not change the map. */
  private last: { folders: string[]; files: Set<string> } | undefined;
  /** The config files the last walk found, by the folders walked. */
  private walked: { folders: string; files: string[] } | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;

  constructor(private readonly connection: Connection, private readonly env: ExposureEnv) {}

  /** Remembers the workspace folders, mapped when a request names none. */
  initialize(params: InitializeParams): void {
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.roots = uris.flatMap((u) => filePath(u) ?? []);
    if (this.roots.length === 0 && params.rootPath) this.roots = [params.rootPath];
  }

  listen(): void {
    this.connection.onRequest(EXPOSURE_REPORT_REQUEST, (p: ExposureReportParams | undefined) => this.guardedReport(p ?? {}));
    const docs = this.env.documents;
    docs.onDidChangeContent((e) => this.changed([e.document.uri]));
    docs.onDidClose((e) => this.changed([e.document.uri]));
  }

  /** Files changed (buffers, or on disk): tells the client when one of them matters to the map it showed. */
  changed(uris: readonly string[]): void {
    try {
      if (!this.last || this.notifyTimer) return;
      if (uris.some((u) => this.matters(u))) this.notifySoon();
    } catch (e) {
      this.connection.console.error(`exposure change failed: ${(e as Error)?.stack ?? e}`);
    }
  }

  /** The settings changed: severities, profile or the rules that run may differ. */
  settingsChanged(): void {
    if (this.last) this.notifySoon();
  }

  private notifySoon(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      void this.connection.sendNotification(EXPOSURE_CHANGED_NOTIFICATION, {});
    }, NOTIFY_DELAY_MS);
  }

  private matters(uri: string): boolean {
    const p = filePath(uri);
    if (!p || !this.last) return false;
    if (this.last.files.has(p)) return true;
    if (this.last.folders.length > 0 && !this.last.folders.some((f) => isInside(f, p))) return false;
    if (CONFIG_NAMES.includes(path.basename(p))) return true;
    // A new config file, or a script that now runs firewall commands (its kind depends on its text).
    return detectKind(p) !== undefined || detectKind(p, this.env.host.readFile(p)) !== undefined;
  }

  private async guardedReport(params: ExposureReportParams): Promise<ExposureReportResult> {
    try {
      return await this.report(params);
    } catch (e) {
      const err = e as Error;
      this.connection.console.error(`exposureReport failed: ${err?.stack ?? String(e)}`);
      throw new ResponseError(-32603, err?.message ?? String(e));
    }
  }

  /** The map of the folders' config files as `hardlint report` finds them, plus open buffers in those folders. */
  async report(params: ExposureReportParams): Promise<ExposureReportResult> {
    const folders = Array.isArray(params.folders)
      ? params.folders.flatMap((u) => (typeof u === 'string' ? filePath(u) ?? [] : []))
      : this.roots;
    const openUris = new Map<string, string>();
    for (const doc of this.env.documents.all()) {
      const p = filePath(doc.uri);
      if (p && (folders.length === 0 || folders.some((f) => isInside(f, p)))) openUris.set(p, doc.uri);
    }
    const key = folders.join('\n');
    if (params.rescan !== false || this.walked?.folders !== key) {
      // Files the folders' sshd_config files include are kept whatever their names (the kinds are decided below).
      this.walked = { folders: key, files: expandPaths(folders, undefined, { configuredSshdir: () => undefined }).files.map((f) => f.abs) };
    }
    const candidates = new Map<string, string>();
    for (const p of this.walked.files) candidates.set(p, openUris.get(p) ?? pathToFileURL(p).href);
    for (const [p, uri] of openUris) if (!candidates.has(p)) candidates.set(p, uri);

    const configs = new Map<string, HardlintConfig>();
    await Promise.all([...candidates].map(async ([p, uri]) => { configs.set(p, await this.env.configFor(p, uri)); }));
    // From here on nothing awaits: every file is read and linted as it is at this moment.
    const host = runFileHost(this.env.host);
    const read: { path: string; text: string; kind: Kind | undefined }[] = [];
    for (const p of candidates.keys()) {
      if (isIgnored(configs.get(p)!, p)) continue;
      const text = host.readFile(p);
      if (text !== undefined) read.push({ path: p, text, kind: detectKind(p, text) });
    }
    // As the CLI and the lint do: what a main sshd_config includes is its drop-in, with the buffers as they are now.
    const mains: SshdMainCandidate[] = read.filter((f) => mayBeSshdMain(f.path, f.kind)).map((f) => {
      const sshdir = configs.get(f.path)?.sshd.sshdir;
      return { path: f.path, text: f.text, ...(sshdir ? { configuredSshdir: sshdir } : {}) };
    });
    const sshdIncluded = mains.length > 0 ? findSshdInclusions(mains, host) : undefined;
    const files: WorkspaceFile[] = [];
    for (const f of read) {
      const kind = sshdIncluded?.has(f.path) ? 'sshd' : f.kind;
      if (kind) files.push({ path: f.path, text: f.text, kind });
    }
    const workspace = buildWorkspace(files, (p) => ({ host, config: configs.get(p) ?? defaultConfig(), sshdIncluded }));
    const locale = this.env.locale();
    const findings = new Map<string, Finding[]>();
    for (const f of files) {
      const config = configs.get(f.path)!;
      findings.set(f.path, lint({ path: f.path, text: f.text, kind: f.kind }, { host, config, locale, rules: this.env.rules, workspace, sshdIncluded }).findings);
    }
    const map = exposureMap(workspace, findings);
    this.last = { folders, files: new Set(files.map((f) => f.path)) };
    return { folders, map, singleHost: workspace.singleHost };
  }
}
