// hardlint's own LSP messages, shared by the server and the VS Code client. Plain data: no LSP imports here.

/** Server → client notification: the state the language status item shows. */
export const STATUS_NOTIFICATION = 'hardlint/status';
export type StatusState = 'ok' | 'warning' | 'error';
export interface StatusParams {
  state: StatusState;
  /** Localized, one line; empty when all is well. */
  message: string;
  /** The document the state is about, if any. */
  uri?: string;
}

/** Client → server request: lint files that are not open and publish their diagnostics. */
export const LINT_FILES_REQUEST = 'hardlint/lintFiles';
export interface LintFilesParams { uris: string[] }
export interface LintFilesResult { files: number; problems: number }

/** Server command behind the "Show documentation" code action (arguments: [url]). */
export const SHOW_DOCUMENTATION_COMMAND = 'hardlint.server.showDocumentation';

/** Code action kind of the fix-all action run by `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.hardlint';

/** What `Diagnostic.data` carries, so code actions need no re-lint while the document is unchanged. */
export interface DiagnosticData {
  version: number;
  fixes: { title: string; safety: 'safe' | 'unsafe'; edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[] }[];
}
