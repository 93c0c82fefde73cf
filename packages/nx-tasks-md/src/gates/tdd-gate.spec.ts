import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { analyzeFeature } from '../feature/analyze-feature';
import { readState } from '../state/state-file';
import { resolveGateConfig } from './config';
import { openTddUnits, redSkipReason, runTddGate, NOTHING_NEW } from './tdd-gate';
import { findTddUnits } from './tdd-units';

const TASKS_FILE = 'specs/001-x/tasks.md';
const plan = (boxes: { T003?: string } = {}) => `# Tasks
## Phase 1: User Story 1 - Sum
### Tests for User Story 1
- [x] T001 [US1] Unit test for sum
- [x] T002 [US1] Unit test for difference
### Implementation for User Story 1
- [${boxes.T003 ?? ' '}] T003 [US1] Implement sum
- [ ] T004 [US1] Implement difference
`;

describe('TDD gates', () => {
  let root: string;
  const lines: string[] = [];
  const write = (text: string) => {
    mkdirSync(join(root, 'specs/001-x'), { recursive: true });
    writeFileSync(join(root, TASKS_FILE), text);
  };
  const analysis = () => analyzeFeature(readFileSync(join(root, TASKS_FILE), 'utf8'), { tasksFile: TASKS_FILE, workspaceRoot: root });
  const state = () => readState(join(root, 'specs/001-x/.implementation-state.json'));
  const gate = (gateKind: 'red' | 'green', command: string) =>
    runTddGate({
      workspaceRoot: root,
      tasksFile: TASKS_FILE,
      analysis: analysis(),
      config: resolveGateConfig({ gates: { test: command } }),
      unit: 'us1',
      gate: gateKind,
      print: (l) => lines.push(l),
      printError: (l) => lines.push(`ERR ${l}`),
      output: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-tasks-md-tdd-'));
    lines.length = 0;
    write(plan());
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes red when the test command fails and records the verdict', async () => {
    const result = await gate('red', 'echo "2 failing"; exit 1');
    expect(result.success).toBe(true);
    expect(state()?.tdd_gates?.['tdd-red-us1']).toMatchObject({
      unit: 'us1',
      gate: 'red',
      status: 'passed',
      command: 'echo "2 failing"; exit 1',
      exit_code: 1,
      output_tail: '2 failing',
      tests: ['T001', 'T002'],
      implementation: ['T003', 'T004'],
      log: 'specs/001-x/.nx-tasks-md/logs/tdd-red-us1.log',
    });
    const log = readFileSync(join(root, 'specs/001-x/.nx-tasks-md/logs/tdd-red-us1.log'), 'utf8');
    expect(log).toContain('$ echo "2 failing"; exit 1\n2 failing\n# exit code 1 after');
  });

  it('fails red when the new tests already pass', async () => {
    const result = await gate('red', 'true');
    expect(result).toMatchObject({ success: false, message: NOTHING_NEW });
    expect(state()?.tdd_gates?.['tdd-red-us1']).toMatchObject({ status: 'failed', exit_code: 0, message: NOTHING_NEW });
    expect(lines.at(-1)).toMatch(/^ERR tdd-red-us1 \(User Story 1\) failed: the new tests already pass/);
  });

  it('fails either gate when the test command cannot run', async () => {
    expect(await gate('red', 'no-such-test-runner-here')).toMatchObject({
      success: false,
      message: 'the test command did not run to a result: command not found (exit code 127)',
    });
    expect((await gate('green', 'no-such-test-runner-here')).success).toBe(false);
  });

  it('passes green only when the tests pass', async () => {
    expect((await gate('green', 'exit 1')).message).toBe('the tests still fail (exit code 1) after the implementation of User Story 1');
    expect((await gate('green', 'exit 0')).success).toBe(true);
    expect(state()?.tdd_gates?.['tdd-green-us1']).toMatchObject({ status: 'passed', exit_code: 0, gate: 'green' });
  });

  it('skips red on a resume once the implementation started or green passed, keeping the last proof in the message', async () => {
    await gate('red', 'exit 1');
    write(plan({ T003: 'x' }));
    const result = await gate('red', 'true');
    expect(result).toMatchObject({
      success: true,
      message: 'tdd-red-us1 (User Story 1): red skipped: implementation already started (T003).',
    });
    expect(state()?.tdd_gates?.['tdd-red-us1']).toMatchObject({ status: 'skipped' });
    expect(state()?.tdd_gates?.['tdd-red-us1'].message).toMatch(
      /^red skipped: implementation already started \(T003\); last proven passed at /,
    );

    write(plan());
    await gate('green', 'true');
    const a = analysis();
    const unit = findTddUnits(a.doc, a.graph)[0];
    expect(redSkipReason(unit, a.doc, state())).toMatch(/^green already passed \(/);
    expect(redSkipReason(unit, a.doc, undefined)).toBeUndefined();
  });

  it('knows which units have failing tests by design (red newer than a passed green)', async () => {
    const config = resolveGateConfig({ gates: { test: 'x' } });
    expect(openTddUnits(analysis(), config, state())).toEqual([]);
    await gate('red', 'exit 1');
    expect(openTddUnits(analysis(), config, state())).toEqual([{ key: 'us1', label: 'User Story 1', green: 'tdd-green-us1' }]);
    await gate('green', 'exit 1');
    expect(openTddUnits(analysis(), config, state())).toHaveLength(1);
    await gate('green', 'exit 0');
    expect(openTddUnits(analysis(), config, state())).toEqual([]);
    // Every later run of the finished unit skips red (green passed): that does not make its tests
    // fail by design again; after a restart (tasks unticked) it does.
    write(plan({ T003: 'x' }).replace('- [ ] T004', '- [x] T004'));
    expect((await gate('red', 'exit 1')).message).toMatch(/red skipped: green already passed/);
    expect(openTddUnits(analysis(), config, state())).toEqual([]);
    write(plan());
    expect((await gate('red', 'exit 1')).message).toMatch(/red skipped: green already passed/);
    expect(openTddUnits(analysis(), config, state())).toHaveLength(1);
  });

  it('fails for a unit the plan no longer has, and does nothing when TDD is off', async () => {
    const base = {
      workspaceRoot: root,
      tasksFile: TASKS_FILE,
      analysis: analysis(),
      gate: 'red' as const,
      print: () => undefined,
      printError: () => undefined,
    };
    expect(await runTddGate({ ...base, config: resolveGateConfig({ gates: { test: 'x' } }), unit: 'us9' })).toMatchObject({
      success: false,
    });
    expect(await runTddGate({ ...base, config: resolveGateConfig({}), unit: 'us1' })).toMatchObject({ success: true });
    expect(state()).toBeUndefined();
  });
});
