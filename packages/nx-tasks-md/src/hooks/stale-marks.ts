import type { TaskDocument } from '../model';
import { defaultLegend } from '../parse/legend';
import { isOwnerAlive } from '../state/owner';
import type { ImplementationState } from '../state/state-schema';
import { runMarkerOf } from '../writer';

/**
 * Tasks whose checkbox says "running" only because a task process of ours died (killed after Nx's
 * grace period) and left its mark behind. Only the marker our executor writes for a running task
 * counts, never another in-progress marker the author uses (`[~]` "folded into T012"); a marker the
 * file's own legend defines counts only when the state file records an owner for it, that is when
 * our executor wrote it. `among` limits the answer to the tasks of this run.
 */
export function staleRunMarks(doc: TaskDocument, state: ImplementationState, among?: ReadonlySet<string>): string[] {
  const ours = runMarkerOf(doc);
  if (ours === undefined) return [];
  const legendOwn = defaultLegend(doc.format)[ours] !== doc.legend[ours];
  return doc.tasks
    .filter((task) => {
      if (among && !among.has(task.id)) return false;
      if (task.state !== 'in-progress' || task.marker !== ours) return false;
      const owner = state.tasks[task.id]?.owner;
      if (legendOwn && owner === undefined) return false;
      return !isOwnerAlive(owner);
    })
    .map((task) => task.id);
}
