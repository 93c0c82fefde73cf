/**
 * nx-tasks-md as a user meets it: fresh workspaces on the oldest and the newest supported Nx
 * (real npm installs), the packed plugin added with `nx add`, spec-kit feature folders, and a
 * stand-in `claude` on PATH that does what each task says and logs every call.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRemoteCacheServer, type RemoteCacheServer } from '../../packages/nx-tasks-md/src/testing/remote-cache-server';
import { installStandInAgent, isAlive, type StandInAgent } from './support/stand-in-agent';
import {
  checkboxes,
  copyWorkspace,
  createBaseWorkspace,
  fixtureTaskFiles,
  NX_VERSIONS,
  packPlugin,
  readFeatureState,
  README_PLUGIN_ENTRY,
  README_TARBALL,
  REPO_ROOT,
  setupCommands,
  stopRunningCommands,
  type BaseWorkspace,
  type NxRun,
  type UserWorkspace,
} from './support/user-workspace';

const ALBUMS = '001-photo-albums';
const SHARING = '002-album-sharing';
const EXPORT = '003-album-export';
const ALBUM_FILES = fixtureTaskFiles(ALBUMS);
const ALBUM_TASKS = Object.keys(ALBUM_FILES);
const EXPORT_TASKS = Object.keys(fixtureTaskFiles(EXPORT));
const SHARING_TASKS = Object.keys(fixtureTaskFiles(SHARING));
const TASKS_MD = (feature: string) => `specs/${feature}/tasks.md`;
/** The nx command lines the README shows (as `npx nx ...`). */
const NX = {
  projects: ['show', 'projects', '--json'],
  plan: ['run', 'feature-001:plan'],
  implement: ['run', 'feature-001:implement'],
  affected: ['affected', '-t', 'implement', '--base=HEAD~1', '--head=HEAD'],
  runMany: ['run-many', '-t', 'implement'],
};
const durations: string[] = [];

// Real npm installs and real Nx runs: minutes, not seconds (testTimeout of a project config is ignored).
jest.setTimeout(300_000);

let tmp: string;
let packing: Promise<string> | undefined;
/** `npm run pack:plugin`, once per test run, when the first workspace needs it. */
const tarball = () => (packing ??= packPlugin());

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nx-tasks-md-e2e-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (durations.length) process.stdout.write(`\n${durations.join('\n')}\n`);
});

it('the README\'s "Use it in your workspace" shows exactly the commands these tests run', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Use it in your workspace');
  expect(start).toBeGreaterThanOrEqual(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const lines = section.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim());
  const commands = setupCommands(NX_VERSIONS[NX_VERSIONS.length - 1], README_TARBALL);
  const shown = ['npm run pack:plugin', ...commands.install, ...Object.values(NX).map((args) => `npx nx ${args.join(' ')}`)];
  for (const command of shown) expect([command, lines.some((line) => line.includes(command))]).toEqual([command, true]);
  expect(section).toContain(commands.commit);
  for (const version of NX_VERSIONS) expect(section).toContain(`nx@${version}`);
  const entries = lines.filter((line) => line.startsWith('{ "plugin"')).map((line) => JSON.parse(line));
  expect(entries).toEqual([README_PLUGIN_ENTRY]);
});

describe.each(NX_VERSIONS)('a fresh Nx %s workspace', (nxVersion) => {
  let started = 0;
  let base: BaseWorkspace;
  let agent: StandInAgent;
  let cache: RemoteCacheServer;
  let dirs = 0;
  /**
   * A scenario's own copy of the base workspace with these features committed under specs/ and a
   * private local cache. Only the remote-cache scenario shares a remote cache: others would get
   * each other's results.
   */
  const workspaceWith = (features: string[], options: { remoteCache?: boolean } = {}) =>
    copyWorkspace(base, mkdtempSync(join(tmp, `nx-${nxVersion}-${++dirs}-`)), features, {
      ...agent.env(),
      ...(options.remoteCache ? cache.env() : {}),
    });

  beforeAll(async () => {
    started = Date.now();
    base = await createBaseWorkspace(join(tmp, `base-nx-${nxVersion}`), nxVersion, await tarball());
    durations.push(`e2e Nx ${nxVersion}: workspace (npm installs, nx add) in ${seconds(started)}`);
    agent = installStandInAgent(join(tmp, `agent-nx-${nxVersion}`));
    cache = await startRemoteCacheServer(`token-${nxVersion}`);
  }, 300_000);

  beforeEach(() => agent?.clear());
  afterEach(() => {
    stopRunningCommands();
    agent?.stopAll();
  });
  afterAll(async () => {
    await cache?.close();
    durations.push(`e2e Nx ${nxVersion}: workspace and every scenario in ${seconds(started)}`);
  });

  it('nx add installed the tarball and registered the plugin', () => {
    expect(base.addOutput).toContain('Registered nx-tasks-md in nx.json.');
    expect(base.addOutput).toMatch(/Package nx-tasks-md added successfully/);
  });

  describe('one feature, run twice, then restored in a fresh clone from the remote cache', () => {
    let ws: UserWorkspace;
    beforeAll(() => {
      ws = workspaceWith([ALBUMS], { remoteCache: true });
    });

    it('1. `nx run feature-001:implement` runs every task with the agent, ticks every box and writes the report', async () => {
      expect(JSON.parse((await nxOk(ws, NX.projects)).output)).toEqual(['feature-001']);
      const plan = await nxOk(ws, NX.plan);
      expect(plan.output).toContain(`${ALBUM_TASKS.length} tasks · 5 phases`);
      expect(plan.output).toContain('Diagnostics: none');

      const result = await nxOk(ws, NX.implement);

      expect(sorted(agent.calls())).toEqual(ALBUM_TASKS.map((id) => `feature-001:${id}`));
      for (const call of agent.records().filter((r) => r.event === 'start')) {
        expect(call.cwd).toBe(ws.root);
        expect(call.argv!.slice(0, 2)).toEqual(['-p', '--dangerously-skip-permissions']);
        expect(call.argv![2]).toContain(`Task ${call.id}:`);
        expect(call.files).toEqual([ALBUM_FILES[call.id]]);
      }
      expectDependencyOrder(agent.calls(), [
        ['T001', 'T002'],
        ['T004', 'T005'],
        ['T006', 'T007'],
        ['T007', 'T008'],
        ['T008', 'T009'],
        ['T009', 'T010'],
        ['T010', 'T011'],
      ]);
      for (const [id, file] of Object.entries(ALBUM_FILES)) expect(ws.read(file)).toContain(id);
      expect(checkboxes(ws.read(TASKS_MD(ALBUMS)))).toEqual(all(ALBUM_TASKS, 'x'));
      const state = readFeatureState(ws, ALBUMS)!;
      expect(state.file).toBe('.implementation-completed.json');
      for (const id of ALBUM_TASKS) expect(state.tasks[id]).toMatchObject({ status: 'completed', runner: 'claude', exit_code: 0 });
      const report = ws.read(`specs/${ALBUMS}/implementation-report.md`);
      expect(report).toContain(`**${ALBUM_TASKS.length}/${ALBUM_TASKS.length} tasks done** · ${ALBUM_TASKS.length} ran`);
      expect(result.output).toContain('Successfully ran target implement for project feature-001');
      // Every task result went to the remote cache, behind the token.
      expect(cache.hashes()).toHaveLength(ALBUM_TASKS.length);
      expect(cache.requests.filter((r) => r.status === 401)).toEqual([]);
    });

    it('2. a second run calls no agent: every task is reported complete without running', async () => {
      const before = ws.read(TASKS_MD(ALBUMS));
      const result = await nxOk(ws, NX.implement);
      expect(agent.calls()).toEqual([]);
      for (const id of ALBUM_TASKS) expect(result.output).toContain(`${id} already complete`);
      expect(result.output).toContain(`${ALBUM_TASKS.length}/${ALBUM_TASKS.length} tasks done · 0 ran`);
      expect(ws.read(TASKS_MD(ALBUMS))).toBe(before);
      expect(readFeatureState(ws, ALBUMS)!.file).toBe('.implementation-completed.json');
    });

    it('6. a fresh clone with an empty local cache restores every task from the remote cache, no agent call', async () => {
      const clone = ws.clone();
      expect(clone.exists(ALBUM_FILES.T001)).toBe(false);
      expect(checkboxes(clone.read(TASKS_MD(ALBUMS)))).toEqual(all(ALBUM_TASKS, ' '));
      const hits = cache.requests.length;

      const result = await nxOk(clone, NX.implement);

      expect(agent.calls()).toEqual([]);
      for (const id of ALBUM_TASKS) expect(result.reported[`feature-001:${id}`]).toBe('remote cache');
      expect(cache.requests.slice(hits).filter((r) => r.method === 'GET' && r.status === 200)).toHaveLength(ALBUM_TASKS.length);
      for (const file of Object.values(ALBUM_FILES)) expect(clone.read(file)).toBe(ws.read(file));
      expect(checkboxes(clone.read(TASKS_MD(ALBUMS)))).toEqual(all(ALBUM_TASKS, 'x'));
      const state = readFeatureState(clone, ALBUMS)!;
      expect(state.file).toBe('.implementation-completed.json');
      for (const id of ALBUM_TASKS) expect(state.tasks[id]).toMatchObject({ status: 'completed', restored: true });
      expect(clone.read(`specs/${ALBUMS}/implementation-report.md`)).toContain(`${ALBUM_TASKS.length} restored from cache`);
    });
  });

  it('3. a failing task is marked [!], its dependents do not run, independent tasks do; after the fix only the rest runs', async () => {
    const ws = workspaceWith([ALBUMS]);
    const failed = await ws.nx(NX.implement, { env: { FAKE_CLAUDE_FAIL: 'T006' } });
    expect(failed.code).not.toBe(0);
    expectNoRunningMarks(ws);

    const ran = new Set(agent.calls().map((c) => c.split(':')[1]));
    // T005 shares T006's phase but not its dependencies; T007 depends on T006, and later phases wait for the phase.
    expect([...ran].sort()).toEqual(['T001', 'T002', 'T003', 'T004', 'T005', 'T006']);
    const marks = checkboxes(ws.read(TASKS_MD(ALBUMS)));
    expect(marks).toEqual({ ...all(ALBUM_TASKS, ' '), ...all(['T001', 'T002', 'T003', 'T004', 'T005'], 'x'), T006: '!' });
    expect(ws.exists(ALBUM_FILES.T005)).toBe(true);
    expect(ws.exists(ALBUM_FILES.T006)).toBe(false);
    const state = readFeatureState(ws, ALBUMS)!;
    expect(state.file).toBe('.implementation-state.json');
    expect(state.tasks.T006).toMatchObject({ status: 'failed', exit_code: 1 });
    expect(ws.read(TASKS_MD(ALBUMS))).toContain(`specs/${ALBUMS}/.nx-tasks-md/logs/T006.log`);
    expect(state.tasks.T005).toMatchObject({ status: 'completed' });
    for (const id of ['T007', 'T008', 'T009', 'T010', 'T011', 'T012']) expect(state.tasks[id]?.status ?? 'pending').toBe('pending');

    agent.clear();
    await nxOk(ws, NX.implement);
    expect(sorted(agent.calls())).toEqual(['T006', 'T007', 'T008', 'T009', 'T010', 'T011', 'T012'].map((id) => `feature-001:${id}`));
    expect(checkboxes(ws.read(TASKS_MD(ALBUMS)))).toEqual(all(ALBUM_TASKS, 'x'));
    expect(ws.read(TASKS_MD(ALBUMS))).not.toContain('T006.log');
    const done = readFeatureState(ws, ALBUMS)!;
    expect(done.file).toBe('.implementation-completed.json');
    for (const id of ALBUM_TASKS) expect(done.tasks[id]).toMatchObject({ status: 'completed' });
  });

  // Ctrl-C in a plain terminal signals the foreground process group; Nx's terminal UI (the default
  // in a terminal) reads Ctrl-C as a key and stops the run itself, as a stop signal to the nx
  // process alone (a CI cancel, `kill`) does: Nx then kills each task's tree leaves first.
  it.each([
    { stop: 'SIGINT to the nx process group (Ctrl-C without the terminal UI)', group: true },
    { stop: 'SIGINT to the nx process alone (Ctrl-C in the terminal UI, a CI cancel)', group: false },
  ])('4. $stop mid-run leaves no [>]; the rerun finishes the rest', async ({ group: toGroup }) => {
    const ws = workspaceWith([ALBUMS]);
    let nxPid = 0;
    const running = ws.nx(NX.implement, { env: { FAKE_CLAUDE_HANG: 'T006' }, onStart: (pid) => (nxPid = pid) });
    const hanging = await waitFor(() => agent.records().find((r) => r.event === 'start' && r.id === 'T006'), running);
    expect(ws.read(TASKS_MD(ALBUMS))).toMatch(/^- \[>\] T006 /m);
    // The spawned command is the nx process itself (node_modules/.bin/nx), leader of its own group.
    process.kill(toGroup ? -nxPid : nxPid, 'SIGINT');
    const interrupted = await running;
    expect(interrupted.code).not.toBe(0);
    await waitFor(() => !isAlive(hanging.pid) || undefined);

    expectNoRunningMarks(ws);
    const marks = checkboxes(ws.read(TASKS_MD(ALBUMS)));
    expect(marks.T006).toBe(' ');
    for (const id of ['T007', 'T008', 'T009', 'T010', 'T011', 'T012']) expect(marks[id]).toBe(' ');
    const ranBefore = new Set(agent.calls().map((c) => c.split(':')[1]));
    for (const id of ['T007', 'T008', 'T009', 'T010', 'T011', 'T012']) expect(ranBefore.has(id)).toBe(false);
    const state = readFeatureState(ws, ALBUMS)!;
    expect(state.tasks.T006.status).toBe('interrupted');
    expect(Object.values(state.tasks).map((t) => t.status)).not.toContain('running');

    const notDone = ALBUM_TASKS.filter((id) => marks[id] !== 'x');
    agent.clear();
    await nxOk(ws, NX.implement);
    expect(sorted(agent.calls())).toEqual(notDone.map((id) => `feature-001:${id}`));
    expect(checkboxes(ws.read(TASKS_MD(ALBUMS)))).toEqual(all(ALBUM_TASKS, 'x'));
    expect(readFeatureState(ws, ALBUMS)!.file).toBe('.implementation-completed.json');
  });

  it('5. `nx affected -t implement` after a change in one of two features runs only that feature', async () => {
    const ws = workspaceWith([ALBUMS, EXPORT]);
    ws.write(
      `specs/${EXPORT}/spec.md`,
      `${ws.read(`specs/${EXPORT}/spec.md`)}\n### Edge Cases\n\n- An empty album exports a header row only.\n`,
    );
    ws.git(['commit', '-q', '-am', 'Spec 003: edge case']);

    await nxOk(ws, NX.affected);

    expect(sorted(agent.calls())).toEqual(EXPORT_TASKS.map((id) => `feature-003:${id}`));
    expect(checkboxes(ws.read(TASKS_MD(EXPORT)))).toEqual(all(EXPORT_TASKS, 'x'));
    expect(readFeatureState(ws, EXPORT)!.file).toBe('.implementation-completed.json');
    expect(checkboxes(ws.read(TASKS_MD(ALBUMS)))).toEqual(all(ALBUM_TASKS, ' '));
    for (const file of Object.values(ALBUM_FILES)) expect(ws.exists(file)).toBe(false);
    // The pre-run hook cannot tell which features `affected` selects; it must not litter the ones
    // that did not run with state files.
    expect(readFeatureState(ws, ALBUMS)).toBeUndefined();

    // A change to a file a task names (src/models/album.ts, T006's) is an input of that task and of
    // the tasks that wait for it.
    // Nx 22 decides affected per project: the task's input makes feature-001 affected, so its
    // implement target is selected. Nx 24 decides per task: implement's own inputs did not change,
    // so `-t implement` selects nothing while `-t T006` selects T006.
    ws.write(ALBUM_FILES.T006, 'export interface Album { name: string }\n');
    ws.git(['add', ALBUM_FILES.T006]);
    ws.git(['commit', '-q', '-m', 'Album model by hand']);
    const selected = async (target: string) =>
      Object.keys(taskGraph(await nxOk(ws, ['affected', '-t', target, '--base=HEAD~1', '--head=HEAD', '--graph=stdout'])));
    if (nxVersion.startsWith('22.')) {
      expect(await selected('implement')).toContain('feature-001:implement');
    } else {
      expect(await selected('implement')).toEqual([]);
      expect(await selected('T006')).toContain('feature-001:T006');
      // A task's key covers the files of the tasks it waits for: T007 (depends on T006) is affected,
      // T005 (beside T006 in its phase, not after it) is not.
      expect(await selected('T007')).toContain('feature-001:T007');
      expect(await selected('T005')).toEqual([]);
    }
    expect(sorted(agent.calls())).toEqual(EXPORT_TASKS.map((id) => `feature-003:${id}`));
  });

  it('7. `nx run-many -t implement` runs a feature that depends on another after it', async () => {
    const ws = workspaceWith([ALBUMS, SHARING]);
    const graph = JSON.parse((await nxOk(ws, ['show', 'project', 'feature-002', '--json'])).output);
    expect(graph.implicitDependencies ?? []).toContain('feature-001');

    await nxOk(ws, NX.runMany);

    const records = agent.records();
    expect(sorted(agent.calls())).toEqual(
      sorted([...ALBUM_TASKS.map((id) => `feature-001:${id}`), ...SHARING_TASKS.map((id) => `feature-002:${id}`)]),
    );
    const lastAlbumEnd = records.map((r) => r.event === 'end' && r.project === 'feature-001').lastIndexOf(true);
    const firstSharingStart = records.findIndex((r) => r.event === 'start' && r.project === 'feature-002');
    expect(lastAlbumEnd).toBeLessThan(firstSharingStart);
    for (const [feature, tasks] of [
      [ALBUMS, ALBUM_TASKS],
      [SHARING, SHARING_TASKS],
    ] as const) {
      expect(checkboxes(ws.read(TASKS_MD(feature)))).toEqual(all(tasks, 'x'));
      expect(readFeatureState(ws, feature)!.file).toBe('.implementation-completed.json');
    }
  });

  it('8. a repository as spec-kit leaves it: command templates, two features numbered 001, a [~] that status keeps, [P] tasks on one file', async () => {
    const ws = workspaceWith([]);
    for (const agentFolder of ['.claude/commands', '.cursor/commands', '.github/prompts'])
      ws.write(`${agentFolder}/tasks.md`, SPECKIT_COMMAND_TEMPLATE);
    ws.write('specs/001-search/tasks.md', SEARCH_PLAN);
    ws.write('specs/001-search/spec.md', '# Search\n\nUsers find albums by name.\n');
    ws.write('specs/001-tags/tasks.md', TAGS_PLAN);
    ws.write('src/shared/registry.ts', '// registry of album features\n');
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'spec-kit installed, two features']);

    // The output holds the JSON list and, on its own line, the warning about the two features numbered 001.
    const shown = (await nxOk(ws, NX.projects)).output;
    expect(shown).toContain('specs/001-search/tasks.md and specs/001-tags/tasks.md share the project name');
    const jsonLine = (output: string, start: string) => JSON.parse(output.split('\n').find((line) => line.startsWith(start))!);
    const projects: string[] = jsonLine(shown, '[');
    const roots: Record<string, string> = {};
    for (const project of projects) roots[jsonLine((await nxOk(ws, ['show', 'project', project, '--json'])).output, '{').root] = project;
    expect(Object.keys(roots).sort()).toEqual(['specs/001-search', 'specs/001-tags']);
    const search = roots['specs/001-search'];

    // Read-only targets write nothing: the [~] of a superseded task and the legend stay as written.
    const before = ws.read('specs/001-search/tasks.md');
    const plan = await nxOk(ws, ['run', `${search}:plan`]);
    expect(plan.output).toContain('src/shared/registry.ts');
    await nxOk(ws, ['run', `${search}:status`]);
    expect(ws.read('specs/001-search/tasks.md')).toBe(before);
    expect(ws.git(['status', '--porcelain'])).toBe('');

    // Three [P] tasks edit one file, each reading it and writing it back; one also ticks its own box.
    await nxOk(ws, ['run', `${search}:implement`, '--parallel=4'], { FAKE_CLAUDE_WRITE_BACK: '400', FAKE_CLAUDE_TICK: 'T003' });

    const registry = ws.read('src/shared/registry.ts');
    for (const id of ['T002', 'T003', 'T004']) expect([id, registry.includes(`// ${id}:`)]).toEqual([id, true]);
    expect(checkboxes(ws.read('specs/001-search/tasks.md'))).toEqual({ T001: 'x', T002: 'x', T003: 'x', T004: 'x', T005: '~', T006: 'x' });
    expect(
      agent
        .calls()
        .map((c) => c.split(':')[1])
        .sort(),
    ).toEqual(['T001', 'T002', 'T003', 'T004', 'T006']);
    await nxOk(ws, ['run', `${search}:status`]);
    expect(checkboxes(ws.read('specs/001-search/tasks.md')).T005).toBe('~');
  });
});

async function nxOk(ws: UserWorkspace, args: string[], env?: Record<string, string>): Promise<NxRun> {
  const result = await ws.nx(args, env ? { env } : {});
  if (result.code !== 0) throw new Error(`nx ${args.join(' ')} exited with ${result.code ?? result.signal}:\n${result.output}`);
  expectNoRunningMarks(ws);
  return result;
}

/** No task of any feature is left `[>]` (running) once a command has ended. */
function expectNoRunningMarks(ws: UserWorkspace): void {
  const running: string[] = [];
  for (const feature of readdirSync(join(ws.root, 'specs'))) {
    const marks = checkboxes(ws.read(TASKS_MD(feature)));
    for (const [id, mark] of Object.entries(marks)) if (mark === '>') running.push(`${feature} ${id}`);
  }
  expect(running).toEqual([]);
}

function all(ids: readonly string[], mark: string): Record<string, string> {
  return Object.fromEntries(ids.map((id) => [id, mark]));
}

function sorted(values: string[]): string[] {
  return [...values].sort();
}

/** Each pair [before, after]: every call of `before` started ahead of `after`'s. */
function expectDependencyOrder(calls: string[], pairs: [string, string][]): void {
  const at = (id: string) => calls.findIndex((c) => c.endsWith(`:${id}`));
  for (const [before, after] of pairs) expect([before, at(before) < at(after)]).toEqual([before, true]);
}

/** The task graph `nx ... --graph=stdout` prints. */
function taskGraph(result: NxRun): Record<string, unknown> {
  const json = JSON.parse(result.output.slice(result.output.indexOf('{')));
  return json.tasks.tasks;
}

/** Polls until `probe` gives a value; fails if `settled` (the command being watched) ends first. */
async function waitFor<T>(probe: () => T | undefined, settled?: Promise<unknown>): Promise<T> {
  let ended = false;
  settled?.then(() => (ended = true));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (ended) throw new Error('the command ended before the awaited state');
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Made up in the shape of spec-kit's agent command file for /tasks: front matter, steps, an example task line. */
const SPECKIT_COMMAND_TEMPLATE = `---
description: Turn the design documents into a dependency-ordered tasks.md for the feature.
---

The text the user typed after the command is in $ARGUMENTS.

1. Run the prerequisites script and read FEATURE_DIR from its JSON.
2. Load plan.md and spec.md; load data-model.md and contracts/ when they exist.
3. Write tasks.md from the template. Every task line looks like this:
   - [ ] T001 Create project structure per implementation plan
   - [ ] T005 [P] [US1] Add the album model in src/models/album.ts
4. Report the number of tasks per user story.
`;

const SEARCH_PLAN = `# Tasks: Album search

## Status legend

- \`[ ]\` to do
- \`[x]\` done
- \`[~]\` superseded (folded into another task)

## Phase 1: Setup

- [ ] T001 Create the search module in src/search/index.ts

## Phase 2: Search by name

- [ ] T002 [P] Register the name index in src/shared/registry.ts
- [ ] T003 [P] Register the tag index in src/shared/registry.ts
- [ ] T004 [P] Register the date index in src/shared/registry.ts
- [~] T005 Register a fuzzy index (folded into T002)
- [ ] T006 Wire the indexes together in src/search/query.ts
`;

const TAGS_PLAN = `# Tasks: Album tags

## Phase 1: Core

- [ ] T001 Add the tag model in src/tags/tag.ts
- [ ] T002 Add the tag list in src/tags/list.ts
`;
