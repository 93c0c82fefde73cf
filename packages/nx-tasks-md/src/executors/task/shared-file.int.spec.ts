/**
 * Two [P] tasks that name one file, run by real Nx with a stand-in agent that reads the file,
 * sleeps, and writes it back with its line appended (as an agent editing a file does). Side by
 * side, the second write would drop the first task's line; the graph orders them instead.
 */
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type FakeAgent } from '../../testing/fake-agent';
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(180_000);

const TASKS_FILE = 'specs/001-shared/tasks.md';
const PLAN = `# Tasks: Shared file

## Phase 1: Tests
- [ ] T001 [P] Add the login test to tests/foo_test.go
- [ ] T002 [P] Add the logout test to tests/foo_test.go
- [ ] T003 [P] Add src/other.go
`;

describe('[P] tasks that name the same file', () => {
  let ws: NxWorkspace;
  let agent: FakeAgent;

  beforeAll(() => {
    agent = createFakeAgent();
    ws = createNxWorkspace({
      files: { [TASKS_FILE]: PLAN, 'tests/foo_test.go': 'package foo\n' },
      pluginOptions: FAKE_AGENT_PLUGIN_OPTIONS,
    });
  });
  afterAll(() => {
    ws?.cleanup();
    agent?.cleanup();
  });

  it('plan says they run one after the other', () => {
    const plan = ws.nxOk(['run', 'feature-001:plan']);
    expect(plan.stdout).toMatch(
      /specs\/001-shared\/tasks\.md:5:1 info T001 and T002 both name tests\/foo_test\.go: run one after the other \[shared-file\]/,
    );
  });

  it.each([
    ['in a batch', []],
    ['one process per task', ['--batch=false']],
  ])('both edits end in the file (%s)', (_, args) => {
    ws.write(TASKS_FILE, PLAN);
    ws.write('tests/foo_test.go', 'package foo\n');
    ws.remove('specs/001-shared/.implementation-state.json');
    ws.remove('specs/001-shared/.implementation-completed.json');
    agent.clear();
    const result = ws.nx(['run', 'feature-001:implement', '--output-style=static', '--skip-nx-cache', ...args], {
      env: { ...agent.env, FAKE_AGENT_APPEND: '1', FAKE_AGENT_SLEEP_MS: '1500' },
    });
    expect(result.code).toBe(0);
    expect(ws.read('tests/foo_test.go')).toBe('package foo\nT001\nT002\n');
    // The task on another file still ran beside them.
    const records = agent.records();
    const at = (id: string, event: string) => records.find((r) => r.id === id && r.event === event)!.t;
    expect(at('T003', 'start')).toBeLessThan(at('T002', 'end'));
  });
});
