import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import type { Repository } from './snapshot';

/** Where isolation keeps its worktrees, merge journals and locks: inside the git directory, out of Nx's sight. */
export function isolationDir(repo: Repository): string {
  return path.join(repo.commonDir, 'nx-tasks-md');
}

/**
 * Runs `work` holding a cross-process lock named `name` for the whole repository: `git worktree
 * add` and merges into the main working tree are one at a time across features and Nx commands.
 */
export async function withRepositoryLock<T>(repo: Repository, name: 'worktrees' | 'merge', work: () => Promise<T>): Promise<T> {
  const target = path.join(isolationDir(repo), `${name}.lock-target`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (!fs.existsSync(target)) fs.writeFileSync(target, '');
  const release = await lockfile.lock(target, {
    realpath: false,
    stale: 30_000,
    update: 5_000,
    retries: { retries: 2_000, factor: 1, minTimeout: 10, maxTimeout: 50, randomize: true },
  });
  try {
    return await work();
  } finally {
    await release();
  }
}
