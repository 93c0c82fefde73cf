/**
 * Gates with the real nx binary and a small real test project: tasks are shell tasks that copy
 * test and implementation files into place, the "test command" is `node --test` over the files
 * the tasks wrote, and every task and gate command appends its start and end to tmp/events.log.
 * One workspace, four features, one `run-many`: a plan that goes red then green, one whose tests
 * pass at once (stopped at red), one whose implementation leaves the tests failing (stopped at
 * green, then fixed and resumed) and one whose lint gate fails.
 */
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';
import { NOTHING_NEW } from './tdd-gate';

jest.setTimeout(300_000);

const EVENT = `const fs = require('node:fs');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const who = process.env.FEATURE_DIR + ':' + (process.env.TASK_ID || process.env.TASKS_MD_GATE);
exports.around = (body) => {
  fs.mkdirSync('tmp', { recursive: true });
  fs.appendFileSync('tmp/events.log', 'start ' + who + '\\n');
  sleep(150);
  let code = 0;
  try { code = body() || 0; } finally { sleep(150); fs.appendFileSync('tmp/events.log', 'end ' + who + '\\n'); }
  process.exitCode = code;
};
`;

const TOOLS: Record<string, string> = {
  'tools/event.js': EVENT,
  // node tools/put.js <destination> <fixture>: what a task writes.
  'tools/put.js': `const fs = require('node:fs'); const path = require('node:path');
require('./event').around(() => {
  const [dest, fixture] = process.argv.slice(2);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(path.join('fixtures', fixture + '.js'), dest);
});
`,
  'tools/run-tests.js': `const { spawnSync } = require('node:child_process');
require('./event').around(() => spawnSync(process.execPath, ['--test', process.argv[2]], { stdio: 'inherit' }).status);
`,
  'tools/lint.js': `const fs = require('node:fs'); const path = require('node:path');
require('./event').around(() => {
  const bad = [];
  const walk = (dir) => { for (const e of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const f = path.join(dir, e);
    if (fs.statSync(f).isDirectory()) walk(f); else if (fs.readFileSync(f, 'utf8').includes('console.log')) bad.push(f);
  } };
  walk(process.argv[2]);
  for (const f of bad) console.error(f + ': console.log left in');
  return bad.length ? 1 : 0;
});
`,
  'tools/coverage.js': `const fs = require('node:fs');
require('./event').around(() => {
  const [dir, pct] = process.argv.slice(2);
  fs.mkdirSync(dir + '/coverage', { recursive: true });
  fs.writeFileSync(dir + '/coverage/coverage-summary.json', JSON.stringify({ total: { lines: { pct: Number(pct) } } }));
});
`,
  'fixtures/package.js': '{ "name": "arithmetic" }\n',
  'fixtures/readme.js': '# arithmetic\n',
  'fixtures/sum-test.js': `const test = require('node:test'); const assert = require('node:assert');
test('sum adds', () => assert.strictEqual(require(process.cwd() + '/' + process.env.SRC + '/sum.js').sum(2, 3), 5));
`,
  'fixtures/product-test.js': `const test = require('node:test'); const assert = require('node:assert');
test('product multiplies', () => assert.strictEqual(require(process.cwd() + '/work/f1/src/product.js').product(2, 3), 6));
`,
  'fixtures/sum.js': 'exports.sum = (a, b) => a + b;\n',
  'fixtures/sum-wrong.js': 'exports.sum = (a, b) => a - b;\n',
  'fixtures/product.js': 'exports.product = (a, b) => a * b;\n',
  'fixtures/hollow-test.js': `const test = require('node:test'); const assert = require('node:assert');
test('always true', () => assert.ok(true));
`,
  'fixtures/greet.js': 'exports.greet = (name) => "hello " + name;\n',
  'fixtures/debug.js': 'console.log("debug");\n',
};

const put = (dest: string, fixture: string) => `  \`\`\`sh\n  node tools/put.js ${dest} ${fixture}\n  \`\`\``;

const GOOD = `# Tasks: Arithmetic

## Phase 1: Setup

- [ ] T001 Create the manifest \`work/f1/package.json\`
${put('work/f1/package.json', 'package')}

## Phase 2: User Story 1 - Arithmetic (Priority: P1)

### Tests for User Story 1

- [ ] T002 [P] [US1] Unit test for sum in \`work/f1/tests/sum.test.js\`
${put('work/f1/tests/sum.test.js', 'sum-test')}
- [ ] T003 [P] [US1] Unit test for product in \`work/f1/tests/product.test.js\`
${put('work/f1/tests/product.test.js', 'product-test')}

### Implementation for User Story 1

- [ ] T004 [P] [US1] Implement sum in \`work/f1/src/sum.js\`
${put('work/f1/src/sum.js', 'sum')}
- [ ] T005 [P] [US1] [DB] Implement product in \`work/f1/src/product.js\`
${put('work/f1/src/product.js', 'product')}

## Phase 3: Polish

- [ ] T006 Describe the package in \`work/f1/README.md\`
${put('work/f1/README.md', 'readme')}
`;

const HOLLOW = `# Tasks: Greeting

## Phase 1: User Story 1 - Greeting

### Tests for User Story 1

- [ ] T001 [US1] Unit test for greet in \`work/f2/tests/greet.test.js\`
${put('work/f2/tests/greet.test.js', 'hollow-test')}

### Implementation for User Story 1

- [ ] T002 [US1] Implement greet in \`work/f2/src/greet.js\`
${put('work/f2/src/greet.js', 'greet')}
`;

const BROKEN = `# Tasks: Subtraction by mistake

## Phase 1: Tests First (TDD)

- [ ] T001 Contract test for sum in \`work/f3/tests/sum.test.js\`
${put('work/f3/tests/sum.test.js', 'sum-test')}

## Phase 2: Core Implementation

- [ ] T002 Implement sum in \`work/f3/src/sum.js\`
${put('work/f3/src/sum.js', 'sum-wrong')}

## Phase 3: Polish

- [ ] T003 Describe it in \`work/f3/README.md\`
${put('work/f3/README.md', 'readme')}
`;

const LINT = `# Tasks: Noisy

## Phase 1: Setup

- [ ] T001 Create the entry point \`work/f4/src/index.js\`
${put('work/f4/src/index.js', 'debug')}

## Phase 2: Core

- [ ] T002 Implement the feature in \`work/f4/src/feature.js\`
${put('work/f4/src/feature.js', 'greet')}
`;

const project = (name: string, tasksMd: Record<string, unknown>) => JSON.stringify({ name, metadata: { tasksMd } }, null, 2);

const FILES: Record<string, string> = {
  ...TOOLS,
  'specs/001-good/tasks.md': GOOD,
  'specs/001-good/project.json': project('feature-001', {
    gates: {
      test: 'SRC=work/f1/src node tools/run-tests.js work/f1/tests',
      phases: [{ match: '*', run: ['node tools/lint.js work/f1'] }],
      final: {
        lint: 'node tools/lint.js work/f1',
        coverage: { command: 'node tools/coverage.js work/f1 85', summary: 'work/f1/coverage/coverage-summary.json', threshold: 80 },
      },
    },
  }),
  'specs/002-hollow/tasks.md': HOLLOW,
  'specs/002-hollow/project.json': project('feature-002', { gates: { test: 'node tools/run-tests.js work/f2/tests' } }),
  'specs/003-broken/tasks.md': BROKEN,
  'specs/003-broken/project.json': project('feature-003', {
    gates: {
      test: 'SRC=work/f3/src node tools/run-tests.js work/f3/tests',
      phases: [{ match: '*', run: ['SRC=work/f3/src node tools/run-tests.js work/f3/tests'] }],
    },
  }),
  'specs/004-lint/tasks.md': LINT,
  'specs/004-lint/project.json': project('feature-004', {
    gates: { tdd: false, phases: [{ match: 'Setup', run: ['node tools/lint.js work/f4'] }] },
  }),
};

const boxes = (text: string) => Object.fromEntries([...text.matchAll(/^- \[(.)\] (T\d+)/gm)].map((m) => [m[2], m[1]]));

interface Interval {
  who: string;
  start: number;
  end: number;
}

/** Start and end positions (line numbers) of everything that logged to tmp/events.log. */
function intervals(log: string): Interval[] {
  const open = new Map<string, number[]>();
  const done: Interval[] = [];
  log
    .split('\n')
    .filter(Boolean)
    .forEach((line, index) => {
      const [kind, who] = line.split(' ');
      if (kind === 'start') (open.get(who) ?? open.set(who, []).get(who)!).push(index);
      else done.push({ who, start: open.get(who)!.shift()!, end: index });
    });
  expect([...open.values()].flat()).toEqual([]);
  return done;
}

describe('gates in real Nx runs', () => {
  let ws: NxWorkspace;
  let run: ReturnType<NxWorkspace['nx']>;
  // A complete feature's state is archived as .implementation-completed.json.
  const state = (feature: string) =>
    JSON.parse(
      ws.exists(`specs/${feature}/.implementation-state.json`)
        ? ws.read(`specs/${feature}/.implementation-state.json`)
        : ws.read(`specs/${feature}/.implementation-completed.json`),
    );

  beforeAll(() => {
    ws = createNxWorkspace({ files: FILES, pluginOptions: { exclusive: [{ label: 'DB' }] }, isolatePlugins: false });
    run = ws.nx(['run-many', '-t', 'implement', '--parallel=3', '--output-style=static']);
  });
  afterAll(() => ws?.cleanup());

  it('passes a plan whose tests fail first and pass after the implementation', () => {
    expect(boxes(ws.read('specs/001-good/tasks.md'))).toEqual({ T001: 'x', T002: 'x', T003: 'x', T004: 'x', T005: 'x', T006: 'x' });
    expect(run.tasks['feature-001:implement']).toMatchObject({ status: 'success' });
    const s = state('001-good');
    expect(s.tdd_gates['tdd-red-us1']).toMatchObject({ gate: 'red', status: 'passed', exit_code: 1, tests: ['T002', 'T003'] });
    expect(s.tdd_gates['tdd-red-us1'].output_tail).toMatch(/fail 2/);
    expect(s.tdd_gates['tdd-green-us1']).toMatchObject({ gate: 'green', status: 'passed', exit_code: 0, implementation: ['T004', 'T005'] });
    expect(Object.keys(s.phase_gates).sort()).toEqual(['1', '2', '3']);
    expect(s.quality_gate.checks.map((c: { name: string; status: string }) => `${c.name} ${c.status}`)).toEqual([
      'test passed',
      'lint passed',
      'coverage passed',
    ]);
    expect(s.quality_gate.checks[2].coverage).toEqual({
      summary: 'work/f1/coverage/coverage-summary.json',
      metric: 'lines',
      pct: 85,
      threshold: 80,
    });
    const report = ws.read('specs/001-good/implementation-report.md');
    expect(report).toContain('## Gates');
    expect(report).toMatch(/\| tdd-red-us1 \| US1 \| fail \| pass \| 1 \|/);
    expect(report).toMatch(/\| coverage \| `node tools\/coverage.js work\/f1 85` \| pass \| 0 \| lines 85% ≥ 80% \|/);
    // The order Nx ran them in: tests, red, implementation, green, the phase gate.
    const order = intervals(ws.read('tmp/events.log')).filter((i) => i.who.startsWith('specs/001-good:'));
    const at = (who: string) => order.find((i) => i.who === `specs/001-good:${who}`)!;
    for (const test of ['T002', 'T003']) expect(at(test).end).toBeLessThan(at('tdd-red-us1').start);
    for (const impl of ['T004', 'T005']) {
      expect(at('tdd-red-us1').end).toBeLessThan(at(impl).start);
      expect(at(impl).end).toBeLessThan(at('tdd-green-us1').start);
    }
    expect(at('tdd-green-us1').end).toBeLessThan(at('phase-2').start);
    expect(run.stdout).toMatch(/Quality checks: all passed/);
  });

  it('stops a plan at red when its new tests pass before any implementation', () => {
    expect(boxes(ws.read('specs/002-hollow/tasks.md'))).toEqual({ T001: 'x', T002: ' ' });
    expect(run.tasks['feature-002:tdd-red-us1']).toMatchObject({ status: 'failure' });
    expect(run.tasks['feature-002:T002']?.status).not.toBe('success');
    expect(state('002-hollow').tdd_gates['tdd-red-us1']).toMatchObject({ status: 'failed', exit_code: 0, message: NOTHING_NEW });
    expect(ws.exists('work/f2/src/greet.js')).toBe(false);
    expect(ws.read('specs/002-hollow/implementation-report.md')).toContain(NOTHING_NEW);
  });

  it('stops a plan at green when the implementation leaves the tests failing', () => {
    expect(boxes(ws.read('specs/003-broken/tasks.md'))).toEqual({ T001: 'x', T002: 'x', T003: ' ' });
    const s = state('003-broken');
    expect(s.tdd_gates['tdd-red-1']).toMatchObject({ status: 'passed' });
    expect(s.tdd_gates['tdd-green-1']).toMatchObject({ status: 'failed', exit_code: 1 });
    expect(s.tdd_gates['tdd-green-1'].output_tail).toMatch(/sum adds/);
    // The test phase's own gate does not run the suite while its tests fail by design.
    expect(s.phase_gates['1'].commands[0]).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/fail by design until tdd-green-1/),
    });
    expect(s.phase_gates['2']).toBeUndefined();
    expect(ws.exists('work/f3/README.md')).toBe(false);
  });

  it('stops the next phase when a lint gate fails', () => {
    expect(boxes(ws.read('specs/004-lint/tasks.md'))).toEqual({ T001: 'x', T002: ' ' });
    const s = state('004-lint');
    expect(s.phase_gates['1']).toMatchObject({
      status: 'failed',
      commands: [{ command: 'node tools/lint.js work/f4', status: 'failed', exit_code: 1 }],
    });
    expect(s.phase_gates['1'].commands[0].output_tail).toContain('work/f4/src/index.js: console.log left in');
    expect(s.tdd_gates).toBeUndefined();
    expect(run.code).not.toBe(0);
  });

  it('never runs a gate or an exclusive task beside anything else', () => {
    const all = intervals(ws.read('tmp/events.log'));
    const exclusive = all.filter((i) => /:(phase-|tdd-|quality-gate)/.test(i.who) || i.who === 'specs/001-good:T005');
    expect(exclusive.length).toBeGreaterThan(8);
    // Something did run side by side, so the check below can fail.
    const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;
    expect(all.some((a) => all.some((b) => a !== b && overlaps(a, b)))).toBe(true);
    for (const gate of exclusive) {
      expect({ gate: gate.who, beside: all.filter((other) => other !== gate && overlaps(gate, other)).map((o) => o.who) }).toEqual({
        gate: gate.who,
        beside: [],
      });
    }
  });

  it('resumes after the implementation is fixed: red is skipped, green and the later phases run', () => {
    ws.write('work/f3/src/sum.js', 'exports.sum = (a, b) => a + b;\n');
    const resumed = ws.nx(['run', 'feature-003:implement', '--output-style=static']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/tdd-red-1 \(Phase 1 Tests First \(TDD\)\): red skipped: implementation already started \(T002\)/);
    expect(boxes(ws.read('specs/003-broken/tasks.md'))).toEqual({ T001: 'x', T002: 'x', T003: 'x' });
    const s = state('003-broken');
    expect(s.tdd_gates['tdd-red-1']).toMatchObject({ status: 'skipped' });
    expect(s.tdd_gates['tdd-red-1'].message).toMatch(/last proven passed at/);
    expect(s.tdd_gates['tdd-green-1']).toMatchObject({ status: 'passed', exit_code: 0 });
    expect(s.phase_gates['2'].commands[0]).toMatchObject({ status: 'passed', exit_code: 0 });
    expect(s.quality_gate.checks).toEqual([expect.objectContaining({ name: 'test', status: 'passed' })]);
  });
});
