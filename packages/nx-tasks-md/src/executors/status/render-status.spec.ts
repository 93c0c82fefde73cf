import { emptyState } from '../../state/state-file';
import { taskDoc } from '../../testing/task-doc';
import { renderStatus } from './render-status';

const doc = taskDoc('specs/001-x/tasks.md')
  .phase('1', 'Setup')
  .task('T001', { state: 'done' })
  .task('T002', { state: 'failed' })
  .phase('2', 'Core')
  .task('T003', { state: 'in-progress' })
  .task('T004')
  .task('T005', { optional: true })
  .build();

describe('renderStatus', () => {
  it('sums up progress from the checkboxes and prints a table per phase', () => {
    const text = renderStatus({ projectName: 'feature-001', tasksFile: doc.path, doc, includeOptional: false });
    expect(text.split('\n')[0]).toBe('feature-001 specs/001-x/tasks.md: 1/4 done (25%), 1 failed, 1 in progress');
    expect(text).toMatch(/Phase 1 Setup\s+2\s+1\s+1\s+0/);
    expect(text).toMatch(/Phase 2 Core\s+2\s+0\s+0\s+2/);
  });

  it('counts optional tasks when asked', () => {
    const text = renderStatus({ projectName: 'feature-001', tasksFile: doc.path, doc, includeOptional: true });
    expect(text.split('\n')[0]).toMatch(/1\/5 done \(20%\)/);
  });

  it('adds what the state file says, or why it was not used', () => {
    const state = { ...emptyState('feature-001', doc.path, new Date('2026-01-02T03:04:05Z')), current_phase: '2' };
    state.tasks.T001 = { status: 'completed', attempts: 1, restored: true, ended_at: '2026-01-02T03:05:00Z' };
    const withState = renderStatus({ projectName: 'feature-001', tasksFile: doc.path, doc, includeOptional: false, state });
    expect(withState).toContain('State file: updated 2026-01-02T03:04:05.000Z, current phase 2, 1 task record');
    const broken = renderStatus({
      projectName: 'feature-001',
      tasksFile: doc.path,
      doc,
      includeOptional: false,
      stateProblem: 'not valid JSON',
    });
    expect(broken).toContain('State file not used: not valid JSON');
  });
});
