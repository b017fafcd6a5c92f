// The workspace model the server gives the cross-file rules: the open documents (their unsaved text) and the files
// the client found with "Lint workspace" (their saved text). Built again only when the set of files changes; a
// changed text replaces one file's part of the model.
import type { HardlintConfig } from '../core/config';
import { detectKind } from '../core/kinds';
import type { FileHost } from '../core/types';
import { buildWorkspace, Workspace, WorkspaceFile } from '../core/workspace/model';

export class CrossWorkspace {
  private readonly discovered = new Set<string>();
  /** Saved text of discovered files, read once until the file changes on disk. */
  private readonly saved = new Map<string, string | undefined>();
  private current?: { paths: string; ws: Workspace };

  constructor(private readonly host: FileHost, private readonly configFor: (file: string) => HardlintConfig) {}

  /** Adds files found in the workspace; true when one was new (open documents may lint differently now). */
  discover(paths: readonly string[]): boolean {
    let added = false;
    for (const p of paths) if (!this.discovered.has(p)) { this.discovered.add(p); added = true; }
    return added;
  }

  /** The file changed on disk, or its buffer was closed: read it again next time. */
  forget(file: string): void {
    this.saved.delete(file);
  }

  /** The model of the discovered and open files; none when they are all of one kind (no link to follow). */
  model(open: readonly WorkspaceFile[]): Workspace | undefined {
    const files = new Map<string, WorkspaceFile>();
    for (const p of this.discovered) {
      if (!this.saved.has(p)) this.saved.set(p, this.host.readFile(p));
      const text = this.saved.get(p);
      const kind = text === undefined ? undefined : detectKind(p, text);
      if (kind && text !== undefined) files.set(p, { path: p, text, kind });
    }
    for (const f of open) files.set(f.path, f);
    if (new Set([...files.values()].map((f) => f.kind)).size < 2) {
      this.current = undefined;
      return undefined;
    }
    const paths = [...files.keys()].sort().join('\n');
    let ws = this.current?.paths === paths ? this.current.ws
      : buildWorkspace([...files.values()], (p) => ({ host: this.host, config: this.configFor(p) }));
    for (const f of files.values()) ws = ws.withFile(f);
    this.current = { paths, ws };
    return ws;
  }
}
