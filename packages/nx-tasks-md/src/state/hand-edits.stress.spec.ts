import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HAND_EDITOR, handItems } from '../testing/hand-editor';
import { packedPlugin, REPO_ROOT } from '../testing/nx-workspace';

/**
 * Real processes: three "executors" claim (`[>]`) and tick (`[x]`) 10 tasks each through
 * updateFeature while two "editors" (plain scripts, no lock, like a text editor) keep saving the
 * file: lines inserted, boxes ticked, written in place, by rename, or in two steps with a pause.
 * No hand edit and no tick may be lost.
 */
const EXECUTORS = 3;
const TASKS_EACH = 10;
const EDITORS = 2;
const HAND_BOXES = 40;
const built = (file: string) => path.join(packedPlugin().packageDir, 'src', file);

const executor = () => `
const { updateFeature } = require(${JSON.stringify(built('state/locked-update.js'))});
const { featurePaths } = require(${JSON.stringify(built('state/paths.js'))});
const { setTaskState } = require(${JSON.stringify(built('writer/index.js'))});
const [root, ...ids] = process.argv.slice(1);
const paths = featurePaths(root, 'specs/001-x/tasks.md');
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
// As the task executor does: a task missing from a file saved moments ago is looked for again.
const mark = (id, state) => ({ tasksText, recentlyEdited }) =>
  !tasksText.includes(' ' + id + ' ') && recentlyEdited
    ? { retry: true }
    : { tasksText: setTaskState(tasksText, id, state), transient: state === 'in-progress' };
(async () => {
  for (const id of ids) {
    await updateFeature(paths, mark(id, 'in-progress'));
    await pause(Math.random() * 30);
    await updateFeature(paths, mark(id, 'done'));
  }
})().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
`;

function plan(): string {
  const lines = ['# Tasks: hand edits', '', '## Phase 1: Work', ''];
  for (let i = 1; i <= EXECUTORS * TASKS_EACH; i++) lines.push(`- [ ] T${String(i).padStart(3, '0')} Build part ${i} in src/p${i}.ts`);
  lines.push('', handItems(EDITORS, HAND_BOXES));
  return lines.join('\n');
}

const started: ChildProcess[] = [];
function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, args, { env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') } });
    started.push(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk) => (stdout += chunk));
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    proc.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('hand edits during a run, real processes', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-stress-'));
    fs.mkdirSync(path.join(root, 'specs/001-x'), { recursive: true });
    fs.writeFileSync(path.join(root, 'specs/001-x/tasks.md'), plan());
  });
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('loses no hand edit and no tick', async () => {
    const file = path.join(root, 'specs/001-x/tasks.md');
    const stop = path.join(root, 'stop');
    packedPlugin();
    const startedAt = Date.now();
    const editors = Array.from({ length: EDITORS }, (_, e) => run(['-e', HAND_EDITOR, file, `e${e}`, stop, String(HAND_BOXES)]));
    const ids = Array.from({ length: EXECUTORS * TASKS_EACH }, (_, i) => `T${String(i + 1).padStart(3, '0')}`);
    const executors = Array.from({ length: EXECUTORS }, (_, x) =>
      run(['-e', executor(), root, ...ids.filter((_, i) => i % EXECUTORS === x)]),
    );
    const ran = await Promise.all(executors);
    fs.writeFileSync(stop, '');
    const edited = await Promise.all(editors);
    expect([...ran, ...edited].filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);

    const text = fs.readFileSync(file, 'utf8');
    const edits: string[] = edited.flatMap((r) => JSON.parse(r.stdout));
    const lost = edits.filter((edit) => !text.includes(edit));
    const ticks = ids.filter((id) => !text.includes(`- [x] ${id} `));
    if (process.env.NX_TASKS_MD_TIMING) {
      console.log(`${edits.length} hand edits, ${ids.length * 2} updates, ${Date.now() - startedAt} ms; lost ${lost.length}`);
    }
    expect(edits.length).toBeGreaterThan(10);
    // A save that lands in the moment between the update's last comparison and its rename is lost
    // (README, "Editing tasks.md during a run"): no lock binds an editor. On a loaded machine that
    // window is hit now and then; more than one loss in a run means the comparison failed.
    expect(lost.length).toBeLessThanOrEqual(1);
    expect(ticks).toEqual([]);
  }, 120_000);
});
