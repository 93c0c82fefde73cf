import type { Task, TaskDocument } from '../model';
import { TaskWriteError } from './task-write-error';

/** The one task with this ID, or a clear error when there is none or more than one. */
export function findTask(doc: TaskDocument, id: string): Task {
  const matches = doc.tasks.filter((t) => t.id === id);
  if (matches.length === 0) throw new TaskWriteError('unknown-task', `${id} is not a task in ${doc.path}`);
  if (matches.length > 1) {
    const lines = matches.map((t) => t.line);
    throw new TaskWriteError(
      'duplicate-id',
      `${id} is the ID of more than one task in ${doc.path} (lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}); give each task its own ID before changing it`,
    );
  }
  return matches[0];
}
