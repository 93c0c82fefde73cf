import { taskDoc } from '../testing/task-doc';
import { emptyState } from '../state/state-file';
import type { ImplementationState } from '../state/state-schema';
import { formatDuration, phaseLabel } from './format';
import { phaseRows, renderPhaseTable, renderPhaseTableMarkdown } from './phase-table';
import { progressLine, progressLineFor } from './progress';
import { renderGantt, renderRunReport } from './run-report';

describe('formatDuration', () => {
  it.each([
    [850, '850ms'],
    [12_345, '12.3s'],
    [125_000, '2m 05s'],
    [3_720_000, '1h 02m'],
  ])('%i ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('phaseLabel', () => {
  it('reads the number and title however the heading wrote them', () => {
    expect(phaseLabel({ key: '3.2', number: '3.2', title: 'Tests First' })).toBe('Phase 3.2 Tests First');
    expect(phaseLabel({ key: '3.2', number: '3.2', title: 'Phase 3.2: Tests First' })).toBe('Phase 3.2 Tests First');
    expect(phaseLabel({ key: 'setup', title: 'Setup' })).toBe('Setup');
  });
});

describe('progressLine', () => {
  it('names the task, the count, the percentage, the phase and the time', () => {
    expect(
      progressLine({
        taskId: 'T005',
        outcome: 'done',
        done: 7,
        total: 43,
        phase: { key: '3.2', number: '3.2', title: 'Tests First', line: 1, depth: 2, taskIds: [] },
        durationMs: 12_300,
      }),
    ).toBe('T005 done (7/43, 16%) · Phase 3.2 Tests First · 12.3s');
  });

  it('counts ticked tasks of the document, leaving optional ones out unless included', () => {
    const doc = taskDoc()
      .phase('1', 'Setup')
      .task('T001', { state: 'done' })
      .task('T002', { state: 'done' })
      .task('T003')
      .task('T004', { optional: true })
      .build();
    expect(progressLineFor(doc, 'T002', 'done', { includeOptional: false })).toBe('T002 done (2/3, 66%) · Phase 1 Setup');
    expect(progressLineFor(doc, 'T002', 'done', { includeOptional: true })).toBe('T002 done (2/4, 50%) · Phase 1 Setup');
  });
});

function stateWith(records: ImplementationState['tasks'], runStart?: string): ImplementationState {
  const state = emptyState('001-demo', 'specs/001-demo/tasks.md', new Date('2025-01-01T00:00:00Z'));
  state.tasks = records;
  if (runStart) state.run = { id: 'run', started_at: runStart };
  return state;
}

describe('phase table and run report', () => {
  const doc = taskDoc()
    .phase('1', 'Setup')
    .task('T001', { state: 'done' })
    .phase('2', 'Core')
    .task('T002', { state: 'done', parallel: true })
    .task('T003', { state: 'failed', parallel: true })
    .task('T004')
    .build();
  const state = stateWith(
    {
      T001: {
        status: 'completed',
        attempts: 0,
        restored: true,
        started_at: '2025-01-02T10:00:00.000Z',
        ended_at: '2025-01-02T10:00:00.000Z',
      },
      T002: {
        status: 'completed',
        attempts: 1,
        started_at: '2025-01-02T10:00:01.000Z',
        ended_at: '2025-01-02T10:00:03.000Z',
        duration_ms: 2000,
      },
      T003: {
        status: 'failed',
        attempts: 1,
        started_at: '2025-01-02T10:00:01.000Z',
        ended_at: '2025-01-02T10:00:02.500Z',
        duration_ms: 1500,
        error: 'shell exited with code 2',
        log: 'specs/001-demo/.nx-tasks-md/logs/T003.log',
      },
    },
    '2025-01-02T09:59:59.000Z',
  );

  it('counts done, failed, left, ran and restored per phase', () => {
    const rows = phaseRows(doc, state, { includeOptional: false, since: state.run!.started_at });
    expect(rows).toEqual([
      { phase: 'Phase 1 Setup', tasks: 1, done: 1, failed: 0, left: 0, ran: 0, restored: 1, durationMs: 0 },
      { phase: 'Phase 2 Core', tasks: 3, done: 1, failed: 1, left: 1, ran: 2, restored: 0, durationMs: 3500 },
    ]);
    const table = renderPhaseTable(rows).split('\n');
    expect(table[0]).toMatch(/^Phase\s+Tasks\s+Done\s+Failed\s+Left\s+Ran\s+Restored\s+Time$/);
    expect(table[2]).toMatch(/^Phase 2 Core\s+3\s+1\s+1\s+1\s+2\s+0\s+3\.5s$/);
    expect(renderPhaseTableMarkdown(rows).split('\n')).toHaveLength(4);
  });

  it('leaves out tasks of earlier runs', () => {
    const rows = phaseRows(doc, state, { includeOptional: false, since: '2025-01-02T10:00:02.800Z' });
    expect(rows.map((r) => r.ran)).toEqual([0, 1]);
  });

  it('counts unticked tasks that succeeded from the cache in this run as done and restored', () => {
    const rows = phaseRows(doc, state, { includeOptional: false, restoredNow: new Set(['T004']) });
    expect(rows[1]).toMatchObject({ done: 2, left: 0, restored: 1 });
  });

  it('draws a Mermaid gantt bar for every task that ran, by phase, with its start and end', () => {
    const gantt = renderGantt(doc, state, state.run!.started_at);
    const lines = gantt.split('\n');
    expect(lines.slice(0, 5)).toEqual(['```mermaid', 'gantt', '    title 001-demo', '    dateFormat x', '    axisFormat %H:%M:%S']);
    expect(lines).toContain('    section Phase 2 Core');
    expect(lines).toContain(
      `    T002 task T002 :done, t0, ${Date.parse('2025-01-02T10:00:01.000Z')}, ${Date.parse('2025-01-02T10:00:03.000Z')}`,
    );
    expect(lines).toContain(
      `    T003 task T003 :crit, t1, ${Date.parse('2025-01-02T10:00:01.000Z')}, ${Date.parse('2025-01-02T10:00:02.500Z')}`,
    );
    // restored tasks did not run: no bar, and a phase without bars has no section
    expect(gantt).not.toContain('T001');
    expect(gantt).not.toContain('Phase 1 Setup');
  });

  it('writes a report with the summary, the table, the chart and the failures with their logs', () => {
    const report = renderRunReport(doc, state, { includeOptional: false, now: new Date('2025-01-02T10:01:00Z') });
    expect(report).toContain('# Implementation report: 001-demo');
    expect(report).toContain('**2/4 tasks done** · 2 ran · 1 restored from cache · 1 failed');
    expect(report).toContain('| Phase 2 Core | 3 | 1 | 1 | 1 | 2 | 0 | 3.5s |');
    expect(report).toContain('```mermaid');
    expect(report).toContain('- **T003** task T003: shell exited with code 2 (log: `specs/001-demo/.nx-tasks-md/logs/T003.log`)');
  });
});
