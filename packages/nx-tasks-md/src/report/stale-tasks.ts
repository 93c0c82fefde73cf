import type { TaskDocument } from '../model';
import { changedDocuments } from '../state/context-documents';
import type { ImplementationState } from '../state/state-schema';
import { countedTasks } from '../graph/counted-tasks';

export interface StaleTasks {
  /** Ticked tasks that ran before a context document changed, in plan order. */
  ids: string[];
  /** The documents that changed since (the union over those tasks), sorted. */
  documents: string[];
  /** How many counted tasks are ticked. */
  done: number;
}

/**
 * Ticked tasks whose context documents (as recorded when they completed) differ from `current`;
 * undefined when there are none. Tasks with no record of their documents (ticked by hand, or
 * completed by an earlier version) are left out: nothing is known about them.
 */
export function findStaleTasks(
  doc: TaskDocument,
  state: ImplementationState | undefined,
  current: Record<string, string>,
  includeOptional: boolean,
): StaleTasks | undefined {
  const done = countedTasks(doc, includeOptional).filter((t) => t.state === 'done');
  const ids: string[] = [];
  const documents = new Set<string>();
  for (const task of done) {
    const recorded = state?.tasks[task.id]?.context_documents;
    if (!recorded) continue;
    const changed = changedDocuments(recorded, current);
    if (!changed.length) continue;
    ids.push(task.id);
    changed.forEach((d) => documents.add(d));
  }
  return ids.length ? { ids, documents: [...documents].sort(), done: done.length } : undefined;
}

/** `3 tasks already complete; spec.md changed since they ran: nx run f:implement --restart-from T001 to redo` */
export function staleTasksNote(stale: StaleTasks, implementCommand: string): string {
  const documents = stale.documents.join(', ');
  const redo = `${implementCommand} --restart-from ${stale.ids[0]} to redo`;
  if (stale.ids.length === stale.done) {
    return `${stale.done} task${stale.done === 1 ? '' : 's'} already complete; ${documents} changed since ${stale.done === 1 ? 'it' : 'they'} ran: ${redo}`;
  }
  return `${stale.ids.length} of ${stale.done} tasks ran before ${documents} changed: ${redo}`;
}
