/**
 * `nx run feature-001:implement` started twice at the same moment (two terminals): one run does the
 * plan, the other is refused at once with a message naming the running one; never do both give
 * up with tasks left undone. And a task run of the same feature while implement runs is refused too.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { featurePaths } from '../state/paths';
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type FakeAgent } from '../testing/fake-agent';
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(300_000);

const TASKS_FILE = 'specs/001-twice/tasks.md';
const PLAN = `# Tasks: Twice

## Phase 1: Setup
- [ ] T001 Create src/setup.ts

## Phase 2: Core
- [ ] T002 [P] Create src/a.ts
- [ ] T003 [P] Create src/b.ts
- [ ] T004 Wire src/index.ts
`;
const REPETITIONS = 5;
const RUNNING = /feature-001 is running \(pid (\d+) on [^,]+, since \d\d:\d\d\): wait for it or stop it/;

interface Exit {
  pid: number;
  code: number;
  output: string;
}

describe('two runs of one feature at once', () => {
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

  function start(args: string[]): Promise<Exit> {
    const nxBin = join(ws.root, 'node_modules/nx/dist/bin/nx.js');
    const child = spawn(process.execPath, [nxBin, ...args, '--output-style=static'], {
      cwd: ws.root,
      env: { ...ws.env, ...agent.env, FAKE_AGENT_SLEEP_MS: '400', NX_SKIP_NX_CACHE: 'true' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ pid: child.pid!, code: code ?? 1, output })));
  }

  function reset(): void {
    ws.write(TASKS_FILE, PLAN);
    const paths = featurePaths(ws.root, TASKS_FILE);
    for (const file of [paths.stateFile, paths.completedFile]) ws.remove(file.slice(ws.root.length + 1));
    // A fresh start: an agent writing what a file already holds is no work (a phantom completion).
    ws.remove('src');
  }

  it(`lets one of two implement runs started together finish the plan, ${REPETITIONS} times`, async () => {
    const outcomes: string[] = [];
    for (let repetition = 1; repetition <= REPETITIONS; repetition++) {
      reset();
      const exits = await Promise.all([start(['run', 'feature-001:implement']), start(['run', 'feature-001:implement'])]);
      const where = `repetition ${repetition}`;
      const done = ws.read(TASKS_FILE) === PLAN.replace(/- \[ \]/g, '- [x]');
      const succeeded = exits.filter((e) => e.code === 0).length;
      const refused = exits.filter((e) => e.code !== 0 && RUNNING.test(e.output)).length;
      const summary = {
        where,
        done,
        outcome: succeeded === 2 ? 'both in turn' : succeeded === 1 && refused === 1 ? 'one refused' : 'other',
      };
      if (summary.outcome === 'other') console.log(exits.map((e) => `exit ${e.code}\n${e.output}`).join('\n----\n'));
      expect(summary).toEqual({ where, done: true, outcome: expect.stringMatching(/^(both in turn|one refused)$/) });
      if (summary.outcome === 'one refused') {
        // The message names the nx process that runs the feature.
        const [winner, loser] = exits[0].code === 0 ? exits : [exits[1], exits[0]];
        expect({ where, pid: Number(RUNNING.exec(loser.output)![1]) }).toEqual({ where, pid: winner.pid });
      }
      outcomes.push(summary.outcome);
      // The command gave the feature back when it ended.
      expect({ where, held: ws.exists(`${featurePaths(ws.root, TASKS_FILE).featureRel}/.nx-tasks-md/run.json`) }).toEqual({
        where,
        held: false,
      });
    }
    if (process.env.NX_TASKS_MD_TIMING) console.log(outcomes.join(', '));
  });

  it('lets one of two run-many implement runs (features not named: taken by their first task) finish', async () => {
    reset();
    const exits = await Promise.all([start(['run-many', '-t', 'implement']), start(['run-many', '-t', 'implement'])]);
    expect(ws.read(TASKS_FILE)).toBe(PLAN.replace(/- \[ \]/g, '- [x]'));
    const succeeded = exits.filter((e) => e.code === 0);
    if (process.env.NX_TASKS_MD_TIMING) console.log(exits.map((e) => `exit ${e.code}: ${RUNNING.exec(e.output)?.[0] ?? ''}`).join('\n'));
    if (succeeded.length === 1) {
      const loser = exits.find((e) => e.code !== 0)!;
      // The first task's parent process is the nx command: the message names the winner.
      expect(Number(RUNNING.exec(loser.output)?.[1])).toBe(succeeded[0].pid);
    } else expect(succeeded).toHaveLength(2);
  });

  it('refuses a run of one task of the feature while implement runs', async () => {
    reset();
    agent.clear();
    const implement = start(['run', 'feature-001:implement']);
    // Wait until the first task's agent has started: implement holds the feature.
    const deadline = Date.now() + 60_000;
    while (!agent.started().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const single = await start(['run', 'feature-001:T004']);
    if (process.env.NX_TASKS_MD_TIMING) console.log(single.output);
    expect({ code: single.code, refused: RUNNING.test(single.output) }).toEqual({ code: 1, refused: true });
    expect((await implement).code).toBe(0);
    expect(ws.read(TASKS_FILE)).toBe(PLAN.replace(/- \[ \]/g, '- [x]'));
  });
});
