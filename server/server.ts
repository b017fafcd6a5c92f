// The hardlint language server: LSP glue over core/. Every handler is guarded (a failure is logged and reported in
// the status, never a crash), lints run on the latest text only, and open buffers overlay the disk so an unsaved
// sshd drop-in changes the diagnostics of the main file that includes it.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeAction, CodeActionKind, Connection, Diagnostic, DiagnosticSeverity, DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification, DocumentDiagnosticReport, DocumentDiagnosticReportKind, Hover, InitializeParams,
  InitializeResult, MarkupKind, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_NAMES, ConfigError, defaultConfig, findConfigFile, HardlintConfig, isIgnored, parseConfig } from '../core/config';
import { docsUrl, VERSION } from '../core/docs';
import { lint } from '../core/engine';
import { nodeFileHost } from '../core/host';
import { detectKind, isKind, textConfirmsKind } from '../core/kinds';
import { findIncludingMain, type SshdInclusion } from '../core/workspace/sshd-includes';
import { coreMessage, Locale, normalizeLocale } from '../core/l10n';
import { isInclude, keepRecentParses, type SshdConfig } from '../core/sshd/config';
import type { SshdContext } from '../core/sshd/context';
import type { FileHost, Finding, Kind, Rule, Severity } from '../core/types';
import { RULES } from '../rules';
import { diagnosticActions, fixAllAction, fixesData, kindWanted, unsafeTitle } from './actions';
import { DocPages, findPackageRoot } from './doc-pages';
import { ExposureReports } from './exposure';
import { hoverAt } from './hover';
import {
  DiagnosticData, FIX_ALL_KIND, LINT_FILES_REQUEST, LintFilesParams, LintFilesResult, SHOW_DOCUMENTATION_COMMAND,
  STATUS_NOTIFICATION, StatusParams,
} from './protocol';
import { LintScheduler } from './scheduler';
import { ClientSettings, mergeSettings, normalizeSettings } from './settings';
import { CrossWorkspace, OpenFile } from './workspace';

export interface ServerOptions {
  rules?: readonly Rule<any>[];
  /** Where docs/rules/ lives; found by walking up from this script when not given. */
  packageRoot?: string;
  /** Shortest gap between two lints of one document during a burst of edits. */
  lintGapMs?: number;
}

/** Language ids that name a hardlint kind on their own; files are also recognised by their path (core/kinds). */
const LANGUAGE_KINDS: Record<string, string> = {
  sshd_config: 'sshd', nginx: 'nginx', dockercompose: 'compose', iptables: 'iptables',
};

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information,
};

interface Dependencies { files: Set<string>; dirs: Set<string>; /** Linted with the workspace model (cross-file rules). */ workspace?: boolean }

interface LintState {
  version: number;
  generation: number;
  kind?: Kind;
  findings: Finding[];
  context: unknown;
  diagnostics: Diagnostic[];
  resultId: string;
  deps: Dependencies;
  settings: ClientSettings;
}

interface Capabilities {
  pull: boolean;
  refresh: boolean;
  codeDescription: boolean;
  related: boolean;
  configuration: boolean;
  configRegistration: boolean;
  watchRegistration: boolean;
  documentChanges: boolean;
  showDocument: boolean;
}

const BINARY_PROBE = 8192;
/** sshd files (open ones and what they include) whose last parse is kept for the next lint. */
const RECENT_SSHD_PARSES = 64;

export function isBinaryText(text: string): boolean {
  return text.slice(0, BINARY_PROBE).includes('\u0000');
}

/** The file-system path a document stands for; untitled buffers get a path that reads nothing from the disk. */
export function documentPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch { /* fall through */ }
  }
  const name = decodeURIComponent(uri.replace(/^[a-z][\w+.-]*:/i, '').replace(/[?#].*$/, '')).split('/').pop() || 'untitled';
  return path.join(path.sep, 'hardlint-untitled', name);
}

function dependenciesOf(kind: Kind | undefined, context: unknown): Dependencies {
  const deps: Dependencies = { files: new Set(), dirs: new Set() };
  if (kind !== 'sshd' || !context) return deps;
  const config: SshdConfig = (context as SshdContext).config;
  for (const [p] of config.files) deps.files.add(p);
  for (const items of config.items.values()) {
    for (const d of items) {
      if (!isInclude(d)) continue;
      // A new file matching an Include glob changes the tree: watch the folder the glob lists.
      for (const p of d.patterns ?? []) deps.dirs.add(path.dirname(p.resolved)); // none on a rejected line
    }
  }
  return deps;
}

export class HardlintServer {
  readonly documents = new TextDocuments(TextDocument);
  private readonly rules: readonly Rule<any>[];
  private readonly ruleIds: string[];
  private readonly docs: DocPages;
  private readonly scheduler: LintScheduler;
  private caps: Capabilities = {
    pull: false, refresh: false, codeDescription: false, related: false, configuration: false,
    configRegistration: false, watchRegistration: false, documentChanges: false, showDocument: false,
  };
  private locale: Locale = 'en';
  /** Settings per document, as the client answered; cleared when settings change. */
  private readonly settingsCache = new Map<string, Promise<ClientSettings>>();
  /** Settings the client pushed (clients without workspace/configuration). */
  private pushedSettings: unknown;
  private readonly configCache = new Map<string, { text: string; config?: HardlintConfig; error?: string }>();
  /** The configuration used where no `.hardlint.yaml` applies: one object, so that lintConfig() can keep its merge. */
  private noConfigFile: HardlintConfig | undefined;
  private readonly mergedConfigs = new WeakMap<HardlintConfig, WeakMap<ClientSettings, HardlintConfig>>();
  /** The last lint of each open document; `generation` changes whenever settings or config files change. */
  private readonly states = new Map<string, LintState>();
  /** What the user currently sees per document (differs from `states` in onSave mode). */
  private readonly published = new Map<string, LintState>();
  /** Documents whose next pull must lint again even in onSave mode. */
  private readonly needsLint = new Set<string>();
  private generation = 0;
  private resultCounter = 0;
  /** Open documents by file path, for the overlay. */
  private readonly openByPath = new Map<string, string>();
  /** Closed files that got diagnostics from "Lint workspace". */
  private readonly pushedClosed = new Set<string>();
  private readonly lastStatus = new Map<string, string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly host: FileHost;
  private readonly cross: CrossWorkspace;
  private readonly exposure: ExposureReports;

  constructor(readonly connection: Connection, options: ServerOptions = {}) {
    this.rules = options.rules ?? RULES;
    this.ruleIds = this.rules.map((r) => r.meta.id);
    this.docs = new DocPages(options.packageRoot ?? findPackageRoot(__dirname));
    this.scheduler = new LintScheduler((uri) => this.validate(uri), options.lintGapMs);
    this.host = nodeFileHost((p) => {
      const uri = this.openByPath.get(p);
      return uri ? this.documents.get(uri)?.getText() : undefined;
    });
    this.cross = new CrossWorkspace(this.host, (p) => this.fileConfig(p).config);
    // Each keystroke lints the whole file again, and the drop-ins it includes: the lines an edit left alone are kept.
    keepRecentParses(RECENT_SSHD_PARSES);
    this.exposure = new ExposureReports(connection, {
      documents: this.documents, host: this.host, rules: this.rules, locale: () => this.locale,
      configFor: async (p, uri) => this.lintConfig(this.fileConfig(p).config, await this.settingsFor(uri)),
    });
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.guard('initialized', () => this.registerCapabilities()));
    c.onShutdown(() => { this.scheduler.dispose(); if (this.refreshTimer) clearTimeout(this.refreshTimer); });

    this.documents.onDidOpen((e) => this.guard('didOpen', () => this.opened(e.document)));
    this.documents.onDidChangeContent((e) => this.guard('didChange', () => this.changed(e.document)));
    this.documents.onDidSave((e) => this.guard('didSave', () => this.saved(e.document)));
    this.documents.onDidClose((e) => this.guard('didClose', () => this.closed(e.document)));
    this.documents.listen(c);

    c.onDidChangeConfiguration((p) => this.guard('didChangeConfiguration', () => this.settingsChanged(p.settings)));
    c.onDidChangeWatchedFiles((p) => this.guard('didChangeWatchedFiles', () => this.filesChanged(p.changes.map((x) => x.uri))));
    c.onCodeAction((p) => this.guard('codeAction', () => this.codeActions(p), []));
    c.onHover((p) => this.guard('hover', () => this.hover(p.textDocument.uri, p.position), null));
    c.onExecuteCommand((p) => this.guard('executeCommand', () => this.executeCommand(p.command, p.arguments ?? []), null));
    c.languages.diagnostics.on((p) => this.guard('diagnostic', () => this.pull(p.textDocument.uri, p.previousResultId),
      { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport));
    c.onRequest(LINT_FILES_REQUEST, (p: LintFilesParams) => this.guard('lintFiles', () => this.lintFiles(p), { files: 0, problems: 0 }));
    this.exposure.listen();
    c.listen();
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------------

  private initialize(params: InitializeParams): InitializeResult {
    const cc = params.capabilities;
    const init = (params.initializationOptions ?? {}) as { settings?: unknown; locale?: string };
    this.locale = normalizeLocale(params.locale ?? init.locale);
    this.pushedSettings = init.settings;
    this.exposure.initialize(params);
    this.caps = {
      pull: !!cc.textDocument?.diagnostic,
      refresh: !!cc.workspace?.diagnostics?.refreshSupport,
      codeDescription: !!cc.textDocument?.publishDiagnostics?.codeDescriptionSupport || !!cc.textDocument?.diagnostic,
      related: !!cc.textDocument?.publishDiagnostics?.relatedInformation || !!cc.textDocument?.diagnostic?.relatedInformation,
      configuration: !!cc.workspace?.configuration,
      configRegistration: !!cc.workspace?.didChangeConfiguration?.dynamicRegistration,
      watchRegistration: !!cc.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      documentChanges: !!cc.workspace?.workspaceEdit?.documentChanges,
      showDocument: !!cc.window?.showDocument?.support,
    };
    const result: InitializeResult = {
      serverInfo: { name: 'hardlint', version: VERSION },
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] },
      },
    };
    // Pull only for clients that pull; pushing as well would show every problem twice in VS Code.
    if (this.caps.pull) {
      result.capabilities.diagnosticProvider = { identifier: 'hardlint', interFileDependencies: true, workspaceDiagnostics: false };
    }
    return result;
  }

  private async registerCapabilities(): Promise<void> {
    if (this.caps.configRegistration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'hardlint' });
    }
    if (this.caps.watchRegistration) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: `**/{${CONFIG_NAMES.join(',')}}` },
          { globPattern: '**/sshd_config' },
          { globPattern: '**/*.conf' },
        ],
      });
    }
  }

  /** Runs a handler; an exception is logged and shown in the status, and the fallback is answered. */
  private async guard<T>(what: string, fn: () => T | Promise<T>, fallback?: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const err = e as Error;
      this.connection.console.error(`${what} failed: ${err?.stack ?? String(e)}`);
      this.status({ state: 'error', message: coreMessage(this.locale, 'internalError', { error: err?.message ?? String(e) }) });
      return fallback as T;
    }
  }

  private status(params: StatusParams): void {
    const key = params.uri ?? '';
    const value = `${params.state}:${params.message}`;
    if (this.lastStatus.get(key) === value) return;
    this.lastStatus.set(key, value);
    void this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  // ---- documents ------------------------------------------------------------------------------------------------

  private opened(doc: TextDocument): void {
    this.openByPath.set(documentPath(doc.uri), doc.uri);
    this.needsLint.add(doc.uri);
    // A new file of the workspace model can change the cross-file findings of the others.
    this.dependencyChanged(documentPath(doc.uri), doc.uri);
    if (this.pushedClosed.delete(doc.uri) && this.caps.pull) {
      // "Lint workspace" pushed problems for this file while closed; pulls take over now.
      void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    }
  }

  private async changed(doc: TextDocument): Promise<void> {
    const settings = await this.settingsFor(doc.uri);
    const first = !this.published.has(doc.uri);
    if (!this.caps.pull && (settings.run === 'onType' || first)) this.scheduler.schedule(doc.uri);
    if (!first && settings.run === 'onType') this.dependencyChanged(documentPath(doc.uri), doc.uri);
  }

  private saved(doc: TextDocument): void {
    this.needsLint.add(doc.uri);
    if (!this.caps.pull) this.scheduler.schedule(doc.uri);
    this.dependencyChanged(documentPath(doc.uri), doc.uri);
  }

  private closed(doc: TextDocument): void {
    const p = documentPath(doc.uri);
    if (this.openByPath.get(p) === doc.uri) this.openByPath.delete(p);
    this.cross.forget(p);
    this.scheduler.cancel(doc.uri);
    this.states.delete(doc.uri);
    this.published.delete(doc.uri);
    this.needsLint.delete(doc.uri);
    this.lastStatus.delete(doc.uri);
    // Pull clients drop a closed document's diagnostics themselves; push clients need an empty list.
    if (!this.caps.pull) void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    // The disk version replaces the buffer for files that include this one.
    this.dependencyChanged(p, doc.uri);
  }

  /** Re-lints the open documents whose Include tree reads `filePath`. */
  private dependencyChanged(filePath: string, except?: string): void {
    const dir = path.dirname(filePath);
    const dependants: string[] = [];
    let configFile: boolean | undefined;
    const isConfigFile = (): boolean => (configFile ??= detectKind(filePath, this.host.readFile(filePath)) !== undefined);
    // A main sshd_config decides which files are its drop-ins (their kind and role): the sshd files and the files
    // in its folder lint again.
    const sshdMainDir = path.basename(filePath) === 'sshd_config' ? dir + path.sep : undefined;
    const nearSshdMain = (uri: string, state: LintState): boolean => sshdMainDir !== undefined
      && (state.kind === 'sshd' || documentPath(uri).startsWith(sshdMainDir));
    for (const [uri, state] of this.states) {
      if (uri === except) continue;
      if (state.deps.files.has(filePath) || state.deps.dirs.has(dir) || (state.deps.workspace && isConfigFile())
        || nearSshdMain(uri, state)) dependants.push(uri);
    }
    for (const uri of dependants) {
      this.needsLint.add(uri);
      this.states.delete(uri); // same version, different include tree: the cached lint is stale
    }
    if (dependants.length === 0) return;
    if (this.caps.pull) this.refreshPulls();
    else for (const uri of dependants) this.scheduler.schedule(uri);
  }

  /** Asks a pull client to pull again (coalesced: one refresh per burst). */
  private refreshPulls(): void {
    if (!this.caps.refresh || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.connection.languages.diagnostics.refresh().catch((e) => this.connection.console.error(`refresh failed: ${e}`));
    }, 50);
  }

  private relintAll(): void {
    for (const doc of this.documents.all()) this.needsLint.add(doc.uri);
    if (this.caps.pull) this.refreshPulls();
    else for (const doc of this.documents.all()) this.scheduler.schedule(doc.uri);
  }

  private settingsChanged(settings: unknown): void {
    this.settingsCache.clear();
    if (!this.caps.configuration && settings && typeof settings === 'object') {
      this.pushedSettings = (settings as Record<string, unknown>).hardlint ?? settings;
    }
    this.generation++;
    this.relintAll();
    this.exposure.settingsChanged();
  }

  private filesChanged(uris: string[]): void {
    this.exposure.changed(uris);
    let configChanged = false;
    for (const uri of uris) {
      const p = documentPath(uri);
      if (CONFIG_NAMES.includes(path.basename(p))) {
        this.configCache.delete(p);
        configChanged = true;
      } else {
        this.cross.forget(p);
        this.dependencyChanged(p, uri);
      }
    }
    if (configChanged) {
      this.generation++;
      this.relintAll();
    }
  }

  // ---- settings and config --------------------------------------------------------------------------------------

  private settingsFor(uri: string): Promise<ClientSettings> {
    let s = this.settingsCache.get(uri);
    if (!s) {
      s = this.caps.configuration
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'hardlint' })
          .then(normalizeSettings, (e) => {
            this.connection.console.error(`workspace/configuration failed: ${e}`);
            return normalizeSettings(undefined);
          })
        : Promise.resolve(normalizeSettings(this.pushedSettings));
      this.settingsCache.set(uri, s);
    }
    return s;
  }

  /** The nearest `.hardlint.yaml` (unsaved edits included), parsed once per text. */
  private fileConfig(filePath: string): { config: HardlintConfig; error?: string } {
    const file = findConfigFile(path.dirname(filePath), this.host);
    if (!file) return { config: (this.noConfigFile ??= defaultConfig()) };
    const text = this.host.readFile(file) ?? '';
    let cached = this.configCache.get(file);
    if (!cached || cached.text !== text) {
      try {
        cached = { text, config: parseConfig(file, text) };
      } catch (e) {
        cached = { text, error: e instanceof ConfigError ? e.message : String(e) };
      }
      this.configCache.set(file, cached);
    }
    if (cached.error) return { config: { ...defaultConfig(), file }, error: cached.error };
    return { config: cached.config! };
  }

  /**
   * mergeSettings() of a file's configuration and a document's settings, made once per pair: the same object lint
   * after lint lets the engine keep the rule list and messages it prepares for a configuration.
   */
  private lintConfig(file: HardlintConfig, settings: ClientSettings): HardlintConfig {
    let bySettings = this.mergedConfigs.get(file);
    if (!bySettings) this.mergedConfigs.set(file, (bySettings = new WeakMap()));
    let config = bySettings.get(settings);
    if (!config) bySettings.set(settings, (config = mergeSettings(file, settings, this.ruleIds)));
    return config;
  }

  // ---- linting --------------------------------------------------------------------------------------------------

  /**
   * The sshd_config next to the file (or a folder up) that includes it, when its path does not say what it is
   * (`conf.d/x.conf`, `sshd_config.local`): an sshd drop-in opened alone. Found here once, for its kind and its lint.
   */
  private nearbyMainInclusion(filePath: string): SshdInclusion | undefined {
    const byPath = detectKind(filePath);
    if (byPath !== undefined && !textConfirmsKind(filePath, byPath)) return undefined;
    return findIncludingMain(filePath, this.host);
  }

  private kindOf(doc: TextDocument, filePath: string): Kind | undefined {
    const byPath = detectKind(filePath, doc.getText());
    if (byPath) return byPath;
    const byLanguage = LANGUAGE_KINDS[doc.languageId];
    return byLanguage && isKind(byLanguage) ? byLanguage : undefined;
  }

  private uriForPath(p: string): string {
    return this.openByPath.get(p) ?? pathToFileURL(p).href;
  }

  private toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
    const d: Diagnostic = {
      range: f.range, severity: SEVERITY[f.severity], code: f.ruleId, source: 'hardlint', message: f.message,
    };
    if (this.caps.codeDescription) d.codeDescription = { href: docsUrl(f.ruleId) };
    if (this.caps.related && f.related.length > 0) {
      d.relatedInformation = f.related.map((r) => ({ location: { uri: this.uriForPath(r.file), range: r.range }, message: r.message }));
    }
    const data: DiagnosticData = { version: doc.version, fixes: fixesData(doc, f.fixes) };
    d.data = data;
    return d;
  }

  /** Lints the text of `doc` as it is now. Synchronous after the settings are known, so nothing can interleave. */
  private lintNow(doc: TextDocument, settings: ClientSettings): LintState {
    const filePath = documentPath(doc.uri);
    const files = this.cross.files(this.openFiles());
    // A file a main sshd_config of the workspace includes is an sshd drop-in, whatever its name says (a file alone
    // has nothing to be included by).
    const inWorkspace = files.size > 1 ? this.cross.sshdInclusions(files) : undefined;
    const nearby = inWorkspace?.has(filePath) ? undefined : this.nearbyMainInclusion(filePath);
    const sshdIncluded = nearby ? new Map(inWorkspace ?? []).set(filePath, nearby) : inWorkspace;
    const kind = sshdIncluded?.has(filePath) ? 'sshd' : this.kindOf(doc, filePath);
    const state: LintState = {
      version: doc.version, generation: this.generation, kind, findings: [], context: undefined, diagnostics: [],
      resultId: `${++this.resultCounter}`, deps: { files: new Set(), dirs: new Set() }, settings,
    };
    if (!kind || !settings.enable) return state;
    const text = doc.getText();
    if (isBinaryText(text)) {
      this.status({ state: 'warning', message: coreMessage(this.locale, 'binaryFile'), uri: doc.uri });
      return state;
    }
    const { config: fileConfig, error } = this.fileConfig(filePath);
    if (error) {
      this.status({ state: 'warning', message: coreMessage(this.locale, 'configError', { file: fileConfig.file ?? '', error }), uri: doc.uri });
    } else {
      this.status({ state: 'ok', message: '', uri: doc.uri });
    }
    const config = this.lintConfig(fileConfig, settings);
    if (isIgnored(config, filePath)) return state;
    const workspace = this.cross.model(files, inWorkspace);
    const out = lint({ path: filePath, text, kind }, { host: this.host, config, locale: this.locale, rules: this.rules, workspace, sshdIncluded });
    state.findings = out.findings;
    state.context = out.context;
    state.deps = dependenciesOf(kind, out.context);
    if (workspace) state.deps.workspace = true;
    state.diagnostics = out.findings.filter((f) => !f.suppressed).map((f) => this.toDiagnostic(doc, f));
    return state;
  }

  /** The open documents, for the workspace model (with the files "Lint workspace" found). */
  private openFiles(): OpenFile[] {
    const open: OpenFile[] = [];
    for (const doc of this.documents.all()) {
      const p = documentPath(doc.uri);
      const text = doc.getText();
      if (!isBinaryText(text)) open.push({ path: p, text, kind: this.kindOf(doc, p) });
    }
    return open;
  }

  /** The lint of the document's current version, reusing the last one when nothing changed. */
  private async freshState(uri: string): Promise<{ doc: TextDocument; state: LintState } | undefined> {
    const before = this.documents.get(uri);
    if (!before) return undefined;
    const settings = await this.settingsFor(uri);
    const doc = this.documents.get(uri); // the latest version, whatever arrived while waiting
    if (!doc) return undefined;
    const cached = this.states.get(uri);
    if (cached && cached.version === doc.version && cached.generation === this.generation && cached.settings === settings) {
      return { doc, state: cached };
    }
    const state = this.lintNow(doc, settings);
    this.scheduler.record(uri);
    this.states.set(uri, state);
    return { doc, state };
  }

  /** Push: lint and publish the latest version. */
  private async validate(uri: string): Promise<void> {
    await this.guard('validate', async () => {
      const r = await this.freshState(uri);
      if (!r || this.documents.get(uri) !== r.doc) return;
      this.needsLint.delete(uri);
      this.published.set(uri, r.state);
      await this.connection.sendDiagnostics({ uri, version: r.state.version, diagnostics: r.state.diagnostics });
    });
  }

  private async pull(uri: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    const settings = this.documents.get(uri) ? await this.settingsFor(uri) : undefined;
    let state = this.published.get(uri);
    const stale = !state || this.needsLint.has(uri) || settings?.run === 'onType';
    if (stale) {
      const r = await this.freshState(uri);
      if (!r) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      state = r.state;
      this.published.set(uri, state);
      this.needsLint.delete(uri);
    }
    if (previousResultId !== undefined && previousResultId === state!.resultId) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: state!.resultId };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId: state!.resultId, items: state!.diagnostics };
  }

  // ---- features -------------------------------------------------------------------------------------------------

  private fixesFor(doc: TextDocument, state: LintState, diagnostic: Diagnostic): DiagnosticData['fixes'] {
    const data = diagnostic.data as Partial<DiagnosticData> | undefined;
    if (data && data.version === doc.version && Array.isArray(data.fixes)) return data.fixes;
    const same = (f: Finding) => f.ruleId === diagnostic.code && !f.suppressed;
    const r = diagnostic.range;
    const finding = state.findings.find((f) => same(f) && f.range.start.line === r.start.line && f.range.start.character === r.start.character
      && f.range.end.line === r.end.line && f.range.end.character === r.end.character)
      ?? state.findings.find((f) => same(f) && f.range.start.line === r.start.line);
    return finding ? fixesData(doc, finding.fixes) : [];
  }

  private async codeActions(p: import('vscode-languageserver').CodeActionParams): Promise<CodeAction[]> {
    const r = await this.freshState(p.textDocument.uri);
    if (!r || !r.state.kind || !r.state.settings.enable) return [];
    const { doc, state } = r;
    const only = p.context.only;
    const opts = { documentChanges: this.caps.documentChanges, only };
    const actions: CodeAction[] = [];
    for (const d of p.context.diagnostics) {
      if (d.source !== 'hardlint' || typeof d.code !== 'string' || !this.ruleIds.includes(d.code)) continue;
      actions.push(...diagnosticActions(doc, d, this.fixesFor(doc, state, d), this.locale, opts));
    }
    if (kindWanted(FIX_ALL_KIND, only)) {
      const all = fixAllAction(doc, state.findings, this.locale, opts);
      if (all) actions.push(all);
    }
    return actions;
  }

  private async hover(uri: string, position: import('vscode-languageserver').Position): Promise<Hover | null> {
    const r = await this.freshState(uri);
    if (!r || !r.state.kind || !r.state.settings.enable) return null;
    const value = hoverAt({
      findings: r.state.findings, context: r.state.context, kind: r.state.kind, pos: position, locale: this.locale,
      docs: this.docs, ruleById: (id) => this.rules.find((x) => x.meta.id === id),
      unsafeTitle: (t) => unsafeTitle(t, this.locale),
    });
    return value ? { contents: { kind: MarkupKind.Markdown, value } } : null;
  }

  private async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    if (command !== SHOW_DOCUMENTATION_COMMAND) return null;
    const url = args[0];
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return null;
    if (this.caps.showDocument) {
      return this.connection.window.showDocument({ uri: url, external: true });
    }
    this.connection.window.showInformationMessage(url);
    return null;
  }

  /** Lints files that are not open (the "Lint workspace" command) and pushes their diagnostics. */
  private async lintFiles(p: LintFilesParams): Promise<LintFilesResult> {
    let files = 0;
    let problems = 0;
    const uris = (Array.isArray(p?.uris) ? p.uris : []).filter((u): u is string => typeof u === 'string');
    // Every file joins the workspace model first, so that each lint below sees all the others.
    if (this.cross.discover(uris.map(documentPath))) {
      // Open documents may gain cross-file findings: their cached lints are stale.
      this.generation++;
      this.relintAll();
    }
    for (const uri of uris) {
      if (typeof uri !== 'string') continue;
      if (this.documents.get(uri)) {
        const r = await this.freshState(uri);
        if (r?.state.kind) { files++; problems += r.state.diagnostics.length; }
        continue;
      }
      const text = this.host.readFile(documentPath(uri));
      if (text === undefined) continue;
      const settings = await this.settingsFor(uri);
      const doc = TextDocument.create(uri, '', 0, text);
      const state = this.lintNow(doc, settings);
      if (!state.kind) continue;
      files++;
      problems += state.diagnostics.length;
      this.pushedClosed.add(uri);
      await this.connection.sendDiagnostics({ uri, diagnostics: state.diagnostics });
    }
    return { files, problems };
  }
}

export function startServer(connection: Connection, options?: ServerOptions): HardlintServer {
  const server = new HardlintServer(connection, options);
  server.listen();
  return server;
}
