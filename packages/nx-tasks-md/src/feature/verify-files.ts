import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files (workspace-relative) that do not exist; a directory counts as existing. */
export function missingFiles(workspaceRoot: string, files: readonly string[]): string[] {
  return files.filter((file) => !fs.existsSync(path.join(workspaceRoot, file)));
}

/** What a file held before a run: its content hash, `'missing'`, or `'directory'`. */
export type FileSnapshot = ReadonlyMap<string, string>;

export function snapshotFiles(workspaceRoot: string, files: readonly string[]): FileSnapshot {
  return new Map(files.map((file) => [file, fileState(path.join(workspaceRoot, file))]));
}

function fileState(absolute: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    return 'missing';
  }
  if (stat.isDirectory()) return 'directory';
  return `sha256:${createHash('sha256').update(fs.readFileSync(absolute)).digest('hex')}`;
}

/**
 * Files of the snapshot whose content is what it was before the run. A folder is never
 * "unchanged": one the task creates must exist, one that existed already is fine.
 */
export function unchangedFiles(workspaceRoot: string, before: FileSnapshot): string[] {
  const unchanged: string[] = [];
  for (const [file, was] of before) {
    if (was === 'missing' || was === 'directory') continue;
    if (fileState(path.join(workspaceRoot, file)) === was) unchanged.push(file);
  }
  return unchanged;
}

export function phantomMessage(taskId: string, missing: readonly string[], unchanged: readonly string[] = []): string {
  const list = (files: readonly string[]) =>
    files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
  const parts = [missing.length ? `did not create ${list(missing)}` : '', unchanged.length ? `did not change ${list(unchanged)}` : ''];
  return `${taskId} reported success but ${parts.filter(Boolean).join(' and ')}`;
}
