import type { TaskDocument, TaskState } from '../model';
import { parseTasksMd } from '../parse/parse-tasks-md';
import { findTask } from './find-task';
import { markerFor } from './state-markers';
import { TaskWriteError } from './task-write-error';

export interface WriteOptions {
  /** Path used in error messages (workspace-relative is best). */
  path?: string;
  /** `text` already parsed, to save parsing it again. Must be the parse of exactly this text. */
  doc?: TaskDocument;
}

/**
 * `text` with the checkbox of task `id` changed to mean `state`, and not one other character
 * changed (line endings, BOM, trailing spaces and a missing final newline stay as they are).
 * A task already in `state` is left as it is, whatever marker it uses.
 */
export function setTaskState(text: string, id: string, state: TaskState, options: WriteOptions = {}): string {
  const doc = options.doc ?? parseTasksMd(text, { path: options.path ?? 'tasks.md' });
  const task = findTask(doc, id);
  if (task.state === state) return text;
  const { offset } = task.checkbox;
  if (text[offset] !== task.marker) {
    throw new TaskWriteError(
      'stale-document',
      `the checkbox of ${id} in ${doc.path} is not where the parsed document says (line ${task.line}); parse the current text again`,
    );
  }
  const marker = markerFor(doc, state);
  return text.slice(0, offset) + marker + text.slice(offset + 1);
}
