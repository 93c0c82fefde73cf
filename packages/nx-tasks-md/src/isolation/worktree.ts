import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { git, nulRecords } from './git';
import { isZombie } from '../state/owner';
import { isolationDir, withRepositoryLock } from './repository-lock';
import type { Repository } from './snapshot';

/** A task's own checkout of a snapshot, where its agent works. */
export interface TaskWorktree {
  /** Unique per task run: `<feature>-<task>-<random>` (names its merge journal). */
  key: string;
  /** The pool slot: a worktree folder reused by later tasks once this one is done with it. */
  slot: string;
  dir: string;
  /** The snapshot commit it was made from. */
  base: string;
  /** Paths (relative to the top) linked to the main tree's folders, never part of the task's change. */
  links: string[];
}

export interface WorktreeSettings {
  /** More paths (relative to the repository top) to link into the worktree besides ignored node_modules folders. */
  link?: readonly string[];
  /** A shell command run in the worktree before the task (cwd: the worktree's copy of `cwdInTop`). */
  setup?: string;
}

export class WorktreeSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorktreeSetupError';
  }
}

/** Who has a slot: a task of a live process (`busy`), nobody (`idle`), or a conflict the user should see (`kept`). */
interface SlotRecord {
  state: 'busy' | 'idle' | 'kept';
  pid: number;
  host: string;
  /** The task run's key while busy or kept. */
  task?: string;
}

/** Idle slots kept for the next tasks; more are removed. */
const MAX_IDLE_SLOTS = 8;

export function worktreesDir(repo: Repository): string {
  return path.join(isolationDir(repo), 'worktrees');
}

function recordFile(repo: Repository, slot: string): string {
  return path.join(worktreesDir(repo), `${slot}.owner.json`);
}

export function worktreeKey(feature: string, taskId: string): string {
  return `${safeName(feature)}-${safeName(taskId)}-${Math.random().toString(36).slice(2, 8)}`;
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * A worktree holding exactly `base`, under the git directory (where neither Nx's project inference
 * nor its daemon's watcher looks), with the main tree's ignored node_modules folders and
 * `settings.link` linked in and `settings.setup` run. An idle slot from an earlier task is reset
 * to `base` (only changed files are written, and everything else left behind is cleaned); else a
 * new one is added.
 */
export async function acquireTaskWorktree(
  repo: Repository,
  key: string,
  base: string,
  settings: WorktreeSettings = {},
  cwdInTop = '.',
): Promise<TaskWorktree> {
  const links = await linkedPaths(repo, settings.link ?? []);
  const busy: SlotRecord = { state: 'busy', pid: process.pid, host: os.hostname(), task: key };
  let slot = await withRepositoryLock(repo, 'worktrees', async () => {
    const idle = slots(repo).find((entry) => readRecord(repo, entry)?.state === 'idle');
    if (idle) writeRecord(repo, idle, busy);
    return idle;
  });
  let dir = slot ? path.join(worktreesDir(repo), slot) : '';
  if (slot && !(await resetSlot(dir, base, links))) {
    await removeSlot(repo, slot);
    slot = undefined;
  }
  if (!slot) {
    slot = `slot-${Math.random().toString(36).slice(2, 10)}`;
    dir = path.join(worktreesDir(repo), slot);
    fs.mkdirSync(worktreesDir(repo), { recursive: true });
    writeRecord(repo, slot, busy);
    await withRepositoryLock(repo, 'worktrees', () => git(repo.top, ['worktree', 'add', '--detach', '--force', '--quiet', dir, base]));
  }
  const worktree: TaskWorktree = { key, slot, dir, base, links: [] };
  for (const rel of links) {
    const source = path.join(repo.top, rel);
    const target = path.join(dir, rel);
    if (isLinkTo(target, source)) worktree.links.push(rel);
    else if (fs.existsSync(source) && !fs.existsSync(target) && fs.existsSync(path.dirname(target))) {
      fs.symlinkSync(source, target);
      worktree.links.push(rel);
    }
  }
  if (settings.setup) {
    const cwd = path.join(dir, cwdInTop);
    const result = await execa(settings.setup, { shell: true, cwd, reject: false, all: true });
    if (result.exitCode !== 0) {
      throw new WorktreeSetupError(
        `worktree.setup \`${settings.setup}\` exited with ${result.exitCode ?? result.signal} in ${cwd}:\n${String(result.all ?? '').trim()}`,
      );
    }
  }
  return worktree;
}

/** Puts an idle slot back to `base`: false when it cannot be (then it is replaced). */
async function resetSlot(dir: string, base: string, links: readonly string[]): Promise<boolean> {
  try {
    await git(dir, ['checkout', '--quiet', '--detach', '--force', base]);
    await git(dir, ['clean', '-q', '-ffdx', ...links.flatMap((link) => ['-e', `/${link}`])]);
    return true;
  } catch {
    return false;
  }
}

function isLinkTo(target: string, source: string): boolean {
  try {
    return fs.lstatSync(target).isSymbolicLink() && fs.readlinkSync(target) === source;
  } catch {
    return false;
  }
}

/** Ignored node_modules folders of the main tree (root and packages), then the extra paths. */
async function linkedPaths(repo: Repository, extra: readonly string[]): Promise<string[]> {
  const ignored = nulRecords(
    (await git(repo.top, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--no-empty-directory'])).stdout,
  );
  const modules = ignored.map((entry) => entry.replace(/\/$/, '')).filter((entry) => path.posix.basename(entry) === 'node_modules');
  return [...new Set([...modules, ...extra.map((entry) => path.posix.normalize(entry).replace(/\/$/, ''))])];
}

/** The task is done with its worktree: the slot waits for the next task (or goes, when enough are idle). */
export async function releaseTaskWorktree(repo: Repository, worktree: TaskWorktree): Promise<void> {
  const remove = await withRepositoryLock(repo, 'worktrees', async () => {
    if (readRecord(repo, worktree.slot)?.task !== worktree.key) return false; // no longer ours
    const idle = slots(repo).filter((entry) => readRecord(repo, entry)?.state === 'idle').length;
    if (idle >= MAX_IDLE_SLOTS) return true;
    writeRecord(repo, worktree.slot, { state: 'idle', pid: process.pid, host: os.hostname() });
    return false;
  });
  if (remove) await removeSlot(repo, worktree.slot);
}

/** Keeps a worktree as the task left it (after a conflict) until that task next succeeds. */
export function keepTaskWorktree(repo: Repository, worktree: TaskWorktree): void {
  writeRecord(repo, worktree.slot, { state: 'kept', pid: process.pid, host: os.hostname(), task: worktree.key });
}

/** Removes the worktrees kept after conflicts of `feature`'s task `taskId` (it has now succeeded); returns where they were. */
export async function removeKeptWorktrees(repo: Repository, feature: string, taskId: string): Promise<string[]> {
  const kept = keptSlots(repo, feature, taskId);
  for (const slot of kept) await removeSlot(repo, slot);
  return kept.map((slot) => path.join(worktreesDir(repo), slot));
}

/** Where the worktrees kept after conflicts of `feature`'s task `taskId` are. */
export function keptWorktrees(repo: Repository, feature: string, taskId: string): string[] {
  return keptSlots(repo, feature, taskId).map((slot) => path.join(worktreesDir(repo), slot));
}

function keptSlots(repo: Repository, feature: string, taskId: string): string[] {
  const prefix = `${safeName(feature)}-${safeName(taskId)}-`;
  return slots(repo).filter((slot) => {
    const record = readRecord(repo, slot);
    return record?.state === 'kept' && !!record.task?.startsWith(prefix) && /^[a-z0-9]+$/.test(record.task.slice(prefix.length));
  });
}

/**
 * Slots whose task's process is gone become idle (reused, or removed with `removeIdle`); kept
 * slots stay; a live run's are never touched. Returns how many slots were removed.
 */
export async function pruneWorktrees(repo: Repository, options: { removeIdle?: boolean } = {}): Promise<number> {
  const removable = await withRepositoryLock(repo, 'worktrees', async () => {
    const gone: string[] = [];
    for (const slot of slots(repo)) {
      const record = readRecord(repo, slot);
      if (!record) {
        gone.push(slot); // a slot whose record was never written: its creator died at once
        continue;
      }
      if (record.state === 'busy' && !isAlive(record)) {
        writeRecord(repo, slot, { state: 'idle', pid: process.pid, host: os.hostname() });
        record.state = 'idle';
      }
      if (record.state === 'idle' && options.removeIdle) {
        writeRecord(repo, slot, { state: 'busy', pid: process.pid, host: os.hostname(), task: 'removal' });
        gone.push(slot);
      }
    }
    return gone;
  });
  for (const slot of removable) await removeSlot(repo, slot);
  return removable.length;
}

async function removeSlot(repo: Repository, slot: string): Promise<void> {
  const dir = path.join(worktreesDir(repo), slot);
  await withRepositoryLock(repo, 'worktrees', async () => {
    await git(repo.top, ['worktree', 'remove', '--force', '--force', dir], { okExitCodes: [128] });
    fs.rmSync(dir, { recursive: true, force: true });
    await git(repo.top, ['worktree', 'prune']);
  });
  fs.rmSync(recordFile(repo, slot), { force: true });
}

function slots(repo: Repository): string[] {
  try {
    return fs.readdirSync(worktreesDir(repo)).filter((entry) => entry.startsWith('slot-') && !entry.endsWith('.owner.json'));
  } catch {
    return [];
  }
}

function readRecord(repo: Repository, slot: string): SlotRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(recordFile(repo, slot), 'utf8')) as SlotRecord;
  } catch {
    return undefined;
  }
}

function writeRecord(repo: Repository, slot: string, record: SlotRecord): void {
  const file = recordFile(repo, slot);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(record));
  fs.renameSync(temp, file);
}

function isAlive(record: SlotRecord): boolean {
  if (record.host !== os.hostname()) return true; // cannot tell: leave it
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(record.pid);
}
