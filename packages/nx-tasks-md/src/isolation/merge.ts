import * as fs from 'node:fs';
import * as path from 'node:path';
import { git, gitLine, nulRecords } from './git';
import { isolationDir, withRepositoryLock } from './repository-lock';
import { commitTree, snapshotWorkingTree, withScratchIndex, type Repository } from './snapshot';

export type MergeResult =
  /** `files`: what changed in the main working tree, relative to the repository top. */
  | { kind: 'merged'; files: string[] }
  | { kind: 'unchanged' }
  /** Nothing was written; `files` could not be merged. */
  | { kind: 'conflict'; files: string[] };

export interface Recovery {
  key: string;
  /** Files put back as they were before the interrupted merge. */
  restored: string[];
  /** Files changed since (by hand): left as they are. */
  leftAlone: string[];
}

/** While a merge writes the main tree, this ref holds the merged result; its parent is the tree before. */
const JOURNAL_PREFIX = 'refs/nx-tasks-md/merging/';

interface Change {
  status: string;
  file: string;
}

/**
 * Merges a task's change (`taskCommit`, made on top of `base`) into the main working tree with a
 * three-way merge against the tree as it is now, uncommitted work included: changes other tasks
 * merged meanwhile to other files or other hunks stay. All or nothing: on a conflict nothing is
 * written. One merge at a time per repository. While the files are written a journal ref keeps
 * the way back, so a merge cut short by kill -9 is undone by recoverInterruptedMerges.
 */
export async function mergeTaskChanges(repo: Repository, key: string, base: string, taskCommit: string): Promise<MergeResult> {
  return withRepositoryLock(repo, 'merge', async () => {
    const current = await snapshotWorkingTree(repo.top, {
      seedIndex: repo.indexFile,
      parent: base,
      message: `nx-tasks-md: working tree before ${key}`,
    });
    const merge = await git(repo.top, ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', current, taskCommit], {
      okExitCodes: [1],
    });
    const [tree, ...conflicted] = merge.stdout.split('\0');
    if (merge.exitCode === 1) return { kind: 'conflict', files: [...new Set(conflicted.filter(Boolean))] };
    const after = await commitTree(repo.top, tree, [current], `nx-tasks-md: ${key} merged`);
    const changes = await changesBetween(repo, current, after);
    if (changes.length === 0) return { kind: 'unchanged' };
    const journal = `${JOURNAL_PREFIX}${key}`;
    await git(repo.top, ['update-ref', journal, after]);
    await writeTreeFiles(repo, after, changes);
    await git(repo.top, ['update-ref', '-d', journal]);
    return { kind: 'merged', files: changes.map((change) => change.file) };
  });
}

/**
 * Undoes the merges a killed run left half written: each file the merge touched goes back to its
 * version before the merge, unless someone changed it since (then it is left alone and listed).
 */
export async function recoverInterruptedMerges(repo: Repository): Promise<Recovery[]> {
  const refs = (await gitLine(repo.top, ['for-each-ref', '--format=%(refname) %(objectname)', JOURNAL_PREFIX])).split('\n').filter(Boolean);
  if (refs.length === 0) return [];
  return withRepositoryLock(repo, 'merge', async () => {
    const recoveries: Recovery[] = [];
    for (const line of refs) {
      const [ref, after] = line.split(' ');
      const before = await gitLine(repo.top, ['rev-parse', `${after}^`]);
      const changes = await changesBetween(repo, before, after);
      const files = changes.map((change) => change.file);
      const now = await snapshotWorkingTree(repo.top, { seedIndex: repo.indexFile, parent: before });
      const [was, merged, is] = await Promise.all([before, after, now].map((commit) => entriesOf(repo, commit, files)));
      const restorable = files.filter((file) => is.get(file) === was.get(file) || is.get(file) === merged.get(file));
      const toRestore = restorable.filter((file) => is.get(file) !== was.get(file));
      await writeTreeFiles(
        repo,
        before,
        toRestore.map((file) => ({ file, status: was.has(file) ? 'M' : 'D' })),
      );
      await git(repo.top, ['update-ref', '-d', ref]);
      recoveries.push({
        key: ref.slice(JOURNAL_PREFIX.length),
        restored: toRestore,
        leftAlone: files.filter((file) => !restorable.includes(file)),
      });
    }
    return recoveries;
  });
}

async function changesBetween(repo: Repository, from: string, to: string): Promise<Change[]> {
  const records = nulRecords((await git(repo.top, ['diff-tree', '-r', '-z', '--no-renames', '--name-status', from, to])).stdout);
  const changes: Change[] = [];
  for (let i = 0; i + 1 < records.length; i += 2) changes.push({ status: records[i], file: records[i + 1] });
  return changes;
}

/** `mode oid` of each of `files` in `commit` (absent files are not in the map). */
async function entriesOf(repo: Repository, commit: string, files: readonly string[]): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  if (files.length === 0) return entries;
  const listing = nulRecords(
    (await git(repo.top, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...files.map((file) => `:(top,literal)${file}`)])).stdout,
  );
  for (const record of listing) {
    const tab = record.indexOf('\t');
    const [mode, , oid] = record.slice(0, tab).split(' ');
    entries.set(record.slice(tab + 1), `${mode} ${oid}`);
  }
  return entries;
}

/**
 * Makes `changes`' files in the main working tree what they are in `commit`: deleted, or written
 * (with git's filters and modes) to a staging folder and renamed into place one by one, so each
 * file is always either its old or its new version, even after kill -9.
 */
async function writeTreeFiles(repo: Repository, commit: string, changes: readonly Change[]): Promise<void> {
  const written = changes.filter((change) => change.status !== 'D').map((change) => change.file);
  if (written.length > 0) {
    const staging = fs.mkdtempSync(path.join(isolationDir(repo), 'staging-'));
    try {
      await withScratchIndex(undefined, async (env) => {
        await git(repo.top, ['read-tree', commit], { env });
        await git(repo.top, ['checkout-index', '-f', '-z', '--stdin', `--prefix=${staging}${path.sep}`], {
          env,
          input: written.map((file) => `${file}\0`).join(''),
        });
      });
      for (const file of written) {
        const target = path.join(repo.top, file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.renameSync(path.join(staging, file), target);
      }
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  for (const change of changes) {
    if (change.status !== 'D') continue;
    const file = path.join(repo.top, change.file);
    fs.rmSync(file, { force: true });
    removeEmptyParents(repo.top, path.dirname(file));
  }
}

function removeEmptyParents(top: string, dir: string): void {
  for (let current = dir; current.startsWith(top + path.sep); current = path.dirname(current)) {
    try {
      fs.rmdirSync(current);
    } catch {
      return; // not empty, or gone
    }
  }
}
