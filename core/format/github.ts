// `--format github`: GitHub Actions workflow commands, which the runner turns into annotations on the diff.
import { FileReport, toPosition1, visibleFindings } from './report';
import type { Severity } from '../types';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of the runner's command parser (actions/toolkit `escapeData` / `escapeProperty`). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(reports: readonly FileReport[]): string {
  return reports.map(githubFileText).join('');
}

/** One file's lines of formatGithub()'s output. */
export function githubFileText(r: FileReport): string {
  let out = '';
  for (const f of visibleFindings(r)) {
    const p = toPosition1(f.range);
    const props = [`file=${escapeProperty(r.file)}`, `line=${p.line}`, `endLine=${p.endLine}`];
    // The runner rejects columns on an annotation that spans several lines.
    if (p.line === p.endLine) props.push(`col=${p.column}`, `endColumn=${p.endColumn}`);
    props.push(`title=${escapeProperty(`hardlint (${f.ruleId})`)}`);
    out += `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}\n`;
  }
  return out;
}
