import type { Task, TaskDocument } from '../model';
import type { ImplementationState } from '../state/state-schema';
import { formatDuration, phaseLabel } from './format';
import { inRun, phaseRows, renderPhaseTableMarkdown } from './phase-table';
import { countedTasks } from '../graph/counted-tasks';
import { renderGatesReport } from '../gates/report';

/** Mermaid gantt task names may not contain `:` `;` `#` (they are syntax). */
function ganttName(task: Task | undefined, id: string): string {
  const text = task ? `${id} ${task.description}` : id;
  const clean = text
    .replace(/[:;#`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}

/** A Mermaid Gantt chart of when each task of the run ran, one section per phase. */
export function renderGantt(doc: TaskDocument, state: ImplementationState, since?: string): string {
  const lines = ['```mermaid', 'gantt', `    title ${state.feature.replace(/[:;#]/g, ' ')}`, '    dateFormat x', '    axisFormat %H:%M:%S'];
  let index = 0;
  for (const phase of doc.phases) {
    const entries: string[] = [];
    for (const id of phase.taskIds) {
      const record = state.tasks[id];
      if (!record || record.restored || !record.started_at || !record.ended_at || !inRun(record, since)) continue;
      const start = Date.parse(record.started_at);
      // Zero-length bars are not drawn.
      const end = Math.max(Date.parse(record.ended_at), start + 1);
      const tag = record.status === 'completed' ? 'done' : 'crit';
      entries.push(
        `    ${ganttName(
          doc.tasks.find((t) => t.id === id),
          id,
        )} :${tag}, t${index++}, ${start}, ${end}`,
      );
    }
    if (entries.length) lines.push(`    section ${phaseLabel(phase).replace(/[:;#]/g, ' ')}`, ...entries);
  }
  lines.push('```');
  return index === 0 ? '' : lines.join('\n');
}

/** `<feature>/implementation-report.md`: summary, per-phase table, Gantt chart, failures. */
export function renderRunReport(doc: TaskDocument, state: ImplementationState, options: { includeOptional: boolean; now?: Date }): string {
  const since = state.run?.started_at;
  const counted = countedTasks(doc, options.includeOptional);
  const done = counted.filter((t) => t.state === 'done').length;
  const records = counted.map((t) => state.tasks[t.id]).filter((r) => inRun(r, since));
  const ran = records.filter((r) => !r?.restored && (r?.status === 'completed' || r?.status === 'failed'));
  const restored = records.filter((r) => r?.restored).length;
  const starts = ran.map((r) => Date.parse(r!.started_at!)).filter(Number.isFinite);
  const ends = ran.map((r) => Date.parse(r!.ended_at!)).filter(Number.isFinite);
  const wall = starts.length && ends.length ? Math.max(...ends) - Math.min(...starts) : 0;
  const failures = counted.filter((t) => t.state === 'failed');

  const out = [
    `# Implementation report: ${state.feature}`,
    '',
    `Run started ${since ?? 'unknown'}; report written ${(options.now ?? new Date()).toISOString()}.`,
    '',
    `**${done}/${counted.length} tasks done** · ${ran.length} ran · ${restored} restored from cache · ` +
      `${failures.length} failed · wall time ${formatDuration(wall)}`,
    '',
    '## Phases',
    '',
    renderPhaseTableMarkdown(phaseRows(doc, state, { includeOptional: options.includeOptional, since })),
    '',
  ];
  const gantt = renderGantt(doc, state, since);
  if (gantt) out.push('## Timeline', '', gantt, '');
  if (failures.length) {
    out.push('## Failed tasks', '');
    for (const task of failures) {
      const record = state.tasks[task.id];
      const log = record?.log ? ` (log: \`${record.log}\`)` : '';
      out.push(`- **${task.id}** ${task.description}: ${record?.error ?? 'failed'}${log}`);
    }
    out.push('');
  }
  const gates = renderGatesReport(doc, state, since);
  if (gates) out.push(gates);
  return out.join('\n');
}
