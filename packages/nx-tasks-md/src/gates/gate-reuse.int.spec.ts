/**
 * Gates that already passed are not run again when nothing of theirs ran (real Nx): every gate
 * command appends the gate's name ($TASKS_MD_GATE) to tmp/gates.log, so the test counts which
 * gates ran in each `implement`.
 */
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(300_000);

const sh = (command: string) => `  \`\`\`sh\n  ${command}\n  \`\`\``;

const TASKS = `# Tasks: Sum

## Phase 1: User Story 1 - Sum (Priority: P1)

### Tests for User Story 1

- [ ] T001 [US1] Unit test for sum in \`work/tests/sum.test.js\`
${sh('mkdir -p work/tests && echo test > work/tests/sum.test.js')}

### Implementation for User Story 1

- [ ] T002 [US1] Implement sum in \`work/src/sum.js\`
${sh('mkdir -p work/src && echo impl > work/src/sum.js')}

## Phase 2: Polish

- [ ] T003 Describe it in \`work/README.md\`
${sh('echo readme > work/README.md')}
`;

// Red needs the test command to fail before T002, green to pass after it.
const TEST = 'mkdir -p tmp && echo $TASKS_MD_GATE >> tmp/gates.log && test -f work/src/sum.js';
const LINT = 'mkdir -p tmp && echo $TASKS_MD_GATE >> tmp/gates.log';

const projectJson = (test: string) =>
  JSON.stringify(
    { name: 'feature-001', metadata: { tasksMd: { gates: { test, final: { lint: LINT }, phases: [{ match: '*', run: [LINT] }] } } } },
    null,
    2,
  );

describe('gates that already passed (real Nx)', () => {
  let ws: NxWorkspace;
  let seen = 0;
  /** Gates that ran since the previous call. */
  const gatesRun = () => {
    const lines = ws.exists('tmp/gates.log') ? ws.read('tmp/gates.log').split('\n').filter(Boolean) : [];
    const fresh = lines.slice(seen);
    seen = lines.length;
    return fresh;
  };
  const implement = (...args: string[]) => ws.nxOk(['run', 'feature-001:implement', '--output-style=static', ...args]).stdout;

  beforeAll(() => {
    ws = createNxWorkspace({
      files: { 'specs/001-sum/tasks.md': TASKS, 'specs/001-sum/project.json': projectJson(TEST) },
      isolatePlugins: false,
    });
    implement();
    expect(gatesRun()).toEqual(['tdd-red-us1', 'tdd-green-us1', 'phase-1', 'phase-2', 'quality-gate', 'quality-gate']);
  });
  afterAll(() => ws?.cleanup());

  it('skips the green and phase gates of a finished feature, and says so', () => {
    const out = implement();
    expect(gatesRun()).toEqual([]);
    expect(out).toMatch(/tdd-green-us1: green gate of User Story 1 skipped: no task of it ran since it passed at \d{4}-\d\d-\d\dT[\d:.]+Z/);
    expect(out).toMatch(/phase-1 skipped: no task of Phase 1 ran since it passed at \d{4}-.*Z/);
    expect(out).toMatch(/phase-2 skipped/);
    expect(out).toMatch(/Quality checks skipped: no task ran since they all passed at \d{4}-.*Z \(--rerun-gates runs them\)/);
  });

  it('runs them all with --rerun-gates', () => {
    const out = implement('--rerun-gates');
    expect(gatesRun()).toEqual(['tdd-green-us1', 'phase-1', 'phase-2', 'quality-gate', 'quality-gate']);
    expect(out).not.toMatch(/skipped: no task/);
  });

  it('runs a gate whose unit ran a task, and only that one', () => {
    const tasks = ws.read('specs/001-sum/tasks.md');
    ws.write('specs/001-sum/tasks.md', tasks.replace('- [x] T003', '- [ ] T003'));
    implement();
    expect(gatesRun()).toEqual(['phase-2', 'quality-gate', 'quality-gate']);
    ws.write('specs/001-sum/tasks.md', ws.read('specs/001-sum/tasks.md').replace('- [x] T002', '- [ ] T002'));
    implement();
    expect(gatesRun()).toEqual(['tdd-green-us1', 'phase-1', 'quality-gate', 'quality-gate']);
  });

  it('runs a gate whose commands changed since it passed', () => {
    ws.write('specs/001-sum/project.json', projectJson(`${TEST} # v2`));
    implement();
    // The final checks include the test command: they run again too.
    expect(gatesRun()).toEqual(['tdd-green-us1', 'quality-gate', 'quality-gate']);
  });
});
