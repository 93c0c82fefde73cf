/**
 * A feature's project.json settings (`metadata.tasksMd`) reach every part of a run alike, with the
 * real nx binary: the executors, `status`, `implement --dry-run` and both hooks resolve them
 * through config/settings, so none of them sees another plan than the one Nx schedules.
 */
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(300_000);

const sh = (command: string) => ['  ```sh', `  ${command}`, '  ```'].join('\n');

const OPTIONAL = 'specs/001-optional/tasks.md';
const OPTIONAL_PLAN = `# Tasks: Optional

## Phase 1: Setup
- [ ] T001 Write out/one.txt
${sh('mkdir -p out && echo one > out/one.txt')}
- [ ]* T002 Write out/two.txt
${sh('mkdir -p out && echo two > out/two.txt')}
`;

const PARALLEL = 'specs/002-parallel/tasks.md';
const PARALLEL_PLAN = `# Tasks: Stories

## Phase 1: Foundational
- [ ] T001 Write out/base.txt

## Phase 2: User Story 1 - Sign in
- [ ] T002 [US1] Write out/a.txt

## Phase 3: User Story 2 - Export
- [ ] T003 [US2] Write out/b.txt

## Phase 4: Polish
- [ ] T004 Write out/polish.txt
`;

const STRICT = 'specs/003-strict/tasks.md';
const STRICT_PLAN = `# Tasks: Strict

## Phase 1: Setup
- [x] T001 Write out/first.txt
- [x] T002 Write out/second.txt

## Dependencies
- T001 depends on T002
`;

function jsonIn(output: string): { waves: string[][] | null } {
  return JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1));
}

/** The waves `implement --dry-run` prints (`wave 1: T001 (shell), T002 (shell)`). */
function dryRunWaves(output: string): string[][] {
  return [...output.matchAll(/^\s*wave \d+: (.*)$/gm)].map((m) => m[1].split(', ').map((entry) => entry.split(' ')[0]));
}

describe("a feature's project.json settings in a real run", () => {
  let ws: NxWorkspace;
  beforeAll(() => {
    ws = createNxWorkspace({
      files: {
        [OPTIONAL]: OPTIONAL_PLAN,
        'specs/001-optional/project.json': JSON.stringify({ metadata: { tasksMd: { includeOptional: true } } }),
        [PARALLEL]: PARALLEL_PLAN,
        'specs/002-parallel/project.json': JSON.stringify({ metadata: { tasksMd: { phaseParallelism: true } } }),
        [STRICT]: STRICT_PLAN,
        'specs/003-strict/project.json': JSON.stringify({ metadata: { tasksMd: { strictDependencies: true } } }),
      },
      pluginOptions: { runner: 'claude' },
    });
  });
  afterAll(() => ws?.cleanup());

  it('includeOptional in project.json reaches status, the pre-run hook and the post-run report', () => {
    expect(ws.nxOk(['run', 'feature-001:status', '--output-style=static']).stdout).toContain(`${OPTIONAL}: 0/2 done`);
    ws.nxOk(['run', 'feature-001:implement', '--output-style=static']);
    expect(ws.read('out/two.txt')).toBe('two\n');
    const state = JSON.parse(ws.read('specs/001-optional/.implementation-completed.json'));
    expect(state.run.include_optional).toBe(true);
    expect(state.metrics).toMatchObject({ total_tasks: 2, completed: 2 });
    expect(ws.read('specs/001-optional/implementation-report.md')).toContain('**2/2 tasks done**');
    expect(ws.nxOk(['run', 'feature-001:status', '--output-style=static']).stdout).toContain(`${OPTIONAL}: 2/2 done`);
  });

  it('phaseParallelism in project.json: implement --dry-run shows the waves plan shows and Nx runs', () => {
    const planned = jsonIn(ws.nxOk(['run', 'feature-002:plan', '--format=json', '--output-style=static']).stdout).waves;
    expect(planned).toEqual([['T001'], ['T002', 'T003'], ['T004']]);
    const dry = ws.nxOk(['run', 'feature-002:implement', '--dry-run', '--output-style=static']).stdout;
    expect(dryRunWaves(dry)).toEqual(planned);
  });

  it('strictDependencies in project.json: --restart-from leaves a plan with errors as it is', () => {
    ws.write(STRICT, STRICT_PLAN);
    const result = ws.nx(['run', 'feature-003:implement', '--restart-from', 'T001', '--output-style=static']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('strictDependencies makes this an error');
    expect(ws.read(STRICT)).toBe(STRICT_PLAN);
  });

  it('strictDependencies in project.json: a dry run of a plan with errors says nothing would run', () => {
    ws.write(STRICT, STRICT_PLAN);
    const result = ws.nx(['run', 'feature-003:implement', '--dry-run', '--output-style=static']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/would run/i);
    expect(ws.read(STRICT)).toBe(STRICT_PLAN);
  });
});
