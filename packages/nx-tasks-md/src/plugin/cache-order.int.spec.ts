/**
 * A task's cache key covers what it builds on, proven with real Nx, the packed plugin and real
 * shell tasks: T001 writes out/x.txt, T002 (a phase later) appends to it. After T001's text
 * changes, T002 must not be a cache hit (Nx would restore its old file over T001's new one, before
 * or after T001 runs): the file must end as a fresh sequential run leaves it. Checked in batch
 * mode, with one process per task, and through a self-hosted remote cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRemoteCacheServer, type RemoteCacheServer } from '../testing/remote-cache-server';
import { createNxWorkspace, type NxResult, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(240_000);

const TASKS_FILE = 'specs/001-order/tasks.md';
const plan = (first: string) => `# Tasks: Cache order

## Phase 1: Write
- [ ] T001 Write out/x.txt
  - run: \`mkdir -p out && echo ${first} > out/x.txt\`

## Phase 2: Append
- [ ] T002 Append a line to out/x.txt
  - run: \`echo two >> out/x.txt\`
`;

describe('a task whose prerequisite changed is not a cache hit', () => {
  let ws: NxWorkspace;
  let remote: RemoteCacheServer;
  const cacheDirs: string[] = [];
  /** A local cache of its own (Nx keeps its index in the workspace data), as another machine has. */
  const freshCache = () => {
    const dir = mkdtempSync(join(tmpdir(), 'nx-tasks-md-cache-'));
    cacheDirs.push(dir);
    return { NX_CACHE_DIRECTORY: join(dir, 'cache'), NX_WORKSPACE_DATA_DIRECTORY: join(dir, 'data') };
  };
  /** The workspace as a fresh checkout of a plan whose first task writes `first`. */
  const checkout = (first: string) => {
    ws.write(TASKS_FILE, plan(first));
    ws.remove('out');
    ws.remove('specs/001-order/.implementation-state.json');
    ws.remove('specs/001-order/.implementation-completed.json');
  };
  const implement = async (args: string[], env: Record<string, string>): Promise<NxResult> => {
    const result = await ws.nxAsync(['run', 'feature-001:implement', '--output-style=static', ...args], { env });
    if (result.code !== 0) throw new Error(`implement failed:\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const statusOf = (result: NxResult, id: string) => result.tasks[`feature-001:${id}`]?.status;
  let expected: string;

  beforeAll(async () => {
    remote = await startRemoteCacheServer('order-token');
    ws = createNxWorkspace({ files: { [TASKS_FILE]: plan('v1') }, isolatePlugins: false });
    checkout('v2');
    await implement(['--skip-nx-cache', '--parallel=1', '--batch=false'], freshCache());
    expected = ws.read('out/x.txt');
    expect(expected).toBe('v2\ntwo\n');
  });
  afterAll(async () => {
    ws?.cleanup();
    await remote?.close();
    for (const dir of cacheDirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['in a batch', [] as string[]],
    ['with one process per task', ['--batch=false']],
  ])('local cache, %s', async (_, args) => {
    const env = freshCache();
    checkout('v1');
    await implement(args, env);
    expect(ws.read('out/x.txt')).toBe('v1\ntwo\n');

    checkout('v2');
    const changed = await implement(args, env);
    expect(ws.read('out/x.txt')).toBe(expected);
    expect(statusOf(changed, 'T001')).toBe('success');
    expect(statusOf(changed, 'T002')).toBe('success');

    // Nothing changed since: both come from the cache, in order.
    checkout('v2');
    const again = await implement(args, env);
    expect(statusOf(again, 'T001')).toMatch(/^local-cache/);
    expect(statusOf(again, 'T002')).toMatch(/^local-cache/);
    expect(ws.read('out/x.txt')).toBe(expected);
  });

  it('remote cache: another machine does not restore the old result of T002', async () => {
    const env = () => ({ ...remote.env(), ...freshCache() });
    checkout('v1');
    await implement([], env());
    expect(remote.hashes().length).toBeGreaterThanOrEqual(2);

    checkout('v2');
    const changed = await implement([], env());
    expect(ws.read('out/x.txt')).toBe(expected);
    expect(statusOf(changed, 'T002')).toBe('success');

    checkout('v2');
    const again = await implement([], env());
    expect(statusOf(again, 'T001')).toBe('remote-cache');
    expect(statusOf(again, 'T002')).toBe('remote-cache');
    expect(ws.read('out/x.txt')).toBe(expected);
  });
});
