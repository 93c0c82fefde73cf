import { buildTaskGraph } from './build-task-graph';
import { concurrentTasks, criticalPath, dependentsOf, tasksAfter, topologicalOrder, waves } from './queries';
import { taskDoc } from '../testing/task-doc';
import { randomTaskDoc } from '../testing/random-task-doc';
import { waitsFor } from '../testing/graph-assertions';

// Phase 1: T001, then T002 [P] and T003 [P]; phase 2 (empty); phase 3: T004, then T005.
const plan = () =>
  buildTaskGraph(
    taskDoc().phase('1').task('T001').tasksOf(['T002', 'T003'], { parallel: true }).phase('2').phase('3').task('T004').task('T005').build(),
  );

describe('waves', () => {
  it('groups tasks by the earliest step they can start at, leaving gates out', () => {
    expect(waves(plan())).toEqual([['T001'], ['T002', 'T003'], ['T004'], ['T005']]);
  });

  it('lists gates in the wave in which they open when asked', () => {
    expect(waves(plan(), { includeGates: true })).toEqual([
      ['T001'],
      ['T002', 'T003'],
      ['phase-1', 'phase-2', 'T004'],
      ['T005'],
      ['phase-3'],
    ]);
  });

  it('puts every task in a later wave than each of its prerequisites', () => {
    const graph = buildTaskGraph(randomTaskDoc(7, { phases: 5, maxTasksPerPhase: 10, statements: 8 }));
    const waveOf = new Map<string, number>();
    waves(graph).forEach((wave, i) => wave.forEach((id) => waveOf.set(id, i)));
    for (const node of graph.nodes.filter((n) => n.kind === 'task')) {
      for (const other of graph.nodes.filter((n) => n.kind === 'task')) {
        if (waitsFor(graph, node.id, other.id)) expect(waveOf.get(node.id)!).toBeGreaterThan(waveOf.get(other.id)!);
      }
    }
  });
});

describe('criticalPath', () => {
  it('counts one per task and nothing per gate by default', () => {
    expect(criticalPath(plan())).toEqual({ length: 4, path: ['T001', 'T002', 'T004', 'T005'] });
  });

  it('follows the heaviest chain under a custom weight', () => {
    const weight = (id: string) => (id === 'T003' ? 10 : 1);
    expect(criticalPath(plan(), weight)).toEqual({ length: 13, path: ['T001', 'T003', 'T004', 'T005'] });
  });

  it('is empty for a plan without tasks', () => {
    expect(criticalPath(buildTaskGraph(taskDoc().build()))).toEqual({ length: 0, path: [] });
  });

  it('rejects a negative weight', () => {
    expect(() => criticalPath(plan(), () => -1)).toThrow('weight of T001 must be a finite number >= 0');
  });
});

describe('dependentsOf and tasksAfter', () => {
  it('finds every task that waits for a task, directly or not', () => {
    expect(dependentsOf(plan(), 'T002')).toEqual(['T004', 'T005']);
    expect(dependentsOf(plan(), 'T002', { includeGates: true })).toEqual(['phase-1', 'phase-2', 'T004', 'T005', 'phase-3']);
  });

  it('lists the tasks after a task in plan order, including unordered [P] siblings', () => {
    expect(tasksAfter(plan(), 'T002')).toEqual(['T003', 'T004', 'T005']);
    expect(tasksAfter(plan(), 'T005')).toEqual([]);
  });

  it('rejects IDs that are not tasks of the plan', () => {
    expect(() => dependentsOf(plan(), 'T999')).toThrow('T999 is not a task of this plan');
    expect(() => tasksAfter(plan(), 'phase-1')).toThrow('phase-1 is a phase gate, not a task');
  });

  it('orders tasks and, when asked, gates', () => {
    expect(topologicalOrder(plan())).toEqual(['T001', 'T002', 'T003', 'T004', 'T005']);
    expect(topologicalOrder(plan(), { includeGates: true })).toEqual([
      'T001',
      'T002',
      'T003',
      'phase-1',
      'phase-2',
      'T004',
      'T005',
      'phase-3',
    ]);
  });
});

describe('concurrentTasks', () => {
  it('lists the tasks that neither wait for a task nor are waited for by it', () => {
    const concurrent = concurrentTasks(plan());
    expect(Object.fromEntries(concurrent)).toEqual({ T001: [], T002: ['T003'], T003: ['T002'], T004: [], T005: [] });
  });

  it('agrees with the graph on random plans', () => {
    for (const seed of [3, 11, 29]) {
      const graph = buildTaskGraph(randomTaskDoc(seed, { phases: 4, maxTasksPerPhase: 12, statements: 6 }));
      const concurrent = concurrentTasks(graph);
      const tasks = graph.nodes.filter((n) => n.kind === 'task').map((n) => n.id);
      for (const a of tasks) {
        const expected = tasks.filter((b) => b !== a && !waitsFor(graph, a, b) && !waitsFor(graph, b, a));
        expect(concurrent.get(a)).toEqual(expected);
      }
    }
  });
});
