import type { Phase, TaskDocument } from '../model';
import { countedTasks, isTicked } from '../graph/counted-tasks';
import { formatDuration, percent, phaseLabel } from './format';

export type ProgressOutcome = 'done' | 'failed' | 'skipped' | 'restored' | 'interrupted' | 'already done';

/** `T005 done (7/43, 16%) · Phase 3.2 Tests First · 12.3s` */
export function progressLine(options: {
  taskId: string;
  outcome: ProgressOutcome;
  done: number;
  total: number;
  phase?: Phase;
  durationMs?: number;
}): string {
  const parts = [`${options.taskId} ${options.outcome} (${options.done}/${options.total}, ${percent(options.done, options.total)}%)`];
  const label = phaseLabel(options.phase);
  if (label) parts.push(label);
  if (options.durationMs !== undefined) parts.push(formatDuration(options.durationMs));
  return parts.join(' · ');
}

/** The progress line for `taskId` after the document was updated (counts its ticked tasks). */
export function progressLineFor(
  doc: TaskDocument,
  taskId: string,
  outcome: ProgressOutcome,
  options: { includeOptional: boolean; durationMs?: number },
): string {
  const counted = countedTasks(doc, options.includeOptional);
  const task = doc.tasks.find((t) => t.id === taskId);
  return progressLine({
    taskId,
    outcome,
    done: counted.filter(isTicked).length,
    total: counted.length,
    phase: task ? doc.phases.find((p) => p.key === task.phase) : undefined,
    durationMs: options.durationMs,
  });
}
