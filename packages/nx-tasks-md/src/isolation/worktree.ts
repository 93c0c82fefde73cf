import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { git, nulRecords } from './git';
import { isolationDir, withRepositoryLock } from './repository-lock';
import type { Repository } from './snapshot';

/** A task's own checkout of a snapshot, where its agent works. */
export interface TaskWorktree {
  /** Unique per task run: `<feature>-<task>-<random>`. */
  key: string;
  dir: string;
  /** The snapshot commit it was made from. */
  base: string;
  /** Paths (relative to the top) linked to the main tree's folders, never part of the task's change. */
  links: string[];
}

export interface WorktreeSettings {
  /** More paths (relative to the repository top) to link into the worktree besides ignored node_modules folders. */
  link?: readonly string[];
  /** A shell command run in a new worktree (cwd: the worktree's copy of `cwdInTop`). */
  setup?: string;
}

export class WorktreeSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorktreeSetupError';
  }
}

interface OwnerRecord {
  pid: number;
  host: string;
  /** Kept after a conflict for the user to inspect: pruned only when its task next succeeds. */
  kept?: boolean;
}

export function worktreesDir(repo: Repository): string {
  return path.join(isolationDir(repo), 'worktrees');
}

function ownerFile(repo: Repository, key: string): string {
  return path.join(worktreesDir(repo), `${key}.owner.json`);
}

export function worktreeKey(feature: string, taskId: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${safe(feature)}-${safe(taskId)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Checks out `base` in a new worktree under the git directory (where neither Nx's project
 * inference nor its daemon's watcher looks), links the main tree's ignored node_modules folders
 * and `settings.link` into it, and runs `settings.setup` there.
 */
export async function createTaskWorktree(
  repo: Repository,
  key: string,
  base: string,
  settings: WorktreeSettings = {},
  cwdInTop = '.',
): Promise<TaskWorktree> {
  const dir = path.join(worktreesDir(repo), key);
  fs.mkdirSync(worktreesDir(repo), { recursive: true });
  fs.writeFileSync(ownerFile(repo, key), JSON.stringify({ pid: process.pid, host: os.hostname() } satisfies OwnerRecord));
  await withRepositoryLock(repo, 'worktrees', () => git(repo.top, ['worktree', 'add', '--detach', '--force', '--quiet', dir, base]));
  const worktree: TaskWorktree = { key, dir, base, links: [] };
  for (const rel of await linkedPaths(repo, settings.link ?? [])) {
    const source = path.join(repo.top, rel);
    const target = path.join(dir, rel);
    if (!fs.existsSync(source) || fs.existsSync(target) || !fs.existsSync(path.dirname(target))) continue;
    fs.symlinkSync(source, target);
    worktree.links.push(rel);
  }
  if (settings.setup) {
    const cwd = path.join(dir, cwdInTop);
    const result = await execa(settings.setup, { shell: true, cwd, reject: false, all: true });
    if (result.exitCode !== 0) {
      throw new WorktreeSetupError(`worktree.setup \`${settings.setup}\` exited with ${result.exitCode ?? result.signal} in ${cwd}:\n${String(result.all ?? '').trim()}`);
    }
  }
  return worktree;
}

/** Ignored node_modules folders of the main tree (root and packages), then the extra paths. */
async function linkedPaths(repo: Repository, extra: readonly string[]): Promise<string[]> {
  const ignored = nulRecords(
    (await git(repo.top, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--no-empty-directory'])).stdout,
  );
  const modules = ignored.map((entry) => entry.replace(/\/$/, '')).filter((entry) => path.posix.basename(entry) === 'node_modules');
  return [...new Set([...modules, ...extra.map((entry) => path.posix.normalize(entry).replace(/\/$/, ''))])];
}

/** Removes a worktree and its record (its links are removed, never followed). */
export async function removeTaskWorktree(repo: Repository, key: string): Promise<void> {
  const dir = path.join(worktreesDir(repo), key);
  await withRepositoryLock(repo, 'worktrees', async () => {
    await git(repo.top, ['worktree', 'remove', '--force', '--force', dir], { okExitCodes: [128] });
    fs.rmSync(dir, { recursive: true, force: true });
    await git(repo.top, ['worktree', 'prune']);
  });
  fs.rmSync(ownerFile(repo, key), { force: true });
}

/** Marks a worktree to be kept (after a conflict) until its task next succeeds. */
export function keepTaskWorktree(repo: Repository, key: string): void {
  const record = readOwner(repo, key);
  if (record) fs.writeFileSync(ownerFile(repo, key), JSON.stringify({ ...record, kept: true }));
}

function readOwner(repo: Repository, key: string): OwnerRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(ownerFile(repo, key), 'utf8')) as OwnerRecord;
  } catch {
    return undefined;
  }
}

function isAlive(owner: OwnerRecord): boolean {
  if (owner.host !== os.hostname()) return true; // cannot tell: leave it
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the worktrees of dead runs, except those kept after a conflict; a live run's worktrees
 * are never touched. Returns the keys removed.
 */
export async function pruneDeadWorktrees(repo: Repository): Promise<string[]> {
  let entries: string[];
  try {
    entries = fs.readdirSync(worktreesDir(repo));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (entry.endsWith('.owner.json') || entry.endsWith('.lock')) continue;
    const owner = readOwner(repo, entry);
    if (owner && (owner.kept || isAlive(owner))) continue;
    await removeTaskWorktree(repo, entry);
    removed.push(entry);
  }
  return removed;
}

/** Keys of the worktrees kept after a conflict for `feature`'s task `taskId`. */
export function keptWorktrees(repo: Repository, feature: string, taskId: string): string[] {
  const prefix = worktreeKey(feature, taskId).replace(/-[^-]*$/, '-');
  let entries: string[];
  try {
    entries = fs.readdirSync(worktreesDir(repo));
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.startsWith(prefix) && !entry.endsWith('.owner.json') && readOwner(repo, entry)?.kept === true);
}
