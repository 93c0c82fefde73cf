/**
 * The task executor, the hooks and implement with the real nx binary and the packed plugin. Tasks
 * run through a stand-in agent CLI on PATH that records its argv and start/end times and writes
 * the files the task names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildTaskGraph, tasksAfter } from '../../graph';
import type { TaskGraph } from '../../model';
import { parseTasksMd } from '../../parse';
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type AgentRecord, type FakeAgent } from '../../testing/fake-agent';
import { createNxWorkspace, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(180_000);

const TASKS_FILE = 'specs/001-agent/tasks.md';
const PLAN = `# Tasks: Agent plan

## Phase 1: Setup
- [ ] T001 Create src/setup.ts

## Phase 2: Core
- [ ] T002 [P] Create src/a.ts
- [ ] T003 [P] Create src/b.ts
- [ ] T004 [P] Create src/c.ts
- [ ] T005 Wire src/index.ts
- [ ] T006 [P] Document the \`$(touch pwned)\` and \`touch pwned-too\` cases in docs/edge.md
- [ ] T007 [P] Create ../escape.txt and src/inside.ts

## Phase 3: Polish
- [ ] T008 Write docs/notes.md

## Dependencies
- T005 depends on T002
`;

const PLUGIN_OPTIONS = {
  ...FAKE_AGENT_PLUGIN_OPTIONS,
  runners: { ...FAKE_AGENT_PLUGIN_OPTIONS.runners, other: { command: ['fake-agent', '--as-other', '{id}', '{prompt}'] } },
  // T007 names ../escape.txt: allowed, so it runs (refused otherwise: security/refused-paths.spec.ts).
  allowedPaths: ['..'],
};
const IMPLEMENT = ['run', 'feature-001:implement', '--output-style=static'];

const boxes = (text: string) => Object.fromEntries([...text.matchAll(/^- \[(.)\]\*? (T\d+)/gm)].map((m) => [m[2], m[1]]));

/** Every task's transitive task prerequisites (through phase gates). */
function prerequisites(graph: TaskGraph): Map<string, Set<string>> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const memo = new Map<string, Set<string>>();
  const visit = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const all = new Set<string>();
    for (const dep of byId.get(id)!.dependsOn) {
      if (byId.get(dep)!.kind === 'task') all.add(dep);
      for (const d of visit(dep)) all.add(d);
    }
    memo.set(id, all);
    return all;
  };
  return new Map(graph.nodes.filter((n) => n.kind === 'task').map((n) => [n.id, visit(n.id)]));
}

function interval(records: AgentRecord[], id: string): { start: number; end: number } {
  const start = records.find((r) => r.id === id && r.event === 'start');
  const end = records.find((r) => r.id === id && r.event === 'end');
  if (!start || !end) throw new Error(`${id} has no complete run in the agent records`);
  return { start: start.t, end: end.t };
}

describe('implement with a stand-in agent', () => {
  let ws: NxWorkspace;
  let agent: FakeAgent;
  const graph = buildTaskGraph(parseTasksMd(PLAN, { path: TASKS_FILE }));
  const allIds = graph.nodes.filter((n) => n.kind === 'task').map((n) => n.id);
  const implement = (args: string[] = [], env: Record<string, string> = {}) => {
    agent.clear();
    return ws.nx([...IMPLEMENT, ...args], { env: { ...agent.env, ...env } });
  };

  beforeAll(() => {
    agent = createFakeAgent();
    ws = createNxWorkspace({ files: { [TASKS_FILE]: PLAN }, pluginOptions: PLUGIN_OPTIONS });
  });
  afterAll(() => {
    ws?.cleanup();
    agent?.cleanup();
  });

  it('runs every task once, respecting every edge, with [P] tasks side by side, and ticks them all', () => {
    const result = implement([], { FAKE_AGENT_SLEEP_MS: '1000' });
    expect(result.code).toBe(0);
    const records = agent.records();
    expect(agent.started().sort()).toEqual([...allIds].sort());

    for (const [id, before] of prerequisites(graph)) {
      for (const pre of before)
        expect({ edge: `${pre} -> ${id}`, ok: interval(records, pre).end <= interval(records, id).start }).toEqual({
          edge: `${pre} -> ${id}`,
          ok: true,
        });
    }
    const parallel = ['T002', 'T003', 'T004'].map((id) => interval(records, id));
    const overlapping = parallel.some((a, i) => parallel.some((b, j) => i !== j && a.start < b.end && b.start < a.end));
    expect(overlapping).toBe(true);

    const text = ws.read(TASKS_FILE);
    expect(Object.values(boxes(text))).toEqual(allIds.map(() => 'x'));
    expect(text).toBe(PLAN.replace(/- \[ \]/g, '- [x]'));
    expect(result.stdout).toMatch(/T002 done \(\d\/8, \d+%\) · Phase 2 Core · [\d.]+m?s/);
    expect(result.stdout).toContain('8/8 tasks done · 8 ran · 0 restored from cache');

    const completed = JSON.parse(ws.read('specs/001-agent/.implementation-completed.json'));
    expect(ws.exists('specs/001-agent/.implementation-state.json')).toBe(false);
    expect(completed.metrics).toMatchObject({ total_tasks: 8, completed: 8, failed: 0 });
    expect(completed.tasks.T003).toMatchObject({ status: 'completed', attempts: 1, exit_code: 0, runner: 'fake' });
    expect(completed.tasks.T003.hash).toBe(result.tasks['feature-001:T003'].hash);
    expect(readFileSync(join(ws.root, completed.tasks.T003.log), 'utf8')).toContain('T003: fake agent done');
    const report = ws.read('specs/001-agent/implementation-report.md');
    expect(report).toContain('**8/8 tasks done** · 8 ran');
    expect(report).toContain('```mermaid');
  });

  it('passes task text to the agent as one argv element, never through a shell', () => {
    const start = agent.records().find((r) => r.id === 'T006' && r.event === 'start');
    // (records were cleared by no later run yet: the first run's records are still there)
    expect(start?.argv?.[0]).toBe('--task');
    expect(start?.argv?.[1]).toBe('T006');
    expect(start?.argv?.[2]).toContain('`$(touch pwned)` and `touch pwned-too`');
    expect(ws.exists('pwned')).toBe(false);
    expect(ws.exists('pwned-too')).toBe(false);
  });

  it('never looks outside the workspace for the files a task names', () => {
    // T007 names ../escape.txt under allowedPaths: told to the agent, not an output, not checked
    // (the stand-in agent writes only inside the workspace), yet the task is done.
    expect(boxes(ws.read(TASKS_FILE)).T007).toBe('x');
    expect(existsSync(join(dirname(ws.root), 'escape.txt'))).toBe(false);
    expect(ws.read('src/inside.ts')).toBe('T007\n');
  });

  it('runs exactly the task a user unticked, and nothing else', () => {
    ws.write(TASKS_FILE, ws.read(TASKS_FILE).replace('- [x] T003', '- [ ] T003'));
    const result = implement();
    expect(result.code).toBe(0);
    expect(agent.started()).toEqual(['T003']);
    expect(result.stdout).toContain('T001 already complete');
    expect(boxes(ws.read(TASKS_FILE)).T003).toBe('x');
  });

  it('--restart-from reruns that task and every task after it in plan order', () => {
    const result = implement(['--restart-from', 'T005']);
    expect(result.code).toBe(0);
    expect(agent.started().sort()).toEqual(['T005', ...tasksAfter(graph, 'T005')].sort());
    expect(Object.values(boxes(ws.read(TASKS_FILE)))).toEqual(allIds.map(() => 'x'));
  });

  it('--dry-run shows what would run and runs and changes nothing; --run-with picks the runner', () => {
    ws.write(TASKS_FILE, ws.read(TASKS_FILE).replace('- [x] T008', '- [ ] T008'));
    const before = ws.read(TASKS_FILE);
    const dry = implement(['--dry-run']);
    expect(dry.code).toBe(0);
    expect(agent.started()).toEqual([]);
    expect(ws.read(TASKS_FILE)).toBe(before);
    expect(dry.stdout).toContain('Would run 1 of 8 tasks (7 already done)');
    expect(dry.stdout).toMatch(/wave \d+: T008 \(fake\)/);
    expect(dry.stdout).toContain('T008 would run with fake');

    const real = implement(['--run-with', 'other']);
    expect(real.code).toBe(0);
    expect(
      agent
        .records()
        .filter((r) => r.event === 'start')
        .map((r) => [r.id, r.argv?.[0]]),
    ).toEqual([['T008', '--as-other']]);
    expect(boxes(ws.read(TASKS_FILE)).T008).toBe('x');
  });
});

describe('failures', () => {
  const FAILING = `# Tasks: Failures

## Phase 1: Setup
- [ ] T001 Create src/setup.ts

## Phase 2: Core
- [ ] T002 [P] Create src/a.ts
- [ ] T003 [P] Create src/b.ts
- [ ] T004 [P] Create src/c.ts
- [ ] T005 Wire src/index.ts

## Phase 3: Polish
- [ ] T006 Write docs/notes.md

## Dependencies
- T005 depends on T002
`;
  let ws: NxWorkspace;
  let agent: FakeAgent;
  const tasksFile = 'specs/002-failures/tasks.md';

  beforeAll(() => {
    agent = createFakeAgent();
    ws = createNxWorkspace({ files: { [tasksFile]: FAILING }, pluginOptions: FAKE_AGENT_PLUGIN_OPTIONS });
  });
  afterAll(() => {
    ws?.cleanup();
    agent?.cleanup();
  });

  it('stops the dependents of a failed or phantom task, finishes independent ones, and says why in tasks.md', () => {
    const result = ws.nx(['run', 'feature-002:implement', '--output-style=static'], {
      env: { ...agent.env, FAKE_AGENT_FAIL: 'T002', FAKE_AGENT_PHANTOM: 'T003' },
    });
    expect(result.code).not.toBe(0);
    const graph = buildTaskGraph(parseTasksMd(FAILING, { path: tasksFile }));
    const blocked = new Set(
      graph.nodes
        .filter((n) => n.kind === 'task' && [...prerequisites(graph).get(n.id)!].some((p) => p === 'T002' || p === 'T003'))
        .map((n) => n.id),
    );
    expect(agent.started().sort()).toEqual(['T001', 'T002', 'T003', 'T004']);
    const text = ws.read(tasksFile);
    const state = boxes(text);
    expect(state).toMatchObject({ T001: 'x', T002: '!', T003: '!', T004: 'x' });
    for (const id of blocked) expect(state[id]).toBe(' ');
    expect(text).not.toContain('[>]');
    // One note line under each failed task with the reason (and the log, when the parser leaves
    // notes out of the task's own text).
    expect(text).toMatch(
      /- \[!\] T002 \[P\] Create src\/a\.ts\n {2}<!-- nx-tasks-md: fake \(fake-agent\) exited with code 3( \(log: specs\/002-failures\/\.nx-tasks-md\/logs\/T002\.log\))? -->\n- \[!\] T003/,
    );
    expect(text).toMatch(
      /- \[!\] T003 \[P\] Create src\/b\.ts\n {2}<!-- nx-tasks-md: T003 reported success but did not create src\/b\.ts( \(log: [^)]*T003\.log\))? -->\n/,
    );
    expect(result.stderr + result.stdout).toContain('See the log: specs/002-failures/.nx-tasks-md/logs/T002.log');
    expect(ws.read('specs/002-failures/.nx-tasks-md/logs/T002.log')).toContain('T002: fake agent failing on purpose');
    const saved = JSON.parse(ws.read('specs/002-failures/.implementation-state.json'));
    expect(saved.tasks.T002).toMatchObject({ status: 'failed', exit_code: 3, attempts: 1 });
    expect(saved.tasks.T003).toMatchObject({ status: 'failed', exit_code: 0, error: 'T003 reported success but did not create src/b.ts' });
  });

  it('reruns only what is left and removes the failure notes', () => {
    agent.clear();
    const result = ws.nx(['run', 'feature-002:implement', '--output-style=static'], { env: agent.env });
    expect(result.code).toBe(0);
    expect(agent.started().sort()).toEqual(['T002', 'T003', 'T005', 'T006']);
    expect(ws.read(tasksFile)).toBe(FAILING.replace(/- \[ \]/g, '- [x]'));
  });
});

describe('existence is not work', () => {
  const tasksFile = 'specs/003-edits/tasks.md';
  const EDITS = `# Tasks: Edits

## Phase 1: Work
- [ ] T001 [P] Add a test to \`tests/foo_test.go\`
- [ ] T002 [P] Create \`src/models/user.ts\` per \`data-model.md\`
  - Reference: \`contracts/api.md\`
- [ ] T003 [P] Verify \`tests/foo_test.go\` still compiles
- [ ] T004 [P] Add \`__init__.py\` to \`services/\`
`;
  let ws: NxWorkspace;
  let agent: FakeAgent;

  beforeAll(() => {
    agent = createFakeAgent();
    ws = createNxWorkspace({
      files: {
        [tasksFile]: EDITS,
        'specs/003-edits/data-model.md': '# Data model\n',
        'specs/003-edits/contracts/api.md': '# API\n',
        'tests/foo_test.go': 'package foo\n',
      },
      pluginOptions: FAKE_AGENT_PLUGIN_OPTIONS,
    });
  });
  afterAll(() => {
    ws?.cleanup();
    agent?.cleanup();
  });

  it('fails a task whose file existed and did not change, and names the file; a verifying task changes nothing', () => {
    const result = ws.nx(['run', 'feature-003:implement', '--output-style=static'], {
      env: { ...agent.env, FAKE_AGENT_PHANTOM: 'T001,T003' },
    });
    expect(result.code).not.toBe(0);
    const text = ws.read(tasksFile);
    expect(boxes(text)).toMatchObject({ T001: '!', T002: 'x', T003: 'x', T004: 'x' });
    expect(text).toContain('T001 reported success but did not change tests/foo_test.go');
    expect(ws.read('tests/foo_test.go')).toBe('package foo\n');
  });

  it('hands the agent only the files to change, resolved, and never creates the documents or bare names at the root', () => {
    const start = (id: string) => agent.records().find((r) => r.id === id && r.event === 'start');
    expect(start('T002')?.files).toEqual(['src/models/user.ts']);
    expect(start('T003')?.files).toEqual([]);
    expect(start('T004')?.files).toEqual(['services/__init__.py', 'services']);
    const prompt = start('T002')!.argv!.join('\n');
    expect(prompt).toContain('Files to read:\n- specs/003-edits/data-model.md\n- specs/003-edits/contracts/api.md');
    expect(ws.read('src/models/user.ts')).toBe('T002\n');
    expect(ws.read('services/__init__.py')).toBe('T004\n');
    for (const junk of ['data-model.md', 'contracts/api.md', '__init__.py']) expect(ws.exists(junk)).toBe(false);
    expect(ws.read('specs/003-edits/data-model.md')).toBe('# Data model\n');
  });

  it('fails a phantom rerun too, but counts what a failed attempt left', () => {
    const again = ws.nx(['run', 'feature-003:implement', '--output-style=static'], { env: { ...agent.env, FAKE_AGENT_PHANTOM: 'T001' } });
    expect(again.code).not.toBe(0);
    expect(ws.read(tasksFile)).toContain('T001 reported success but did not change tests/foo_test.go');
    // An attempt that edited the file and then failed: the next run finds nothing left to change.
    ws.write('tests/foo_test.go', 'T001\n');
  });

  it('passes once the agent does the work', () => {
    agent.clear();
    const result = ws.nx(['run', 'feature-003:implement', '--output-style=static'], { env: agent.env });
    expect(result.code).toBe(0);
    expect(agent.started()).toEqual(['T001']);
    expect(ws.read('tests/foo_test.go')).toBe('T001\n');
    expect(ws.read(tasksFile)).toBe(EDITS.replace(/- \[ \]/g, '- [x]'));
  });
});

describe('a second clone with the same cache', () => {
  it('restores the outputs and ticks the boxes without running any runner, daemon on and off', () => {
    const files = { [TASKS_FILE]: PLAN };
    const agent = createFakeAgent();
    const first = createNxWorkspace({ files, pluginOptions: PLUGIN_OPTIONS });
    const shared = {
      NX_CACHE_DIRECTORY: join(first.root, '..', 'shared-cache'),
      NX_WORKSPACE_DATA_DIRECTORY: join(first.root, '..', 'shared-data'),
    };
    const clones: NxWorkspace[] = [];
    try {
      expect(first.nx(IMPLEMENT, { env: { ...agent.env, ...shared } }).code).toBe(0);
      for (const daemon of ['false', 'true']) {
        const clone = createNxWorkspace({ files, pluginOptions: PLUGIN_OPTIONS });
        clones.push(clone);
        agent.clear();
        const env = { ...agent.env, ...shared, NX_DAEMON: daemon };
        const result = clone.nx(IMPLEMENT, { env });
        if (daemon === 'true') clone.nx(['daemon', '--stop'], { env });
        expect(result.code).toBe(0);
        expect(agent.started()).toEqual([]);
        expect(clone.read(TASKS_FILE)).toBe(PLAN.replace(/- \[ \]/g, '- [x]'));
        expect(clone.read('src/inside.ts')).toBe('T007\n');
        const completed: { tasks: Record<string, { status: string; restored?: boolean; hash: string }> } = JSON.parse(
          clone.read('specs/001-agent/.implementation-completed.json'),
        );
        expect(Object.values(completed.tasks).every((t) => t.status === 'completed' && t.restored === true)).toBe(true);
        expect(completed.tasks.T003.hash).toBe(result.tasks['feature-001:T003'].hash);
      }
    } finally {
      first.cleanup();
      for (const clone of clones) clone.cleanup();
      agent.cleanup();
    }
  });
});
