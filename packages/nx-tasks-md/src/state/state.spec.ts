import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setWarningSink, updateFeature, withFeatureLock } from './locked-update';
import { featurePaths } from './paths';
import { computeMetrics, emptyState, parseState, readState, serializeState, StateFileError } from './state-file';
import { tasksDoneHere, uncacheTasksDoneHere } from './done-here';

let root: string;
let warnings: string[];
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-state-'));
  fs.mkdirSync(path.join(root, 'specs/001-x'), { recursive: true });
  fs.writeFileSync(path.join(root, 'specs/001-x/tasks.md'), '- [ ] T001 a\n');
  warnings = [];
  setWarningSink((m) => warnings.push(m));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('state file', () => {
  it('round-trips through validation', () => {
    const state = emptyState('001-x', 'specs/001-x/tasks.md');
    state.tasks.T001 = { status: 'completed', attempts: 2, exit_code: 0, hash: 'abc', started_at: 'a', ended_at: 'b', duration_ms: 5 };
    expect(parseState(serializeState(state), 'f.json')).toEqual(state);
  });

  it('names the file and the bad field when the content is not a state', () => {
    const state = emptyState('001-x', 'specs/001-x/tasks.md') as unknown as Record<string, unknown>;
    (state as { tasks: unknown }).tasks = { T001: { status: 'exploded', attempts: 1 } };
    expect(() => parseState(JSON.stringify(state), 'specs/001-x/.implementation-state.json')).toThrow(
      /^specs\/001-x\/\.implementation-state\.json: not a valid nx-tasks-md state file \(tasks\.T001\.status: /,
    );
    expect(() => parseState('{"version": 1,', 'x.json')).toThrow(StateFileError);
    expect(() => parseState('{"version": 1,', 'x.json')).toThrow(/^x\.json: not valid JSON/);
  });

  it('computes metrics, counting tasks it has not seen as pending and restored time as none', () => {
    const metrics = computeMetrics(
      {
        T001: { status: 'completed', attempts: 1, duration_ms: 100 },
        T002: { status: 'completed', attempts: 0, restored: true, duration_ms: 0 },
        T003: { status: 'failed', attempts: 2, duration_ms: 50 },
        T004: { status: 'running', attempts: 0 },
      },
      6,
    );
    expect(metrics).toEqual({
      total_tasks: 6,
      completed: 2,
      failed: 1,
      pending: 2,
      running: 1,
      skipped: 0,
      restored: 1,
      total_duration_ms: 150,
    });
  });
});

describe('updateFeature', () => {
  const paths = () => featurePaths(root, 'specs/001-x/tasks.md');

  it('writes the state and tasks.md it is given, and only when asked', async () => {
    await updateFeature(paths(), ({ tasksText, state }) => {
      state.tasks.T001 = { status: 'running', attempts: 0 };
      return { tasksText: tasksText.replace('[ ]', '[>]'), state };
    });
    expect(fs.readFileSync(paths().tasksFile, 'utf8')).toBe('- [>] T001 a\n');
    expect(readState(paths().stateFile)!.tasks.T001.status).toBe('running');
    const before = fs.statSync(paths().stateFile).mtimeMs;
    const result = await updateFeature(paths(), () => ({ result: 42 }));
    expect(result).toBe(42);
    expect(fs.statSync(paths().stateFile).mtimeMs).toBe(before);
    // the lock is released and lives in the work folder, not next to tasks.md
    expect(fs.existsSync(paths().lockFile)).toBe(false);
    expect(fs.readdirSync(path.join(root, 'specs/001-x')).sort()).toEqual(['.implementation-state.json', '.nx-tasks-md', 'tasks.md']);
  });

  it('makes the updates queued while the lock is held together: each sees the ones before it, one write for all', async () => {
    const ids = ['T001', 'T002', 'T003', 'T004', 'T005', 'T006'];
    const original = ids.map((id) => `- [ ] ${id} a\n`).join('');
    fs.writeFileSync(paths().tasksFile, original);
    const onDisk: string[] = [];
    let updates: Promise<unknown>[] = [];
    await withFeatureLock(paths(), () => {
      updates = ids.map((id) =>
        updateFeature(paths(), ({ tasksText, state }) => {
          onDisk.push(fs.readFileSync(paths().tasksFile, 'utf8'));
          // A throwing update fails alone, and changes nothing.
          if (id === 'T003') throw new Error('T003 refused');
          state.tasks[id] = { status: 'completed', attempts: 1 };
          return { tasksText: tasksText.replace(`- [ ] ${id}`, `- [x] ${id}`), state, result: Object.keys(state.tasks).sort() };
        }),
      );
    });
    const results = await Promise.allSettled(updates);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      ['T001'],
      ['T001', 'T002'],
      'T003 refused',
      ['T001', 'T002', 'T004'],
      ['T001', 'T002', 'T004', 'T005'],
      ['T001', 'T002', 'T004', 'T005', 'T006'],
    ]);
    // Nothing was written between the updates: the file was replaced once, after all of them.
    expect(onDisk).toEqual(ids.map(() => original));
    expect(fs.readFileSync(paths().tasksFile, 'utf8')).toBe(ids.map((id) => `- [${id === 'T003' ? ' ' : 'x'}] ${id} a\n`).join(''));
    expect(Object.keys(readState(paths().stateFile)!.tasks).sort()).toEqual(['T001', 'T002', 'T004', 'T005', 'T006']);
  });

  it('keeps a corrupt state file as a backup, says so naming both files, and starts afresh', async () => {
    fs.writeFileSync(paths().stateFile, '{ this is not json');
    const seen = await updateFeature(paths(), ({ state }) => ({ result: Object.keys(state.tasks).length, state }));
    expect(seen).toBe(0);
    const backups = fs.readdirSync(paths().featureDir).filter((f) => f.startsWith('.implementation-state.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(fs.readFileSync(path.join(paths().featureDir, backups[0]), 'utf8')).toBe('{ this is not json');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(paths().stateFile);
    expect(warnings[0]).toContain(backups[0]);
    expect(readState(paths().stateFile)).toBeDefined();
  });

  it('archives a completed state as .implementation-completed.json and brings it back when work reopens', async () => {
    await updateFeature(paths(), ({ state }) => {
      state.tasks.T001 = { status: 'completed', attempts: 1 };
      state.completed_at = new Date().toISOString();
      return { state };
    });
    expect(fs.existsSync(paths().stateFile)).toBe(false);
    expect(readState(paths().completedFile)!.tasks.T001.status).toBe('completed');
    expect([...tasksDoneHere(paths().featureDir)]).toEqual(['T001']);

    await updateFeature(paths(), ({ state }) => {
      expect(state.tasks.T001.status).toBe('completed');
      state.tasks.T001.status = 'pending';
      delete state.completed_at;
      return { state };
    });
    expect(fs.existsSync(paths().completedFile)).toBe(false);
    expect(readState(paths().stateFile)!.tasks.T001.status).toBe('pending');
    expect(tasksDoneHere(paths().featureDir).size).toBe(0);
  });

  it('turns caching off for tasks completed here, and their runtime inputs with it (a process per task at each hash)', () => {
    const state = emptyState('001-x', 'specs/001-x/tasks.md');
    state.tasks.T001 = { status: 'completed', attempts: 1 };
    fs.writeFileSync(paths().stateFile, serializeState(state));
    const task = (id: string) => ({
      executor: 'nx-tasks-md:task',
      cache: true,
      options: { taskId: id },
      inputs: [{ runtime: `echo ${id}-fingerprint` }, '{workspaceRoot}/src/a.txt', { env: 'X' }],
    });
    const targets = uncacheTasksDoneHere({ T001: task('T001'), T002: task('T002') }, paths().featureDir);
    expect(targets.T001).toEqual({ ...task('T001'), cache: false, inputs: ['{workspaceRoot}/src/a.txt', { env: 'X' }] });
    expect(targets.T002).toEqual(task('T002'));
  });

  it('tasksDoneHere never throws on a broken state file', () => {
    fs.writeFileSync(paths().stateFile, '[]');
    expect(tasksDoneHere(paths().featureDir).size).toBe(0);
  });
});
