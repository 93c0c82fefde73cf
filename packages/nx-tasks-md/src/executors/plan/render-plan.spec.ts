import type { TaskDocument } from '../../model';
import { taskDoc } from '../../testing/task-doc';
import { analyzeDocument } from '../../feature/analyze-document';
import { renderMermaid, renderPlan, type PlanView } from './render-plan';

const view = (doc: TaskDocument, extra: Partial<PlanView> = {}): PlanView => ({
  projectName: 'feature-001',
  analysis: analyzeDocument(doc, { tasksFile: doc.path, workspaceRoot: '/ws' }),
  featureDependencies: [],
  extraDiagnostics: [],
  ...extra,
});

const plan = taskDoc('specs/001-x/tasks.md')
  .phase('1', 'Setup')
  .task('T001', { state: 'done' })
  .task('T002', { parallel: true })
  .task('T003', { parallel: true })
  .phase('2', 'Core "quoted"')
  .task('T004')
  .build();

describe('renderPlan text', () => {
  it('lists phases with gates, tasks with their prerequisites, waves and the critical path', () => {
    const text = renderPlan(view(plan, { featureDependencies: ['feature-000'] }), 'text');
    expect(text).toMatchInlineSnapshot(`
"feature-001 · specs/001-x/tasks.md (speckit) · 4 tasks · 2 phases

Phase 1: Setup  → gate phase-1
  [x] T001 task T001
  [ ] T002 [P] task T002  (after T001)
  [ ] T003 [P] task T003  (after T001)

Phase 2: Core "quoted"  → gate phase-2
  [ ] T004 task T004  (after phase-1)

Waves (tasks that can run together): 3
    1  T001
    2  T002 T003
    3  T004

Critical path: 3 tasks: T001 → T002 → T004

Depends on features: feature-000

Diagnostics: none"
`);
  });

  it('prints every diagnostic with file:line:column and no schedule when the plan has errors', () => {
    const broken = taskDoc('specs/001-x/tasks.md').phase('1').task('T001').task('T001').build();
    const text = renderPlan(
      view(broken, {
        extraDiagnostics: [
          {
            file: 'specs/001-x/tasks.md',
            line: 9,
            column: 1,
            severity: 'warning',
            code: 'unknown-feature',
            message: 'depends on feature "x"',
          },
        ],
      }),
      'text',
    );
    expect(text).toContain('No schedule: the plan has errors');
    expect(text).toContain('specs/001-x/tasks.md:9:1 warning depends on feature "x" [unknown-feature]');
    expect(text).toMatch(/specs\/001-x\/tasks\.md:3:\d+ error .*T001.* \[duplicate-id\]/);
  });
});

describe('renderPlan json', () => {
  it('carries tasks, gates, waves, critical path and diagnostics', () => {
    const json = JSON.parse(renderPlan(view(plan), 'json'));
    expect(json.tasks.map((t: { id: string; dependsOn: string[] }) => [t.id, t.dependsOn])).toEqual([
      ['T001', []],
      ['T002', ['T001']],
      ['T003', ['T001']],
      ['T004', ['phase-1']],
    ]);
    expect(json.waves).toEqual([['T001'], ['T002', 'T003'], ['T004']]);
    expect(json.criticalPath).toEqual({ length: 3, path: ['T001', 'T002', 'T004'] });
    expect(json.gates.map((g: { id: string }) => g.id)).toEqual(['phase-1', 'phase-2']);
    expect(json.diagnostics).toEqual([]);
  });
});

describe('renderMermaid', () => {
  it('draws phases as subgraphs, gates as hexagons, every edge, done tasks highlighted', () => {
    expect(renderMermaid(view(plan).analysis)).toMatchInlineSnapshot(`
"flowchart TD
  subgraph p0["Phase 1: Setup"]
    n0["T001 task T001"]
    n1["T002 task T002"]
    n2["T003 task T003"]
    n3{{"phase-1"}}
  end
  subgraph p1["Phase 2: Core #quot;quoted#quot;"]
    n4["T004 task T004"]
    n5{{"phase-2"}}
  end
  n0 --> n1
  n0 --> n2
  n1 --> n3
  n2 --> n3
  n3 --> n4
  n4 --> n5
  classDef done fill:#d3f9d8,stroke:#2b8a3e
  class n0 done"
`);
  });
});
