/**
 * tasks.md and everything beside it come from pull requests: a committed symbolic link must never
 * make the task executor write outside the workspace. Each test plants a real link to a file (or
 * folder) outside a temporary workspace and runs a task through the task executor.
 */
import type { ExecutorContext } from '@nx/devkit';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import taskExecutor from '../executors/task/executor';
import { loadProjectFeature } from '../executors/shared/project-feature';
import { writeRunReport } from '../report/write-report';
import { featurePaths } from '../state/paths';
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type FakeAgent } from '../testing/fake-agent';

jest.setTimeout(30_000);

const FEATURE = 'specs/001-x';
const TASKS_FILE = `${FEATURE}/tasks.md`;
const SECRET = 'outside the workspace, must stay as it is\n';
const PLAN = [
  '# Tasks',
  '',
  '## Phase 1: Setup',
  '- [ ] T001 Write the marker',
  '  ```sh',
  '  echo ran > ran.txt',
  '  ```',
  '- [ ] T002 Create src/agent.ts',
  '',
].join('\n');

describe('the task executor and symbolic links', () => {
  let base: string;
  let root: string;
  let outside: string;
  let secret: string;
  let agent: FakeAgent;
  const saved = { PATH: process.env.PATH, FAKE_AGENT_RECORDS: process.env.FAKE_AGENT_RECORDS };
  const at = (rel: string) => path.join(root, rel);
  const link = (rel: string, target: string) => {
    fs.mkdirSync(path.dirname(at(rel)), { recursive: true });
    fs.symlinkSync(target, at(rel));
  };
  const tasks = () => fs.readFileSync(at(TASKS_FILE), 'utf8');
  const context = (): ExecutorContext =>
    ({
      root,
      cwd: root,
      isVerbose: false,
      projectName: 'feature-001',
      projectsConfigurations: { version: 2, projects: { 'feature-001': { root: FEATURE } } },
      nxJsonConfiguration: { plugins: [{ plugin: 'nx-tasks-md', options: FAKE_AGENT_PLUGIN_OPTIONS }] },
    }) as unknown as ExecutorContext;
  const run = (taskId: string) => taskExecutor({ taskId }, context());
  const failure = async (taskId: string) => {
    try {
      await run(taskId);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`${taskId} ran although a link should have been refused`);
  };

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
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-links-')));
    root = path.join(base, 'workspace');
    outside = path.join(base, 'outside');
    fs.mkdirSync(at(FEATURE), { recursive: true });
    fs.mkdirSync(outside);
    secret = path.join(outside, 'secret.txt');
    fs.writeFileSync(secret, SECRET);
    fs.writeFileSync(at(TASKS_FILE), PLAN);
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('does not write a task log through a link, and says so in the failure note', async () => {
    link(`${FEATURE}/.nx-tasks-md/logs/T001.log`, secret);
    expect(await run('T001')).toEqual({ success: false });
    expect(fs.readFileSync(secret, 'utf8')).toBe(SECRET);
    expect(fs.existsSync(at('ran.txt'))).toBe(false);
    expect(tasks()).toContain(
      `- [!] T001 Write the marker\n  <!-- nx-tasks-md: T001 could not be run: refusing to write ${FEATURE}/.nx-tasks-md/logs/T001.log: it is a symbolic link (to ${secret})`,
    );
  });

  it('does not write an agent prompt file through a link', async () => {
    link(`${FEATURE}/.nx-tasks-md/logs/T002.prompt.md`, secret);
    expect(await run('T002')).toEqual({ success: false });
    expect(fs.readFileSync(secret, 'utf8')).toBe(SECRET);
    expect(agent.started()).not.toContain('T002');
    expect(tasks()).toContain(`refusing to write ${FEATURE}/.nx-tasks-md/logs/T002.prompt.md: it is a symbolic link (to ${secret})`);
  });

  it('refuses a state folder that is a link, naming it, and creates nothing outside', async () => {
    link(`${FEATURE}/.nx-tasks-md`, outside);
    expect(await failure('T001')).toBe(
      `refusing to write ${FEATURE}/.nx-tasks-md/tasks.md.lock: ${FEATURE}/.nx-tasks-md is a symbolic link (to ${outside})`,
    );
    expect(fs.readdirSync(outside)).toEqual(['secret.txt']);
    expect(fs.existsSync(at('ran.txt'))).toBe(false);
    expect(tasks()).toBe(PLAN);
  });

  it('refuses a state file that is a link before reading or replacing it', async () => {
    link(`${FEATURE}/.implementation-state.json`, secret);
    expect(await failure('T001')).toBe(`refusing to write ${FEATURE}/.implementation-state.json: it is a symbolic link (to ${secret})`);
    expect(fs.readFileSync(secret, 'utf8')).toBe(SECRET);
    expect(fs.lstatSync(at(`${FEATURE}/.implementation-state.json`)).isSymbolicLink()).toBe(true);
    expect(tasks()).toBe(PLAN);
  });

  it('refuses a lock that is a link', async () => {
    link(`${FEATURE}/.nx-tasks-md/tasks.md.lock`, secret);
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(secret, old, old);
    expect(await failure('T001')).toBe(`refusing to write ${FEATURE}/.nx-tasks-md/tasks.md.lock: it is a symbolic link (to ${secret})`);
    expect(fs.readFileSync(secret, 'utf8')).toBe(SECRET);
    expect(fs.statSync(secret).mtime).toEqual(old);
  });

  it('never writes through a link planted under a temporary file name', async () => {
    // The names an atomic write would have picked for tasks.md and the state file in this process.
    for (const name of ['tasks.md', '.implementation-state.json']) {
      for (let n = 1; n <= 200; n++) link(`${FEATURE}/${name}.${process.pid}.${n}.tmp`, secret);
    }
    expect(await run('T001')).toEqual({ success: true });
    expect(fs.readFileSync(secret, 'utf8')).toBe(SECRET);
    expect(tasks()).toContain('- [x] T001');
  });

  it('does not write the run report through a link', async () => {
    expect(await run('T001')).toEqual({ success: true });
    link(`${FEATURE}/implementation-report.md`, secret);
    await expect(writeRunReport(featurePaths(root, TASKS_FILE), TASKS_FILE, false)).rejects.toThrow(
      `refusing to write ${FEATURE}/implementation-report.md: it is a symbolic link (to ${secret})`,
    );
    expect(fs.readFileSync(secret, 'utf8')).toBe(SECRET);
  });

  describe('a tasks.md that is a link', () => {
    it('is written through to its target inside the workspace and stays a link', async () => {
      fs.mkdirSync(at('docs'));
      fs.renameSync(at(TASKS_FILE), at('docs/tasks.md'));
      link(TASKS_FILE, '../../docs/tasks.md');
      expect(await run('T001')).toEqual({ success: true });
      expect(fs.lstatSync(at(TASKS_FILE)).isSymbolicLink()).toBe(true);
      expect(fs.readlinkSync(at(TASKS_FILE))).toBe('../../docs/tasks.md');
      expect(fs.readFileSync(at('docs/tasks.md'), 'utf8')).toBe(PLAN.replace('- [ ] T001', '- [x] T001'));
      expect(fs.readdirSync(at('docs'))).toEqual(['tasks.md']);
    });

    it('is refused, naming it, when it points outside the workspace', async () => {
      const elsewhere = path.join(outside, 'tasks.md');
      fs.renameSync(at(TASKS_FILE), elsewhere);
      link(TASKS_FILE, elsewhere);
      expect(await failure('T001')).toBe(`refusing to use ${TASKS_FILE}: it is a symbolic link to ${elsewhere}, outside the workspace`);
      expect(fs.readFileSync(elsewhere, 'utf8')).toBe(PLAN);
      expect(fs.existsSync(at('ran.txt'))).toBe(false);
      // The plan target shows the same as an error diagnostic, and reads none of the file.
      const { analysis } = loadProjectFeature(context());
      expect(analysis.doc.tasks).toEqual([]);
      expect(analysis.diagnostics).toEqual([
        expect.objectContaining({
          file: TASKS_FILE,
          line: 1,
          severity: 'error',
          code: 'unsafe-link',
          message: `refusing to use ${TASKS_FILE}: it is a symbolic link to ${elsewhere}, outside the workspace`,
        }),
      ]);
    });
  });
});
