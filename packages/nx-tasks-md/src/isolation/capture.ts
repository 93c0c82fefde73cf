import { git, gitLine, nulRecords } from './git';
import { commitTree, snapshotWorkingTree, withScratchIndex } from './snapshot';
import type { TaskWorktree } from './worktree';

export interface TaskChanges {
  /** A commit whose parent is the worktree's base and whose tree is what the agent left. */
  commit: string;
  /** Whether the agent changed anything that is kept. */
  changed: boolean;
  /** Files the agent changed that are never merged back (tasks.md, the plugin's state), relative to the top. */
  dropped: string[];
}

/**
 * What the agent did in its worktree, as a commit on top of the base: every change to files git
 * would track (added, modified, deleted, renamed, mode), whatever the agent staged or committed
 * itself, minus the links isolation made and the `neverMerged` pathspecs (relative to the top),
 * whose changes are reported as dropped.
 */
export async function captureTaskChanges(worktree: TaskWorktree, neverMerged: readonly string[]): Promise<TaskChanges> {
  const worktreeIndex = await gitLine(worktree.dir, ['rev-parse', '--path-format=absolute', '--git-path', 'index']);
  const everything = await snapshotWorkingTree(worktree.dir, {
    seedIndex: worktreeIndex,
    parent: worktree.base,
    excluded: worktree.links,
    message: `nx-tasks-md: changes of ${worktree.key}`,
  });
  const dropSpecs = neverMerged.map((spec) => `:(top,glob)${spec}`);
  const dropped = dropSpecs.length
    ? nulRecords(
        (await git(worktree.dir, ['diff-tree', '-r', '-z', '--name-only', '--no-renames', worktree.base, everything, '--', ...dropSpecs]))
          .stdout,
      )
    : [];
  const commit = dropped.length ? await withoutPaths(worktree, everything, dropped) : everything;
  const changed =
    (await gitLine(worktree.dir, ['rev-parse', `${commit}^{tree}`])) !==
    (await gitLine(worktree.dir, ['rev-parse', `${worktree.base}^{tree}`]));
  return { commit, changed, dropped };
}

/** `commit` with `paths` put back as they are in the base. */
async function withoutPaths(worktree: TaskWorktree, commit: string, paths: readonly string[]): Promise<string> {
  return withScratchIndex(undefined, async (env) => {
    await git(worktree.dir, ['read-tree', commit], { env });
    await git(worktree.dir, ['reset', '-q', worktree.base, '--', ...paths.map((file) => `:(top,literal)${file}`)], { env });
    const tree = await gitLine(worktree.dir, ['write-tree'], { env });
    return commitTree(worktree.dir, tree, [worktree.base], `nx-tasks-md: changes of ${worktree.key}`);
  });
}
