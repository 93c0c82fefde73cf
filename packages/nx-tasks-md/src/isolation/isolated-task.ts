import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMPLETED_FILE_NAME, featurePaths, STATE_FILE_NAME, toPosix, WORK_DIR_NAME } from '../state/paths';
import { captureTaskChanges } from './capture';
import { mergeTaskChanges } from './merge';
import { findRepository, snapshotWorkingTree, type Repository } from './snapshot';
import {
  acquireTaskWorktree,
  keepTaskWorktree,
  releaseTaskWorktree,
  removeKeptWorktrees,
  worktreeKey,
  type TaskWorktree,
  type WorktreeSettings,
} from './worktree';

export type MergeOutcome =
  | { kind: 'merged'; files: string[]; dropped: string[] }
  | { kind: 'unchanged'; dropped: string[] }
  /** The main tree is as it was; the worktree is kept at `worktreeDir` for inspection. */
  | { kind: 'conflict'; files: string[]; dropped: string[]; worktreeDir: string };

/** A task run in its own worktree: where its runner works, and what happens to its work after. */
export interface IsolatedTask {
  worktree: TaskWorktree;
  /** The worktree's copy of the workspace root: the runner's working directory and WORKSPACE_ROOT. */
  workspaceRoot: string;
  /** Merges what the runner changed into the main tree (all or nothing); the worktree goes unless it conflicts. */
  mergeBack(): Promise<MergeOutcome>;
  /** Removes the worktree without merging (the runner failed or was stopped). */
  discard(): Promise<void>;
}

export interface IsolatedTaskRequest {
  workspaceRoot: string;
  /** Workspace-relative tasks.md of the feature. */
  tasksFile: string;
  project: string;
  taskId: string;
  worktree?: WorktreeSettings;
}

/**
 * Starts a task in a worktree made from a snapshot of the working tree as it is now (the work of
 * the tasks before it included). Undefined when the workspace is not in a git repository.
 */
export async function startIsolatedTask(request: IsolatedTaskRequest): Promise<IsolatedTask | undefined> {
  const repo = await findRepository(request.workspaceRoot);
  if (!repo) return undefined;
  const workspaceInTop = toPosix(path.relative(repo.top, fs.realpathSync(request.workspaceRoot))) || '.';
  const base = await snapshotWorkingTree(repo.top, {
    seedIndex: repo.indexFile,
    message: `nx-tasks-md: base of ${request.project}:${request.taskId}`,
  });
  const links = (request.worktree?.link ?? []).map((entry) => path.posix.join(workspaceInTop, entry));
  const worktree = await acquireTaskWorktree(
    repo,
    worktreeKey(request.project, request.taskId),
    base,
    { ...request.worktree, link: links },
    workspaceInTop,
  );
  const neverMerged = neverMergedPaths(request, workspaceInTop);
  return {
    worktree,
    workspaceRoot: path.join(worktree.dir, workspaceInTop),
    mergeBack: async () => {
      const outcome = inWorkspace(await mergeBack(repo, worktree, neverMerged), workspaceInTop);
      // Merged at last: the worktrees kept after its earlier conflicts have served their purpose.
      if (outcome.kind !== 'conflict') await removeKeptWorktrees(repo, request.project, request.taskId);
      return outcome;
    },
    discard: () => releaseTaskWorktree(repo, worktree),
  };
}

/** The feature's tasks.md and state, and every `.nx-tasks-md` folder: agents tick boxes themselves; the executor owns these. */
function neverMergedPaths(request: IsolatedTaskRequest, workspaceInTop: string): string[] {
  const featureDir = path.posix.join(workspaceInTop, toPosix(featurePaths('/', request.tasksFile).featureRel));
  return [
    path.posix.join(workspaceInTop, toPosix(request.tasksFile)),
    path.posix.join(featureDir, STATE_FILE_NAME),
    path.posix.join(featureDir, COMPLETED_FILE_NAME),
    `**/${WORK_DIR_NAME}/**`,
  ].map((entry) => entry.replace(/^\.\//, ''));
}

async function mergeBack(repo: Repository, worktree: TaskWorktree, neverMerged: readonly string[]): Promise<MergeOutcome> {
  const change = await captureTaskChanges(worktree, neverMerged);
  if (!change.changed) {
    await releaseTaskWorktree(repo, worktree);
    return { kind: 'unchanged', dropped: change.dropped };
  }
  const result = await mergeTaskChanges(repo, worktree.key, worktree.base, change.commit);
  if (result.kind === 'conflict') {
    keepTaskWorktree(repo, worktree);
    return { kind: 'conflict', files: result.files, dropped: change.dropped, worktreeDir: worktree.dir };
  }
  await releaseTaskWorktree(repo, worktree);
  return result.kind === 'merged'
    ? { kind: 'merged', files: result.files, dropped: change.dropped }
    : { kind: 'unchanged', dropped: change.dropped };
}

/** The outcome with paths relative to the workspace root instead of the repository top. */
function inWorkspace(outcome: MergeOutcome, workspaceInTop: string): MergeOutcome {
  const rel = (files: string[]) => files.map((file) => path.posix.relative(workspaceInTop === '.' ? '' : workspaceInTop, file));
  const dropped = rel(outcome.dropped);
  if (outcome.kind === 'unchanged') return { ...outcome, dropped };
  return { ...outcome, files: rel(outcome.files), dropped };
}
