import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBreakdown } from './run-analysis.mjs';

test('splits a run into time inside tasks beyond their work, gate time and waits between nodes', () => {
  const nodes = [
    { id: 'T1', kind: 'task', dependsOn: [] },
    { id: 'T2', kind: 'task', dependsOn: [] },
    { id: 'phase-1', kind: 'gate', dependsOn: ['T1', 'T2'] },
    { id: 'T3', kind: 'task', dependsOn: ['phase-1'] },
  ];
  const tasks = {
    'f:T1': { startTime: 0, endTime: 1300 },
    'f:T2': { startTime: 10, endTime: 1200 },
    'f:phase-1': { startTime: 1310, endTime: 1710 },
    'f:T3': { startTime: 1730, endTime: 3000 },
  };
  const result = runBreakdown(nodes, tasks, (id) => `f:${id}`, 1000);
  assert.deepEqual(result, { inTask: 270, gate: 400, gap: 15, tasks: 3, gates: 1 });
});

test('nodes Nx did not time are left out', () => {
  const nodes = [{ id: 'T1', kind: 'task', dependsOn: [] }];
  assert.deepEqual(
    runBreakdown(nodes, {}, (id) => id, 0),
    { inTask: undefined, gate: undefined, gap: undefined, tasks: 0, gates: 0 },
  );
});
