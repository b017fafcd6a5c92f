// Public engine types. Nothing here may import vscode or LSP packages: the CLI, the server and the tests share it.

export type Severity = 'error' | 'warning' | 'info';
export type FixSafety = 'safe' | 'unsafe';
export type Profile = 'recommended' | 'strict';
export type Family = 'sshd' | 'nginx' | 'firewall' | 'compose' | 'cross';
export type Kind = 'sshd' | 'nginx' | 'firewall' | 'compose';

/** Zero-based line and UTF-16 column, as LSP. */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A replacement of the UTF-16 offsets [start, end) of the linted file's text. */
export interface TextEdit { start: number; end: number; newText: string }

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
}

/** Another place a finding refers to (the winning line of a shadowed directive, an included file). */
export interface RelatedLocation { file: string; range: Range; message: string }

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
  related: RelatedLocation[];
  /** Set when a suppression comment silenced the finding (kept for SARIF `suppressions`). */
  suppressed?: { justification: string };
}

export type Messages = Record<string, string>;

export interface RuleMeta {
  id: string;
  family: Family;
  severity: Severity;
  description: string;
  tags: string[];
  /** Hardening guides and upstream documents the rule encodes. */
  sources: string[];
  fix: FixSafety | 'none';
  /** `strict` rules only run with `profile: strict`. */
  profile: Profile;
  /** English templates; `{name}` is replaced by report data. Translations live in l10n/. */
  messages: Messages;
}

/**
 * What fills a `{placeholder}`: text shown as written (names, values, paths), another message of the same rule
 * (rendered in the finding's language, for words such as a reason or a kind of algorithm), or a list of those, joined
 * without a separator.
 */
export type MessageData = string | number | MessageRef | MessageData[];

export interface MessageRef { messageId: string; data?: Record<string, MessageData> }

export interface FixSpec extends MessageRef { safety: FixSafety; edits: TextEdit[] }

export interface Report extends MessageRef {
  range: Range;
  /** Overrides the rule's default severity for this finding (before config overrides). */
  severity?: Severity;
  /** Only reported under the strict profile. */
  strictOnly?: boolean;
  fixes?: FixSpec[];
  related?: { file: string; range: Range; message: MessageRef }[];
}

export interface Rule<Ctx = unknown> {
  meta: RuleMeta;
  check(ctx: Ctx, report: (r: Report) => void): void;
}

/** Reads files for rules that follow includes; the server overlays open editor buffers. */
export interface FileHost {
  readFile(path: string): string | undefined;
  /** Directory entries (names only), or undefined when the directory cannot be read. */
  readDir(path: string): string[] | undefined;
  isDirectory(path: string): boolean;
}
