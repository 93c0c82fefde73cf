/**
 * Command-looking lines under a task are instructions for the agent, not shell code: with an agent
 * runner configured, only a fenced sh/bash/shell block or an exact `- run: \`command\`` sub-item
 * runs in bash. Each command here would create a marker file if bash ever ran it.
 */
import type { ExecutorContext } from '@nx/devkit';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import taskExecutor from '../executors/task/executor';
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type FakeAgent } from '../testing/fake-agent';

jest.setTimeout(30_000);

const FEATURE = 'specs/001-x';
const PROSE: Record<string, string> = {
  T001: '  - Command: `touch marker-1`',
  T002: '  └─ cmd: `touch marker-2`',
  T003: '  - Run: `touch marker-3`',
  T004: '  - **run**: `touch marker-4`',
  T005: '  - run: `touch marker-5` and check the output',
  T006: '  1. run: `touch marker-6`',
  T007: '  - Verify: `touch marker-7`',
};
const PLAN = [
  '# Tasks',
  '',
  '## Phase 1: Setup',
  ...Object.entries(PROSE).flatMap(([id, line]) => [`- [ ] ${id} Follow the instruction`, line]),
  '- [ ] T020 Run the documented sub-item',
  '  - run: `touch run-item`',
  '- [ ] T021 Run the documented block',
  '  ```bash',
  '  touch run-block',
  '  ```',
  '',
].join('\n');

describe('command-looking prose under a task', () => {
  let root: string;
  let agent: FakeAgent;
  const saved = process.env.PATH;
  const context = (): ExecutorContext =>
    ({
      root,
      cwd: root,
      isVerbose: false,
      projectName: 'feature-001',
      projectsConfigurations: { version: 2, projects: { 'feature-001': { root: FEATURE } } },
      nxJsonConfiguration: { plugins: [{ plugin: 'nx-tasks-md', options: FAKE_AGENT_PLUGIN_OPTIONS }] },
    }) as unknown as ExecutorContext;

  beforeAll(() => {
    agent = createFakeAgent();
    process.env.PATH = agent.env.PATH;
    process.env.FAKE_AGENT_RECORDS = agent.env.FAKE_AGENT_RECORDS;
    process.env.FAKE_AGENT_SLEEP_MS = '0';
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-prose-'));
    fs.mkdirSync(path.join(root, FEATURE), { recursive: true });
    fs.writeFileSync(path.join(root, FEATURE, 'tasks.md'), PLAN);
  });
  afterAll(() => {
    agent.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
    process.env.PATH = saved;
    delete process.env.FAKE_AGENT_RECORDS;
    delete process.env.FAKE_AGENT_SLEEP_MS;
  });

  it.each(Object.entries(PROSE))('%s: goes to the agent in its prompt and never to bash', async (id, line) => {
    expect(await taskExecutor({ taskId: id }, context())).toEqual({ success: true });
    const start = agent.records().find((r) => r.event === 'start' && r.id === id);
    expect(start?.argv?.at(-1)).toContain(line.trim());
    expect(fs.readdirSync(root).filter((name) => name.startsWith('marker-'))).toEqual([]);
  });

  it.each([
    ['T020', 'run-item'],
    ['T021', 'run-block'],
  ])('%s: the documented syntax runs in the shell, not the agent', async (id, marker) => {
    expect(await taskExecutor({ taskId: id }, context())).toEqual({ success: true });
    expect(fs.existsSync(path.join(root, marker))).toBe(true);
    expect(agent.started()).not.toContain(id);
  });
});
