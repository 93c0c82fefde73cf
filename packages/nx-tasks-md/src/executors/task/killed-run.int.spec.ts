/**
 * `kill -9` of nx and of the executor process leaves the task's runner working in its own process
 * group. The claim records that group; the next run stops it (and says so) before it runs the task
 * again, so the agent never runs twice at once on the same task. Real Nx, real processes.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featurePaths } from '../../state/paths';
import { readState } from '../../state/state-file';
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';
import { createStandInRunner, isRunning, type StandInRunner } from '../../testing/stand-in-runner';

jest.setTimeout(240_000);

const TASKS_FILE = 'specs/001-killed/tasks.md';
const PLAN = `# Tasks: Kill me

## Phase 1: Core
- [ ] T001 Create src/a.ts
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Whether any process of the group still runs (zombies, waiting to be reaped, do not). */
function groupRunning(pgid: number): boolean {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .some((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(pgrp) === pgid && state !== 'Z' && state !== 'X';
      } catch {
        return false;
      }
    });
}

let ws: NxWorkspace;
let standIn: StandInRunner;
const leftovers: number[] = [];

beforeAll(() => {
  standIn = createStandInRunner();
  ws = createNxWorkspace({ files: { [TASKS_FILE]: PLAN }, pluginOptions: standIn.pluginOptions });
});
afterAll(() => {
  for (const pgid of leftovers) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  ws?.cleanup();
  standIn?.cleanup();
});

it('a rerun right after kill -9 of nx and the executor stops the runner they left, then runs the task once', async () => {
  const nxBin = join(ws.root, 'node_modules/nx/dist/bin/nx.js');
  const nx = spawn(process.execPath, [nxBin, 'run', 'feature-001:implement', '--output-style=static'], {
    cwd: ws.root,
    env: { ...ws.env, ...standIn.env, STANDIN_SLEEP: '60' },
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => nx.on('exit', () => resolve()));
  const first = await waitFor('the runner to start', () => standIn.events().find((e) => e.event === 'start'));
  leftovers.push(first.pid);
  const owner = await waitFor('the claim', () => readState(featurePaths(ws.root, TASKS_FILE).stateFile)?.tasks.T001?.owner);
  await sleep(500);
  process.kill(nx.pid!, 'SIGKILL');
  process.kill(owner.pid, 'SIGKILL');
  await exited;
  await waitFor('the executor to die', () => !isRunning(owner.pid) || undefined);
  // The runner's own process group outlives them.
  expect(isRunning(first.pid)).toBe(true);

  const rerun = ws.nx(['run', 'feature-001:implement', '--output-style=static'], { env: { ...standIn.env, STANDIN_SLEEP: '0.2' } });

  const output = rerun.stdout + rerun.stderr;
  // At most one run of the task at a time: the first was gone when the second started.
  const events = standIn
    .events()
    .map((e) => `${e.event} ${e.pid === first.pid ? 'first' : 'second'}${e.others ? ` beside ${e.others}` : ''}`);
  // (The rerun's output rides along so that a failure shows why.)
  expect({ events, output }).toEqual({ events: ['start first', 'start second', 'end second'], output: expect.any(String) });
  expect(rerun.code).toBe(0);
  expect(output).toContain(`stopped the runner of T001 left by a killed run (process group ${first.pid})`);
  expect(groupRunning(first.pid)).toBe(false);
  expect(ws.read(TASKS_FILE)).toMatch(/^- \[x\] T001 /m);
  const record = readState(featurePaths(ws.root, TASKS_FILE).completedFile)!.tasks.T001;
  expect(record).toMatchObject({ status: 'completed' });
  expect(record.owner).toBeUndefined();
});
