/**
 * Stopping a run the ways it is stopped in practice, through real Nx: a stop signal to the nx
 * process alone (`kill <nx pid>`, a CI cancel, `docker stop`) and Ctrl-C in Nx's terminal UI (in
 * tmux). Nx then kills each task's process tree leaves first: the runner dies of SIGTERM (or exits
 * 143) before the executor hears of the stop, and the task must still go back to `[ ]`. A runner
 * that exits 143 on its own, with no stop under way, is a failure.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featurePaths } from '../../state/paths';
import { readState } from '../../state/state-file';
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';
import { createStandInRunner, isRunning, type StandInRunner } from '../../testing/stand-in-runner';

jest.setTimeout(240_000);

const TASKS_FILE = 'specs/001-stop/tasks.md';
const PLAN = `# Tasks: Stop me

## Phase 1: Core
- [ ] T001 Create src/a.ts
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const box = (text: string, id: string) => new RegExp(`^- \\[(.)\\] ${id} `, 'm').exec(text)?.[1];

let ws: NxWorkspace;
let standIn: StandInRunner;
let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nx-tasks-md-stop-'));
  standIn = createStandInRunner();
  env = standIn.env;
  ws = createNxWorkspace({
    files: { [TASKS_FILE]: PLAN },
    pluginOptions: standIn.pluginOptions,
    // In a terminal, Nx would first ask whether to share usage data.
    nxJson: { analytics: false },
  });
});
afterAll(() => {
  ws?.cleanup();
  standIn?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  standIn.clear();
  ws.write(TASKS_FILE, PLAN);
});

const starts = () => standIn.events().filter((e) => e.event === 'start');

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function expectInterrupted(runnerPid: number): void {
  const text = ws.read(TASKS_FILE);
  expect({ box: box(text, 'T001'), note: text.includes('nx-tasks-md:') }).toEqual({ box: ' ', note: false });
  const state = readState(featurePaths(ws.root, TASKS_FILE).stateFile)!;
  expect(state.tasks.T001).toMatchObject({ status: 'interrupted', error: 'interrupted' });
  expect(state.tasks.T001.owner).toBeUndefined();
  expect(isRunning(runnerPid)).toBe(false);
}

describe.each([
  { mode: 'batch mode', args: [] as string[] },
  { mode: '--batch=false', args: ['--batch=false'] },
])('a stop signal to the nx process alone ($mode)', ({ args }) => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s puts the running task back to [ ]', async (signal) => {
    const nxBin = join(ws.root, 'node_modules/nx/dist/bin/nx.js');
    const nx = spawn(process.execPath, [nxBin, 'run', 'feature-001:implement', '--output-style=static', ...args], {
      cwd: ws.root,
      env: { ...ws.env, ...env },
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => nx.on('exit', () => resolve()));
    try {
      const runner = await waitFor('the runner to start', () => starts()[0]);
      await sleep(300);
      process.kill(nx.pid!, signal);
      await exited;
      await waitFor('the runner to stop', () => !isRunning(runner.pid) || undefined, 20_000);
      expectInterrupted(runner.pid);
    } finally {
      try {
        process.kill(-nx.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });
});

describe("Ctrl-C in Nx's terminal UI (in tmux)", () => {
  const session = `nx-tasks-md-stop-${process.pid}`;
  afterEach(() => {
    try {
      execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
    } catch {
      // gone
    }
  });

  it('puts the running task back to [ ]', async () => {
    const exitFile = join(dir, 'tui-exit');
    rmSync(exitFile, { force: true });
    const tuiEnv: NodeJS.ProcessEnv = { ...ws.env, ...env, NX_TUI: 'true', NX_TUI_AUTO_EXIT: 'true', TERM: 'xterm-256color' };
    delete tuiEnv.CI;
    const envArgs = Object.entries(tuiEnv)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => `${key}=${value}`);
    const nxBin = join(ws.root, 'node_modules/nx/dist/bin/nx.js');
    const command = `cd '${ws.root}' && '${process.execPath}' '${nxBin}' run feature-001:implement; echo $? > '${exitFile}'`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '48', 'env', '-i', ...envArgs, 'bash', '-c', command]);
    execFileSync('tmux', ['set-option', '-t', session, 'remain-on-exit', 'on']);
    const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    const runner = await waitFor('the runner to start', () => starts()[0]).catch((error: Error) => {
      throw new Error(`${error.message}; the terminal shows:\n${screen()}`);
    });
    await sleep(1000);
    expect(screen()).toMatch(/quit: q/); // Nx's terminal UI, not static output
    execFileSync('tmux', ['send-keys', '-t', session, 'C-c']);
    await waitFor('nx to exit', () => existsSync(exitFile) || undefined, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; the terminal shows:\n${screen()}`);
    });
    await waitFor('the runner to stop', () => !isRunning(runner.pid) || undefined, 20_000);
    expectInterrupted(runner.pid);
  });
});

it('a runner that exits 143 on its own, with no stop under way, fails the task', () => {
  const result = ws.nx(['run', 'feature-001:implement', '--output-style=static'], { env: { ...env, STANDIN_EXIT: '143' } });
  expect(result.code).not.toBe(0);
  const text = ws.read(TASKS_FILE);
  expect(box(text, 'T001')).toBe('!');
  expect(text).toContain('exited with code 143');
  expect(readState(featurePaths(ws.root, TASKS_FILE).stateFile)!.tasks.T001).toMatchObject({ status: 'failed', exit_code: 143 });
});
