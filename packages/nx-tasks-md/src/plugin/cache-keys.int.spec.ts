/**
 * The cache-key contract, proven with the real nx binary and the packed plugin. Each step changes
 * the workspace and compares every task's hash (read by a postTasksExecution hook) to the previous
 * run. Tasks run through a recording stand-in executor (writes `<ID> output` into each file the
 * task names), because the contract is about what Nx hashes, not how a task runs.
 */
import { createNxWorkspace, type NxResult, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(120_000);

const TASKS = `# Tasks: Cache demo

## Phase 1: Setup
- [ ] T001 Create src/a.txt
- [ ] T002 [P] Create \`src/[slug]/b.txt\`
- [ ] T003 [P] Take notes (names no file)

## Phase 2: Build
- [ ] T004 Generate out/gen.txt
- [ ] T005 Touch ../outside.txt and src/c.txt
`;

const TASK_IDS = ['T001', 'T002', 'T003', 'T004', 'T005'];
const RUN_ALL = ['run-many', '-t', ...TASK_IDS, '-p', 'feature-001', '--output-style=static'];

describe('cache keys with real Nx', () => {
  let ws: NxWorkspace;
  let last: Record<string, string>;

  const hashes = (result: NxResult) => Object.fromEntries(TASK_IDS.map((id) => [id, result.tasks[`feature-001:${id}`]?.hash]));
  const statusOf = (result: NxResult, id: string) => result.tasks[`feature-001:${id}`]?.status;
  /**
   * Tasks this checkout already completed are not cached (the executor says "already complete"
   * instead of restoring old outputs), so only a checkout without the feature's state file reads
   * the cache. Every run here starts like that fresh checkout.
   */
  const forgetLocalState = () => {
    ws.remove('specs/001-cache/.implementation-state.json');
    ws.remove('specs/001-cache/.implementation-completed.json');
  };
  const runAll = () => {
    forgetLocalState();
    const result = ws.nxOk(RUN_ALL);
    for (const id of TASK_IDS) expect(result.tasks[`feature-001:${id}`]).toBeDefined();
    return result;
  };
  /** Task IDs whose hash differs from the previous run's; remembers this run's hashes. */
  const changedSinceLast = (result: NxResult) => {
    const now = hashes(result);
    const changed = TASK_IDS.filter((id) => now[id] !== last[id]);
    last = now;
    return changed;
  };
  const edit = (path: string, change: (text: string) => string) => ws.write(path, change(ws.read(path)));
  const toggle = (id: string) =>
    edit('specs/001-cache/tasks.md', (t) =>
      t.replace(new RegExp(`- \\[([ xX])\\] ${id}`), (_, box) => `- [${box === ' ' ? 'x' : ' '}] ${id}`),
    );

  beforeAll(() => {
    ws = createNxWorkspace({
      files: {
        'specs/001-cache/tasks.md': TASKS.replace('- [ ] T002', '- [x] T002'),
        'specs/001-cache/spec.md': '# Spec\n',
        // The steady state: files a task names already hold what the task writes.
        'src/a.txt': 'T001 output\n',
        'src/[slug]/b.txt': 'T002 output\n',
        'src/c.txt': 'T005 output\n',
      },
      recordingTaskExecutor: true,
      // Hashing does not depend on where plugins run; in-process saves seconds per call.
      isolatePlugins: false,
    });
    const first = runAll();
    last = hashes(first);
    // out/gen.txt did not exist when T004 first ran; now it does, so T004 runs once more (and T005,
    // which builds on it, gets a new key).
    expect(changedSinceLast(runAll())).toEqual(['T004', 'T005']);
  });
  afterAll(() => ws?.cleanup());

  it('runs tasks that name files from the cache when nothing changed, and never caches the others', () => {
    const result = runAll();
    expect(changedSinceLast(result)).toEqual([]);
    for (const id of ['T001', 'T002', 'T004', 'T005']) expect(statusOf(result, id)).toMatch(/^local-cache/);
    expect(statusOf(result, 'T003')).toBe('success');
  });

  it('1. ticking or unticking any checkbox changes no hash', () => {
    const before = ws.read('specs/001-cache/tasks.md');
    toggle('T001');
    toggle('T002');
    expect(ws.read('specs/001-cache/tasks.md')).not.toBe(before);
    const result = runAll();
    expect(changedSinceLast(result)).toEqual([]);
    expect(statusOf(result, 'T001')).toMatch(/^local-cache/);
    expect(statusOf(result, 'T002')).toMatch(/^local-cache/);
  });

  it("2. editing one task text changes that task hash and its dependents' (through the phase gate), no other", () => {
    edit('specs/001-cache/tasks.md', (t) => t.replace('Create `src/[slug]/b.txt`', 'Create `src/[slug]/b.txt` with a header'));
    const result = runAll();
    expect(changedSinceLast(result)).toEqual(['T002', 'T004', 'T005']);
    expect(statusOf(result, 'T002')).toBe('success');
    expect(statusOf(result, 'T001')).toMatch(/^local-cache/);
  });

  it('3a. a task hash covers the content of the files it and its prerequisites name, and only those', () => {
    ws.write('src/a.txt', 'edited by hand\n');
    expect(changedSinceLast(runAll())).toEqual(TASK_IDS);
    // T001 ran and wrote its file back: keys return to what they were (seen to land a run or two
    // later on a loaded machine: Nx keeps file hashes by modification time), so wait until they
    // settle before the next edit, a second apart.
    const second = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1100);
    for (let run = 0; run < 6 && (second(), changedSinceLast(runAll()).length > 0); run++);
    ws.write('specs/001-cache/notes.md', 'not a context document\n');
    // Nx reads inputs as globs; a bracketed route folder still means that one file.
    ws.write('src/[slug]/b.txt', 'edited by hand\n');
    ws.write('src/s/b.txt', 'a file the bracket would match as a glob\n');
    expect(changedSinceLast(runAll())).toEqual(['T002', 'T004', 'T005']);
  });

  it('3b. every task hash covers the feature context documents', () => {
    ws.write('specs/001-cache/spec.md', '# Spec\n\nA new requirement.\n');
    expect(changedSinceLast(runAll())).toEqual(TASK_IDS);
    ws.write('specs/001-cache/contracts/api.yaml', 'openapi: 3.1.0\n');
    expect(changedSinceLast(runAll())).toEqual(TASK_IDS);
  });

  it('3c. every cached task hash covers the plugin version (T003 names no files: never cached, no fingerprint)', () => {
    edit('node_modules/nx-tasks-md/package.json', (t) => t.replace(/"version": "[^"]+"/, '"version": "99.0.0-test"'));
    expect(changedSinceLast(runAll())).toEqual(TASK_IDS.filter((id) => id !== 'T003'));
  });

  it('4. outputs are the files a task names: a hit restores them without running the task', () => {
    const runT004 = () => ws.nxOk(['run', 'feature-001:T004', '--exclude-task-dependencies', '--output-style=static']);
    // T004 runs where out/gen.txt does not exist yet, as in a fresh checkout ...
    ws.remove('out/gen.txt');
    forgetLocalState();
    runT004();
    // ... so another checkout without the file has the same hash and gets it from the cache.
    ws.remove('out/gen.txt');
    forgetLocalState();
    ws.remove('.test-records/runs.log');
    const result = runT004();
    expect(result.tasks['feature-001:T004'].status).toBe('local-cache');
    expect(ws.recordedRuns()).toEqual([]);
    expect(ws.read('out/gen.txt')).toBe('T004 output\n');
  });

  it('4. paths outside the workspace are refused with a diagnostic and are neither inputs nor outputs', () => {
    const project = JSON.parse(ws.nxOk(['show', 'project', 'feature-001', '--json']).stdout);
    expect(project.targets.T005.outputs).toEqual(['{workspaceRoot}/src/c.txt']);
    expect(JSON.stringify(project.targets.T005.inputs)).not.toContain('outside');
    expect(project.targets.T003.cache).toBe(false);
    // An error of T005 alone: plan reports it (and fails), every task keeps its target.
    const plan = ws.nx(['run', 'feature-001:plan']);
    expect(plan.stdout).toMatch(
      /specs\/001-cache\/tasks\.md:10:\d+ error T005 names \.\.\/outside\.txt, which is outside the workspace: add its folder to `allowedPaths`/,
    );
    expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(TASK_IDS));
  });

  it('adding a task invalidates the whole feature (targets are part of the project configuration hash)', () => {
    edit('specs/001-cache/tasks.md', (t) => `${t}- [ ] T006 One more\n`);
    expect(changedSinceLast(runAll())).toEqual(TASK_IDS);
  });
});
