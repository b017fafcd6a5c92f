// The VS Code extension: starts the bundled language server, shows its state in a language status item, restarts it
// when it dies, and offers the workspace commands. All linting happens in the server.
import * as vscode from 'vscode';
import {
  CloseAction, CloseHandlerResult, DocumentSelector, ErrorAction, ErrorHandler, ErrorHandlerResult, LanguageClient,
  LanguageClientOptions, RevealOutputChannelOn, ServerOptions, State, TransportKind,
} from 'vscode-languageclient/node';
import { LINT_FILES_REQUEST, LintFilesResult, STATUS_NOTIFICATION, StatusParams } from '../server/protocol';
import { ExposureMapView } from './exposure';

/** Documents the server receives. The path patterns also catch sshd files another extension claims. */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { language: 'sshd_config' },
  { language: 'nginx' },
  { language: 'dockercompose' },
  { language: 'shellscript', pattern: '**/*{firewall,iptables,ufw,nftables}*' },
  { scheme: 'file', pattern: '**/sshd_config' },
  // Every file of the folder: the server reads those under another name than *.conf when they hold sshd settings
  // (sshd/drop-in-not-included tells why they do nothing), and leaves the others alone.
  { scheme: 'file', pattern: '**/sshd_config.d/*' },
];

/** Files "Lint workspace" sends to the server; it skips the ones it has no rules for. */
const WORKSPACE_FILES = '{**/sshd_config,**/sshd_config.d/*.conf,**/nginx.conf,**/nginx/**/*.conf,**/sites-available/*,**/sites-enabled/*,**/conf.d/*.conf,**/*compose*.yml,**/*compose*.yaml}';
const EXCLUDED = '{**/node_modules/**,**/.git/**}';

/** Crashes tolerated in CRASH_WINDOW_MS before giving up (the default handler gives up silently after 4). */
const MAX_RESTARTS = 5;
const CRASH_WINDOW_MS = 3 * 60 * 1000;

type ServerState = { kind: 'starting' } | { kind: 'running' } | { kind: 'restarted'; crashes: number } | { kind: 'stopped'; crashes: number };

class Status {
  private readonly item: vscode.LanguageStatusItem;
  private server: ServerState = { kind: 'starting' };
  private readonly perDocument = new Map<string, StatusParams>();
  private global: StatusParams | undefined;

  constructor(selector: DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('hardlint.status', selector as vscode.DocumentSelector);
    this.item.name = 'hardlint';
    this.item.command = { title: vscode.l10n.t('Show output'), command: 'hardlint.showOutput' };
    this.render();
  }

  setServer(state: ServerState): void {
    this.server = state;
    if (state.kind === 'starting') { this.perDocument.clear(); this.global = undefined; }
    this.render();
  }

  get serverState(): ServerState { return this.server; }

  /** What the status item shows now (for the extension-host tests). */
  snapshot(): { text: string; detail: string; severity: vscode.LanguageStatusSeverity } {
    return { text: this.item.text, detail: this.item.detail ?? '', severity: this.item.severity };
  }

  report(p: StatusParams): void {
    if (p.uri) this.perDocument.set(p.uri, p); else this.global = p;
    this.render();
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
    this.render();
  }

  render(): void {
    const item = this.item;
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const doc = active ? this.perDocument.get(active) : undefined;
    item.busy = this.server.kind === 'starting';
    item.severity = vscode.LanguageStatusSeverity.Information;
    item.text = 'hardlint';
    switch (this.server.kind) {
      case 'starting':
        item.detail = vscode.l10n.t('Starting…');
        return;
      case 'stopped':
        item.severity = vscode.LanguageStatusSeverity.Error;
        item.text = '$(error) hardlint';
        item.detail = vscode.l10n.t('Stopped: the server crashed {0} times in 3 minutes. Run "hardlint: Restart server".', this.server.crashes);
        return;
      case 'restarted':
        item.severity = vscode.LanguageStatusSeverity.Warning;
        item.text = '$(warning) hardlint';
        item.detail = vscode.l10n.t('The server crashed and was restarted ({0} in the last 3 minutes).', this.server.crashes);
        return;
      case 'running': {
        const problem = this.global?.state === 'error' ? this.global : doc && doc.state !== 'ok' ? doc : undefined;
        if (problem) {
          item.severity = problem.state === 'error' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Warning;
          item.text = `$(${problem.state === 'error' ? 'error' : 'warning'}) hardlint`;
          item.detail = problem.message;
        } else {
          item.text = '$(check) hardlint';
          item.detail = vscode.l10n.t('Running');
        }
      }
    }
  }

  dispose(): void { this.item.dispose(); }
}

/** Restarts the server whenever it dies, and says so in the status item; gives up after repeated crashes. */
class RestartingErrorHandler implements ErrorHandler {
  private crashes: number[] = [];
  constructor(private readonly status: Status, private readonly output: () => vscode.OutputChannel | undefined) {}

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < CRASH_WINDOW_MS);
    this.crashes.push(now);
    const count = this.crashes.length;
    if (count > MAX_RESTARTS) {
      this.status.setServer({ kind: 'stopped', crashes: count });
      return { action: CloseAction.DoNotRestart, message: vscode.l10n.t('The hardlint server crashed {0} times in 3 minutes and was stopped. See the output for details.', count) };
    }
    this.status.setServer({ kind: 'restarted', crashes: count });
    this.output()?.appendLine(`[client] ${vscode.l10n.t('The server crashed and was restarted ({0} in the last 3 minutes).', count)}`);
    return { action: CloseAction.Restart, handled: true };
  }
}

let client: LanguageClient | undefined;

/** What `activate` returns: read-only views the extension-host tests use to see what a user sees. */
export interface HardlintApi {
  status(): { text: string; detail: string; severity: vscode.LanguageStatusSeverity };
}

export async function activate(context: vscode.ExtensionContext): Promise<HardlintApi> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const status = new Status(DOCUMENT_SELECTOR);
  context.subscriptions.push(status);
  let output: vscode.OutputChannel | undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // The server honours hardlint.run itself (onSave answers from the last saved lint), so always pull.
    diagnosticPullOptions: { onChange: true, onSave: true },
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new RestartingErrorHandler(status, () => output),
  };
  client = new LanguageClient('hardlint', 'hardlint', serverOptions, clientOptions);
  output = client.outputChannel;
  const c = client;
  const exposure = new ExposureMapView(c);

  context.subscriptions.push(
    c.onDidChangeState((e) => {
      if (e.newState === State.Starting) {
        if (status.serverState.kind === 'running' || status.serverState.kind === 'stopped') status.setServer({ kind: 'starting' });
      } else if (e.newState === State.Running) {
        // Keep "restarted after a crash" visible: the user should know it happened.
        if (status.serverState.kind !== 'restarted') status.setServer({ kind: 'running' });
      } else if (e.newState === State.Stopped && status.serverState.kind !== 'stopped' && status.serverState.kind !== 'restarted') {
        status.setServer({ kind: 'starting' });
      }
    }),
    c.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => status.report(p)),
    vscode.window.onDidChangeActiveTextEditor(() => status.render()),
    vscode.workspace.onDidCloseTextDocument((d) => status.forget(d.uri.toString())),
    vscode.commands.registerCommand('hardlint.showOutput', () => c.outputChannel.show(true)),
    vscode.commands.registerCommand('hardlint.restart', async () => {
      status.setServer({ kind: 'starting' });
      await c.restart();
      status.setServer({ kind: 'running' });
    }),
    vscode.commands.registerCommand('hardlint.lintWorkspace', () => lintWorkspace(c)),
    vscode.commands.registerCommand('hardlint.showExposureMap', () => exposure.show()),
    exposure,
  );
  await c.start();
  if (status.serverState.kind === 'starting') status.setServer({ kind: 'running' });
  return { status: () => status.snapshot() };
}

async function lintWorkspace(c: LanguageClient): Promise<LintFilesResult> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('hardlint: linting the workspace') }, async () => {
    const files = await vscode.workspace.findFiles(WORKSPACE_FILES, EXCLUDED, 10000);
    const uris = files.map((u) => c.code2ProtocolConverter.asUri(u));
    const result = await c.sendRequest<LintFilesResult>(LINT_FILES_REQUEST, { uris });
    void vscode.window.showInformationMessage(vscode.l10n.t('hardlint: {0} problems in {1} files.', result.problems, result.files));
    return result;
  });
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
