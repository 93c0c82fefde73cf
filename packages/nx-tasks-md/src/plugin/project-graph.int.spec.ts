/**
 * Inferred projects as the real nx binary sees them, with the packed plugin installed: project
 * listing, project details, graph file, feature ordering, broken plans beside good ones, plan
 * formats, status across features, numeric task IDs and folders that share a number.
 */
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(120_000);

const AUTH = `# Tasks: User auth

## Phase 1: Setup
- [ ] T001 Create src/auth/index.ts
- [ ] T002 [P] Create src/auth/login.ts

## Phase 2: Core
- [x] T003 Wire src/auth/routes.ts
`;

const BILLING = `# Tasks: Billing

Depends on feature: 001-user-auth

## Phase 1: Setup
- [ ] T001 Create src/billing/index.ts
- [ ] T002 Create src/billing/invoice.ts
`;

const BROKEN = `# Tasks: Broken

## Phase 1: Setup
- [ ] T001 First
- [ ] T001 Same ID again
`;

const KIRO = `# Implementation Plan

- [ ] 1. Set up the project
  - [ ] 1.1 Create src/kiro/a.ts
  - [ ] 1.2 Create src/kiro/b.ts
`;

/** The JSON plan inside Nx's output (Nx frames executor output with its own lines). */
function jsonIn(output: string): { waves: string[][]; tasks: Array<{ id: string }> } {
  return JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1));
}

describe('inferred projects in a real Nx workspace', () => {
  let ws: NxWorkspace;

  beforeAll(() => {
    ws = createNxWorkspace({
      files: {
        'specs/001-user-auth/tasks.md': AUTH,
        'specs/002-billing/tasks.md': BILLING,
        'specs/003-broken/tasks.md': BROKEN,
        'specs/003-broken/project.json': JSON.stringify({ tags: ['team:search'], implicitDependencies: ['kiro'] }),
        'plans/kiro/tasks.md': KIRO,
        'node_modules_like/dist/tasks.md': AUTH,
      },
      recordingTaskExecutor: true,
    });
  });
  afterAll(() => ws?.cleanup());

  it('lists one project per tasks.md', () => {
    const result = ws.nxOk(['show', 'projects', '--json']);
    expect(JSON.parse(result.stdout).sort()).toEqual(['feature-001', 'feature-002', 'feature-003', 'kiro']);
    const tagged = ws.nxOk(['show', 'projects', '--projects', 'tag:spec:plans', '--json']);
    expect(JSON.parse(tagged.stdout)).toEqual(['kiro']);
  });

  it('shows targets, tags and the feature dependency in nx show project', () => {
    const project = JSON.parse(ws.nxOk(['show', 'project', 'feature-002', '--json']).stdout);
    expect(project.root).toBe('specs/002-billing');
    expect(project.tags).toEqual(['tasks-md', 'spec:specs']);
    expect(project.implicitDependencies).toEqual(['feature-001']);
    expect(Object.keys(project.targets).sort()).toEqual(['T001', 'T002', 'implement', 'phase-1', 'plan', 'status']);
    expect(project.targets.T002).toMatchObject({
      executor: 'nx-tasks-md:task',
      options: { taskId: 'T002' },
      dependsOn: ['T001'],
      outputs: ['{workspaceRoot}/src/billing/invoice.ts'],
      metadata: { description: 'Create src/billing/invoice.ts' },
    });
    expect(project.metadata.technologies).toEqual(['tasks-md']);
    expect(project.targets.T001.dependsOn).toEqual(['^implement']);
  });

  it('writes the feature dependency into nx graph --file', () => {
    ws.nxOk(['graph', '--file=.test-records/graph.json']);
    const graph = JSON.parse(ws.read('.test-records/graph.json')).graph;
    expect(Object.keys(graph.nodes).sort()).toEqual(['feature-001', 'feature-002', 'feature-003', 'kiro']);
    expect(graph.dependencies['feature-002']).toEqual([{ source: 'feature-002', target: 'feature-001', type: 'implicit' }]);
  });

  it('reports status across features with run-many -t status (before anything ran)', () => {
    const result = ws.nxOk(['run-many', '-t', 'status', '--output-style=static']);
    expect(result.stdout).toMatch(/feature-001 specs\/001-user-auth\/tasks\.md: 1\/3 done \(33%\)/);
    expect(result.stdout).toMatch(/feature-003 specs\/003-broken\/tasks\.md: .*\n[\s\S]*1 error in the plan/);
    expect(result.stdout).toMatch(/kiro plans\/kiro\/tasks\.md: 0\/3 done/);
  });

  it('runs plans in feature order with run-many -t implement, next to a broken plan', () => {
    ws.remove('.test-records/runs.log');
    ws.nxOk(['run-many', '-t', 'implement', '-p', 'feature-001', 'feature-002', '--output-style=static']);
    const runs = ws.recordedRuns();
    expect(runs.filter((r) => r.startsWith('feature-001:')).sort()).toEqual(['feature-001:T001', 'feature-001:T002', 'feature-001:T003']);
    expect(runs.filter((r) => r.startsWith('feature-002:'))).toEqual(['feature-002:T001', 'feature-002:T002']);
    const lastOf001 = Math.max(...runs.map((r, i) => (r.startsWith('feature-001:') ? i : -1)));
    expect(runs.findIndex((r) => r.startsWith('feature-002:'))).toBeGreaterThan(lastOf001);
  });

  it('keeps a broken plan in the graph: plan prints its diagnostics, implement fails with them', () => {
    const project = JSON.parse(ws.nxOk(['show', 'project', 'feature-003', '--json']).stdout);
    expect(Object.keys(project.targets).sort()).toEqual(['implement', 'plan', 'status']);
    // A project.json beside the tasks.md is merged by Nx.
    expect(project.tags.sort()).toEqual(['spec:specs', 'tasks-md', 'team:search']);
    expect(project.implicitDependencies).toEqual(['kiro']);
    const plan = ws.nx(['run', 'feature-003:plan']);
    expect(plan.code).not.toBe(0);
    expect(plan.stdout).toMatch(/specs\/003-broken\/tasks\.md:5:\d+ error .*T001.*\[duplicate-id\]/);
    const implement = ws.nx(['run', 'feature-003:implement']);
    expect(implement.code).not.toBe(0);
    expect(implement.stdout + implement.stderr).toMatch(/specs\/003-broken\/tasks\.md has errors; nothing was run/);
  });

  it('prints the plan as JSON and as Mermaid', () => {
    const json = jsonIn(ws.nxOk(['run', 'feature-001:plan', '--format=json']).stdout);
    expect(json.waves).toEqual([['T001'], ['T002'], ['T003']]);
    expect(json.tasks.map((t: { id: string }) => t.id)).toEqual(['T001', 'T002', 'T003']);
    const mermaid = ws.nxOk(['run', 'feature-001:plan', '--format=mermaid']).stdout;
    expect(mermaid).toContain('flowchart TD');
    expect(mermaid).toMatch(/n\d+\["T003 Wire src\/auth\/routes\.ts"\]/);
  });

  it('makes numeric IDs target-safe', () => {
    ws.remove('.test-records/runs.log');
    ws.nxOk(['run', 'kiro:task-1.2', '--output-style=static']);
    expect(ws.recordedRuns()).toContain('kiro:task-1.2');
  });

  it('names two folders with the same number after their folders, with a warning naming both', () => {
    ws.write('legacy/001-old/tasks.md', AUTH);
    const shown = ws.nxOk(['show', 'projects', '--json']);
    expect(JSON.parse(shown.stdout).sort()).toEqual(['feature-001-old', 'feature-001-user-auth', 'feature-002', 'feature-003', 'kiro']);
    expect(shown.stdout + shown.stderr).toContain(
      'legacy/001-old/tasks.md and specs/001-user-auth/tasks.md share the project name "feature-001"',
    );
    // `Depends on feature: 001-user-auth` still finds its feature under the new name.
    expect(JSON.parse(ws.nxOk(['show', 'project', 'feature-002', '--json']).stdout).implicitDependencies).toEqual([
      'feature-001-user-auth',
    ]);
    const nxJson = JSON.parse(ws.read('nx.json'));
    nxJson.plugins[0] = { plugin: 'nx-tasks-md', exclude: ['legacy/**'] };
    ws.write('nx.json', JSON.stringify(nxJson));
    expect(JSON.parse(ws.nxOk(['show', 'projects', '--json']).stdout).sort()).toEqual([
      'feature-001',
      'feature-002',
      'feature-003',
      'kiro',
    ]);
    nxJson.plugins[0] = { plugin: 'nx-tasks-md', options: { projectName: '{parent}-{number}' } };
    ws.write('nx.json', JSON.stringify(nxJson));
    expect(JSON.parse(ws.nxOk(['show', 'projects', '--json']).stdout).sort()).toEqual([
      'kiro',
      'legacy-001',
      'specs-001',
      'specs-002',
      'specs-003',
    ]);
  });
});
