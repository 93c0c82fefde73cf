/**
 * `plan` and `status` only read: after them, through the real nx binary and its hooks, the plan's
 * bytes are unchanged (its own `[~]` and an ownerless `[>]` included), no state or work folder
 * exists and git sees nothing new. A task target that ran still settles its own `[>]`.
 */
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(180_000);

const PLAN = `# Tasks: F

**Status Legend**:
- \`[ ]\` Pending
- \`[x]\` Done
- \`[~]\` Partial: folded into another task
- \`[>]\` In progress

## Phase 1: Setup
- [x] T001 Create src/a.ts
- [~] T002 Create src/b.ts (folded into T003)
- [>] T003 Create src/c.ts
- [>] T004 Create src/d.ts
`;

describe('read-only targets in a real Nx workspace', () => {
  let ws: NxWorkspace;

  beforeAll(() => {
    ws = createNxWorkspace({ files: { 'specs/f/tasks.md': PLAN, 'src/a.ts': 'a\n' }, recordingTaskExecutor: true });
  });
  afterAll(() => ws?.cleanup());

  it.each([['status'], ['plan'], ['plan', '--format=json']])('nx run f:%s writes nothing', (target, ...flags) => {
    const result = ws.nx(['run', `f:${target}`, ...flags, '--output-style=static']);
    expect(result.tasks[`f:${target}`]).toBeDefined();
    expect(ws.read('specs/f/tasks.md')).toBe(PLAN);
    expect(ws.exists('specs/f/.nx-tasks-md')).toBe(false);
    expect(ws.exists('specs/f/.implementation-state.json')).toBe(false);
    expect(ws.exists('specs/f/implementation-report.md')).toBe(false);
    expect(ws.git(['status', '--porcelain'])).toBe('');
  });

  it('run-many -t status,plan writes nothing either', () => {
    ws.nx(['run-many', '-t', 'status,plan', '--output-style=static']);
    expect(ws.read('specs/f/tasks.md')).toBe(PLAN);
    expect(ws.git(['status', '--porcelain'])).toBe('');
  });

  it('a task target that ran puts back its own ownerless [>], and no other mark', () => {
    ws.nxOk(['run', 'f:T004', '--exclude-task-dependencies', '--output-style=static']);
    expect(ws.recordedRuns()).toEqual(['f:T004']);
    // The recording executor leaves the checkbox alone; the post hook resets only T004's stale mark.
    expect(ws.read('specs/f/tasks.md')).toBe(PLAN.replace('- [>] T004', '- [ ] T004'));
  });
});

describe('an implement command, for a plan it does not run', () => {
  let ws: NxWorkspace;
  const OWN_MARKS = PLAN.replace(/- \[>\] (T00[34])/g, '- [ ] $1');

  beforeAll(() => {
    ws = createNxWorkspace({
      files: { 'specs/f/tasks.md': OWN_MARKS, 'specs/g/tasks.md': '## Phase 1\n- [ ] T001 Create src/g.ts\n' },
      recordingTaskExecutor: true,
    });
  });
  afterAll(() => ws?.cleanup());

  it('leaves a plan with only its own [~] marks alone: no state file, same bytes', () => {
    ws.write('specs/g/tasks.md', '## Phase 1\n- [ ] T001 Create src/g.ts (changed)\n');
    ws.nxOk(['affected', '-t', 'implement', '--base=HEAD', '--output-style=static']);
    expect(ws.recordedRuns()).toEqual(['g:T001']);
    expect(ws.read('specs/f/tasks.md')).toBe(OWN_MARKS);
    expect(ws.exists('specs/f/.implementation-state.json')).toBe(false);
    expect(ws.exists('specs/f/.nx-tasks-md')).toBe(false);
  });
});
