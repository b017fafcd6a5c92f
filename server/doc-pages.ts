// The rule pages shipped in docs/rules/ (next to dist/ in the package), read for hovers so they work offline.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { docsPath } from '../core/docs';

export interface DocPage {
  /** The title's text after "<id> — ". */
  summary: string;
  /** Sections by heading (without "## "), their text trimmed. */
  sections: Map<string, string>;
}

/** The folder that holds `docs/rules`: the package root, found by walking up from the running script. */
export function findPackageRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'docs', 'rules'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function parseDocPage(text: string): DocPage {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const title = lines.find((l) => l.startsWith('# ')) ?? '';
  const dash = title.indexOf(' — ');
  const summary = dash >= 0 ? title.slice(dash + 3).trim() : title.slice(2).trim();
  const sections = new Map<string, string>();
  let heading: string | undefined;
  let body: string[] = [];
  const flush = () => { if (heading !== undefined) sections.set(heading, body.join('\n').trim()); };
  for (const line of lines) {
    if (line.startsWith('## ')) {
      flush();
      heading = line.slice(3).trim();
      body = [];
    } else if (heading !== undefined) body.push(line);
  }
  flush();
  return { summary, sections };
}

/** The first paragraph of a section (prose up to the first blank line), or undefined. */
export function firstParagraph(section: string | undefined): string | undefined {
  if (!section) return undefined;
  const para = section.split(/\n\s*\n/)[0].trim();
  return para || undefined;
}

export class DocPages {
  private readonly cache = new Map<string, DocPage | null>();

  constructor(private readonly packageRoot: string | undefined) {}

  get(ruleId: string): DocPage | undefined {
    if (!this.packageRoot) return undefined;
    let page = this.cache.get(ruleId);
    if (page === undefined) {
      try {
        page = parseDocPage(fs.readFileSync(docsPath(this.packageRoot, ruleId), 'utf8'));
      } catch {
        page = null;
      }
      this.cache.set(ruleId, page);
    }
    return page ?? undefined;
  }
}
