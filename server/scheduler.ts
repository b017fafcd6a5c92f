// When to lint a document after an edit: at once when no lint of it just ended (a keystroke gets its diagnostics
// with no added delay), else after a short gap in which the edits queued meanwhile are applied (a flood of edits
// costs a handful of lints, not thousands), and always once more after the last edit, so the final text is linted.
export class LintScheduler {
  /** The pending run of each document: how to call it off. */
  private readonly pending = new Map<string, () => void>();
  /** When the last lint of each document ended. */
  private readonly lastEnd = new Map<string, number>();

  constructor(
    private readonly run: (uri: string) => Promise<void> | void,
    /** Edits arriving within this many ms of a lint's end wait for the rest of the burst. */
    private readonly gapMs = 30,
  ) {}

  schedule(uri: string): void {
    if (this.pending.has(uri)) return; // the pending run reads the latest text when it fires
    const last = this.lastEnd.get(uri);
    const since = last === undefined ? Infinity : Date.now() - last;
    const fire = () => {
      this.pending.delete(uri);
      const done = () => { this.lastEnd.set(uri, Date.now()); };
      try {
        const r = this.run(uri);
        if (r) r.then(done, done); else done();
      } catch {
        done();
      }
    };
    if (since >= this.gapMs) {
      // At once, yet after the messages already read (a batch of edits is applied before it lints): setImmediate,
      // not a zero timeout, which Node rounds up to a millisecond.
      const immediate = setImmediate(fire);
      this.pending.set(uri, () => clearImmediate(immediate));
    } else {
      const timer = setTimeout(fire, this.gapMs - since);
      this.pending.set(uri, () => clearTimeout(timer));
    }
  }

  /** Records a lint made outside the scheduler (a pull request, a hover) so a burst after it still coalesces. */
  record(uri: string): void {
    this.lastEnd.set(uri, Date.now());
  }

  cancel(uri: string): void {
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    this.lastEnd.delete(uri);
  }

  dispose(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }
}
