/**
 * tasks.md comes from pull requests: a task naming a path outside the workspace, or a file that
 * must never be restored from a cache (.git/…), fails before any runner starts. A path under an
 * `allowedPaths` root reaches the agent. Each test runs a task through the real task executor with
 * a stand-in agent that records its start and writes every file in TASK_FILES.
 */
import type { ExecutorContext } from '@nx/devkit';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import taskExecutor from '../executors/task/executor';
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type FakeAgent } from '../testing/fake-agent';

jest.setTimeout(30_000);

const FEATURE = 'specs/001-x';
const TASKS_FILE = `${FEATURE}/tasks.md`;
const PLAN = [
  '# Tasks',
  '',
  '## Phase 1: Setup',
  '- [ ] T001 Create src/a.ts',
  '- [ ] T002 Set the remote in `.git/config`',
  '- [ ] T003 Update `../../x/notes.md` and src/b.ts',
  '',
].join('\n');

describe('the task executor and paths a task must not get', () => {
  let base: string;
  let root: string;
  let agent: FakeAgent;
  const saved = { PATH: process.env.PATH, FAKE_AGENT_RECORDS: process.env.FAKE_AGENT_RECORDS };
  const at = (rel: string) => path.join(root, rel);
  const tasks = () => fs.readFileSync(at(TASKS_FILE), 'utf8');
  const run = (taskId: string, options: Record<string, unknown> = {}, feature: Record<string, unknown> = {}) =>
    taskExecutor({ taskId }, {
      root,
      cwd: root,
      isVerbose: false,
      projectName: 'feature-001',
      projectsConfigurations: { version: 2, projects: { 'feature-001': { root: FEATURE, metadata: { tasksMd: { ...feature } } } } },
      nxJsonConfiguration: { plugins: [{ plugin: 'nx-tasks-md', options: { ...FAKE_AGENT_PLUGIN_OPTIONS, ...options } }] },
    } as unknown as ExecutorContext);

  beforeAll(() => {
    agent = createFakeAgent();
    process.env.PATH = agent.env.PATH;
    process.env.FAKE_AGENT_RECORDS = agent.env.FAKE_AGENT_RECORDS;
    process.env.FAKE_AGENT_SLEEP_MS = '0';
  });
  afterAll(() => {
    agent.cleanup();
    process.env.PATH = saved.PATH;
    if (saved.FAKE_AGENT_RECORDS === undefined) delete process.env.FAKE_AGENT_RECORDS;
    delete process.env.FAKE_AGENT_SLEEP_MS;
  });
  beforeEach(() => {
    agent.clear();
    // The workspace sits two folders deep, so `../../x` is a real folder outside it.
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-refused-')));
    root = path.join(base, 'a', 'workspace');
    fs.mkdirSync(at(FEATURE), { recursive: true });
    fs.mkdirSync(at('.git'));
    fs.mkdirSync(path.join(base, 'x'));
    fs.writeFileSync(at(TASKS_FILE), PLAN);
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('fails a task naming ../../x before the agent starts, naming the path, the line and the fix', async () => {
    expect(await run('T003')).toEqual({ success: false });
    expect(agent.started()).toEqual([]);
    expect(fs.existsSync(path.join(base, 'x', 'notes.md'))).toBe(false);
    expect(tasks()).toContain(
      '- [!] T003 Update `../../x/notes.md` and src/b.ts\n  <!-- nx-tasks-md: T003 names ../../x/notes.md, which is outside the workspace: add its folder to `allowedPaths` in the plugin options to allow it',
    );
    // The rest of the plan still runs.
    expect(await run('T001')).toEqual({ success: true });
    expect(agent.started()).toEqual(['T001']);
  });

  it('passes an allowed outside path to the agent (TASK_FILES, argv) and ticks the task', async () => {
    expect(
      await run('T003', { allowedPaths: ['../../x'], runners: { fake: { command: ['fake-agent', '--task', '{id}', '{files}'] } } }),
    ).toEqual({
      success: true,
    });
    const outsideFile = path.join(base, 'x', 'notes.md');
    const start = agent.records().find((r) => r.event === 'start')!;
    expect(start.id).toBe('T003');
    expect(start.files).toEqual(['src/b.ts', outsideFile]);
    expect(start.argv!.slice(0, 4)).toEqual(['--task', 'T003', 'src/b.ts', outsideFile]);
    // The prompt (sent last, the template has no {prompt}) lists it under the files to change.
    expect(start.argv![4]).toContain(`Files to change:\n- src/b.ts\n- ${outsideFile}\n`);
    expect(tasks()).toContain('- [x] T003');
  });

  it('takes allowedPaths from the project.json of the feature too, as an absolute root', async () => {
    expect(await run('T003', {}, { allowedPaths: [path.join(base, 'x')] })).toEqual({ success: true });
    expect(agent.started()).toEqual(['T003']);
  });

  it('fails a task that would change .git/config before the agent starts', async () => {
    expect(await run('T002')).toEqual({ success: false });
    expect(agent.started()).toEqual([]);
    expect(fs.existsSync(at('.git/config'))).toBe(false);
    expect(tasks()).toContain(
      "- [!] T002 Set the remote in `.git/config`\n  <!-- nx-tasks-md: T002 names .git/config: files under .git/ are never a task's output",
    );
  });
});
