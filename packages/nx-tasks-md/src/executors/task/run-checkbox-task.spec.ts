import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { updateFeature, withFeatureLock } from '../../state/locked-update';
import { featurePaths } from '../../state/paths';
import { readState } from '../../state/state-file';
import { runCheckboxTask, type CheckboxTaskInput } from './run-checkbox-task';

const TASKS_FILE = 'specs/001-x/tasks.md';
const fence = (command: string) => `  \`\`\`sh\n  ${command}\n  \`\`\``;
const PLAN = [
  '# Tasks',
  '',
  '## Phase 1: Setup',
  '- [ ] T001 Create out/one.txt',
  fence('mkdir -p out && echo one > out/one.txt'),
  '- [x] T002 Create out/two.txt',
  fence('exit 1'),
  '- [ ] T003 Create out/three.txt',
  fence('echo "forgot to write it"'),
  '- [ ] T004 Create out/four.txt',
  fence('echo failing >&2; exit 4'),
  '- [ ] T005 Create out/five.txt',
  fence('sleep 30'),
  '- [-] T006 Create out/six.txt',
  fence('exit 1'),
  '- [ ] T007 Take notes',
  '',
].join('\n');

describe('runCheckboxTask', () => {
  let root: string;
  let out: string[];
  const paths = () => featurePaths(root, TASKS_FILE);
  const tasks = () => fs.readFileSync(paths().tasksFile, 'utf8');
  const state = () => readState(paths().stateFile) ?? readState(paths().completedFile);
  const run = (taskId: string, extra: Partial<CheckboxTaskInput> = {}) =>
    runCheckboxTask({
      workspaceRoot: root,
      tasksFile: TASKS_FILE,
      taskId,
      projectName: 'feature-001',
      runnerSettings: {},
      includeOptional: false,
      dryRun: false,
      commit: false,
      print: (line) => out.push(line),
      printError: (line) => out.push(line),
      ...extra,
    });

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-task-'));
    fs.mkdirSync(path.join(root, 'specs/001-x'), { recursive: true });
    fs.writeFileSync(path.join(root, TASKS_FILE), PLAN);
    out = [];
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('runs a task, ticks it once its file exists, records it and prints progress', async () => {
    const result = await run('T001', { hash: 'h1' });
    expect(result).toEqual({ success: true, outcome: 'done' });
    expect(tasks()).toBe(PLAN.replace('- [ ] T001', '- [x] T001'));
    expect(state()!.tasks.T001).toMatchObject({ status: 'completed', attempts: 1, exit_code: 0, hash: 'h1', runner: 'shell' });
    expect(state()!.tasks.T001.owner).toBeUndefined();
    expect(out.at(-1)).toMatch(/^T001 done \(2\/6, 33%\) · Phase 1 Setup · \d+(\.\d)?m?s$/);
    expect(fs.readFileSync(path.join(root, 'specs/001-x/.nx-tasks-md/logs/T001.log'), 'utf8')).toContain('mkdir -p out');
  });

  it("commits tasks.md with the plan's own [~] marks as written, taking back only running [>] marks", async () => {
    const withOwnMarks = PLAN.replace('- [ ] T007 Take notes', '- [~] T007 Take notes (folded into T001)');
    fs.writeFileSync(path.join(root, TASKS_FILE), withOwnMarks);
    const env = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-q', '-m', 'plan');
      expect(await run('T001', { commit: true })).toMatchObject({ success: true });
      const committed = git('show', 'HEAD:specs/001-x/tasks.md');
      expect(committed).toBe(withOwnMarks.replace('- [ ] T001', '- [x] T001'));
      expect(git('status', '--porcelain', '--', TASKS_FILE)).toBe('');
      expect(state()!.tasks.T001).toMatchObject({ status: 'completed', commit: git('rev-parse', 'HEAD').trim() });
    } finally {
      process.env = saved;
    }
  });

  it('does not run a ticked task again', async () => {
    expect(await run('T002')).toMatchObject({ success: true, outcome: 'already-done' });
    expect(out).toEqual(['T002 already complete']);
    expect(tasks()).toBe(PLAN);
  });

  it('answers a ticked task from tasks.md alone, while the feature lock is held elsewhere', async () => {
    // Before: the answer waited for the lock, which its caller held here (a run of thousands of ticked tasks queued for it).
    const answered = await withFeatureLock(paths(), () => run('T002'));
    expect(answered).toMatchObject({ success: true, outcome: 'already-done' });
    expect(out).toEqual(['T002 already complete']);
    expect(tasks()).toBe(PLAN);
  });

  it('fails a task that reports success without creating its files', async () => {
    expect(await run('T003')).toMatchObject({
      success: false,
      outcome: 'failed',
      message: 'T003 reported success but did not create out/three.txt',
    });
    expect(tasks()).toContain(
      '- [!] T003 Create out/three.txt\n  <!-- nx-tasks-md: T003 reported success but did not create out/three.txt',
    );
    expect(out.join('\n')).toContain('See the log: specs/001-x/.nx-tasks-md/logs/T003.log');
  });

  it('marks a failing task [!] with a note, and clears the note when it later succeeds', async () => {
    expect(await run('T004')).toMatchObject({ success: false, outcome: 'failed' });
    expect(tasks()).toMatch(/- \[!\] T004 Create out\/four\.txt\n {2}<!-- nx-tasks-md: command 1 of 1 .* exited with code 4.* -->\n/);
    expect(state()!.tasks.T004).toMatchObject({ status: 'failed', exit_code: 4 });
    const fixed = (text: string) => text.replace('\n  echo failing >&2; exit 4\n', '\n  mkdir -p out && echo 4 > out/four.txt\n');
    fs.writeFileSync(paths().tasksFile, fixed(tasks()));
    expect(await run('T004')).toMatchObject({ success: true, outcome: 'done' });
    expect(tasks()).toBe(fixed(PLAN.replace('- [ ] T004', '- [x] T004')));
    expect(state()!.tasks.T004).toMatchObject({ status: 'completed', attempts: 2 });
    expect(state()!.tasks.T004.error).toBeUndefined();
  });

  it('puts an interrupted task back to [ ] and stops its process', async () => {
    const controller = new AbortController();
    const running = run('T005', { signal: controller.signal });
    // abort once the box shows [>]
    while (!tasks().includes('- [>] T005')) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await running).toMatchObject({ success: false, outcome: 'interrupted' });
    expect(tasks()).toBe(PLAN);
    expect(state()!.tasks.T005).toMatchObject({ status: 'interrupted' });
  });

  it('refuses to run a task another live process is running, and reruns a stale [>]', async () => {
    await updateFeature(paths(), ({ tasksText, state: s }) => {
      s.tasks.T001 = {
        status: 'running',
        attempts: 0,
        owner: { pid: process.ppid, host: os.hostname(), started_at: new Date().toISOString() },
      };
      return { tasksText: tasksText.replace('- [ ] T001', '- [>] T001'), state: s };
    });
    expect(await run('T001')).toMatchObject({
      success: false,
      message: expect.stringContaining(`T001 is already running (pid ${process.ppid}`),
    });
    await updateFeature(paths(), ({ state: s }) => {
      s.tasks.T001.owner = { pid: 2 ** 22 + 7, host: os.hostname(), started_at: new Date().toISOString() };
      return { state: s };
    });
    expect(await run('T001')).toMatchObject({ success: true, outcome: 'done' });
  });

  it('does not run tasks the file marks skipped, and says how to configure a runner when none fits', async () => {
    expect(await run('T006')).toMatchObject({ success: true, outcome: 'skipped' });
    const noRunner = await run('T007');
    expect(noRunner.success).toBe(false);
    expect(noRunner.message).toContain('no agent runner is configured');
    expect(tasks()).toContain(
      '- [!] T007 Take notes\n  <!-- nx-tasks-md: T007 has no command of its own and no agent runner is configured',
    );
  });

  it('prints what would run in a dry run and changes nothing', async () => {
    expect(await run('T001', { dryRun: true })).toMatchObject({ success: true, outcome: 'dry-run' });
    expect(out).toEqual(['T001 would run with shell (the task carries its own commands)']);
    expect(tasks()).toBe(PLAN);
    expect(fs.existsSync(paths().stateFile)).toBe(false);
  });
  it('sees every edit made between two tasks of one process: a box flipped by hand, a line changed', async () => {
    // One process runs many tasks (batch mode) and remembers its last reading of tasks.md.
    expect((await run('T001')).outcome).toBe('done');
    // A box flipped by hand, of the same length: T004 is ticked, so it is not run.
    fs.writeFileSync(paths().tasksFile, tasks().replace('- [ ] T004', '- [x] T004'));
    expect(await run('T004')).toMatchObject({ success: true, outcome: 'already-done' });
    // Unticked again, and its command edited: the new command runs.
    fs.writeFileSync(
      paths().tasksFile,
      tasks().replace('- [x] T004', '- [ ] T004').replace('echo failing >&2; exit 4', 'mkdir -p out && echo 4 > out/four.txt'),
    );
    expect(await run('T004')).toMatchObject({ success: true, outcome: 'done' });
    expect(fs.readFileSync(path.join(root, 'out/four.txt'), 'utf8')).toBe('4\n');
    // A same-length edit outside any box (T003 -> T033 would be another task): T003 is gone.
    fs.writeFileSync(paths().tasksFile, tasks().replace('- [ ] T003 Create', '- [ ] T033 Create'));
    expect(await run('T003')).toMatchObject({ success: false, outcome: 'failed' });
    expect(tasks()).toMatch(/- \[x\] T001[^]*- \[x\] T004/);
  });
});
