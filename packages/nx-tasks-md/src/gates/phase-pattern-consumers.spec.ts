import type { Phase } from '../model';
import { makeDoc, makeTask } from '../runners/__fixtures__/task';
import { selectRunner } from '../runners/select';
import { isExclusiveTask, phaseGateCommands, resolveGateConfig } from './config';

/** `gates.phases`, `exclusive` and `routes` read a phase pattern by one rule. */
describe('a phase pattern means the same in gates.phases, exclusive and routes', () => {
  const phase = (key: string, title: string): Phase => ({ key, number: key, title, line: 1, depth: 2, taskIds: ['T001'] });
  const consumers = (pattern: string, of: Phase) => {
    const task = makeTask({ id: 'T001', phase: of.key });
    const doc = makeDoc([task], [of]);
    const gates = resolveGateConfig({ gates: { phases: [{ match: pattern, run: ['check'] }] }, exclusive: [{ phase: pattern }] });
    const routed = selectRunner(task, doc, { runner: 'claude', routes: [{ match: { phase: pattern }, runner: 'codex' }] }).name;
    return {
      'gates.phases': phaseGateCommands(gates, of).length > 0,
      exclusive: isExclusiveTask(gates, task, doc),
      routes: routed === 'codex',
    };
  };

  it.each([
    ['Polish', '6', 'Phase 6: Polish & docs', true],
    ['polish & docs', '6', 'Phase 6: Polish & docs', true],
    ['Polis', '6', 'Phase 6: Polish & docs', false],
    ['6', '6', 'Phase 6: Polish & docs', true],
    ['*', '6', 'Phase 6: Polish & docs', true],
    ['User Story *', '3', 'Phase 3: User Story 1 - Sign in', true],
    ['Story *', '3', 'User Story 1 - Sign in', false],
    ['3.*', '3.2', 'Tests First', true],
    ['3', '3.2', 'Tests First', false],
    ['Tests First', '3.2', 'Phase 3.2: Tests First (TDD)', true],
    ['setup', 'setup', 'Setup', true],
  ])('%j on phase %s "%s": %s', (pattern, key, title, expected) => {
    expect(consumers(pattern, phase(key, title))).toEqual({ 'gates.phases': expected, exclusive: expected, routes: expected });
  });
});
