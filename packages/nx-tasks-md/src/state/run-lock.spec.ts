import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheckboxTask } from '../executors/task/run-checkbox-task';
import { featurePaths } from './paths';
import { isRunLive, joinRun, readRunLock, releaseRun, takeRun, type RunLock } from './run-lock';

const TASKS_FILE = 'specs/001-x/tasks.md';
const PLAN = '# Tasks\n\n## Phase 1: Setup\n- [ ] T001 Create out/one.txt\n  ```sh\n  mkdir -p out && echo one > out/one.txt\n  ```\n';
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe('run lock', () => {
  let root: string;
  let sleeper: ChildProcess;
  const paths = () => featurePaths(root, TASKS_FILE);
  const hold = (lock: Partial<RunLock>) => {
    fs.mkdirSync(paths().workDir, { recursive: true });
    const now = new Date().toISOString();
    fs.writeFileSync(
      path.join(paths().workDir, 'run.json'),
      JSON.stringify({ run: 'other', host: os.hostname(), started_at: now, updated_at: now, ...lock }),
    );
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-runlock-'));
    fs.mkdirSync(path.join(root, 'specs/001-x'), { recursive: true });
    fs.writeFileSync(path.join(root, TASKS_FILE), PLAN);
    sleeper = spawn('sleep', ['30']);
  });
  afterEach(() => {
    sleeper.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is held by a live nx process, never by a dead one', async () => {
    const base = { run: 'r', host: os.hostname(), started_at: new Date().toISOString(), updated_at: new Date().toISOString() };
    expect(isRunLive({ ...base, pid: sleeper.pid! })).toBe(true);
    const dead = spawn('true');
    await new Promise((resolve) => dead.on('exit', resolve));
    expect(isRunLive({ ...base, pid: dead.pid! })).toBe(false);
    // Pid not known yet (the hook ran in the daemon): held for a minute after it started.
    expect(isRunLive(base)).toBe(true);
    expect(isRunLive({ ...base, started_at: minutesAgo(2) })).toBe(false);
    // Another host: held while its tasks confirmed it within the hour.
    expect(isRunLive({ ...base, host: 'elsewhere', pid: 1, updated_at: minutesAgo(5) })).toBe(true);
    expect(isRunLive({ ...base, host: 'elsewhere', pid: 1, updated_at: minutesAgo(61) })).toBe(false);
  });

  it('is taken over from a dead run, refused to a second live one, and given back by its own', () => {
    hold({ pid: 999_999_999 });
    expect(takeRun(paths(), 'mine', sleeper.pid)).toBeUndefined();
    expect(readRunLock(paths())).toMatchObject({ run: 'mine', pid: sleeper.pid });
    expect(takeRun(paths(), 'second', 4242)).toMatchObject({ run: 'mine', pid: sleeper.pid });
    releaseRun(paths(), 'second');
    expect(readRunLock(paths())?.run).toBe('mine');
    releaseRun(paths(), 'mine');
    expect(readRunLock(paths())).toBeUndefined();
  });

  it("records the nx process at the run's first task when the hook could not", () => {
    hold({ run: 'mine', pid: undefined });
    expect(joinRun(paths(), 'mine', sleeper.pid!)).toBeUndefined();
    expect(readRunLock(paths())).toMatchObject({ run: 'mine', pid: sleeper.pid });
    // A command that did not take the feature in its hook takes it at its first task.
    releaseRun(paths(), 'mine');
    expect(joinRun(paths(), 'unnamed', sleeper.pid!)).toBeUndefined();
    expect(readRunLock(paths())).toMatchObject({ run: 'unnamed', pid: sleeper.pid });
  });

  it('makes a task of another command fail at once, naming the running one, without touching tasks.md', async () => {
    hold({ pid: sleeper.pid! });
    const out: string[] = [];
    const result = await runCheckboxTask({
      workspaceRoot: root,
      tasksFile: TASKS_FILE,
      taskId: 'T001',
      projectName: 'feature-001',
      runnerSettings: {},
      includeOptional: false,
      dryRun: false,
      commit: false,
      runId: 'mine',
      print: (line) => out.push(line),
      printError: (line) => out.push(line),
    });
    expect(result.success).toBe(false);
    expect(out.join('\n')).toMatch(
      new RegExp(`^feature-001 is running \\(pid ${sleeper.pid} on ${os.hostname()}, since \\d\\d:\\d\\d\\): wait for it or stop it$`),
    );
    expect(fs.readFileSync(paths().tasksFile, 'utf8')).toBe(PLAN);
    expect(fs.existsSync(path.join(root, 'out/one.txt'))).toBe(false);
  });

  it('refuses a ticked task of another command too (it is answered without the lock otherwise)', async () => {
    const ticked = PLAN.replace('- [ ] T001', '- [x] T001');
    fs.writeFileSync(paths().tasksFile, ticked);
    hold({ pid: sleeper.pid! });
    const out: string[] = [];
    const result = await runCheckboxTask({
      workspaceRoot: root,
      tasksFile: TASKS_FILE,
      taskId: 'T001',
      projectName: 'feature-001',
      runnerSettings: {},
      includeOptional: false,
      dryRun: false,
      commit: false,
      runId: 'mine',
      print: (line) => out.push(line),
      printError: (line) => out.push(line),
    });
    expect(result.success).toBe(false);
    expect(out.join('\n')).toMatch(/^feature-001 is running \(pid \d+/);
    expect(fs.readFileSync(paths().tasksFile, 'utf8')).toBe(ticked);
  });
});
