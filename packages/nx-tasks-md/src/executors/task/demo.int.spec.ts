/**
 * The bundled demo (specs/001-demo, the README's Quick start), run in a temporary copy of a
 * workspace: it must finish offline with no agent, and a second run must execute nothing. The demo
 * is read as committed: the Quick start itself ticks the working copy's boxes.
 */
import { committedFile } from '../../testing/committed-file';
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(180_000);

const DEMO = 'specs/001-demo';

describe('the demo feature', () => {
  let ws: NxWorkspace;
  const original = committedFile(`${DEMO}/tasks.md`);

  beforeAll(() => {
    const files: Record<string, string> = {};
    for (const name of ['spec.md', 'plan.md', 'tasks.md', '.gitignore']) {
      files[`${DEMO}/${name}`] = committedFile(`${DEMO}/${name}`);
    }
    ws = createNxWorkspace({ files });
  });
  afterAll(() => ws?.cleanup());

  it('runs every task with its own shell commands and ticks every box', () => {
    const result = ws.nx(['run', 'feature-001:implement', '--output-style=static']);
    expect(result.code).toBe(0);
    expect(ws.read(`${DEMO}/tasks.md`)).toBe(original.replace(/- \[ \]/g, '- [x]'));
    expect(ws.read('tmp/demo/out/verified.txt')).toMatch(/^\d+ files verified\n$/);
    expect(ws.read('tmp/demo/out/report.md')).toContain('| mean |');
    const report = ws.read(`${DEMO}/implementation-report.md`);
    expect(report).toMatch(/\*\*9\/9 tasks done\*\* · 9 ran/);
    expect(report).toContain('section Phase 2 Inputs');
    // Only the checkboxes change in tracked files; what the run leaves is ignored by the demo's .gitignore.
    const status = ws
      .git(['status', '--porcelain'])
      .split('\n')
      .map((line) => line.trim());
    expect(status).toEqual([`M ${DEMO}/tasks.md`, '?? tmp/']);
  });

  it('executes nothing the second time', () => {
    const result = ws.nx(['run', 'feature-001:implement', '--output-style=static']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('running with');
    expect(result.stdout).toContain('T009 already complete');
  });
});
