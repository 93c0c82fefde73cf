/**
 * Options of the task executor with the real nx binary: `commit: true` (one commit per task,
 * serialised across parallel tasks), Kiro optional tasks and parent tasks.
 */
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type FakeAgent } from '../../testing/fake-agent';
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(180_000);

describe('commit: true', () => {
  const TASKS_FILE = 'specs/001-commits/tasks.md';
  const PLAN = `# Tasks: Commits

## Phase 1: Core
- [ ] T001 [P] Create src/a.ts
- [ ] T002 [P] Create src/b.ts
- [ ] T003 [P] Create src/c.ts

## Phase 2: Wire-up
- [ ] T004 Export everything from src/index.ts
`;
  let ws: NxWorkspace;
  let agent: FakeAgent;
  beforeAll(() => {
    agent = createFakeAgent();
    ws = createNxWorkspace({ files: { [TASKS_FILE]: PLAN }, pluginOptions: { ...FAKE_AGENT_PLUGIN_OPTIONS, commit: true } });
  });
  afterAll(() => {
    ws?.cleanup();
    agent?.cleanup();
  });

  it('commits each finished task with its files and its tick, one at a time', () => {
    const result = ws.nx(['run', 'feature-001:implement', '--output-style=static'], { env: agent.env });
    expect(result.code).toBe(0);
    const subjects = ws.git(['log', '--format=%s', '-n', '4']).split('\n');
    expect([...subjects].sort()).toEqual([
      'feat(feature-001): complete T001 - Create src/a.ts',
      'feat(feature-001): complete T002 - Create src/b.ts',
      'feat(feature-001): complete T003 - Create src/c.ts',
      'feat(feature-001): complete T004 - Export everything from src/index.ts',
    ]);
    const commits = ws.git(['log', '--format=%H', '-n', '4']).split('\n').reverse();
    let ticked = 0;
    for (const sha of commits) {
      const subject = ws.git(['log', '-1', '--format=%s', sha]);
      const id = /complete (T\d+)/.exec(subject)![1];
      const changed = ws.git(['show', '--name-only', '--format=', sha]).split('\n').sort();
      const file = /(src\/\S+\.ts)/.exec(subject)![1];
      expect({ id, changed }).toEqual({ id, changed: [file, TASKS_FILE].sort() });
      // The committed tasks.md has this task and the ones committed before it ticked, nothing running.
      const committed = ws.git(['show', `${sha}:${TASKS_FILE}`]);
      ticked++;
      expect({ id, ticked: (committed.match(/- \[x\]/g) ?? []).length, running: committed.includes('[>]') }).toEqual({
        id,
        ticked,
        running: false,
      });
      expect(committed).toContain(`- [x] ${id} `);
    }
    // Nothing is left over: the working tree matches the last commit (logs and state are ignored by users;
    // here they are the only untracked paths).
    const status = ws.git(['status', '--porcelain']).split('\n').filter(Boolean);
    expect(status.filter((line) => !/specs\/001-commits\/(\.implementation-|\.nx-tasks-md|implementation-report)/.test(line))).toEqual([]);
  });
});

describe('optional and parent tasks (Kiro)', () => {
  const TASKS_FILE = '.kiro/specs/auth/tasks.md';
  const PLAN = `# Implementation Plan

- [ ] 1. Set up the module
  - [ ] 1.1 Create src/auth/index.ts
  - [ ]* 1.2 Write tests in test/auth.spec.ts
- [ ] 2. Add the login handler in src/auth/login.ts
`;
  let ws: NxWorkspace;
  let agent: FakeAgent;
  beforeAll(() => {
    agent = createFakeAgent();
    ws = createNxWorkspace({ files: { [TASKS_FILE]: PLAN }, pluginOptions: FAKE_AGENT_PLUGIN_OPTIONS });
  });
  afterAll(() => {
    ws?.cleanup();
    agent?.cleanup();
  });
  const project = () => {
    const out = ws.nxOk(['show', 'projects', '--json']).stdout;
    return JSON.parse(out.slice(out.indexOf('['), out.lastIndexOf(']') + 1))[0] as string;
  };

  it('skips optional tasks, ticks a parent when its sub-tasks are done, and runs optional ones when asked', () => {
    const name = project();
    const first = ws.nx(['run', `${name}:implement`, '--output-style=static'], { env: agent.env });
    expect(first.code).toBe(0);
    expect(agent.started().sort()).toEqual(['1.1', '2']);
    expect(first.stdout).toContain('1.2 is optional: skipped (run with --include-optional to run it)');
    expect(ws.read(TASKS_FILE)).toBe(
      PLAN.replace('- [ ] 1. ', '- [x] 1. ').replace('- [ ] 1.1', '- [x] 1.1').replace('- [ ] 2.', '- [x] 2.'),
    );

    agent.clear();
    const second = ws.nx(['run', `${name}:implement`, '--include-optional', '--output-style=static'], { env: agent.env });
    expect(second.code).toBe(0);
    expect(agent.started()).toEqual(['1.2']);
    expect(ws.read('test/auth.spec.ts')).toBe('1.2\n');
    expect(ws.read(TASKS_FILE)).toContain('- [x]* 1.2 Write tests');
  });
});
