import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FeaturePaths } from './paths';
import { featureScope } from './paths';
import { writeFileSafely } from './safe-write';

/**
 * Editors save tasks.md without our lock, some in two steps (truncate, then write; or write half,
 * then the rest). Reading while they save gives a file cut short. Our own writes are whole (a
 * rename) and are recognised by the signature (inode, size, mtime) they left, kept beside the lock;
 * a file changed by anyone else moments ago is read only once it has been still for QUIET_MS.
 */
export const QUIET_MS = 150;
/** How long to wait for a file that keeps changing before reading it anyway. */
const MAX_WAIT_MS = 2000;
/** A file changed by someone else this recently may still be mid-save (see SettledText.recentlyEdited). */
export const RECENT_MS = 1000;

export interface SettledText {
  text: string;
  /**
   * Someone other than nx-tasks-md changed the file less than RECENT_MS ago: a task missing from
   * it may be in the part not saved yet.
   */
  recentlyEdited: boolean;
}

export type FileSignature = string;

export function signatureOf(stat: fs.BigIntStats): FileSignature {
  return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}

function ownWriteFile(paths: FeaturePaths): string {
  return path.join(paths.workDir, 'tasks.md.written');
}

/** Records that the file with this signature is one nx-tasks-md wrote (call under the lock). */
export function rememberOwnWrite(paths: FeaturePaths, signature: FileSignature): void {
  fs.mkdirSync(paths.workDir, { recursive: true });
  writeFileSafely(featureScope(paths), ownWriteFile(paths), signature, 'the record of its own last write');
}

function lastOwnWrite(paths: FeaturePaths): FileSignature | undefined {
  try {
    return fs.readFileSync(ownWriteFile(paths), 'utf8');
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** tasks.md once no one but nx-tasks-md is writing it (or after MAX_WAIT_MS of continuous change). */
export async function readTasksSettled(paths: FeaturePaths): Promise<SettledText> {
  const start = Date.now();
  const ours = lastOwnWrite(paths);
  for (;;) {
    const before = fs.statSync(paths.tasksFile, { bigint: true });
    const own = signatureOf(before) === ours;
    const age = Date.now() - Number(before.mtimeMs);
    const waited = Date.now() - start;
    // An empty file just written by someone else is one an editor has truncated and not yet filled.
    const quiet = age >= (before.size === 0n ? RECENT_MS : QUIET_MS);
    if (own || quiet || waited >= MAX_WAIT_MS) {
      const text = fs.readFileSync(paths.tasksFile, 'utf8');
      const after = fs.statSync(paths.tasksFile, { bigint: true });
      if (signatureOf(after) !== signatureOf(before) && waited < MAX_WAIT_MS) continue;
      return { text, recentlyEdited: !own && age < RECENT_MS };
    }
    await sleep(Math.max(1, Math.min(QUIET_MS - age, MAX_WAIT_MS - waited)) + 1);
  }
}
