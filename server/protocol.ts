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

/** Client → server request: the exposure map of the workspace folders (the files on disk, open buffers' text). */
export const EXPOSURE_REPORT_REQUEST = 'hardlint/exposureReport';
export interface ExposureReportParams {
  /** Folder URIs to map; the workspace folders of `initialize` when absent. */
  folders?: string[];
  /**
   * Walk the folders for config files again (the default). False reuses the files the last walk of the same folders
   * found (open buffers are always added): enough after edits in the editor, and it spares walking a large tree.
   */
  rescan?: boolean;
}
export interface ExposureReportResult {
  /** The folders mapped, as file-system paths. */
  folders: string[];
  /** As core/workspace/exposure builds it for `hardlint report` (absolute paths). */
  map: import('../core/workspace/exposure').ExposureMap;
  /** False when the files describe several hosts (more than one sshd_config or nginx.conf). */
  singleHost: boolean;
}

/** Server → client notification, after a report was requested: a file the map reads changed; ask again. */
export const EXPOSURE_CHANGED_NOTIFICATION = 'hardlint/exposureChanged';
