import type { PostTasksExecutionContext, TaskResult } from '@nx/devkit';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { isRecordedGroupAlive, processGroupRecord } from '../state/leftover-runner';
import { featurePaths } from '../state/paths';
import { readState, serializeState, emptyState } from '../state/state-file';
import { postTasksExecution } from './post-tasks-execution';

const TASKS = `# Tasks

## Phase 1: Setup
- [ ] T001 Create src/a.ts
- [ ] T002 Create src/b.ts
- [>] T003 Create src/c.ts
- [ ] T004 Create src/d.ts
`;

function result(target: string, status: TaskResult['status']): TaskResult {
  return {
    task: {
      id: `feature-001:${target}`,
      target: { project: 'feature-001', target },
      projectRoot: 'specs/001-x',
      overrides: {},
      outputs: [],
      hash: `hash-${target}`,
      startTime: Date.parse('2025-01-01T00:00:00Z'),
      endTime: Date.parse('2025-01-01T00:00:01Z'),
      parallelism: true,
      continuous: false,
      cache: true,
    } as TaskResult['task'],
    status,
    code: status === 'failure' ? 1 : 0,
  };
}

describe('postTasksExecution', () => {
  let root: string;
  const paths = () => featurePaths(root, 'specs/001-x/tasks.md');
  const context = (results: TaskResult[], argv: string[] = []): PostTasksExecutionContext => ({
    id: 'run',
    workspaceRoot: root,
    nxJsonConfiguration: {},
    argv: ['node', 'nx', 'run', 'feature-001:implement', ...argv],
    startTime: 0,
    endTime: 0,
    taskResults: Object.fromEntries(results.map((r) => [r.task.id, r])),
  });

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-post-'));
    fs.mkdirSync(path.join(root, 'specs/001-x'), { recursive: true });
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'specs/001-x/tasks.md'), TASKS);
    const state = emptyState('001-x', 'specs/001-x/tasks.md');
    // T003's owner is a process that no longer exists.
    state.tasks.T003 = {
      status: 'running',
      attempts: 0,
      owner: { pid: 2 ** 22 + 1, host: os.hostname(), started_at: new Date().toISOString() },
    };
    fs.writeFileSync(paths().stateFile, serializeState(state));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('ticks tasks restored from a cache whose files are there, records them as restored, and resets a dead [>]', async () => {
    fs.writeFileSync(path.join(root, 'src/a.ts'), 'restored');
    await postTasksExecution(
      {},
      context([
        result('T001', 'local-cache'),
        result('T002', 'remote-cache'), // its file was never produced: a cached skip, not a completion
        result('T003', 'failure'), // killed: its [>] stays behind
        result('T004', 'failure'),
        result('implement', 'skipped'),
      ]),
    );
    const text = fs.readFileSync(paths().tasksFile, 'utf8');
    expect(text).toBe(TASKS.replace('- [ ] T001', '- [x] T001').replace('- [>] T003', '- [ ] T003'));
    const state = readState(paths().stateFile)!;
    expect(state.tasks.T001).toMatchObject({
      status: 'completed',
      restored: true,
      hash: 'hash-T001',
      started_at: '2025-01-01T00:00:00.000Z',
    });
    expect(state.tasks.T002).toBeUndefined();
    expect(state.tasks.T003).toMatchObject({ status: 'interrupted' });
    expect(state.tasks.T003.owner).toBeUndefined();
    // implement was part of the run (skipped after a failure): the report is written anyway
    expect(fs.readFileSync(paths().reportFile, 'utf8')).toContain('# Implementation report: 001-x');
  });

  it('ticks every restored task and takes out their failure notes, leaving the others as written', async () => {
    const noted = TASKS.replace('- [ ] T001 Create src/a.ts\n', '- [!] T001 Create src/a.ts\n  <!-- nx-tasks-md: failed: exit code 1 -->\n')
      .replace('- [ ] T002 Create src/b.ts\n', '- [!] T002 Create src/b.ts\n  <!-- nx-tasks-md: failed: exit code 2 -->\n')
      .replace('- [ ] T004 Create src/d.ts\n', '- [!] T004 Create src/d.ts\n  <!-- nx-tasks-md: failed: exit code 4 -->\n');
    fs.writeFileSync(paths().tasksFile, noted);
    for (const file of ['a', 'b', 'd']) fs.writeFileSync(path.join(root, `src/${file}.ts`), 'restored');
    await postTasksExecution({}, context([result('T001', 'local-cache'), result('T002', 'failure'), result('T004', 'remote-cache')]));
    expect(fs.readFileSync(paths().tasksFile, 'utf8')).toBe(
      TASKS.replace('- [ ] T001', '- [x] T001')
        .replace('- [ ] T002 Create src/b.ts\n', '- [!] T002 Create src/b.ts\n  <!-- nx-tasks-md: failed: exit code 2 -->\n')
        .replace('- [ ] T004', '- [x] T004'),
    );
    expect(readState(paths().stateFile)!.tasks).toMatchObject({ T001: { restored: true }, T004: { restored: true } });
  });

  it('leaves the [>] of a task that was not part of the run', async () => {
    await postTasksExecution({}, context([result('T001', 'failure')]));
    expect(fs.readFileSync(paths().tasksFile, 'utf8')).toBe(TASKS);
  });

  it('touches nothing after plan or status, not even a dead [>]: no state, no report, no lock folder', async () => {
    fs.rmSync(paths().stateFile);
    await postTasksExecution(
      {},
      { ...context([result('status', 'success'), result('plan', 'success')]), argv: ['node', 'nx', 'run-many', '-t', 'status,plan'] },
    );
    expect(fs.readFileSync(paths().tasksFile, 'utf8')).toBe(TASKS);
    expect(fs.readdirSync(path.join(root, 'specs/001-x'))).toEqual(['tasks.md']);
  });

  (process.platform === 'linux' ? it : it.skip)('stops the runner a dead [>] left running before resetting it', async () => {
    const runner = spawn('bash', ['-c', 'sleep 60 & wait'], { detached: true, stdio: 'ignore' });
    await new Promise((resolve) => runner.on('spawn', () => setTimeout(resolve, 200)));
    try {
      const state = readState(paths().stateFile)!;
      state.tasks.T003.owner!.process_group = processGroupRecord(runner.pid!);
      fs.writeFileSync(paths().stateFile, serializeState(state));
      const said = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      await postTasksExecution({}, context([result('T001', 'failure'), result('T003', 'failure')]));
      expect(said).toHaveBeenCalledWith(`nx-tasks-md: stopped the runner of T003 left by a killed run (process group ${runner.pid})`);
      said.mockRestore();
      expect(isRecordedGroupAlive(state.tasks.T003.owner!.process_group!)).toBe(false);
      expect(fs.readFileSync(paths().tasksFile, 'utf8')).toContain('- [ ] T003');
    } finally {
      try {
        process.kill(-runner.pid!, 'SIGKILL');
      } catch {
        // stopped
      }
    }
  });

  it('changes nothing after a dry run', async () => {
    fs.writeFileSync(path.join(root, 'src/a.ts'), 'x');
    await postTasksExecution({}, context([result('T001', 'local-cache')], ['--dry-run']));
    expect(fs.readFileSync(paths().tasksFile, 'utf8')).toBe(TASKS);
  });
});
