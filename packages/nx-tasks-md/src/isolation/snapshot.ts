import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { git, gitLine } from './git';

/** A git repository as the isolation code sees it. */
export interface Repository {
  /** The top of the working tree (the main one). */
  top: string;
  /** The common git directory (shared by all worktrees). */
  commonDir: string;
  /** The main working tree's index file. */
  indexFile: string;
}

/** Identity for the commits isolation makes: they are plumbing, never on a branch. */
export const SNAPSHOT_IDENTITY = {
  GIT_AUTHOR_NAME: 'nx-tasks-md',
  GIT_AUTHOR_EMAIL: 'nx-tasks-md@localhost',
  GIT_COMMITTER_NAME: 'nx-tasks-md',
  GIT_COMMITTER_EMAIL: 'nx-tasks-md@localhost',
};

/** The repository `dir` is in, or undefined when it is in none (or git is missing). */
export async function findRepository(dir: string): Promise<Repository | undefined> {
  try {
    const [top, commonDir, indexFile] = (
      await gitLine(dir, ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-common-dir', '--git-path', 'index'])
    ).split('\n');
    return top && commonDir && indexFile ? { top, commonDir, indexFile } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` with a scratch index (GIT_INDEX_FILE), seeded from `seedIndex` when given so that
 * `git add -A` only re-reads files whose stat changed. The user's index is never touched.
 */
export async function withScratchIndex<T>(seedIndex: string | undefined, work: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-index-'));
  const indexFile = path.join(scratch, 'index');
  try {
    if (seedIndex && fs.existsSync(seedIndex)) {
      fs.copyFileSync(seedIndex, indexFile);
      // Git trusts an entry's stat data only when the file is older than the index: the copy keeps
      // the original's time, or an edit made in the same second as the last index write is missed.
      const { atime, mtime } = fs.statSync(seedIndex);
      fs.utimesSync(indexFile, atime, mtime);
    }
    return await work({ GIT_INDEX_FILE: indexFile });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export async function headCommit(dir: string): Promise<string | undefined> {
  const result = await git(dir, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { okExitCodes: [1] });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/**
 * A commit of a working tree exactly as it is: tracked files with their uncommitted changes and
 * untracked files that are not ignored; deleted files are absent. `excluded` pathspecs (relative
 * to the top, e.g. links isolation made) stay out. Its parent is `parent` (default HEAD, none in a
 * repository without commits).
 */
export async function snapshotWorkingTree(
  workTree: string,
  options: { seedIndex?: string; parent?: string; excluded?: readonly string[]; message?: string } = {},
): Promise<string> {
  const parent = options.parent ?? (await headCommit(workTree));
  return withScratchIndex(options.seedIndex, async (env) => {
    const excludes = (options.excluded ?? []).map((pathspec) => `:(exclude,top)${pathspec}`);
    await git(workTree, ['add', '-A', '--', ':/', ...excludes], { env });
    const tree = await gitLine(workTree, ['write-tree'], { env });
    return commitTree(workTree, tree, parent ? [parent] : [], options.message ?? 'nx-tasks-md: snapshot of the working tree');
  });
}

export async function commitTree(cwd: string, tree: string, parents: readonly string[], message: string): Promise<string> {
  const args = ['commit-tree', tree, ...parents.flatMap((parent) => ['-p', parent]), '-m', message];
  return gitLine(cwd, args, { env: SNAPSHOT_IDENTITY });
}
