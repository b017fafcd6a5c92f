import type { Position, Range } from './types';

/** Text plus a line index; offsets and columns are UTF-16 code units, as LSP and JS strings. */
export class SourceText {
  readonly lineStarts: number[];

  /** `lineStarts`: the text's line index when the caller has made it already (the sshd tokenizer does). */
  constructor(readonly text: string, lineStarts?: number[]) {
    if (lineStarts !== undefined) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number { return this.lineStarts.length; }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    if (pos.line < 0) return 0;
    return Math.min(this.lineStarts[pos.line] + pos.character, this.lineEnd(pos.line, true));
  }

  range(start: number, end: number): Range {
    const from = this.positionAt(start);
    // Most ranges end on the line they start on: no second search then.
    const o = Math.max(0, Math.min(end, this.text.length));
    const lineStart = this.lineStarts[from.line];
    const next = from.line + 1 < this.lineStarts.length ? this.lineStarts[from.line + 1] : Infinity;
    const to = o >= lineStart && o < next ? { line: from.line, character: o - lineStart } : this.positionAt(end);
    return { start: from, end: to };
  }

  /** Offset of the end of line `line`, before its EOL (or after it with `withEol`). */
  lineEnd(line: number, withEol = false): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    if (withEol || next === this.text.length && !this.text.endsWith('\n')) return next;
    let end = next - 1; // the \n
    if (end > this.lineStarts[line] && this.text[end - 1] === '\r') end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  /** The EOL style to use for inserted lines: the file's own. */
  get eol(): string {
    const i = this.text.indexOf('\n');
    return i > 0 && this.text[i - 1] === '\r' ? '\r\n' : '\n';
  }
}

export function lineRange(src: SourceText, line: number): Range {
  return src.range(src.lineStarts[line], src.lineEnd(line));
}
