import type { TaskDocument } from '../../model';
import { percent } from '../../report/format';
import { phaseRows, renderPhaseTable } from '../../report/phase-table';
import { countedTasks, isTicked } from '../../graph/counted-tasks';
import type { ImplementationState } from '../../state/state-schema';

export interface StatusView {
  projectName: string;
  tasksFile: string;
  doc: TaskDocument;
  includeOptional: boolean;
  /** The state file, when there is a readable one. */
  state?: ImplementationState;
  /** Why the state file could not be used (corrupt, unreadable). */
  stateProblem?: string;
}

/** `feature-001 specs/001-x/tasks.md: 7/12 done (58%), 1 failed` + a table per phase + state-file facts. */
export function renderStatus(view: StatusView): string {
  const tasks = countedTasks(view.doc, view.includeOptional);
  const done = tasks.filter(isTicked).length;
  const failed = tasks.filter((t) => t.state === 'failed').length;
  const running = tasks.filter((t) => t.state === 'in-progress').length;
  const summary = [`${done}/${tasks.length} done (${percent(done, tasks.length)}%)`];
  if (failed) summary.push(`${failed} failed`);
  if (running) summary.push(`${running} in progress`);
  const lines = [`${view.projectName} ${view.tasksFile}: ${summary.join(', ')}`];
  const rows = phaseRows(view.doc, view.state, { includeOptional: view.includeOptional });
  if (rows.length) lines.push('', renderPhaseTable(rows));
  if (view.state) {
    const recorded = Object.values(view.state.tasks);
    lines.push(
      '',
      `State file: updated ${view.state.updated_at}` +
        (view.state.current_phase ? `, current phase ${view.state.current_phase}` : '') +
        `, ${recorded.length} task record${recorded.length === 1 ? '' : 's'}`,
    );
  } else if (view.stateProblem) {
    lines.push('', `State file not used: ${view.stateProblem}`);
  }
  return lines.join('\n');
}
