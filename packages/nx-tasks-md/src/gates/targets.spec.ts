import type { TargetConfiguration } from '@nx/devkit';
import { analyzeFeature } from '../feature/analyze-feature';
import { buildFeatureTargets } from '../plugin/build-targets';
import { resolveTargetNames } from '../feature/target-names';
import { resolveGateConfig, type GateSettings } from './config';
import { hasCycle } from './targets';

const build = (markdown: string, settings: GateSettings) => {
  const analysis = analyzeFeature(markdown, { tasksFile: 'specs/001-x/tasks.md', workspaceRoot: '/ws' });
  return buildFeatureTargets(analysis, {
    projectName: 'feature-001',
    names: resolveTargetNames({}),
    pluginVersion: '1.0.0',
    gates: resolveGateConfig(settings),
  });
};

/** Just the scheduling: dependsOn, parallelism and, for gates, executor and options. */
const wiring = (targets: Record<string, TargetConfiguration>) =>
  Object.fromEntries(
    Object.entries(targets)
      .filter(([name]) => !['plan', 'status'].includes(name))
      .map(([name, t]) => [
        name,
        [
          (t.dependsOn ?? []).join(' '),
          t.parallelism === false ? 'alone' : '',
          t.executor === 'nx-tasks-md:task' ? '' : `${t.executor} ${JSON.stringify(t.options)}`,
        ]
          .filter(Boolean)
          .join(' | '),
      ]),
  );

const STORY_PLAN = `# Tasks
## Phase 1: Setup
- [ ] T001 Create project structure
## Phase 2: User Story 1 - Login
### Tests for User Story 1
- [ ] T002 [P] [US1] Contract test POST /login
- [ ] T003 [P] [US1] Integration test login journey
### Implementation for User Story 1
- [ ] T004 [P] [US1] Create the User model
- [ ] T005 [P] [US1] [DB] Create the sessions table
- [ ] T006 [US1] Implement the login service
## Phase 3: Polish
- [ ] T007 Update the docs
`;

describe('gate targets', () => {
  it('puts red between the tests and the implementation and green before the phase gate', () => {
    const { targets, metadata } = build(STORY_PLAN, {
      gates: { test: 'npm test', phases: [{ match: 'User Story *', run: ['npm run lint'] }] },
      exclusive: [{ label: 'DB' }],
    });
    expect(wiring(targets)).toMatchInlineSnapshot(`
{
  "T001": "^implement",
  "T002": "T001",
  "T003": "T001",
  "T004": "T001 tdd-red-us1",
  "T005": "T001 tdd-red-us1 | alone",
  "T006": "T002 T003 T004 T005",
  "T007": "phase-2",
  "implement": "^implement T001 phase-1 T002 T003 tdd-red-us1 T004 T005 T006 tdd-green-us1 phase-2 T007 phase-3 | alone | nx-tasks-md:implement {}",
  "phase-1": "T001 | nx:noop undefined",
  "phase-2": "T006 tdd-green-us1 | alone | nx-tasks-md:gate {"phase":"2"}",
  "phase-3": "T007 | nx:noop undefined",
  "tdd-green-us1": "T006 | alone | nx-tasks-md:tdd {"unit":"us1","expect":"pass"}",
  "tdd-red-us1": "T002 T003 | alone | nx-tasks-md:tdd {"unit":"us1","expect":"fail"}",
}
`);
    expect(targets['tdd-red-us1']).toMatchObject({ cache: false });
    expect(targets['tdd-red-us1'].metadata?.description).toBe(
      'TDD red gate of User Story 1: once T002…T003 are written, `npm test` must fail before T004…T006 start',
    );
    expect(targets['phase-2'].metadata?.description).toMatch(/runs `npm run lint`; a failure stops the phases after it/);
    expect(metadata.targetGroups?.['Phase 2: User Story 1 - Login']).toEqual([
      'T002',
      'T003',
      'tdd-red-us1',
      'T004',
      'T005',
      'T006',
      'tdd-green-us1',
      'phase-2',
    ]);
  });

  it('lets the test phase gate wait for red when the implementation is in the next phases', () => {
    const { targets } = build(
      `# Tasks
## Phase 3.2: Tests First (TDD)
- [ ] T001 [P] Contract test POST /api/users
- [ ] T002 [P] Contract test GET /api/users
## Phase 3.3: Core Implementation
- [ ] T003 User model
## Phase 3.4: Integration
- [ ] T004 Connect to the DB
## Phase 3.5: Polish
- [ ] T005 Docs
`,
      { gates: { test: 'npm test' } },
    );
    expect(wiring(targets)).toMatchInlineSnapshot(`
{
  "T001": "^implement",
  "T002": "^implement",
  "T003": "T001 T002 tdd-red-3.2",
  "T004": "T003",
  "T005": "T004 tdd-green-3.2",
  "implement": "^implement T001 T002 tdd-red-3.2 phase-3.2 T003 phase-3.3 T004 tdd-green-3.2 phase-3.4 T005 phase-3.5 | alone | nx-tasks-md:implement {}",
  "phase-3.2": "T001 T002 tdd-red-3.2 | nx:noop undefined",
  "phase-3.3": "T003 | nx:noop undefined",
  "phase-3.4": "T004 tdd-green-3.2 | nx:noop undefined",
  "phase-3.5": "T005 | nx:noop undefined",
  "tdd-green-3.2": "T004 | alone | nx-tasks-md:tdd {"unit":"3.2","expect":"pass"}",
  "tdd-red-3.2": "T001 T002 | alone | nx-tasks-md:tdd {"unit":"3.2","expect":"fail"}",
}
`);
    expect(hasCycle(targets)).toBe(false);
  });

  it('adds nothing without a test command, and leaves gates without commands free to run beside others', () => {
    const { targets } = build(STORY_PLAN, { gates: { phases: [{ match: 'Polish', run: ['npm run e2e'] }] } });
    expect(Object.keys(targets).filter((n) => n.startsWith('tdd-'))).toEqual([]);
    expect(['phase-1', 'phase-2', 'phase-3', 'T005', 'implement'].map((n) => targets[n].parallelism)).toEqual([
      undefined,
      undefined,
      false,
      undefined,
      undefined,
    ]);
    expect(Object.keys(build(STORY_PLAN, { gates: { test: 'npm test', tdd: false } }).targets).filter((n) => n.startsWith('tdd-'))).toEqual(
      [],
    );
  });

  it('gives a plan with errors no gate targets', () => {
    const { targets } = build('# Tasks\n## Phase 1: Tests\n- [ ] T001 Unit test for x\n- [ ] T001 Implement x\n', {
      gates: { test: 'npm test' },
    });
    expect(Object.keys(targets)).toEqual(['implement', 'plan', 'status']);
    expect(targets.implement.parallelism).toBeUndefined();
  });
});

describe('hasCycle', () => {
  it('follows same-project dependsOn only', () => {
    expect(hasCycle({ a: { dependsOn: ['b', '^a'] }, b: { dependsOn: ['c'] }, c: {} })).toBe(false);
    expect(hasCycle({ a: { dependsOn: ['b'] }, b: { dependsOn: ['c'] }, c: { dependsOn: ['a'] } })).toBe(true);
    expect(hasCycle({ a: { dependsOn: ['missing'] } })).toBe(false);
  });
});
