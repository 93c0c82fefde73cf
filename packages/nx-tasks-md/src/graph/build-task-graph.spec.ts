import { buildTaskGraph } from './build-task-graph';
import { taskDoc } from '../testing/task-doc';
import { assertTopological, depsOf, edgeCount, nodeOf, waitsFor } from '../testing/graph-assertions';

describe('buildTaskGraph: phases', () => {
  it('makes every task of a phase wait for every task of the previous phase through one gate', () => {
    const doc = taskDoc()
      .phase('3.1')
      .task('T001')
      .task('T002', { parallel: true })
      .task('T003', { parallel: true })
      .phase('3.2')
      .task('T004')
      .task('T005', { parallel: true })
      .build();
    const graph = buildTaskGraph(doc);

    expect(graph.gates).toEqual({ '3.1': 'phase-3.1', '3.2': 'phase-3.2' });
    expect(nodeOf(graph, 'phase-3.1')).toMatchObject({ kind: 'gate', phase: '3.1' });
    expect(depsOf(graph, 'T004')).toEqual(['phase-3.1']);
    expect(depsOf(graph, 'T005')).toEqual(['T004']);
    for (const later of ['T004', 'T005']) {
      for (const earlier of ['T001', 'T002', 'T003']) expect(waitsFor(graph, later, earlier)).toBe(true);
    }
    for (const task of ['T001', 'T002', 'T003']) expect(waitsFor(graph, 'phase-3.1', task)).toBe(true);
    for (const task of ['T004', 'T005']) expect(waitsFor(graph, 'phase-3.2', task)).toBe(true);
    expect(graph.hasErrors).toBe(false);
  });

  it('keeps the number of edges linear in the number of tasks across phases', () => {
    const builder = taskDoc();
    for (let p = 1; p <= 10; p++) {
      builder.phase(String(p));
      for (let t = 0; t < 50; t++) builder.task(`T${p}-${t}`, { parallel: true });
    }
    const graph = buildTaskGraph(builder.build());
    // Each [P] task waits for the previous gate (none in the first phase) and its gate waits for it.
    expect(edgeCount(graph)).toBe(2 * 500 - 50);
  });

  it('gives an empty phase a gate chained to the previous one', () => {
    const doc = taskDoc().phase('1').task('T001').phase('2').phase('3').task('T002').build();
    const graph = buildTaskGraph(doc);
    expect(depsOf(graph, 'phase-2')).toEqual(['phase-1']);
    expect(depsOf(graph, 'T002')).toEqual(['phase-2']);
  });

  it('gives a phase that only a task names a gate after the listed phases, and ignores a repeated phase key', () => {
    const doc = taskDoc().phase('1').task('T001').build();
    doc.tasks.push({ ...doc.tasks[0], id: 'T002', line: 9, phase: 'extra' });
    doc.phases.push({ ...doc.phases[0], line: 8, taskIds: [] });
    const graph = buildTaskGraph(doc);
    expect(graph.gates).toEqual({ '1': 'phase-1', extra: 'phase-extra' });
    expect(graph.nodes.map((n) => n.id)).toEqual(['T001', 'phase-1', 'T002', 'phase-extra']);
    expect(depsOf(graph, 'T002')).toEqual(['phase-1']);
  });

  it('gives the first tasks of the first phase no prerequisites', () => {
    const doc = taskDoc().phase('1').task('T001').task('T002', { parallel: true }).build();
    const graph = buildTaskGraph(doc);
    expect(depsOf(graph, 'T001')).toEqual([]);
    expect(depsOf(graph, 'T002')).toEqual(['T001']);
  });
});

describe('buildTaskGraph: order inside a phase', () => {
  it('runs tasks without [P] in document order', () => {
    const doc = taskDoc().phase('1').task('T001').task('T002').task('T003').build();
    const graph = buildTaskGraph(doc);
    expect(depsOf(graph, 'T002')).toEqual(['T001']);
    expect(depsOf(graph, 'T003')).toEqual(['T002']);
    expect(depsOf(graph, 'phase-1')).toEqual(['T003']);
  });

  it('lets a [P] task wait only for the last non-[P] task before it', () => {
    const doc = taskDoc().phase('1').task('T001').task('T002').task('T003', { parallel: true }).build();
    expect(depsOf(buildTaskGraph(doc), 'T003')).toEqual(['T002']);
  });

  it('leaves consecutive [P] tasks unordered among themselves', () => {
    const doc = taskDoc().phase('1').task('T001').tasksOf(['T002', 'T003', 'T004'], { parallel: true }).build();
    const graph = buildTaskGraph(doc);
    for (const id of ['T002', 'T003', 'T004']) expect(depsOf(graph, id)).toEqual(['T001']);
    expect(waitsFor(graph, 'T004', 'T002')).toBe(false);
    expect(waitsFor(graph, 'T003', 'T002')).toBe(false);
  });

  it('makes a non-[P] task after a [P] run wait for the whole run', () => {
    const doc = taskDoc()
      .phase('1')
      .task('T001')
      .tasksOf(['T002', 'T003'], { parallel: true })
      .task('T004')
      .task('T005', { parallel: true })
      .build();
    const graph = buildTaskGraph(doc);
    expect(depsOf(graph, 'T004')).toEqual(['T002', 'T003']);
    expect(depsOf(graph, 'T005')).toEqual(['T004']);
  });

  it('lets [P] tasks at the start of a phase wait for the previous gate only', () => {
    const doc = taskDoc().phase('1').task('T001').phase('2').tasksOf(['T002', 'T003'], { parallel: true }).build();
    const graph = buildTaskGraph(doc);
    expect(depsOf(graph, 'T002')).toEqual(['phase-1']);
    expect(depsOf(graph, 'T003')).toEqual(['phase-1']);
    expect(depsOf(graph, 'phase-2')).toEqual(['T002', 'T003']);
  });
});

describe('buildTaskGraph: sub-tasks', () => {
  const kiro = () =>
    taskDoc()
      .phase('tasks', 'Tasks')
      .task('1.')
      .task('2.')
      .task('2.1', { parent: '2.' })
      .task('2.2', { parent: '2.', parallel: true })
      .task('2.3', { parent: '2.', parallel: true })
      .task('2.4', { parent: '2.' })
      .task('3.');

  it('makes a parent wait for its sub-tasks, and its sub-tasks start where the parent would', () => {
    const graph = buildTaskGraph(kiro().build());
    expect(depsOf(graph, '2.')).toEqual(['2.4']);
    expect(depsOf(graph, '2.1')).toEqual(['1.']);
    expect(waitsFor(graph, '2.1', '2.')).toBe(false);
    expect(depsOf(graph, '3.')).toEqual(['2.']);
  });

  it('applies the [P] rules among sibling sub-tasks', () => {
    const graph = buildTaskGraph(kiro().build());
    expect(depsOf(graph, '2.2')).toEqual(['2.1']);
    expect(depsOf(graph, '2.3')).toEqual(['2.1']);
    expect(depsOf(graph, '2.4')).toEqual(['2.2', '2.3']);
  });

  it('lets a parent whose last sub-tasks are [P] wait for all of them', () => {
    const doc = taskDoc()
      .phase('1')
      .task('1.')
      .task('1.1', { parent: '1.', parallel: true })
      .task('1.2', { parent: '1.', parallel: true })
      .build();
    expect(depsOf(buildTaskGraph(doc), '1.')).toEqual(['1.1', '1.2']);
  });

  it('keeps optional tasks in the graph like any other task', () => {
    const doc = taskDoc()
      .phase('1')
      .task('1.')
      .task('1.1', { parent: '1.' })
      .task('1.2', { parent: '1.', optional: true })
      .task('2.')
      .build();
    const graph = buildTaskGraph(doc);
    expect(depsOf(graph, '1.2')).toEqual(['1.1']);
    expect(depsOf(graph, '1.')).toEqual(['1.2']);
  });

  it('schedules a sub-task in another phase than its parent as a task of its own phase', () => {
    const builder = taskDoc().phase('1').task('1.').phase('2');
    const line = builder.line;
    const graph = buildTaskGraph(builder.task('1.1', { parent: '1.' }).build());
    expect(depsOf(graph, '1.1')).toEqual(['phase-1']);
    expect(waitsFor(graph, '1.', '1.1')).toBe(false);
    expect(graph.diagnostics).toEqual([expect.objectContaining({ code: 'parent-in-other-phase', severity: 'info', line })]);
  });
});

describe('buildTaskGraph: dependency statements', () => {
  it('makes every task after a statement wait for every task before it', () => {
    const doc = taskDoc()
      .phase('1')
      .tasksOf(['T001', 'T002', 'T003', 'T004'], { parallel: true })
      .statement(['T001', 'T002'], ['T003', 'T004'])
      .build();
    const graph = buildTaskGraph(doc);
    expect(depsOf(graph, 'T003')).toEqual(['T001', 'T002']);
    expect(depsOf(graph, 'T004')).toEqual(['T001', 'T002']);
    expect(depsOf(graph, 'T001')).toEqual([]);
    expect(graph.diagnostics).toEqual([]);
  });

  it('adds no edge for a statement the plan order already implies', () => {
    const doc = taskDoc()
      .phase('1')
      .task('T001')
      .task('T002')
      .task('T003')
      .phase('2')
      .task('T004')
      .statement('T001', 'T003')
      .statement('T002', 'T004')
      .build();
    const graph = buildTaskGraph(doc);
    expect(depsOf(graph, 'T003')).toEqual(['T002']);
    expect(depsOf(graph, 'T004')).toEqual(['phase-1']);
    expect(graph.diagnostics).toEqual([]);
  });

  it('may order a task before an earlier [P] sibling', () => {
    const doc = taskDoc().phase('1').task('T001').tasksOf(['T002', 'T003'], { parallel: true }).statement('T003', 'T002').build();
    const graph = buildTaskGraph(doc);
    expect(depsOf(graph, 'T002')).toEqual(['T001', 'T003']);
    expect(graph.nodes.map((n) => n.id)).toEqual(['T001', 'T003', 'T002', 'phase-1']);
    expect(graph.diagnostics).toEqual([]);
  });

  it('ignores with a warning a statement that contradicts the document order, naming its line and the order', () => {
    const builder = taskDoc().phase('1').task('T011').task('T012').task('T024');
    const line = builder.line;
    const doc = builder.statement('T024', 'T011').build();
    const graph = buildTaskGraph(doc);
    expect(waitsFor(graph, 'T011', 'T024')).toBe(false);
    expect(graph.hasErrors).toBe(false);
    expect(graph.diagnostics).toEqual([
      {
        file: doc.path,
        line,
        column: 1,
        severity: 'warning',
        code: 'dependency-contradicts-order',
        message: `line ${line}: 'T024 before T011' contradicts the plan order (T011 → T012 → T024); ignored`,
      },
    ]);
  });

  it('ignores a statement that makes an earlier phase wait for a later one', () => {
    const doc = taskDoc().phase('1').task('T001').phase('2').task('T002').statement('T002', 'T001').build();
    const graph = buildTaskGraph(doc);
    expect(waitsFor(graph, 'T001', 'T002')).toBe(false);
    expect(graph.diagnostics).toEqual([expect.objectContaining({ code: 'dependency-contradicts-order', severity: 'warning' })]);
    expect(graph.diagnostics[0].message).toContain('(T001 → phase-1 → T002)');
  });

  it('reports every contradicting pair of one statement in one diagnostic', () => {
    const doc = taskDoc().phase('1').task('T001').task('T002').task('T003').statement(['T003'], ['T001', 'T002']).build();
    const graph = buildTaskGraph(doc);
    expect(graph.diagnostics).toHaveLength(1);
    expect(graph.diagnostics[0].message).toMatch(/'T003 before T001'.*'T003 before T002' from the same statement/);
  });

  it('turns a contradiction into an error with strictDependencies', () => {
    const doc = taskDoc().phase('1').task('T001').task('T002').statement('T002', 'T001').build();
    const graph = buildTaskGraph(doc, { strictDependencies: true });
    expect(graph.hasErrors).toBe(true);
    expect(graph.diagnostics).toEqual([expect.objectContaining({ code: 'dependency-contradicts-order', severity: 'error' })]);
  });

  it('keeps the plan order when two statements disagree and only one of them agrees with the plan', () => {
    const builder = taskDoc().phase('1').task('T011').phase('2').task('T024').statement('T011', 'T024');
    const staleLine = builder.line;
    const graph = buildTaskGraph(builder.statement('T024', 'T011').build());
    expect(graph.hasErrors).toBe(false);
    expect(graph.diagnostics).toEqual([
      expect.objectContaining({ code: 'dependency-contradicts-order', severity: 'warning', line: staleLine }),
    ]);
    expect(waitsFor(graph, 'T024', 'T011')).toBe(true);
  });

  it('applies the first of two statements that together contradict the plan order, and reports the second', () => {
    const builder = taskDoc()
      .phase('1')
      .task('A')
      .task('P', { parallel: true })
      .task('P.1', { parent: 'P' })
      .task('P.2', { parent: 'P' })
      .task('Q', { parallel: true })
      .statement('Q', 'P.1');
    const secondLine = builder.line;
    const graph = buildTaskGraph(builder.statement('P', 'Q').build());
    expect(depsOf(graph, 'P.1')).toEqual(['A', 'Q']);
    expect(waitsFor(graph, 'Q', 'P')).toBe(false);
    expect(graph.hasErrors).toBe(false);
    expect(graph.diagnostics).toEqual([
      expect.objectContaining({
        code: 'dependency-contradicts-order',
        severity: 'warning',
        line: secondLine,
        message: `line ${secondLine}: 'P before Q' contradicts the order set by the plan and earlier dependency statements (Q → P.1 → P.2 → P); ignored`,
      }),
    ]);
  });

  it('rejects a cycle among explicit statements alone as an error naming every task and line', () => {
    const builder = taskDoc().phase('1').tasksOf(['T001', 'T002', 'T003', 'T004'], { parallel: true });
    const lines = [builder.line, builder.line + 1, builder.line + 2];
    const doc = builder.statement('T001', 'T002').statement('T002', 'T003').statement('T003', 'T001').build();
    const graph = buildTaskGraph(doc);
    expect(graph.hasErrors).toBe(true);
    expect(graph.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual(lines.map((line) => ['dependency-cycle', 'error', line]));
    for (const error of graph.diagnostics) {
      for (const id of ['T001', 'T002', 'T003']) expect(error.message).toContain(id);
      expect(error.message).not.toContain('T004');
      for (const line of lines) expect(error.message).toContain(String(line));
    }
    assertTopological(graph);
  });

  it('expands statements about ranges of tasks into a cycle check that stays linear', () => {
    const builder = taskDoc().phase('1');
    const first = Array.from({ length: 300 }, (_, i) => `A${i}`);
    const second = Array.from({ length: 300 }, (_, i) => `B${i}`);
    builder.tasksOf(first, { parallel: true }).tasksOf(second, { parallel: true });
    const graph = buildTaskGraph(builder.statement(first, second).statement(second, first).build());
    expect(graph.diagnostics.map((d) => d.code)).toEqual(['dependency-cycle', 'dependency-cycle']);
  });

  it('warns about a statement that makes a task wait for itself', () => {
    const doc = taskDoc()
      .phase('1')
      .tasksOf(['T001', 'T002', 'T003'], { parallel: true })
      .statement(['T001', 'T002'], ['T002', 'T003'])
      .build();
    const graph = buildTaskGraph(doc);
    expect(graph.diagnostics).toEqual([expect.objectContaining({ code: 'dependency-on-itself', severity: 'warning' })]);
    expect(depsOf(graph, 'T003')).toEqual(['T001', 'T002']);
    expect(depsOf(graph, 'T002')).toEqual(['T001']);
  });

  it('warns about task IDs in a statement that are not tasks, unless the parser already did', () => {
    const builder = taskDoc().phase('1').task('T001').task('T002', { parallel: true });
    const line = builder.line;
    const graph = buildTaskGraph(builder.statement('T001', ['T002', 'T999']).build());
    expect(graph.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-task', line, severity: 'warning' })]);
    expect(graph.diagnostics[0].message).toContain('T999');
    expect(depsOf(graph, 'T002')).toEqual(['T001']);

    const reported = taskDoc()
      .phase('1')
      .task('T001')
      .diagnostic({ line: 3, column: 1, severity: 'warning', code: 'unknown-task', message: 'T999?' })
      .statement('T001', 'T999')
      .build();
    expect(buildTaskGraph(reported).diagnostics.filter((d) => d.code === 'unknown-task')).toHaveLength(1);
  });
});

describe('buildTaskGraph: phaseParallelism', () => {
  const speckit = () =>
    taskDoc()
      .phase('1', 'Setup')
      .task('T001')
      .phase('2', 'Foundational (Blocking Prerequisites)')
      .task('T002')
      .phase('3', 'User Story 1 - Sign in (Priority: P1) 🎯 MVP')
      .task('T003', { story: 'US1' })
      .phase('4', 'US2 - Profile (P2)')
      .task('T004', { story: 'US2' })
      .phase('5', 'Reports')
      .task('T005', { story: 'US3' })
      .task('T006', { story: 'US3' })
      .phase('6', 'Polish & Cross-Cutting Concerns')
      .task('T007')
      .build();

  it('runs phases in order by default', () => {
    const graph = buildTaskGraph(speckit());
    expect(depsOf(graph, 'T004')).toEqual(['phase-3']);
    expect(depsOf(graph, 'T007')).toEqual(['phase-5']);
  });

  it('lets user-story phases after Foundational wait only for Foundational, and Polish for all of them', () => {
    const graph = buildTaskGraph(speckit(), { phaseParallelism: true });
    expect(depsOf(graph, 'T002')).toEqual(['phase-1']);
    expect(depsOf(graph, 'T003')).toEqual(['phase-2']);
    expect(depsOf(graph, 'T004')).toEqual(['phase-2']);
    expect(depsOf(graph, 'T005')).toEqual(['phase-2']);
    expect(depsOf(graph, 'T007')).toEqual(['phase-3', 'phase-4', 'phase-5']);
    expect(waitsFor(graph, 'T004', 'T003')).toBe(false);
  });

  it('still applies statements between stories that run side by side', () => {
    const doc = speckit();
    doc.dependencies.push({ before: ['T003'], after: ['T004'], line: 99, column: 1, text: 'T004 depends on T003', kind: 'statement' });
    const graph = buildTaskGraph(doc, { phaseParallelism: true });
    expect(depsOf(graph, 'T004')).toEqual(['phase-2', 'T003']);
    expect(graph.diagnostics).toEqual([]);
  });

  it('changes nothing in a file without a Foundational phase', () => {
    const doc = taskDoc()
      .phase('1', 'Setup')
      .task('T001')
      .phase('2', 'User Story 1')
      .task('T002')
      .phase('3', 'User Story 2')
      .task('T003')
      .build();
    expect(depsOf(buildTaskGraph(doc, { phaseParallelism: true }), 'T003')).toEqual(['phase-2']);
  });
});

describe('buildTaskGraph: diagnostics and output', () => {
  it('reports a duplicate task ID as an error naming both lines', () => {
    const builder = taskDoc().phase('1').task('T001');
    const firstLine = builder.line - 1;
    const doc = builder.task('T002').task('T001').build();
    const graph = buildTaskGraph(doc);
    expect(graph.hasErrors).toBe(true);
    expect(graph.diagnostics).toEqual([expect.objectContaining({ code: 'duplicate-id', severity: 'error', line: firstLine + 2 })]);
    expect(graph.diagnostics[0].message).toContain(`lines ${firstLine} and ${firstLine + 2}`);
    expect(graph.nodes.filter((n) => n.id === 'T001')).toHaveLength(1);
  });

  it('does not report a duplicate ID the parser already reported', () => {
    const doc = taskDoc()
      .phase('1')
      .task('T001')
      .task('T001')
      .diagnostic({ line: 3, column: 1, severity: 'error', code: 'duplicate-id', message: 'dup' })
      .build();
    const graph = buildTaskGraph(doc);
    expect(graph.diagnostics).toEqual(doc.diagnostics);
    expect(graph.hasErrors).toBe(true);
  });

  it("carries the document's diagnostics over and sets hasErrors only for errors", () => {
    const warning = { line: 1, column: 1, severity: 'warning' as const, code: 'dependency-not-understood', message: 'w' };
    const doc = taskDoc().phase('1').task('T001').diagnostic(warning).build();
    const graph = buildTaskGraph(doc);
    expect(graph.diagnostics).toEqual([{ file: doc.path, ...warning }]);
    expect(graph.hasErrors).toBe(false);
  });

  it('lists nodes in a topological order that follows the document where it can', () => {
    const doc = taskDoc()
      .phase('1')
      .task('1.')
      .task('1.1', { parent: '1.' })
      .task('1.2', { parent: '1.' })
      .task('2.')
      .phase('2')
      .task('3.')
      .build();
    const graph = buildTaskGraph(doc);
    assertTopological(graph);
    expect(graph.nodes.map((n) => n.id)).toEqual(['1.1', '1.2', '1.', '2.', 'phase-1', '3.', 'phase-2']);
  });

  it('is deterministic', () => {
    const make = () =>
      taskDoc().phase('1').tasksOf(['T001', 'T002', 'T003'], { parallel: true }).task('T004').statement('T003', 'T001').build();
    expect(buildTaskGraph(make())).toEqual(buildTaskGraph(make()));
  });

  it('builds a 5000-task plan with statements', () => {
    const builder = taskDoc();
    for (let p = 0; p < 50; p++) {
      builder.phase(String(p + 1));
      for (let t = 0; t < 100; t++) builder.task(`T${p * 100 + t}`, { parallel: t % 3 !== 0 });
    }
    for (let t = 0; t < 4900; t += 7) builder.statement(`T${t + 50}`, `T${t}`);
    const graph = buildTaskGraph(builder.build());
    assertTopological(graph);
    expect(graph.nodes).toHaveLength(5050);
    expect(edgeCount(graph)).toBeLessThan(4 * 5050);
  });
});
