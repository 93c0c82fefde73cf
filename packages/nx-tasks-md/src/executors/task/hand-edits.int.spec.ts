/**
 * A real `nx run feature-001:implement` (a stand-in agent, three tasks at a time) while two editor
 * processes keep saving tasks.md by hand: every task ends `[x]`, and no line added or box ticked by
 * hand is lost.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type FakeAgent } from '../../testing/fake-agent';
import { HAND_EDITOR, handItems } from '../../testing/hand-editor';
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(180_000);

const TASKS_FILE = 'specs/001-edit/tasks.md';
const EDITORS = 2;
const HAND_BOXES = 20;
const IDS = Array.from({ length: 15 }, (_, i) => `T${String(i + 1).padStart(3, '0')}`);
const PLAN = [
  '# Tasks: Edited while running',
  '',
  '## Phase 1: Setup',
  '',
  `- [ ] T001 Create src/setup.ts`,
  '',
  '## Phase 2: Parts',
  '',
  ...IDS.slice(1).map((id, i) => `- [ ] ${id} [P] Create src/part-${i + 2}.ts`),
  '',
  handItems(EDITORS, HAND_BOXES),
].join('\n');

describe('hand edits during a real implement run', () => {
  let ws: NxWorkspace;
  let agent: FakeAgent;
  beforeAll(() => {
    agent = createFakeAgent();
    ws = createNxWorkspace({ files: { [TASKS_FILE]: PLAN }, pluginOptions: FAKE_AGENT_PLUGIN_OPTIONS });
  });
  afterAll(() => {
    ws?.cleanup();
    agent?.cleanup();
  });

  it('keeps every hand edit and ticks every task', async () => {
    const file = join(ws.root, TASKS_FILE);
    const stop = join(ws.root, 'stop-editing');
    const editors = Array.from({ length: EDITORS }, (_, e) => {
      const child = spawn(process.execPath, ['-e', HAND_EDITOR, file, `e${e}`, stop, String(HAND_BOXES)]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr })),
      );
    });
    const startedAt = Date.now();
    const run = ws.nx(['run', 'feature-001:implement', '--parallel=3', '--output-style=static'], {
      env: { ...agent.env, FAKE_AGENT_SLEEP_MS: '300' },
    });
    fs.writeFileSync(stop, '');
    const edited = await Promise.all(editors);
    expect(edited.filter((e) => e.code !== 0).map((e) => e.stderr)).toEqual([]);
    const text = ws.read(TASKS_FILE);
    const edits: string[] = edited.flatMap((e) => JSON.parse(e.stdout));
    const lost = edits.filter((edit) => !text.includes(edit));
    if (process.env.NX_TASKS_MD_TIMING)
      console.log(`${edits.length} hand edits during a ${Date.now() - startedAt} ms run; lost ${lost.length}`);
    expect({ code: run.code, output: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, output: '' });
    expect(edits.length).toBeGreaterThan(5);
    // A save that lands in the moment between the update's last comparison and its rename is lost
    // (README, "Editing tasks.md during a run"): no lock binds an editor. On a loaded machine that
    // window is hit now and then; more than one loss in a run means the comparison failed.
    expect(lost.length).toBeLessThanOrEqual(1);
    expect(IDS.filter((id) => !text.includes(`- [x] ${id} `))).toEqual([]);
  });
});
