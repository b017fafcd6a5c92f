// Where each rule's documentation lives: in the repository (linked from findings and SARIF) and in the package.
import * as path from 'node:path';

export const REPOSITORY_URL = 'https://github.com/hardlint/hardlint';
export const VERSION = '0.1.0';

export function docsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/v${VERSION}/docs/rules/${ruleId}.md`;
}

/** The doc page inside an installed package (`dist/` sits next to `docs/`). */
export function docsPath(packageRoot: string, ruleId: string): string {
  return path.join(packageRoot, 'docs', 'rules', ...ruleId.split('/')) + '.md';
}
