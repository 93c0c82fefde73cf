import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packedPlugin, REPO_ROOT } from '../testing/nx-workspace';
import { featurePaths } from './paths';
import { readState } from './state-file';

/**
 * 64 separate processes finish a task each at the same moment: each one ticks its box and records
 * its task in the state file through updateFeature. Every tick must land, and nothing but the 64
 * checkbox characters may change in tasks.md (a BOM and CRLF line endings included).
 */
const TASKS = 64;
// The children load the built package (the same source, compiled once for all real-process tests),
// which starts twice as fast as compiling TypeScript in each of 64 processes.
const built = (file: string) => path.join(packedPlugin().packageDir, 'src', file);

const child = () => `
const fs = require('node:fs');
const { updateFeature } = require(${JSON.stringify(built('state/locked-update.js'))});
const { featurePaths } = require(${JSON.stringify(built('state/paths.js'))});
const { setTaskNote, setTaskState } = require(${JSON.stringify(built('writer/index.js'))});
const [root, id, go] = process.argv.slice(1);
const paths = featurePaths(root, 'specs/001-x/tasks.md');
fs.mkdirSync(paths.workDir, { recursive: true });
fs.writeFileSync(go + '.' + id, '');
const deadline = Date.now() + 120000;
while (!fs.existsSync(go)) {
  if (Date.now() > deadline) process.exit(2);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
}
updateFeature(paths, ({ tasksText, state }) => {
  state.tasks[id] = { status: 'completed', attempts: 1, exit_code: 0, ended_at: new Date().toISOString() };
  return { tasksText: setTaskNote(setTaskState(tasksText, id, 'done'), id, null), state };
}).then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
`;

function tasksMd(): string {
  const lines = ['\uFEFF# Tasks: concurrency', ''];
  for (let phase = 1; phase <= 4; phase++) {
    lines.push(`## Phase ${phase}: Part ${phase}`, '');
    for (let i = 1; i <= TASKS / 4; i++) {
      const n = (phase - 1) * (TASKS / 4) + i;
      const id = `T${String(n).padStart(3, '0')}`;
      lines.push(`- [ ] ${id} [P] Build part ${n} in src/part-${n}.ts  `);
    }
    lines.push('');
  }
  return lines.join('\r\n');
}

const started: ChildProcess[] = [];

function run(script: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['-e', script, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
    });
    started.push(proc);
    let stderr = '';
    proc.stderr!.on('data', (chunk) => (stderr += chunk));
    proc.on('exit', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

describe('updateFeature across processes', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-lock-'));
    fs.mkdirSync(path.join(root, 'specs/001-x'), { recursive: true });
    fs.writeFileSync(path.join(root, 'specs/001-x/tasks.md'), tasksMd());
  });
  afterEach(() => {
    // The children block in Atomics.wait until released; SIGKILL needs no event loop.
    for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it(`loses none of ${TASKS} ticks made at the same moment and changes no other byte`, async () => {
    const before = fs.readFileSync(path.join(root, 'specs/001-x/tasks.md'), 'utf8');
    const go = path.join(root, 'go');
    const ids = Array.from({ length: TASKS }, (_, i) => `T${String(i + 1).padStart(3, '0')}`);
    const startedAt = Date.now();
    const script = child();
    const children = ids.map((id) => run(script, [root, id, go]));
    // Release them together once every process is up and waiting.
    const deadline = Date.now() + 150_000;
    while (fs.readdirSync(root).filter((f) => f.startsWith('go.')).length < TASKS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const ready = Date.now();
    fs.writeFileSync(go, '');
    const results = await Promise.all(children);
    if (process.env.NX_TASKS_MD_TIMING) console.log(`startup ${ready - startedAt}ms, updates ${Date.now() - ready}ms`);
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);

    const after = fs.readFileSync(path.join(root, 'specs/001-x/tasks.md'), 'utf8');
    expect(after.length).toBe(before.length);
    const changed: string[] = [];
    for (let i = 0; i < before.length; i++) {
      if (before[i] !== after[i]) changed.push(`${before[i]}→${after[i]}`);
    }
    expect(changed).toEqual(Array(TASKS).fill(' →x'));
    expect(after.match(/- \[x\] T\d{3}/g)).toHaveLength(TASKS);

    const state = readState(featurePaths(root, 'specs/001-x/tasks.md').stateFile)!;
    expect(Object.keys(state.tasks).sort()).toEqual(ids);
    expect(fs.existsSync(featurePaths(root, 'specs/001-x/tasks.md').lockFile)).toBe(false);
  }, 240_000);
});
