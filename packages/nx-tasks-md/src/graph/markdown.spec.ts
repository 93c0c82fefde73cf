import { parseTasksMd } from '../parse/parse-tasks-md';
import { buildTaskGraph } from './build-task-graph';
import { waves } from './queries';
import { describeCorpus, readCorpusFile } from '../testing/corpus';
import { assertTopological, depsOf, waitsFor } from '../testing/graph-assertions';

describe('buildTaskGraph on parsed markdown', () => {
  it('orders an old-style spec-kit plan by phases, [P] markers and its Dependencies section', () => {
    const text = [
      '# Tasks: Demo',
      '',
      '## Phase 3.1: Setup',
      '- [ ] T001 Create project structure',
      '- [ ] T002 [P] Configure linting in .eslintrc.json',
      '- [ ] T003 [P] Configure formatting in .prettierrc',
      '',
      '## Phase 3.2: Tests First (TDD)',
      '- [ ] T004 [P] Contract test in tests/contract/users.test.ts',
      '- [ ] T005 [P] Contract test in tests/contract/orders.test.ts',
      '- [ ] T006 Integration test in tests/integration/flow.test.ts',
      '',
      '## Phase 3.3: Core Implementation',
      '- [ ] T007 [P] User model in src/models/user.ts',
      '- [ ] T008 [P] Order model in src/models/order.ts',
      '- [ ] T009 [P] Order service in src/services/order.ts',
      '',
      '## Dependencies',
      '- T008 blocks T009',
      '- T009 before T004',
      '',
    ].join('\n');
    const graph = buildTaskGraph(parseTasksMd(text, { path: 'specs/001-demo/tasks.md' }));

    expect(graph.gates).toEqual({ '3.1': 'phase-3.1', '3.2': 'phase-3.2', '3.3': 'phase-3.3' });
    expect(depsOf(graph, 'T002')).toEqual(['T001']);
    expect(depsOf(graph, 'T004')).toEqual(['phase-3.1']);
    expect(depsOf(graph, 'T006')).toEqual(['T004', 'T005']);
    expect(depsOf(graph, 'T009')).toEqual(['phase-3.2', 'T008']);
    expect(waitsFor(graph, 'T009', 'T007')).toBe(false);
    expect(graph.diagnostics).toEqual([
      expect.objectContaining({ code: 'dependency-contradicts-order', severity: 'warning', line: 20, file: 'specs/001-demo/tasks.md' }),
    ]);
    expect(graph.diagnostics[0].message).toMatch(/^line 20: 'T009 before T004' contradicts the plan order \(T004 → .* → T009\); ignored$/);
    expect(waves(graph)).toEqual([['T001'], ['T002', 'T003'], ['T004', 'T005'], ['T006'], ['T007', 'T008'], ['T009']]);
  });

  it('makes Kiro parent tasks wait for their sub-tasks, optional ones included', () => {
    const text = [
      '# Implementation Plan',
      '',
      '- [x] 1. Set up project structure',
      '  - _Requirements: 1.1_',
      '',
      '- [ ] 2. Implement data models',
      '  - [ ] 2.1 Create the model module',
      '  - [ ]* 2.2 Write unit tests for the models',
      '',
      '- [ ] 3. Checkpoint',
      '',
    ].join('\n');
    const graph = buildTaskGraph(parseTasksMd(text, { path: '.kiro/specs/x/tasks.md' }));
    expect(depsOf(graph, '2.1')).toEqual(['1']);
    expect(depsOf(graph, '2.2')).toEqual(['2.1']);
    expect(depsOf(graph, '2')).toEqual(['2.2']);
    expect(depsOf(graph, '3')).toEqual(['2']);
  });

  it('runs user-story phases side by side after Foundational with phaseParallelism', () => {
    const text = [
      '## Phase 1: Setup (Shared Infrastructure)',
      '- [ ] T001 Create project structure',
      '## Phase 2: Foundational (Blocking Prerequisites)',
      '- [ ] T002 Set up the database schema',
      '## Phase 3: User Story 1 - Sign in (Priority: P1) 🎯 MVP',
      '- [ ] T003 [US1] Sign-in form in src/auth/form.ts',
      '## Phase 4: User Story 2 - Profile (Priority: P2)',
      '- [ ] T004 [US2] Profile page in src/profile/page.ts',
      '- [ ] T005 [US2] Profile API in src/profile/api.ts (depends on T003)',
      '## Phase 5: Polish & Cross-Cutting Concerns',
      '- [ ] T006 Documentation updates in docs/',
      '',
    ].join('\n');
    const doc = parseTasksMd(text, { path: 'specs/002-x/tasks.md' });
    const sequential = buildTaskGraph(doc);
    expect(depsOf(sequential, 'T004')).toEqual(['phase-3']);

    const parallel = buildTaskGraph(doc, { phaseParallelism: true });
    expect(depsOf(parallel, 'T004')).toEqual(['phase-2']);
    expect(depsOf(parallel, 'T005')).toEqual(['T003', 'T004']);
    expect(depsOf(parallel, 'T006')).toEqual(['phase-3', 'phase-4']);
    expect(parallel.diagnostics).toEqual([]);
  });
});

describeCorpus('buildTaskGraph on every corpus file', (FILES) => {
  it.each(FILES)('%s: a DAG that honours or reports every statement, with no errors of its own', (file) => {
    const doc = parseTasksMd(readCorpusFile(file), { path: file });
    for (const phaseParallelism of [false, true]) {
      const graph = buildTaskGraph(doc, { phaseParallelism });
      assertTopological(graph);
      expect(graph.nodes.filter((n) => n.kind === 'task')).toHaveLength(new Set(doc.tasks.map((t) => t.id)).size);
      const own = graph.diagnostics.filter((d) => !doc.diagnostics.includes(d));
      expect(own.filter((d) => d.severity === 'error')).toEqual([]);
      expect(own.every((d) => d.file === file && d.line > 0 && d.column > 0)).toBe(true);
      const tasks = new Set(doc.tasks.map((t) => t.id));
      for (const statement of doc.dependencies) {
        if (own.some((d) => d.line === statement.line)) continue;
        for (const before of statement.before.filter((id) => tasks.has(id))) {
          for (const after of statement.after.filter((id) => tasks.has(id) && id !== before)) {
            expect({ line: statement.line, after, before, waits: waitsFor(graph, after, before) }).toEqual({
              line: statement.line,
              after,
              before,
              waits: true,
            });
          }
        }
      }
    }
  });

  it('reports the stale backward statement of 019 against the plan order', () => {
    const file = '019__nikmes__gamebuilder2d.md';
    expect(FILES).toContain(file);
    const graph = buildTaskGraph(parseTasksMd(readCorpusFile(file), { path: file }));
    expect(graph.hasErrors).toBe(false);
    const stale = graph.diagnostics.find((d) => d.message.includes("'T024 before T011'"));
    expect(stale).toMatchObject({ code: 'dependency-contradicts-order', severity: 'warning' });
    expect(stale!.message).toMatch(/contradicts the plan order \(T011 → .* → T024\); ignored$/);
  });
});
