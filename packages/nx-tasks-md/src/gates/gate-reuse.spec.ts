import { analyzeFeature } from '../feature/analyze-feature';
import { emptyState } from '../state/state-file';
import { commandsHash, reusablePass, type GateReuseInput } from './gate-reuse';

const PASSED_AT = '2026-01-01T10:00:00.000Z';
const doc = (boxes = 'xx', optional = '') =>
  analyzeFeature(`# Tasks\n## Phase 1: Core\n- [${boxes[0]}] T001 Write a\n- [${boxes[1]}]${optional} T002 Write b\n`, {
    tasksFile: 'specs/001-x/tasks.md',
    workspaceRoot: '/ws',
  }).doc;

function input(overrides: Partial<GateReuseInput> = {}): GateReuseInput {
  const state = emptyState('001-x', 'specs/001-x/tasks.md');
  state.tasks.T001 = { status: 'completed', attempts: 1, ended_at: '2026-01-01T09:59:00.000Z' };
  state.tasks.T002 = { status: 'completed', attempts: 1, ended_at: '2026-01-01T09:59:30.000Z' };
  return {
    previous: { status: 'passed', ended_at: PASSED_AT, commands_hash: commandsHash(['npm test']) },
    hash: commandsHash(['npm test']),
    taskIds: ['T001', 'T002'],
    doc: doc(),
    state,
    includeOptional: false,
    forced: false,
    ...overrides,
  };
}

describe('reusablePass', () => {
  it('reuses a pass when every task was ticked before it and none ran since', () => {
    expect(reusablePass(input())).toBe(PASSED_AT);
  });

  it('runs the gate when it did not pass, was forced, or ran other commands', () => {
    expect(reusablePass(input({ forced: true }))).toBeUndefined();
    expect(reusablePass(input({ previous: undefined }))).toBeUndefined();
    expect(
      reusablePass(input({ previous: { status: 'failed', ended_at: PASSED_AT, commands_hash: commandsHash(['npm test']) } })),
    ).toBeUndefined();
    expect(reusablePass(input({ hash: commandsHash(['npm test', 'npm run lint']) }))).toBeUndefined();
    // A verdict recorded before commands were hashed.
    expect(reusablePass(input({ previous: { status: 'passed', ended_at: PASSED_AT } }))).toBeUndefined();
    // A command of it was left out (a phase gate between red and green).
    expect(
      reusablePass(
        input({ previous: { status: 'passed', ended_at: PASSED_AT, commands_hash: commandsHash(['npm test']), complete: false } }),
      ),
    ).toBeUndefined();
  });

  it('runs the gate when a task of it ran since the pass or is not ticked (a cache restore the run ticks later)', () => {
    const ran = input();
    ran.state!.tasks.T002.ended_at = '2026-01-01T10:05:00.000Z';
    expect(reusablePass(ran)).toBeUndefined();
    expect(reusablePass(input({ doc: doc('x ') }))).toBeUndefined();
  });

  it('leaves out optional tasks the run does not include', () => {
    expect(reusablePass(input({ doc: doc('x ', '*') }))).toBe(PASSED_AT);
    expect(reusablePass(input({ doc: doc('x ', '*'), includeOptional: true }))).toBeUndefined();
  });

  it('hashes the commands in order', () => {
    expect(commandsHash(['a', 'b'])).not.toBe(commandsHash(['b', 'a']));
    expect(commandsHash(['a b'])).not.toBe(commandsHash(['a', 'b']));
  });
});
