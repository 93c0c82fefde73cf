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

describe("a feature's project.json settings in a real run", () => {
  let ws: NxWorkspace;
  beforeAll(() => {
    ws = createNxWorkspace({
      files: {
        [OPTIONAL]: OPTIONAL_PLAN,
        'specs/001-optional/project.json': JSON.stringify({ metadata: { tasksMd: { includeOptional: true } } }),
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
});
