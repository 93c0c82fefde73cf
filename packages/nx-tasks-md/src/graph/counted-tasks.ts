import type { Task, TaskDocument } from '../model';

/**
 * The tasks a run is about: all of them, except optional ones unless they are included and those
 * the file itself marks skipped.
 */
export function countedTasks(doc: TaskDocument, includeOptional: boolean): Task[] {
  return doc.tasks.filter((task) => (includeOptional || !task.optional) && task.state !== 'skipped');
}

export function isTicked(task: Task): boolean {
  return task.state === 'done';
}
