import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Task } from '../../model';

/** Words that, just before a path, say the task takes the file away rather than leaves it behind. */
const REMOVING = /\b(delete[sd]?|deleting|remove[sd]?|removing|rm|drop(?:s|ped)?|move[sd]?|moving|rename[sd]?|renaming|from|out of|instead of)\s+(?:the\s+|file\s+|old\s+|legacy\s+|unused\s+)*[`'"]?$/i;

/**
 * The files a successful task must leave in the workspace: every file it names except those it
 * names as something to delete, move away or rename ("Delete src/old.ts", "Move a.ts to b.ts").
 */
export function filesExpectedToExist(task: Pick<Task, 'text'>, files: readonly string[]): string[] {
  return files.filter((file) => {
    const at = task.text.indexOf(file);
    const before = at >= 0 ? task.text.slice(Math.max(0, at - 40), at) : '';
    return !REMOVING.test(before);
  });
}

/** Files (workspace-relative) that do not exist; a directory counts as existing. */
export function missingFiles(workspaceRoot: string, files: readonly string[]): string[] {
  return files.filter((file) => !fs.existsSync(path.join(workspaceRoot, file)));
}

export function phantomMessage(taskId: string, missing: readonly string[]): string {
  const list = missing.length <= 3 ? missing.join(', ') : `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more`;
  return `${taskId} reported success but did not create ${list}`;
}
