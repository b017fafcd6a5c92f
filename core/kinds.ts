// File kind detection, shared by the CLI and the server.
import * as path from 'node:path';
import type { Kind } from './types';

export const KINDS: readonly Kind[] = ['sshd'];

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value);
}

/** The kind of a file from its path alone, or undefined when hardlint does not read it. */
export function detectKind(filePath: string): Kind | undefined {
  const p = filePath.split(path.sep).join('/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  const parent = path.posix.basename(path.posix.dirname(p));
  if (base === 'sshd_config' || (parent === 'sshd_config.d' && base.endsWith('.conf'))) return 'sshd';
  return undefined;
}

/** sshd drop-ins (`sshd_config.d/*.conf`) are read from a main file; linted alone they cannot know its settings. */
export function isSshdDropIn(filePath: string): boolean {
  return path.basename(path.dirname(path.resolve(filePath))) === 'sshd_config.d';
}
