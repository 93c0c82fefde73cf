import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { analyzeFeature } from '../feature/analyze-feature';
import { readState } from '../state/state-file';
import { resolveGateConfig, type GateSettings } from './config';
import { readCoverage, runQualityGate } from './quality-gate';
import { renderQualitySummary } from './report';

const TASKS_FILE = 'specs/001-x/tasks.md';

describe('the final quality gate', () => {
  let root: string;
  const printed: string[] = [];
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const run = (settings: GateSettings, dryRun = false) =>
    runQualityGate({
      workspaceRoot: root,
      tasksFile: TASKS_FILE,
      config: resolveGateConfig(settings),
      output: quiet,
      dryRun,
      print: (l) => printed.push(l),
    });
  const summary = (pct: number) => JSON.stringify({ total: { lines: { pct }, branches: { pct: 50 } } });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-tasks-md-quality-'));
    mkdirSync(join(root, 'specs/001-x'), { recursive: true });
    writeFileSync(join(root, TASKS_FILE), '# Tasks\n- [x] T001 Do it\n');
    printed.length = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs every check, also after one failed, and reports each', async () => {
    writeFileSync(join(root, 'summary.json'), summary(91.5));
    const result = await run({
      gates: {
        test: 'echo tests ok',
        final: { build: 'echo "TS2322 in a.ts"; exit 2', lint: 'true', coverage: { summary: 'summary.json', threshold: 90 } },
      },
    });
    expect(result.success).toBe(false);
    expect(result.record?.checks.map((c) => [c.name, c.status, c.message ?? ''])).toEqual([
      ['test', 'passed', ''],
      ['build', 'failed', 'exit code 2'],
      ['lint', 'passed', ''],
      ['coverage', 'passed', 'lines 91.5% ≥ 90%'],
    ]);
    expect(readState(join(root, 'specs/001-x/.implementation-state.json'))?.quality_gate).toEqual(result.record);
    expect(renderQualitySummary(result.record!).replace(/\s+$/gm, '')).toBe(
      [
        'Quality checks: FAILED',
        '  ✔ test      echo tests ok',
        '  ✘ build     echo "TS2322 in a.ts"; exit 2 (exit code 2)',
        '  ✔ lint      true',
        '  ✔ coverage  read summary.json (lines 91.5% ≥ 90%)',
      ].join('\n'),
    );
  });

  it('fails coverage below the threshold, or when the summary is missing, after running its command', async () => {
    const below = await run({
      gates: { final: { coverage: { command: `echo '${summary(72)}' > cov.json`, summary: 'cov.json', threshold: 80 } } },
    });
    expect(below.record?.checks[0]).toMatchObject({
      name: 'coverage',
      status: 'failed',
      exit_code: 0,
      message: 'lines 72% < 80%',
      coverage: { summary: 'cov.json', metric: 'lines', pct: 72, threshold: 80 },
    });
    const missing = await run({ gates: { final: { coverage: { summary: 'none.json', threshold: 80, metric: 'branches' } } } });
    expect(missing.record?.checks[0]).toMatchObject({
      status: 'failed',
      message: 'the coverage summary file does not exist',
      coverage: { pct: null },
    });
  });

  it('reuses a pass when no task ran since, unless the checks changed or --rerun-gates', async () => {
    const doc = analyzeFeature('# Tasks\n- [x] T001 Do it\n', { tasksFile: TASKS_FILE, workspaceRoot: root }).doc;
    const count = (extra = '') => ({ gates: { test: `echo run >> count.log${extra}` } });
    const reuse = (settings: GateSettings, forceRun = false) =>
      runQualityGate({ workspaceRoot: root, tasksFile: TASKS_FILE, config: resolveGateConfig(settings), output: quiet, doc, forceRun });
    const runs = () => readFileSync(join(root, 'count.log'), 'utf8').split('\n').filter(Boolean).length;
    const first = await reuse(count());
    expect(runs()).toBe(1);
    const second = await reuse(count());
    expect(runs()).toBe(1);
    expect(second).toEqual({ success: true, record: first.record, reusedPassAt: first.record!.ended_at });
    expect(renderQualitySummary(second.record!, second.reusedPassAt).split('\n')[0]).toBe(
      `Quality checks skipped: no task ran since they all passed at ${first.record!.ended_at} (--rerun-gates runs them):`,
    );
    await reuse(count(), true);
    expect(runs()).toBe(2);
    await reuse(count(' # other'));
    expect(runs()).toBe(3);
  });

  it('reads the total of the chosen metric from an istanbul summary', () => {
    writeFileSync(join(root, 's.json'), summary(80));
    expect(readCoverage(join(root, 's.json'), 'branches')).toEqual({ pct: 50 });
    expect(readCoverage(join(root, 's.json'), 'functions')).toEqual({ error: 'the coverage summary has no numeric total.functions.pct' });
    writeFileSync(join(root, 'bad.json'), '{');
    expect(readCoverage(join(root, 'bad.json'), 'lines')).toMatchObject({
      error: expect.stringMatching(/^cannot read the coverage summary/),
    });
  });

  it('does nothing without checks, and only describes them in a dry run', async () => {
    expect(await run({})).toEqual({ success: true });
    expect(await run({ gates: { test: 'npm test' } }, true)).toEqual({ success: true });
    expect(printed).toEqual(['Dry run: the quality gate would run test (`npm test`).']);
    expect(readState(join(root, 'specs/001-x/.implementation-state.json'))).toBeUndefined();
  });
});
