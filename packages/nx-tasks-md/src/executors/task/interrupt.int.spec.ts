/**
 * Stopping `nx run … implement` at random moments, the way people and machines do: Ctrl-C (SIGINT
 * to the terminal's process group), SIGTERM to nx (a CI cancel), SIGKILL to the whole group (a
 * crash). Afterwards tasks.md is well-formed and only its checkboxes (and failure notes) changed,
 * nothing is ticked that did not finish, a stop signal leaves no `[>]`, and the next run cleans up
 * whatever a SIGKILL left and finishes the plan.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseTasksMd } from '../../parse';
import { featurePaths } from '../../state/paths';
import { readState } from '../../state/state-file';
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type FakeAgent } from '../../testing/fake-agent';
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(240_000);

const TASKS_FILE = 'specs/001-stop/tasks.md';
const PLAN = `# Tasks: Stop me

## Phase 1: Setup
- [ ] T001 Create src/setup.ts

## Phase 2: Core
- [ ] T002 [P] Create src/a.ts
- [ ] T003 [P] Create src/b.ts
- [ ] T004 [P] Create src/c.ts
- [ ] T005 Wire src/index.ts

## Phase 3: Polish
- [ ] T006 [P] Write docs/a.md
- [ ] T007 [P] Write docs/b.md
`;
const ROUNDS = 3;
const SLEEP_MS = '800';

interface Stop {
  signal: NodeJS.Signals;
  /** Signal the whole process group (terminal Ctrl-C, crash) or only the nx process. */
  group: boolean;
}
const STOPS: Stop[] = [
  { signal: 'SIGINT', group: true },
  { signal: 'SIGTERM', group: false },
  { signal: 'SIGKILL', group: true },
];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const boxes = (text: string) => Object.fromEntries([...text.matchAll(/^- \[(.)\] (T\d+)/gm)].map((m) => [m[2], m[1]]));

describe.each(STOPS)('stopping implement with $signal (process group: $group)', ({ signal, group }) => {
  let ws: NxWorkspace;
  let agent: FakeAgent;
  const paths = () => featurePaths(ws.root, TASKS_FILE);

  beforeAll(() => {
    agent = createFakeAgent();
    ws = createNxWorkspace({ files: { [TASKS_FILE]: PLAN }, pluginOptions: FAKE_AGENT_PLUGIN_OPTIONS });
  });
  afterAll(() => {
    ws?.cleanup();
    agent?.cleanup();
  });

  /** Starts implement, stops it after `starts` task runs began plus `extraMs`, waits until every process of it is gone. */
  async function stopAt(starts: number, extraMs: number): Promise<void> {
    const before = agent.started().length;
    const nxBin = join(ws.root, 'node_modules/nx/dist/bin/nx.js');
    const child = spawn(process.execPath, [nxBin, 'run', 'feature-001:implement', '--output-style=static'], {
      cwd: ws.root,
      env: { ...ws.env, ...agent.env, FAKE_AGENT_SLEEP_MS: SLEEP_MS },
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let done = false;
    void exited.then(() => (done = true));
    while (!done && agent.started().length < before + starts) await sleep(25);
    if (!done) {
      await sleep(extraMs);
      if (!done) process.kill(group ? -child.pid! : child.pid!, signal);
    }
    await exited;
    // Orphans (agents in their own process groups, executors finishing their cleanup) settle.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const runningAgents = agent
        .records()
        .filter((r) => r.event === 'start' && !agent.records().some((e) => e.event === 'end' && e.pid === r.pid) && alive(r.pid));
      const state = readState(paths().stateFile) ?? readState(paths().completedFile);
      const owners = Object.values(state?.tasks ?? {}).filter((t) => t.owner && alive(t.owner.pid));
      if ((runningAgents.length === 0 && owners.length === 0) || Date.now() > deadline) break;
      await sleep(100);
    }
  }

  function expectConsistent(where: string): void {
    const text = ws.read(TASKS_FILE);
    // Well-formed: the same tasks, and only checkbox characters and our note lines differ.
    const doc = parseTasksMd(text, { path: TASKS_FILE });
    expect({ where, ids: doc.tasks.map((t) => t.id) }).toEqual({
      where,
      ids: parseTasksMd(PLAN, { path: TASKS_FILE }).tasks.map((t) => t.id),
    });
    const normalized = text.replace(/^ *<!-- nx-tasks-md: .* -->\n/gm, '').replace(/^- \[.\]/gm, '- [ ]');
    expect({ where, normalized }).toEqual({ where, normalized: PLAN });
    // Nothing is ticked that did not finish: every [x] had a complete agent run and its file exists.
    const finished = new Set(
      agent
        .records()
        .filter((r) => r.event === 'end' && r.code === 0)
        .map((r) => r.id),
    );
    for (const task of doc.tasks.filter((t) => t.state === 'done')) {
      expect({ where, task: task.id, finished: finished.has(task.id), file: ws.exists(task.files[0]) }).toEqual({
        where,
        task: task.id,
        finished: true,
        file: true,
      });
    }
    // The state file is whole (atomic writes), whatever moment the stop came.
    expect(() => readState(paths().stateFile) ?? readState(paths().completedFile)).not.toThrow();
  }

  it(`leaves tasks.md and the state truthful after ${ROUNDS} stops at random moments`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const starts = 1 + Math.floor(Math.random() * 3);
      const extraMs = Math.floor(Math.random() * 700);
      await stopAt(starts, extraMs);
      const where = `round ${round}: ${signal} after ${starts} task start(s) + ${extraMs}ms`;
      expectConsistent(where);
      const marks = Object.values(boxes(ws.read(TASKS_FILE)));
      expect({ where, failed: marks.filter((m) => m === '!').length }).toEqual({ where, failed: 0 });
      if (signal !== 'SIGKILL') expect({ where, running: marks.filter((m) => m === '>').length }).toEqual({ where, running: 0 });
    }
  });

  it('finishes the plan on the next run, with no [>] left', () => {
    const result = ws.nx(['run', 'feature-001:implement', '--output-style=static'], { env: { ...agent.env, FAKE_AGENT_SLEEP_MS: '100' } });
    expect(result.code).toBe(0);
    expect(ws.read(TASKS_FILE)).toBe(PLAN.replace(/- \[ \]/g, '- [x]'));
    expectConsistent('after the final run');
  });
});
