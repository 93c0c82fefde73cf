/**
 * A mistyped flag or runner on a run of feature targets is an error before anything runs, with the
 * real nx binary: Nx itself hands unknown flags to implement, which would run the plan as if the
 * flag were not there.
 */
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(180_000);

const TASKS_FILE = 'specs/001-flags/tasks.md';
const PLAN = `# Tasks: Flags

## Phase 1: Setup
- [ ] T001 Write out/one.txt
  \`\`\`sh
  mkdir -p out && echo one > out/one.txt
  \`\`\`
- [ ] T002 Write out/two.txt
  \`\`\`sh
  echo two > out/two.txt
  \`\`\`
`;

describe('flags of a run', () => {
  let ws: NxWorkspace;
  beforeAll(() => {
    ws = createNxWorkspace({
      files: {
        [TASKS_FILE]: PLAN,
        'specs/001-flags/project.json': JSON.stringify({
          metadata: { tasksMd: { runners: { 'my-agent': { command: ['my-agent', '{prompt}'] } } } },
        }),
        // Another plugin's project: flags on its targets are its business.
        'apps/web/project.json': JSON.stringify({
          name: 'web',
          targets: { build: { executor: 'nx:run-commands', options: { command: 'echo built {args.flavour}' } } },
        }),
      },
      pluginOptions: { runners: { reviewer: { extends: 'claude' } } },
    });
  });
  afterAll(() => ws?.cleanup());

  const untouched = () => {
    expect(ws.read(TASKS_FILE)).toBe(PLAN);
    expect(ws.exists('out')).toBe(false);
    expect(ws.exists('specs/001-flags/.implementation-state.json')).toBe(false);
  };

  it('refuses a mistyped flag before any task runs, naming it and the flag it meant', () => {
    const result = ws.nx(['run', 'feature-001:implement', '--restart-form', 'T002', '--output-style=static']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('unknown option --restart-form; did you mean --restart-from?');
    expect(result.tasks).toEqual({});
    untouched();
  });

  it('refuses an unknown flag on a single task target and in run-many, camelCase or not', () => {
    const single = ws.nx(['run', 'feature-001:T001', '--includeOptinal']);
    expect(single.code).not.toBe(0);
    expect(single.stdout + single.stderr).toContain('unknown option --includeOptinal; did you mean --include-optional?');
    const many = ws.nx(['run-many', '-t', 'implement', '-p', 'feature-001', '--frobnicate']);
    expect(many.code).not.toBe(0);
    expect(many.stdout + many.stderr).toMatch(/unknown option --frobnicate; nx-tasks-md targets take .*--restart-from/);
    untouched();
  });

  it('refuses an unknown runner before any task runs, suggesting the closest one', () => {
    const result = ws.nx(['run', 'feature-001:implement', '--run-with', 'clade', '--output-style=static']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(
      '--run-with clade: unknown runner "clade" (did you mean claude?); known: shell, claude',
    );
    expect(result.stdout + result.stderr).toContain('reviewer, my-agent');
    expect(result.tasks).toEqual({});
    untouched();
  });

  it("leaves flags on other plugins' targets alone", () => {
    const result = ws.nx(['run', 'web:build', '--flavour=vanilla', '--output-style=static']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('built vanilla');
  });

  it("runs with Nx's own flags, ours in every spelling, and the runners nx.json and project.json define", () => {
    // Runner names are checked, not used, by --dry-run: neither my-agent nor claude need be installed.
    for (const runner of ['my-agent', 'reviewer']) {
      const dry = ws.nx(['run', 'feature-001:implement', '--dry-run', `--runWith=${runner}`, '--verbose']);
      expect([runner, dry.code]).toEqual([runner, 0]);
    }
    const result = ws.nx([
      'run',
      'feature-001:implement',
      '--parallel=2',
      '--skip-nx-cache',
      '--no-include-optional',
      '--nxBail',
      '--output-style=static',
      '--run-with',
      'shell',
    ]);
    expect(result.code).toBe(0);
    expect(ws.read(TASKS_FILE)).toBe(PLAN.replace(/- \[ \]/g, '- [x]'));
    expect(ws.read('out/two.txt')).toBe('two\n');
  });
});
