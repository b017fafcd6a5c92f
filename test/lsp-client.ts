// A small LSP client over real JSON-RPC (vscode-jsonrpc), for the protocol tests and the latency benchmark.
// It plays the editor: keeps document texts and versions, answers the server's requests, records what it pushes.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  ClientCapabilities, CodeAction, CodeActionKind, CodeActionRequest, ConfigurationRequest, Diagnostic,
  DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, DidSaveTextDocumentNotification,
  DocumentDiagnosticReport, DocumentDiagnosticRequest, ExecuteCommandRequest, ExitNotification, FileChangeType, Hover,
  HoverRequest, InitializedNotification, InitializeRequest, InitializeResult, PublishDiagnosticsNotification,
  PublishDiagnosticsParams, RegistrationRequest, ShowDocumentRequest, ShutdownRequest, TextEdit, WorkspaceEdit,
  DiagnosticRefreshRequest, Registration, ShowDocumentParams, Range,
} from 'vscode-languageserver-protocol';

import { RULES } from '../rules';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export interface ClientOptions {
  /** Advertise pull diagnostics (VS Code) or not (Neovim 0.7, eglot). */
  pull?: boolean;
  locale?: string;
  /** What `workspace/configuration` answers for section "hardlint" (mutable between requests). */
  settings?: Record<string, unknown>;
  /** Pass `--stdio` to a spawned `node dist/server.js` (default) or connect to an in-process server. */
  connect?: { reader: NodeJS.ReadableStream; writer: NodeJS.WritableStream };
  rootPath?: string;
}

/**
 * A `.hardlint.yaml` turning every rule off but `keep`, which keep their default behaviour (naming a rule in the
 * config would also turn on its strict-only checks). Keeps editor tests stable while rules are added.
 */
export function onlyRules(keep: string[]): string {
  return ['rules:', ...RULES.map((r) => r.meta.id).filter((id) => !keep.includes(id)).map((id) => `  ${id}: off`)].join('\n') + '\n';
}

export function uriOf(p: string): string {
  return pathToFileURL(p).href;
}

/** Offset of an LSP position in `text` (UTF-16, as JavaScript strings). */
export function offsetAt(text: string, pos: { line: number; character: number }): number {
  let i = 0;
  for (let line = 0; line < pos.line; line++) {
    const n = text.indexOf('\n', i);
    if (n < 0) return text.length;
    i = n + 1;
  }
  const eol = text.indexOf('\n', i);
  return Math.min(i + pos.character, eol < 0 ? text.length : eol);
}

export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const abs = edits.map((e) => ({ s: offsetAt(text, e.range.start), e: offsetAt(text, e.range.end), t: e.newText }))
    .sort((a, b) => b.s - a.s || b.e - a.e);
  for (const x of abs) text = text.slice(0, x.s) + x.t + text.slice(x.e);
  return text;
}

export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${JSON.stringify(needle)} not in text`);
  const pos = (o: number) => {
    const before = text.slice(0, o);
    const line = before.split('\n').length - 1;
    return { line, character: o - (before.lastIndexOf('\n') + 1) };
  };
  return { start: pos(at), end: pos(at + needle.length) };
}

export class TestClient {
  readonly conn: MessageConnection;
  readonly child?: ChildProcess;
  readonly pushes: PublishDiagnosticsParams[] = [];
  readonly latest = new Map<string, PublishDiagnosticsParams>();
  readonly registrations: Registration[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly statuses: { state: string; message: string; uri?: string }[] = [];
  readonly logs: string[] = [];
  readonly texts = new Map<string, string>();
  readonly versions = new Map<string, number>();
  refreshes = 0;
  settings: Record<string, unknown>;
  init?: InitializeResult;
  stderr = '';
  private waiters: (() => void)[] = [];

  constructor(private readonly options: ClientOptions = {}) {
    this.settings = options.settings ?? {};
    let reader: NodeJS.ReadableStream;
    let writer: NodeJS.WritableStream;
    if (options.connect) {
      ({ reader, writer } = options.connect);
    } else {
      const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      child.stderr!.on('data', (b) => { this.stderr += b; });
      this.child = child;
      reader = child.stdout!;
      writer = child.stdin!;
    }
    this.conn = createMessageConnection(new StreamMessageReader(reader), new StreamMessageWriter(writer));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.pushes.push(p);
      this.latest.set(p.uri, p);
      this.wake();
    });
    this.conn.onNotification('hardlint/status', (p: { state: string; message: string; uri?: string }) => { this.statuses.push(p); this.wake(); });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => { this.logs.push(p.message); });
    this.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'hardlint' ? this.settings : null)));
    this.conn.onRequest(RegistrationRequest.type, (p) => { this.registrations.push(...p.registrations); this.wake(); });
    this.conn.onRequest(ShowDocumentRequest.type, (p) => { this.shownDocuments.push(p); this.wake(); return { success: true }; });
    this.conn.onRequest(DiagnosticRefreshRequest.type, () => { this.refreshes++; this.wake(); });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `check` returns a value (re-checked after every message from the server). */
  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 10000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${what}${this.stderr ? `\nserver stderr: ${this.stderr}` : ''}`)), timeoutMs);
      const probe = () => {
        let v: T | undefined | false;
        try { v = check(); } catch (e) { clearTimeout(timer); reject(e); return; }
        if (v !== undefined && v !== false) { clearTimeout(timer); resolve(v); } else this.waiters.push(probe);
      };
      probe();
    });
  }

  async initialize(): Promise<InitializeResult> {
    const root = this.options.rootPath ?? ROOT;
    const capabilities: ClientCapabilities = {
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
        codeAction: {
          dataSupport: true, isPreferredSupport: true,
          codeActionLiteralSupport: { codeActionKind: { valueSet: [CodeActionKind.QuickFix, CodeActionKind.Source, CodeActionKind.SourceFixAll] } },
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        ...(this.options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true },
        diagnostics: { refreshSupport: true },
      },
      window: { showDocument: { support: true } },
    };
    this.init = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: uriOf(root), capabilities, locale: this.options.locale ?? 'en',
      workspaceFolders: [{ uri: uriOf(root), name: 'ws' }],
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
    return this.init;
  }

  async open(file: string, text?: string, languageId = 'sshd_config'): Promise<string> {
    const uri = uriOf(file);
    const content = text ?? fs.readFileSync(file, 'utf8');
    this.texts.set(uri, content);
    this.versions.set(uri, 1);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text: content } });
    return uri;
  }

  /** Sends incremental edits (ranges in the current text), as editors do while typing. */
  async edit(uri: string, edits: TextEdit[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    // Incremental changes apply one after the other: send them last-first so ranges stay valid.
    const ordered = [...edits].sort((a, b) => offsetAt(this.texts.get(uri)!, b.range.start) - offsetAt(this.texts.get(uri)!, a.range.start));
    this.texts.set(uri, applyTextEdits(this.texts.get(uri)!, edits));
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version }, contentChanges: ordered.map((e) => ({ range: e.range, text: e.newText })),
    });
    return version;
  }

  async replaceAll(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async save(uri: string): Promise<void> {
    await this.conn.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The next push for `uri` (at the current version, when the server sends versions) satisfying `pred`. */
  pushed(uri: string, pred: (d: Diagnostic[]) => boolean = () => true, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const p = this.latest.get(uri);
      if (!p) return undefined;
      if (p.version !== undefined && this.versions.has(uri) && p.version !== this.versions.get(uri)) return undefined;
      return pred(p.diagnostics) ? p.diagnostics : undefined;
    }, `diagnostics for ${uri}`, timeoutMs);
  }

  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const r = await this.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } });
    return (r ?? []) as CodeAction[];
  }

  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    return this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** Applies a workspace edit to the client's copy of `uri` and sends it to the server as a change. */
  async apply(uri: string, edit: WorkspaceEdit | undefined): Promise<number> {
    const edits: TextEdit[] = [];
    for (const dc of edit?.documentChanges ?? []) {
      if ('textDocument' in dc && dc.textDocument.uri === uri) edits.push(...dc.edits as TextEdit[]);
    }
    edits.push(...(edit?.changes?.[uri] ?? []));
    if (edits.length === 0) throw new Error('workspace edit has no edit for ' + uri);
    return this.edit(uri, edits);
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async filesChanged(files: string[], type: FileChangeType = FileChangeType.Changed): Promise<void> {
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: files.map((f) => ({ uri: uriOf(f), type })) });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 3000))]);
      await this.conn.sendNotification(ExitNotification.type);
    } catch { /* already gone */ }
    if (this.child) {
      const child = this.child;
      if (child.exitCode === null && child.signalCode === null) {
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
      }
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    this.conn.dispose();
  }
}

/** A pair of in-memory streams to run a server in this process (for rule sets only a test defines). */
export function memoryPipes(): { client: { reader: PassThrough; writer: PassThrough }; server: { reader: PassThrough; writer: PassThrough } } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  return { client: { reader: toClient, writer: toServer }, server: { reader: toServer, writer: toClient } };
}
