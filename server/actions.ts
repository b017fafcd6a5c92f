// Code actions: the fixes of a finding, suppression comments, the documentation link, and fix-all (safe only).
import {
  CodeAction, CodeActionKind, Command, Diagnostic, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit,
  TextEdit as LspTextEdit, WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { docsUrl } from '../core/docs';
import { applyFixes, pickFix } from '../core/engine';
import { coreMessage, Locale } from '../core/l10n';
import type { Finding, Fix, TextEdit } from '../core/types';
import { DiagnosticData, FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND } from './protocol';

/** Unsafe fix titles must show the risk: keep the rule's parenthesised warning, else add the generic one. */
export function unsafeTitle(title: string, locale: Locale): string {
  return /\([^)]+\)/.test(title) ? title : `${title} ${coreMessage(locale, 'unsafeSuffix')}`;
}

export function fixTitle(fix: { title: string; safety: string }, locale: Locale): string {
  return fix.safety === 'unsafe' ? unsafeTitle(fix.title, locale) : fix.title;
}

export function toLspEdits(doc: TextDocument, edits: TextEdit[]): LspTextEdit[] {
  return edits.map((e) => LspTextEdit.replace({ start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, e.newText));
}

export function fixesData(doc: TextDocument, fixes: Fix[]): DiagnosticData['fixes'] {
  return fixes.map((f) => ({ title: f.title, safety: f.safety, edits: toLspEdits(doc, f.edits) }));
}

export interface EditOptions { documentChanges: boolean }

export function workspaceEdit(doc: TextDocument, edits: LspTextEdit[], opts: EditOptions): WorkspaceEdit {
  if (opts.documentChanges) {
    return { documentChanges: [TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(doc.uri, doc.version), edits)] };
  }
  return { changes: { [doc.uri]: edits } };
}

export function kindWanted(kind: string, only: string[] | undefined): boolean {
  return !only || only.length === 0 || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

function eolOf(doc: TextDocument): string {
  const text = doc.getText();
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

function lineText(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** `# hardlint-disable-next-line <rule> -- reason` above `line`, indented like it. */
export function disableLineEdit(doc: TextDocument, ruleId: string, line: number, locale: Locale): LspTextEdit {
  const indent = /^[ \t]*/.exec(lineText(doc, line))![0];
  const reason = coreMessage(locale, 'suppressionReason');
  return LspTextEdit.insert({ line, character: 0 }, `${indent}# hardlint-disable-next-line ${ruleId} -- ${reason}${eolOf(doc)}`);
}

export function disableFileEdit(doc: TextDocument, ruleId: string, locale: Locale): LspTextEdit {
  const reason = coreMessage(locale, 'suppressionReason');
  return LspTextEdit.insert({ line: 0, character: 0 }, `# hardlint-disable-file ${ruleId} -- ${reason}${eolOf(doc)}`);
}

/** The actions offered for one hardlint diagnostic, in the order a user should see them. */
export function diagnosticActions(doc: TextDocument, diagnostic: Diagnostic, fixes: DiagnosticData['fixes'], locale: Locale,
  opts: EditOptions & { only?: string[] }): CodeAction[] {
  if (!kindWanted(CodeActionKind.QuickFix, opts.only)) return [];
  const ruleId = String(diagnostic.code);
  const out: CodeAction[] = [];
  for (const fix of fixes) {
    const action = CodeAction.create(fixTitle(fix, locale), workspaceEdit(doc, fix.edits, opts), CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.safety === 'safe';
    out.push(action);
  }
  const line = CodeAction.create(coreMessage(locale, 'disableForLine', { rule: ruleId }),
    workspaceEdit(doc, [disableLineEdit(doc, ruleId, diagnostic.range.start.line, locale)], opts), CodeActionKind.QuickFix);
  line.diagnostics = [diagnostic];
  out.push(line);
  const file = CodeAction.create(coreMessage(locale, 'disableForFile', { rule: ruleId }),
    workspaceEdit(doc, [disableFileEdit(doc, ruleId, locale)], opts), CodeActionKind.QuickFix);
  file.diagnostics = [diagnostic];
  out.push(file);
  const title = coreMessage(locale, 'showDocumentation', { rule: ruleId });
  const docs = CodeAction.create(title, Command.create(title, SHOW_DOCUMENTATION_COMMAND, docsUrl(ruleId)), CodeActionKind.QuickFix);
  docs.diagnostics = [diagnostic];
  out.push(docs);
  return out;
}

/** One action applying every safe fix that does not overlap another (never unsafe ones), or none. */
export function fixAllAction(doc: TextDocument, findings: Finding[], locale: Locale, opts: EditOptions): CodeAction | undefined {
  const candidates = findings.map((f) => pickFix(f, ['safe'])).filter((f): f is Fix => !!f && f.edits.length > 0);
  if (candidates.length === 0) return undefined;
  const { applied } = applyFixes(doc.getText(), candidates);
  const edits = applied.flatMap((f) => toLspEdits(doc, f.edits));
  if (edits.length === 0) return undefined;
  return CodeAction.create(coreMessage(locale, 'fixAll'), workspaceEdit(doc, edits, opts), FIX_ALL_KIND);
}
