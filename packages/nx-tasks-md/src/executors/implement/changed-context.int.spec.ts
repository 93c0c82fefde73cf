/**
 * A finished feature whose spec changed (real Nx, a workspace in git): `implement` runs nothing, as
 * before, but says which context documents changed since its tasks ran and how to redo them.
 */
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(240_000);

const sh = (command: string) => `  \`\`\`sh\n  ${command}\n  \`\`\``;

const TASKS = `# Tasks: Greeting

## Phase 1: Setup

- [ ] T001 Create \`work/a.txt\`
${sh('mkdir -p work && echo a > work/a.txt')}
- [ ] T002 Create \`work/b.txt\`
${sh('echo b > work/b.txt')}

## Phase 2: Core

- [ ] T003 Create \`work/c.txt\`
${sh('echo c > work/c.txt')}
`;

describe('implement on a finished feature whose documents changed (real Nx)', () => {
  let ws: NxWorkspace;
  const implement = (...args: string[]) => ws.nxOk(['run', 'feature-001:implement', '--output-style=static', ...args]).stdout;

  beforeAll(() => {
    ws = createNxWorkspace({
      files: {
        '.gitignore': 'node_modules\n.nx\n.test-records\nwork\n**/.nx-tasks-md/\n**/.implementation-*.json\n**/implementation-report.md\n',
        'specs/001-greet/tasks.md': TASKS,
        'specs/001-greet/spec.md': '# Spec\n\nSay hello.\n',
        'specs/001-greet/plan.md': '# Plan\n',
      },
      isolatePlugins: false,
    });
    implement();
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'implemented']);
  });
  afterAll(() => ws?.cleanup());

  it('keeps its short message when nothing changed', () => {
    const out = implement();
    expect(out).toMatch(/3\/3 tasks done · 0 ran · 0 restored from cache/);
    expect(out).not.toMatch(/changed since/);
  });

  it('names the changed documents and suggests --restart-from, through nx run and nx affected', () => {
    ws.write('specs/001-greet/spec.md', '# Spec\n\nSay hello and goodbye.\n');
    const out = implement();
    expect(out).toMatch(/3\/3 tasks done · 0 ran/);
    expect(out).toContain(
      '3 tasks already complete; spec.md changed since they ran: nx run feature-001:implement --restart-from T001 to redo',
    );
    expect(ws.read('work/c.txt')).toBe('c\n');

    const affected = ws.nxOk(['affected', '-t', 'implement', '--base=HEAD', '--output-style=static']);
    expect(affected.tasks['feature-001:implement']).toMatchObject({ status: 'success' });
    expect(affected.stdout).toContain('spec.md changed since they ran: nx run feature-001:implement --restart-from T001 to redo');
  });

  it('names only the tasks that ran before the change', () => {
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'spec v2']);
    implement('--restart-from', 'T003');
    ws.write('specs/001-greet/contracts/api.yaml', 'openapi: 3.1.0\n');
    ws.write('specs/001-greet/plan.md', '# Plan v2\n');
    ws.write('specs/001-greet/tasks.md', ws.read('specs/001-greet/tasks.md').replace('- [x] T003', '- [ ] T003'));
    const out = implement();
    expect(out).toMatch(/1 ran/);
    expect(out).toContain(
      '2 of 3 tasks ran before contracts/api.yaml (new), plan.md, spec.md changed: nx run feature-001:implement --restart-from T001 to redo',
    );
  });
});
