import * as fs from 'node:fs';
import * as path from 'node:path';
import { recoverInterruptedMerges } from './merge';
import { isolationDir } from './repository-lock';
import { findRepository } from './snapshot';
import { pruneWorktrees } from './worktree';

/**
 * What a run does first when an earlier one used worktrees: undo merges that kill -9 cut short and
 * free the worktrees of dead runs for reuse (not those kept after a conflict). Returns lines to print.
 * Costs a few file checks when isolation was never used in the repository.
 */
export async function recoverIsolation(workspaceRoot: string): Promise<string[]> {
  if (!mayHaveUsedIsolation(workspaceRoot)) return [];
  const repo = await findRepository(workspaceRoot);
  if (!repo || !fs.existsSync(isolationDir(repo))) return [];
  const lines: string[] = [];
  for (const recovery of await recoverInterruptedMerges(repo)) {
    const restored = `${recovery.restored.length} file${recovery.restored.length === 1 ? '' : 's'} put back`;
    const left = recovery.leftAlone.length ? `; changed since, left as they are: ${recovery.leftAlone.join(', ')}` : '';
    lines.push(`undid the merge of ${taskOfKey(recovery.key)} that a killed run left half done (${restored}${left}); the task runs again`);
  }
  await pruneWorktrees(repo);
  return lines;
}

/** `feature-001-T005-x1y2z3` → `feature-001:T005` */
function taskOfKey(key: string): string {
  const match = /^(.*)-([^-]+)-[a-z0-9]+$/.exec(key);
  return match ? `${match[1]}:${match[2]}` : key;
}

/** A `.git` folder with an `nx-tasks-md` folder in it above the workspace, or a `.git` file (a worktree: ask git). */
function mayHaveUsedIsolation(workspaceRoot: string): boolean {
  for (let dir = path.resolve(workspaceRoot); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    try {
      const stat = fs.statSync(dotGit);
      return stat.isDirectory() ? fs.existsSync(path.join(dotGit, 'nx-tasks-md')) : true;
    } catch {
      // not here
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/** What a run does last: idle worktrees go (those of live runs and those kept after conflicts stay). */
export async function removeIdleWorktrees(workspaceRoot: string): Promise<void> {
  if (!mayHaveUsedIsolation(workspaceRoot)) return;
  const repo = await findRepository(workspaceRoot);
  if (repo && fs.existsSync(isolationDir(repo))) await pruneWorktrees(repo, { removeIdle: true });
}
