/**
 * Files of this repository as committed at HEAD, never the working copy: running the README's
 * Quick start ticks the demo's checkboxes in place, and tests must not see that.
 */
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './nx-workspace';

export function committedFile(path: string): string {
  try {
    return execFileSync('git', ['show', `HEAD:${path}`], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`cannot read ${path} as committed at HEAD in ${REPO_ROOT}: ${(error as { stderr?: string }).stderr ?? error}`);
  }
}
