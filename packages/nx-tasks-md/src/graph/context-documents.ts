import { posix } from 'node:path';

/**
 * Documents of a spec-kit feature folder that every task reads (relative to the folder of the
 * tasks.md; a trailing `/` is a folder). Every task's cache key covers them, and two tasks naming
 * one of them do not share a file they change.
 */
export const CONTEXT_DOCUMENTS = ['spec.md', 'plan.md', 'data-model.md', 'research.md', 'quickstart.md', 'contracts/'];

/** Whether `file` (workspace-relative) is the tasks.md at `tasksFile` or a context document beside it. */
export function isFeatureDocument(file: string, tasksFile: string): boolean {
  const normalized = posix.normalize(file);
  if (normalized === posix.normalize(tasksFile)) return true;
  const folder = posix.dirname(posix.normalize(tasksFile));
  const prefix = folder === '.' ? '' : `${folder}/`;
  return CONTEXT_DOCUMENTS.some((doc) => (doc.endsWith('/') ? normalized.startsWith(prefix + doc) : normalized === prefix + doc));
}
