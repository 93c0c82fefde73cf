export type TaskWriteErrorCode =
  'unknown-task' | 'duplicate-id' | 'no-marker-for-state' | 'not-a-list-item' | 'note-changes-plan' | 'stale-document';

/** A checkbox or note could not be written; `message` names the file, the task and the lines. */
export class TaskWriteError extends Error {
  constructor(
    readonly code: TaskWriteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TaskWriteError';
  }
}
