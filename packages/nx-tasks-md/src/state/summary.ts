import { waves } from '../graph';
import type { TaskDocument, TaskGraph } from '../model';
import { countedTasks } from '../graph/counted-tasks';
import { computeMetrics } from './state-file';
import type { ImplementationState } from './state-schema';

export function countedTaskIds(doc: TaskDocument, includeOptional: boolean): string[] {
  return countedTasks(doc, includeOptional).map((t) => t.id);
}

export function isFeatureComplete(doc: TaskDocument, includeOptional: boolean): boolean {
  const counted = countedTasks(doc, includeOptional);
  return counted.length > 0 && counted.every((t) => t.state === 'done');
}

/**
 * Brings the derived parts of the state up to date with the document: metrics, parallel groups
 * and `completed_at`, which is set when every counted task is ticked (the state file is then
 * archived as `.implementation-completed.json`) and cleared when one is not any more.
 */
export function refreshSummary(
  state: ImplementationState,
  analysis: { doc: TaskDocument; graph?: TaskGraph },
  includeOptional: boolean,
  now = new Date(),
): ImplementationState {
  const { doc, graph } = analysis;
  const counted = new Set(countedTaskIds(doc, includeOptional));
  const records = Object.fromEntries(Object.entries(state.tasks).filter(([id]) => counted.has(id)));
  state.metrics = computeMetrics(records, counted.size);
  if (graph && !graph.hasErrors) state.parallel_groups = waves(graph);
  if (isFeatureComplete(doc, includeOptional)) state.completed_at ??= now.toISOString();
  else delete state.completed_at;
  return state;
}
