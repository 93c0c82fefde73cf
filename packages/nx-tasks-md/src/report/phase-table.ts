import type { TaskDocument } from '../model';
import type { ImplementationState, TaskRecord } from '../state/state-schema';
import { formatDuration, phaseLabel } from './format';
import { countedTasks } from '../graph/counted-tasks';

export interface PhaseRow {
  phase: string;
  tasks: number;
  done: number;
  failed: number;
  left: number;
  /** Ran (not restored) during the run that started at `since`. */
  ran: number;
  restored: number;
  durationMs: number;
}

/** Whether a task record belongs to the run that started at `since` (ISO time). */
export function inRun(record: TaskRecord | undefined, since: string | undefined): boolean {
  if (!record?.ended_at && !record?.started_at) return false;
  if (!since) return true;
  return (record.ended_at ?? record.started_at ?? '') >= since;
}

export function phaseRows(
  doc: TaskDocument,
  state: ImplementationState | undefined,
  options: {
    includeOptional: boolean;
    since?: string;
    /** Unticked tasks known to have succeeded in this run (cache hits, ticked only after the run). */
    restoredNow?: ReadonlySet<string>;
  },
): PhaseRow[] {
  const counted = countedTasks(doc, options.includeOptional);
  return doc.phases
    .map((phase) => {
      const tasks = counted.filter((task) => task.phase === phase.key);
      const row: PhaseRow = {
        phase: phaseLabel(phase),
        tasks: tasks.length,
        done: 0,
        failed: 0,
        left: 0,
        ran: 0,
        restored: 0,
        durationMs: 0,
      };
      for (const task of tasks) {
        if (task.state !== 'done' && options.restoredNow?.has(task.id)) {
          row.done++;
          row.restored++;
          continue;
        }
        if (task.state === 'done') row.done++;
        else if (task.state === 'failed') row.failed++;
        else row.left++;
        const record = state?.tasks[task.id];
        if (!inRun(record, options.since)) continue;
        if (record?.restored) row.restored++;
        else if (record?.status === 'completed' || record?.status === 'failed') {
          row.ran++;
          row.durationMs += record.duration_ms ?? 0;
        }
      }
      return row;
    })
    .filter((row) => row.tasks > 0);
}

const HEADERS = ['Phase', 'Tasks', 'Done', 'Failed', 'Left', 'Ran', 'Restored', 'Time'];

function cells(row: PhaseRow): string[] {
  return [
    row.phase,
    String(row.tasks),
    String(row.done),
    String(row.failed),
    String(row.left),
    String(row.ran),
    String(row.restored),
    row.ran ? formatDuration(row.durationMs) : '-',
  ];
}

/** A plain-text table with aligned columns for the terminal. */
export function renderPhaseTable(rows: PhaseRow[]): string {
  const table = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  return table
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function renderPhaseTableMarkdown(rows: PhaseRow[]): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `| --- | ${HEADERS.slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
    ...rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
  ].join('\n');
}
