// Every rule, grouped by family. test/meta.test.ts checks this list against the files in rules/.
import type { Rule } from '../core/types';
import permitRootLogin from './sshd/permit-root-login';

export const RULES: readonly Rule<any>[] = [
  permitRootLogin,
];

export function findRule(id: string): Rule<any> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
