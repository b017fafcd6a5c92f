// The workspace model the server gives the cross-file rules: the open documents (their unsaved text) and the files
// the client found with "Lint workspace" (their saved text). Built again only when the set of files changes; a
// changed text replaces one file's part of the model. The same files tell which files a main sshd_config of the
// workspace includes: those are sshd drop-ins, whatever their names (core/workspace/sshd-includes.ts).
import type { HardlintConfig } from '../core/config';
import { detectKind } from '../core/kinds';
import type { FileHost } from '../core/types';
import { buildWorkspace, Workspace, WorkspaceFile } from '../core/workspace/model';
import { findSshdInclusions, mayBeSshdMain, SshdInclusions, SshdMainCandidate } from '../core/workspace/sshd-includes';

/** An open document, with its kind from its path or language (undefined when neither tells). */
export interface OpenFile { path: string; text: string; kind: WorkspaceFile['kind'] | undefined }

export class CrossWorkspace {
  private readonly discovered = new Set<string>();
  /**
   * Discovered files as saved (undefined when unreadable), with their kinds: read and told once until the file
   * changes on disk, not at every keystroke in another file (telling a script's kind means parsing it).
   */
  private readonly saved = new Map<string, OpenFile | undefined>();
  private current?: { key: string; ws: Workspace };
  /** The inclusions the model was last asked with: files read into it later (withFile) see the same. */
  private included: SshdInclusions | undefined;

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

  /** The discovered files (saved text) and the open ones (their buffers win), with their kinds from their paths. */
  files(open: readonly OpenFile[]): ReadonlyMap<string, OpenFile> {
    const files = new Map<string, OpenFile>();
    for (const p of this.discovered) {
      let file = this.saved.get(p);
      if (file === undefined && !this.saved.has(p)) {
        const text = this.host.readFile(p);
        file = text === undefined ? undefined : { path: p, text, kind: detectKind(p, text) };
        this.saved.set(p, file);
      }
      if (file !== undefined) files.set(p, file);
    }
    for (const f of open) files.set(f.path, f);
    return files;
  }

  /**
   * The files the main sshd configs among `files` (this.files()) include, read as they are now (open buffers win
   * over the disk). Undefined when there are none.
   */
  sshdInclusions(files: ReadonlyMap<string, OpenFile>): SshdInclusions | undefined {
    const candidates: SshdMainCandidate[] = [];
    for (const f of files.values()) {
      if (!mayBeSshdMain(f.path, f.kind)) continue;
      const configuredSshdir = this.configFor(f.path).sshd.sshdir;
      candidates.push({ path: f.path, text: f.text, ...(configuredSshdir ? { configuredSshdir } : {}) });
    }
    if (candidates.length === 0) return undefined;
    const inclusions = findSshdInclusions(candidates, this.host);
    return inclusions.size > 0 ? inclusions : undefined;
  }

  /**
   * The model of `found` (this.files()); none when they are all of one kind (no link to follow). Files in
   * `sshdIncluded` are sshd drop-ins.
   */
  model(found: ReadonlyMap<string, OpenFile>, sshdIncluded?: SshdInclusions): Workspace | undefined {
    const files = new Map<string, WorkspaceFile>();
    for (const f of found.values()) {
      const kind = sshdIncluded?.has(f.path) ? 'sshd' : f.kind;
      if (kind) files.set(f.path, { path: f.path, text: f.text, kind });
    }
    if (new Set([...files.values()].map((f) => f.kind)).size < 2) {
      this.current = undefined;
      return undefined;
    }
    const key = [...files.keys()].sort().join('\n') + '\0' + [...(sshdIncluded?.keys() ?? [])].sort().join('\n');
    this.included = sshdIncluded;
    let ws = this.current?.key === key ? this.current.ws
      : buildWorkspace([...files.values()], (p) => ({ host: this.host, config: this.configFor(p), sshdIncluded: this.included }));
    for (const f of files.values()) ws = ws.withFile(f);
    this.current = { key, ws };
    return ws;
  }
}
