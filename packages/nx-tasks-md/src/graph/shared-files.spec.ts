import { buildTaskGraph } from './build-task-graph';
import { taskDoc } from '../testing/task-doc';
import { assertTopological, depsOf, edgeCount, waitsFor } from '../testing/graph-assertions';

const P = { parallel: true };
const TEST = 'tests/foo_test.go';

describe('buildTaskGraph: tasks that name the same file', () => {
  it('chains [P] tasks that name one file in document order, and says so', () => {
    const doc = taskDoc()
      .phase('1')
      .task('T001')
      .task('T002', { ...P, files: [TEST] })
      .task('T003', { ...P, files: ['src/other.go'] })
      .task('T004', { ...P, files: [TEST] })
      .task('T005', { ...P, files: [TEST, 'src/more.go'] })
      .build();
    const graph = buildTaskGraph(doc);
    assertTopological(graph);
    expect(depsOf(graph, 'T004')).toEqual(['T001', 'T002']);
    expect(depsOf(graph, 'T005')).toEqual(['T001', 'T004']);
    expect(waitsFor(graph, 'T005', 'T002')).toBe(true);
    // T003 names another file: it still runs beside them.
    for (const id of ['T002', 'T004', 'T005']) {
      expect(waitsFor(graph, 'T003', id) || waitsFor(graph, id, 'T003')).toBe(false);
    }
    expect(graph.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'shared-file',
        line: doc.tasks.find((t) => t.id === 'T004')!.line,
        message: `T002, T004 and T005 all name ${TEST}: run one after the other, in that order`,
      }),
    ]);
    expect(graph.hasErrors).toBe(false);
  });

  it('names the pair when two tasks share a file', () => {
    const doc = taskDoc()
      .phase('1')
      .task('T005', { ...P, files: [TEST] })
      .task('T007', { ...P, files: [TEST] })
      .build();
    const graph = buildTaskGraph(doc);
    expect(graph.diagnostics.map((d) => d.message)).toEqual([`T005 and T007 both name ${TEST}: run one after the other`]);
  });

  it('adds nothing where the plan already orders the tasks (sequential tasks, phases, statements, sub-tasks)', () => {
    const doc = taskDoc()
      .phase('1')
      .task('T001', { files: [TEST] })
      .task('T002', { files: [TEST] })
      .task('T003', { ...P, files: ['a.go'] })
      .task('T004', { ...P, files: ['a.go'] })
      .task('T005', { files: ['b.go'] })
      .task('T006', { parent: 'T005', files: ['b.go'] })
      .phase('2')
      .task('T007', { ...P, files: [TEST] })
      .statement('T003', 'T004')
      .build();
    const withoutFiles = taskDoc()
      .phase('1')
      .task('T001')
      .task('T002')
      .task('T003', P)
      .task('T004', P)
      .task('T005')
      .task('T006', { parent: 'T005' })
      .phase('2')
      .task('T007', P)
      .statement('T003', 'T004')
      .build();
    const graph = buildTaskGraph(doc);
    expect(graph.diagnostics).toEqual([]);
    expect(graph.nodes).toEqual(buildTaskGraph(withoutFiles).nodes);
  });

  it('orders tasks of parallel phases that name the same file', () => {
    const doc = taskDoc()
      .phase('1', 'Foundational')
      .task('T001')
      .phase('2', 'User Story 1')
      .task('T002', { story: 'US1', files: ['src/routes.ts'] })
      .phase('3', 'User Story 2')
      .task('T003', { story: 'US2', files: ['src/routes.ts'] })
      .build();
    const graph = buildTaskGraph(doc, { phaseParallelism: true });
    expect(waitsFor(graph, 'T003', 'T002')).toBe(true);
    expect(graph.diagnostics.map((d) => d.code)).toEqual(['shared-file']);
  });

  it('follows the order statements set, never against it, so it cannot close a cycle', () => {
    // T004 must come before T002 (a statement); T003 is free. All three name one file.
    const doc = taskDoc()
      .phase('1')
      .task('T001')
      .task('T002', { ...P, files: [TEST] })
      .task('T003', { ...P, files: [TEST] })
      .task('T004', { ...P, files: [TEST] })
      .statement('T004', 'T002')
      .build();
    const graph = buildTaskGraph(doc);
    assertTopological(graph);
    expect(graph.hasErrors).toBe(false);
    const ids = ['T002', 'T003', 'T004'];
    for (const a of ids) {
      for (const b of ids) {
        if (a !== b) expect({ a, b, ordered: waitsFor(graph, a, b) || waitsFor(graph, b, a) }).toEqual({ a, b, ordered: true });
      }
    }
    expect(waitsFor(graph, 'T002', 'T004')).toBe(true);
  });

  it('ignores folders, the tasks.md and the feature context documents', () => {
    const doc = taskDoc('specs/001-demo/tasks.md')
      .phase('1')
      .task('T001', {
        ...P,
        files: ['src/models/', 'specs/001-demo/spec.md', 'specs/001-demo/contracts/api.yaml', 'specs/001-demo/tasks.md'],
      })
      .task('T002', {
        ...P,
        files: ['src/models/', 'specs/001-demo/spec.md', 'specs/001-demo/contracts/api.yaml', 'specs/001-demo/tasks.md'],
      })
      .build();
    const graph = buildTaskGraph(doc);
    expect(waitsFor(graph, 'T002', 'T001')).toBe(false);
    expect(graph.diagnostics).toEqual([]);
  });

  it('treats ./a and a as one file', () => {
    const doc = taskDoc()
      .phase('1')
      .task('T001', { ...P, files: ['./src/a.ts'] })
      .task('T002', { ...P, files: ['src/a.ts'] })
      .build();
    expect(waitsFor(buildTaskGraph(doc), 'T002', 'T001')).toBe(true);
  });

  it('uses the files the caller passes instead of the named ones', () => {
    const doc = taskDoc()
      .phase('1')
      .task('T001', { ...P, files: [TEST] })
      .task('T002', { ...P, files: [TEST] })
      .task('T003', { ...P, files: ['x.go'] })
      .build();
    // Only T001 and T003 change x.go; T002 only reads the test.
    const graph = buildTaskGraph(doc, { taskFiles: { T001: ['x.go'], T002: [], T003: ['x.go'] } });
    expect(waitsFor(graph, 'T002', 'T001')).toBe(false);
    expect(waitsFor(graph, 'T003', 'T001')).toBe(true);
  });

  it('stays linear for hundreds of [P] tasks on one file: one chain', () => {
    const builder = taskDoc().phase('1');
    for (let i = 0; i < 600; i++) builder.task(`T${i}`, { ...P, files: [TEST, `src/f${i}.go`] });
    const started = performance.now();
    const graph = buildTaskGraph(builder.build());
    expect(performance.now() - started).toBeLessThan(2000);
    expect(edgeCount(graph)).toBe(599 + 600); // the chain, and the gate waits for every task of the run
    expect(graph.diagnostics).toHaveLength(1);
  });
});
