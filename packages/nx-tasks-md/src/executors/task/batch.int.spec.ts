/**
 * Batch mode with the real nx binary and the packed plugin: Nx hands connected task targets to one
 * process of the task executor (executors.json `preferBatch`), which runs them in dependency order
 * with --parallel slots and the whole checkbox protocol; `--batch=false` forks one process per task.
 * Every task is a shell block that records which process ran it and when.
 */
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(180_000);

const TASKS_FILE = 'specs/001-batch/tasks.md';

/** A shell task that logs `<id> <start ms> <end ms> <parent pid> <Nx task>` and sleeps `seconds`. */
const task = (id: string, seconds: number, extra = '') =>
  [
    `- [ ] ${id} ${extra}Step ${id}`,
    '  ```sh',
    `  s=$(date +%s%3N); sleep ${seconds}; echo "${id} $s $(date +%s%3N) $PPID $NX_TASK_TARGET_PROJECT:$NX_TASK_TARGET_TARGET" >> runs.log`,
    '  ```',
  ].join('\n');

const failing = (id: string) =>
  [`- [ ] ${id} [P] Step ${id} that fails`, '  ```sh', '  echo "broken on purpose" >&2; exit 3', '  ```'].join('\n');

const PLAN = [
  '# Tasks: Batch plan',
  '',
  '## Phase 1: Setup',
  task('T001', 0.1),
  '',
  '## Phase 2: Core',
  task('T002', 0.6, '[P] '),
  task('T003', 0.6, '[P] '),
  task('T004', 0.6, '[P] '),
  task('T005', 0.6, '[P] '),
  '',
  '## Phase 3: Polish',
  task('T006', 0.1),
  '',
].join('\n');

interface Run {
  id: string;
  start: number;
  end: number;
  pid: string;
  nxTask: string;
}

const boxes = (text: string) => Object.fromEntries([...text.matchAll(/^- \[(.)\] (T\d+)/gm)].map((m) => [m[2], m[1]]));

describe('the task executor in batch mode with real Nx', () => {
  let ws: NxWorkspace;
  afterEach(() => ws?.cleanup());

  const runs = (): Run[] =>
    ws
      .read('runs.log')
      .trim()
      .split('\n')
      .map((line) => {
        const [id, start, end, pid, nxTask] = line.split(' ');
        return { id, start: Number(start), end: Number(end), pid, nxTask };
      });
  const maxOverlap = (list: Run[]) => Math.max(...list.map((r) => list.filter((o) => o.start < r.end && r.start < o.end).length));
  const byId = (list: Run[]) => Object.fromEntries(list.map((r) => [r.id, r]));

  it('runs a whole plan in one process, in dependency order, with --parallel slots, and ticks every box', () => {
    ws = createNxWorkspace({ files: { [TASKS_FILE]: PLAN }, isolatePlugins: false });
    const result = ws.nxOk(['run', 'feature-001:implement', '--parallel=2', '--output-style=static']);
    expect(result.stdout).toMatch(/Running 6 tasks with nx-tasks-md:task/);
    const list = runs();
    expect(list.map((r) => r.id).sort()).toEqual(['T001', 'T002', 'T003', 'T004', 'T005', 'T006']);
    expect(new Set(list.map((r) => r.pid)).size).toBe(1);
    // Each runner sees the variables Nx sets for its own task, as in a process of its own.
    for (const r of list) expect(r.nxTask).toBe(`feature-001:${r.id}`);
    expect(maxOverlap(list)).toBe(2);
    const at = byId(list);
    for (const id of ['T002', 'T003', 'T004', 'T005']) {
      expect(at[id].start).toBeGreaterThanOrEqual(at.T001.end);
      expect(at.T006.start).toBeGreaterThanOrEqual(at[id].end);
    }
    expect(Object.values(boxes(ws.read(TASKS_FILE)))).toEqual(['x', 'x', 'x', 'x', 'x', 'x']);
    for (let i = 1; i <= 6; i++) {
      const id = `feature-001:T00${i}`;
      expect(result.tasks[id].status).toBe('success');
      // Each task keeps its own terminal output (what Nx shows and caches for it).
      expect(result.stdout).toContain(`> nx run ${id}`);
    }
    expect(result.stdout).toMatch(/T003 done \(\d\/6/);
    const state = JSON.parse(ws.read('specs/001-batch/.implementation-completed.json'));
    expect(Object.values(state.tasks).map((t) => (t as { status: string }).status)).toEqual(Array(6).fill('completed'));
  });

  it('with --batch=false forks one process per task, with the same result', () => {
    ws = createNxWorkspace({ files: { [TASKS_FILE]: PLAN }, isolatePlugins: false });
    const result = ws.nxOk(['run', 'feature-001:implement', '--parallel=2', '--batch=false', '--output-style=static']);
    expect(result.stdout).not.toMatch(/Running \d+ tasks with nx-tasks-md:task/);
    const list = runs();
    expect(new Set(list.map((r) => r.pid)).size).toBe(6);
    expect(maxOverlap(list)).toBeLessThanOrEqual(2);
    expect(Object.values(boxes(ws.read(TASKS_FILE)))).toEqual(['x', 'x', 'x', 'x', 'x', 'x']);
  });

  it('marks a failed task [!] with its note, never starts what depends on it, and runs what does not', () => {
    const plan = PLAN.replace(/- \[ \] T003[^]*?```\n(?=- \[ \] T004)/, `${failing('T003')}\n`);
    expect(plan).toContain('T003 [P] Step T003 that fails');
    ws = createNxWorkspace({ files: { [TASKS_FILE]: plan }, isolatePlugins: false });
    const result = ws.nx(['run', 'feature-001:implement', '--parallel=3', '--output-style=static']);
    expect(result.code).not.toBe(0);
    const ran = runs()
      .map((r) => r.id)
      .sort();
    // T002, T004 and T005 share T003's phase and do not wait for it; T006 waits for the whole phase.
    expect(ran).toEqual(['T001', 'T002', 'T004', 'T005']);
    const text = ws.read(TASKS_FILE);
    expect(boxes(text)).toEqual({ T001: 'x', T002: 'x', T003: '!', T004: 'x', T005: 'x', T006: ' ' });
    expect(text).toMatch(/T003 \[P\] Step T003 that fails[^]*exited with code 3/);
    expect(result.tasks['feature-001:T003'].status).toBe('failure');
    expect(result.tasks['feature-001:T006']?.status ?? 'skipped').toBe('skipped');
    expect(result.stdout + result.stderr).toContain('broken on purpose');
  });
});
