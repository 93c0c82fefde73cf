import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { analyzeFeature } from '../feature/analyze-feature';
import { readState } from '../state/state-file';
import { resolveGateConfig, type GateSettings } from './config';
import { runPhaseGate } from './phase-gate';
import { runTddGate } from './tdd-gate';

const TASKS_FILE = 'specs/001-x/tasks.md';
const PLAN = `# Tasks
## Phase 1: Tests First (TDD)
- [x] T001 Contract test for sum
## Phase 2: Core
- [ ] T002 Implement sum
`;

describe('phase gates', () => {
  let root: string;
  const printed: string[] = [];
  let output = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += chunk.toString();
      done();
    },
  });
  const analysis = () => analyzeFeature(PLAN, { tasksFile: TASKS_FILE, workspaceRoot: root });
  const state = () => readState(join(root, 'specs/001-x/.implementation-state.json'));
  const run = (settings: GateSettings, phaseKey = '1') =>
    runPhaseGate({
      workspaceRoot: root,
      tasksFile: TASKS_FILE,
      analysis: analysis(),
      config: resolveGateConfig(settings),
      phase: analysis().doc.phases.find((p) => p.key === phaseKey)!,
      target: `phase-${phaseKey}`,
      print: (l) => printed.push(l),
      printError: (l) => printed.push(`ERR ${l}`),
      output: sink,
    });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-tasks-md-gate-'));
    mkdirSync(join(root, 'specs/001-x'), { recursive: true });
    writeFileSync(join(root, TASKS_FILE), PLAN);
    printed.length = 0;
    output = '';
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes without commands and records nothing', async () => {
    expect(await run({ gates: { phases: [{ match: 'Polish', run: ['exit 1'] }] } })).toEqual({ success: true });
    expect(state()).toBeUndefined();
  });

  it('runs the commands in the workspace root with the feature in the environment and records each', async () => {
    const result = await run({ gates: { phases: [{ match: '*', run: ['echo "$TASKS_MD_GATE $FEATURE_DIR"; pwd'] }] } });
    expect(result.success).toBe(true);
    expect(output).toContain(`phase-1 specs/001-x\n${root}\n`);
    expect(state()?.phase_gates?.['1']).toMatchObject({
      status: 'passed',
      log: 'specs/001-x/.nx-tasks-md/logs/phase-1.log',
      commands: [
        { command: 'echo "$TASKS_MD_GATE $FEATURE_DIR"; pwd', status: 'passed', exit_code: 0, output_tail: `phase-1 specs/001-x\n${root}` },
      ],
    });
    expect(printed).toEqual(['phase-1 passed: `echo "$TASKS_MD_GATE $FEATURE_DIR"; pwd` passed.']);
  });

  it('stops at the first failing command and says so', async () => {
    const result = await run({
      gates: { phases: [{ match: 'Tests', run: ['echo lint ok', 'echo "3 problems" >&2; exit 2', 'echo never'] }] },
    });
    expect(result.success).toBe(false);
    expect(result.record?.commands.map((c) => [c.status, c.exit_code ?? null, c.message ?? ''])).toEqual([
      ['passed', 0, ''],
      ['failed', 2, 'exit code 2'],
      ['skipped', null, 'not run: an earlier command of this gate failed'],
    ]);
    expect(output).not.toContain('never');
    expect(printed.at(-1)).toBe(
      'ERR phase-1 failed: `echo "3 problems" >&2; exit 2` exit code 2. The phases after it do not run. Log: specs/001-x/.nx-tasks-md/logs/phase-1.log',
    );
    expect(readFileSync(join(root, 'specs/001-x/.nx-tasks-md/logs/phase-1.log'), 'utf8')).toContain('3 problems\n# exit code 2');
  });

  it('fails a command that times out, stopping what it started', async () => {
    const result = await run({ gates: { phases: [{ match: '1', run: ['sleep 30'], timeout: 0.2 }] } });
    expect(result.record?.commands[0]).toMatchObject({ status: 'failed', message: 'timed out after 200ms; its process tree was stopped' });
  });

  it('does not run the TDD test command while a unit is between red and green', async () => {
    const settings = { gates: { test: 'exit 1', phases: [{ match: '*', run: ['echo lint', 'exit 1'] }] } };
    await runTddGate({
      workspaceRoot: root,
      tasksFile: TASKS_FILE,
      analysis: analysis(),
      config: resolveGateConfig(settings),
      unit: '1',
      gate: 'red',
      print: () => undefined,
      output: sink,
    });
    const result = await run(settings);
    expect(result.success).toBe(true);
    expect(result.record?.commands.map((c) => c.status)).toEqual(['passed', 'skipped']);
    expect(result.record?.commands[1].message).toBe(
      'not run: the new tests of Phase 1 Tests First (TDD) fail by design until tdd-green-1 passes',
    );
  });
});
