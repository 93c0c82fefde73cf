/**
 * Git worktree isolation, on real git repositories in temporary folders: snapshots of the working
 * tree, a worktree per task, what the agent changed, the three-way merge back and its recovery.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { captureTaskChanges } from './capture';
import { startIsolatedTask } from './isolated-task';
import { recoverIsolation } from './recovery';
import { mergeTaskChanges, recoverInterruptedMerges } from './merge';
import { findRepository, snapshotWorkingTree, type Repository } from './snapshot';
import {
  acquireTaskWorktree,
  keepTaskWorktree,
  keptWorktrees,
  pruneWorktrees,
  releaseTaskWorktree,
  worktreesDir,
  type TaskWorktree,
} from './worktree';

jest.setTimeout(60_000);

const NEVER_MERGED = ['**/tasks.md', '**/.nx-tasks-md/**'];
const dirs: string[] = [];

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(root: string, file: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

function read(root: string, file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** A repository with one commit, an uncommitted change, an untracked file and ignored node_modules. */
async function makeRepo(files: Record<string, string> = {}): Promise<Repository> {
  const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-iso-')));
  dirs.push(top);
  sh(top, 'init', '-q', '-b', 'main');
  sh(top, 'config', 'user.email', 'test@example.com');
  sh(top, 'config', 'user.name', 'Test');
  write(top, '.gitignore', 'node_modules/\ndist/\n');
  write(top, 'specs/001-a/tasks.md', '- [ ] T001 Edit src/a.ts\n- [ ] T002 Edit src/b.ts\n');
  write(top, 'src/a.ts', 'export const a = 1;\n');
  write(top, 'packages/p/package.json', '{}\n');
  write(top, 'src/b.ts', 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n');
  for (const [file, text] of Object.entries(files)) write(top, file, text);
  sh(top, 'add', '-A');
  sh(top, 'commit', '-q', '-m', 'init');
  write(top, 'node_modules/dep/index.js', 'module.exports = 42;\n');
  write(top, 'packages/p/node_modules/inner/index.js', 'module.exports = 7;\n');
  return (await findRepository(top))!;
}

async function worktreeFor(repo: Repository, key: string): Promise<TaskWorktree> {
  const base = await snapshotWorkingTree(repo.top, { seedIndex: repo.indexFile });
  return acquireTaskWorktree(repo, key, base);
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('snapshotWorkingTree', () => {
  it('holds uncommitted and untracked work, not ignored files, and leaves index, branch and stash alone', async () => {
    const repo = await makeRepo();
    write(repo.top, 'src/a.ts', 'export const a = 2;\n');
    write(repo.top, 'src/new.ts', 'new\n');
    fs.rmSync(path.join(repo.top, 'src/b.ts'));
    write(repo.top, 'dist/out.js', 'built\n');
    sh(repo.top, 'add', 'src/new.ts'); // something staged by the user
    const indexBefore = fs.readFileSync(repo.indexFile);
    const status = sh(repo.top, 'status', '--porcelain');

    const snapshot = await snapshotWorkingTree(repo.top, { seedIndex: repo.indexFile });

    const files = sh(repo.top, 'ls-tree', '-r', '--name-only', snapshot).split('\n').filter(Boolean);
    expect(files).toEqual(['.gitignore', 'packages/p/package.json', 'specs/001-a/tasks.md', 'src/a.ts', 'src/new.ts']);
    expect(sh(repo.top, 'show', `${snapshot}:src/a.ts`)).toBe('export const a = 2;\n');
    expect(fs.readFileSync(repo.indexFile).equals(indexBefore)).toBe(true);
    expect(sh(repo.top, 'status', '--porcelain')).toBe(status);
    expect(sh(repo.top, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
    expect(sh(repo.top, 'stash', 'list')).toBe('');
    expect(sh(repo.top, 'rev-parse', `${snapshot}^`).trim()).toBe(sh(repo.top, 'rev-parse', 'HEAD').trim());
  });
});

describe('acquireTaskWorktree', () => {
  it('checks the snapshot out under the git directory with node_modules linked, and removes it', async () => {
    const repo = await makeRepo();
    write(repo.top, 'src/a.ts', 'export const a = 3;\n');
    const worktree = await worktreeFor(repo, 'feature-001-T001-x');

    expect(worktree.dir.startsWith(path.join(repo.top, '.git') + path.sep)).toBe(true);
    expect(read(worktree.dir, 'src/a.ts')).toBe('export const a = 3;\n');
    expect(worktree.links.sort()).toEqual(['node_modules', 'packages/p/node_modules']);
    expect(fs.lstatSync(path.join(worktree.dir, 'node_modules')).isSymbolicLink()).toBe(true);
    expect(read(worktree.dir, 'node_modules/dep/index.js')).toBe('module.exports = 42;\n');
    // The main tree does not see it.
    expect(sh(repo.top, 'status', '--porcelain')).toBe(' M src/a.ts\n');

    await releaseTaskWorktree(repo, worktree);
    expect(await pruneWorktrees(repo, { removeIdle: true })).toBe(1);
    expect(fs.existsSync(worktree.dir)).toBe(false);
    expect(fs.existsSync(path.join(repo.top, 'node_modules/dep/index.js'))).toBe(true);
    expect(sh(repo.top, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('runs worktree.setup in the new worktree and says what failed', async () => {
    const repo = await makeRepo();
    const base = await snapshotWorkingTree(repo.top, { seedIndex: repo.indexFile });
    const worktree = await acquireTaskWorktree(repo, 'f-T001-setup', base, { setup: 'echo ready > setup.txt' });
    expect(read(worktree.dir, 'setup.txt')).toBe('ready\n');
    await expect(acquireTaskWorktree(repo, 'f-T002-setup', base, { setup: 'echo broken >&2; exit 3' })).rejects.toThrow(
      /worktree\.setup `echo broken >&2; exit 3` exited with 3 in .*slot-[a-z0-9]+:\nbroken/,
    );
  });

  it('creates worktrees for many tasks at once', async () => {
    const repo = await makeRepo();
    const base = await snapshotWorkingTree(repo.top, { seedIndex: repo.indexFile });
    const worktrees = await Promise.all(Array.from({ length: 6 }, (_, i) => acquireTaskWorktree(repo, `f-T00${i}-many`, base)));
    expect(worktrees.every((worktree) => fs.existsSync(path.join(worktree.dir, 'src/a.ts')))).toBe(true);
  });
});

describe('captureTaskChanges', () => {
  it('takes adds, edits, deletes, renames, binary files and modes, and drops tasks.md and state', async () => {
    const repo = await makeRepo({ 'bin/run.sh': 'echo hi\n', 'old/name.txt': 'moved\n' });
    const worktree = await worktreeFor(repo, 'f-T001-capture');
    write(worktree.dir, 'src/a.ts', 'export const a = 10;\n');
    write(worktree.dir, 'src/added.ts', 'added\n');
    fs.rmSync(path.join(worktree.dir, 'src/b.ts'));
    fs.renameSync(path.join(worktree.dir, 'old/name.txt'), path.join(worktree.dir, 'new-name.txt'));
    write(worktree.dir, 'logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]));
    fs.chmodSync(path.join(worktree.dir, 'bin/run.sh'), 0o755);
    write(worktree.dir, 'specs/001-a/tasks.md', '- [x] T001 Edit src/a.ts\n- [ ] T002 Edit src/b.ts\n');
    write(worktree.dir, 'specs/001-a/.nx-tasks-md/state.json', '{}\n');
    write(worktree.dir, 'dist/ignored.js', 'x\n');

    const changes = await captureTaskChanges(worktree, NEVER_MERGED);

    expect(changes.changed).toBe(true);
    expect(changes.dropped.sort()).toEqual(['specs/001-a/.nx-tasks-md/state.json', 'specs/001-a/tasks.md']);
    const diff = sh(repo.top, 'diff-tree', '-r', '--name-status', '--no-renames', worktree.base, changes.commit);
    expect(diff.trim().split('\n').sort()).toEqual(
      ['A\tlogo.png', 'A\tnew-name.txt', 'A\tsrc/added.ts', 'D\told/name.txt', 'D\tsrc/b.ts', 'M\tbin/run.sh', 'M\tsrc/a.ts'].sort(),
    );
  });

  it('takes what an agent committed inside its worktree, and reports no change when there is none', async () => {
    const repo = await makeRepo();
    const worktree = await worktreeFor(repo, 'f-T001-commits');
    expect((await captureTaskChanges(worktree, NEVER_MERGED)).changed).toBe(false);
    write(worktree.dir, 'src/a.ts', 'export const a = 11;\n');
    sh(worktree.dir, 'commit', '-q', '-am', 'agent commit');
    const changes = await captureTaskChanges(worktree, NEVER_MERGED);
    expect(changes.changed).toBe(true);
    expect(sh(repo.top, 'show', `${changes.commit}:src/a.ts`)).toBe('export const a = 11;\n');
  });
});

describe('mergeTaskChanges', () => {
  it('merges parallel tasks on different files and on different hunks of one file', async () => {
    const repo = await makeRepo();
    const first = await worktreeFor(repo, 'f-T001-m');
    const second = await worktreeFor(repo, 'f-T002-m');
    write(first.dir, 'src/a.ts', 'export const a = 100;\n');
    write(first.dir, 'src/b.ts', read(first.dir, 'src/b.ts').replace('two', 'TWO'));
    write(second.dir, 'src/b.ts', read(second.dir, 'src/b.ts').replace('nine', 'NINE'));
    write(second.dir, 'src/c.ts', 'c\n');
    write(repo.top, 'notes.txt', 'the user writes meanwhile\n');

    const one = await mergeTaskChanges(repo, first.key, first.base, (await captureTaskChanges(first, NEVER_MERGED)).commit);
    const two = await mergeTaskChanges(repo, second.key, second.base, (await captureTaskChanges(second, NEVER_MERGED)).commit);

    expect(one).toEqual({ kind: 'merged', files: ['src/a.ts', 'src/b.ts'] });
    expect(two).toEqual({ kind: 'merged', files: ['src/b.ts', 'src/c.ts'] });
    expect(read(repo.top, 'src/a.ts')).toBe('export const a = 100;\n');
    expect(read(repo.top, 'src/b.ts')).toBe('one\nTWO\nthree\nfour\nfive\nsix\nseven\neight\nNINE\nten\n');
    expect(read(repo.top, 'src/c.ts')).toBe('c\n');
    expect(read(repo.top, 'notes.txt')).toBe('the user writes meanwhile\n');
    expect(sh(repo.top, 'diff', '--cached', '--name-only')).toBe('');
  });

  it('leaves the main tree byte for byte as it was when the same lines conflict', async () => {
    const repo = await makeRepo();
    const first = await worktreeFor(repo, 'f-T001-c');
    const second = await worktreeFor(repo, 'f-T002-c');
    write(first.dir, 'src/b.ts', read(first.dir, 'src/b.ts').replace('five', 'FIVE (first)'));
    write(second.dir, 'src/b.ts', read(second.dir, 'src/b.ts').replace('five', 'FIVE (second)'));
    write(second.dir, 'src/other.ts', 'other\n');
    await mergeTaskChanges(repo, first.key, first.base, (await captureTaskChanges(first, NEVER_MERGED)).commit);
    const before = snapshotOfFiles(repo.top);

    const result = await mergeTaskChanges(repo, second.key, second.base, (await captureTaskChanges(second, NEVER_MERGED)).commit);

    expect(result).toEqual({ kind: 'conflict', files: ['src/b.ts'] });
    expect(snapshotOfFiles(repo.top)).toEqual(before);
  });

  it('applies deletes, binary files and modes to the main tree', async () => {
    const repo = await makeRepo({ 'bin/run.sh': 'echo hi\n' });
    const worktree = await worktreeFor(repo, 'f-T001-kinds');
    fs.rmSync(path.join(worktree.dir, 'src/b.ts'));
    write(worktree.dir, 'assets/logo.png', Buffer.from([0x89, 0x50, 0, 255, 13, 10]));
    fs.chmodSync(path.join(worktree.dir, 'bin/run.sh'), 0o755);
    const result = await mergeTaskChanges(repo, worktree.key, worktree.base, (await captureTaskChanges(worktree, NEVER_MERGED)).commit);
    expect(result.kind).toBe('merged');
    expect(fs.existsSync(path.join(repo.top, 'src/b.ts'))).toBe(false);
    expect(fs.readFileSync(path.join(repo.top, 'assets/logo.png'))).toEqual(Buffer.from([0x89, 0x50, 0, 255, 13, 10]));
    expect(fs.statSync(path.join(repo.top, 'bin/run.sh')).mode & 0o111).not.toBe(0);
  });
});

describe('recoverInterruptedMerges', () => {
  it('after kill -9 in the middle of a merge, puts every file back as it was before it', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 200; i++) many[`gen/f${i}.txt`] = `line ${i}\n`;
    const repo = await makeRepo(many);
    const worktree = await worktreeFor(repo, 'f-T001-kill');
    for (let i = 0; i < 200; i++) write(worktree.dir, `gen/f${i}.txt`, `changed ${i}\n`);
    const { commit } = await captureTaskChanges(worktree, NEVER_MERGED);
    const before = snapshotOfFiles(repo.top);

    // A child process merges; it is killed as soon as its journal says it is writing files.
    const script = `require(${JSON.stringify(require.resolve('@swc-node/register'))});
      const { findRepository } = require(${JSON.stringify(path.join(__dirname, 'snapshot.ts'))});
      const { mergeTaskChanges } = require(${JSON.stringify(path.join(__dirname, 'merge.ts'))});
      findRepository(${JSON.stringify(repo.top)}).then((repo) => mergeTaskChanges(repo, ${JSON.stringify(worktree.key)}, ${JSON.stringify(worktree.base)}, ${JSON.stringify(commit)}));`;
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore', detached: true });
    const journal = path.join(repo.top, '.git/refs/nx-tasks-md/merging', worktree.key);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !fs.existsSync(journal)) await new Promise((resolve) => setTimeout(resolve, 1));
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const recoveries = await recoverInterruptedMerges(repo);

    const after = snapshotOfFiles(repo.top);
    if (recoveries.length === 0) {
      // The merge finished before the kill landed: all of it is there.
      expect(Object.keys(after).filter((file) => after[file].startsWith('changed'))).toHaveLength(200);
    } else {
      expect(recoveries).toEqual([{ key: worktree.key, restored: expect.any(Array), leftAlone: [] }]);
      expect(after).toEqual(before);
    }
    expect(await recoverInterruptedMerges(repo)).toEqual([]);
  });

  it('restores a half-written merge and leaves files edited since alone', async () => {
    const repo = await makeRepo();
    const worktree = await worktreeFor(repo, 'f-T001-half');
    write(worktree.dir, 'src/a.ts', 'merged a\n');
    write(worktree.dir, 'src/b.ts', 'merged b\n');
    write(worktree.dir, 'src/c.ts', 'merged c\n');
    const { commit } = await captureTaskChanges(worktree, NEVER_MERGED);
    const before = await snapshotWorkingTree(repo.top, { seedIndex: repo.indexFile, parent: worktree.base });
    const tree = sh(repo.top, 'merge-tree', '--write-tree', before, commit).split('\n')[0];
    const after = sh(repo.top, 'commit-tree', tree, '-p', before, '-m', 'merged').trim();
    sh(repo.top, 'update-ref', 'refs/nx-tasks-md/merging/f-T001-half', after);
    // The killed merge wrote a.ts and c.ts; then the user edited b.ts by hand.
    write(repo.top, 'src/a.ts', 'merged a\n');
    write(repo.top, 'src/c.ts', 'merged c\n');
    write(repo.top, 'src/b.ts', 'by hand\n');

    expect(await recoverInterruptedMerges(repo)).toEqual([
      { key: 'f-T001-half', restored: ['src/a.ts', 'src/c.ts'], leftAlone: ['src/b.ts'] },
    ]);
    expect(read(repo.top, 'src/a.ts')).toBe('export const a = 1;\n');
    expect(fs.existsSync(path.join(repo.top, 'src/c.ts'))).toBe(false);
    expect(read(repo.top, 'src/b.ts')).toBe('by hand\n');
  });
});

describe('worktree slots', () => {
  it('reuses an idle slot for the next task: reset to the new base, leftovers cleaned, links kept', async () => {
    const repo = await makeRepo();
    const first = await worktreeFor(repo, 'f-T001-reuse');
    write(first.dir, 'src/a.ts', 'agent 1\n');
    write(first.dir, 'leftover.txt', 'untracked\n');
    write(first.dir, 'dist/built.js', 'ignored\n');
    fs.rmSync(path.join(first.dir, 'src/b.ts'));
    await releaseTaskWorktree(repo, first);
    write(repo.top, 'src/c.ts', 'new in the main tree\n');

    const second = await worktreeFor(repo, 'f-T002-reuse');

    expect(second.dir).toBe(first.dir);
    expect(read(second.dir, 'src/a.ts')).toBe('export const a = 1;\n');
    expect(read(second.dir, 'src/c.ts')).toBe('new in the main tree\n');
    expect(fs.existsSync(path.join(second.dir, 'src/b.ts'))).toBe(true);
    expect(fs.existsSync(path.join(second.dir, 'leftover.txt'))).toBe(false);
    expect(fs.existsSync(path.join(second.dir, 'dist'))).toBe(false);
    expect(second.links.sort()).toEqual(['node_modules', 'packages/p/node_modules']);
    expect(read(second.dir, 'node_modules/dep/index.js')).toBe('module.exports = 42;\n');
    expect((await captureTaskChanges(second, NEVER_MERGED)).changed).toBe(false);
  });

  it('frees the slots of dead runs, never touches live ones, keeps conflicts until asked', async () => {
    const repo = await makeRepo();
    const live = await worktreeFor(repo, 'f-T001-live');
    const dead = await worktreeFor(repo, 'f-T002-dead');
    const kept = await worktreeFor(repo, 'f-T003-kept');
    keepTaskWorktree(repo, kept);
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    for (const slot of [dead.slot, kept.slot]) {
      const file = path.join(worktreesDir(repo), `${slot}.owner.json`);
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), pid: gone.pid }));
    }

    expect(await pruneWorktrees(repo)).toBe(0);
    expect((await worktreeFor(repo, 'f-T004-next')).dir).toBe(dead.dir);
    expect(await pruneWorktrees(repo, { removeIdle: true })).toBe(0);
    expect(fs.existsSync(live.dir)).toBe(true);
    expect(keptWorktrees(repo, 'f', 'T003')).toEqual([kept.dir]);
    expect(keptWorktrees(repo, 'f', 'T00')).toEqual([]);
  });
});

/** Every file under the top (outside .git and node_modules) and its bytes, as text. */
function snapshotOfFiles(top: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(top, full)] = fs.readFileSync(full, 'latin1') + `@${fs.statSync(full).mode.toString(8)}`;
    }
  };
  walk(top);
  return files;
}

describe('startIsolatedTask', () => {
  it('runs a task of a workspace inside a repository in its own worktree, drops its ticks and merges its work', async () => {
    const repo = await makeRepo({ 'apps/web/specs/002-b/tasks.md': '- [ ] T001 Edit src/page.ts\n', 'apps/web/src/page.ts': 'page\n' });
    const workspaceRoot = path.join(repo.top, 'apps/web');
    write(workspaceRoot, 'src/page.ts', 'page, edited before the task started\n');

    const task = (await startIsolatedTask({ workspaceRoot, tasksFile: 'specs/002-b/tasks.md', project: 'feature-002', taskId: 'T001' }))!;

    expect(task.workspaceRoot).toBe(path.join(task.worktree.dir, 'apps/web'));
    expect(read(task.workspaceRoot, 'src/page.ts')).toBe('page, edited before the task started\n');
    write(task.workspaceRoot, 'src/page.ts', 'page, edited by the agent\n');
    write(task.workspaceRoot, 'specs/002-b/tasks.md', '- [x] T001 Edit src/page.ts\n');
    write(task.workspaceRoot, 'specs/002-b/.implementation-state.json', '{}\n');
    write(task.workspaceRoot, 'specs/002-b/.nx-tasks-md/logs/T001.log', 'log\n');
    const outcome = await task.mergeBack();

    expect(outcome).toEqual({
      kind: 'merged',
      files: ['src/page.ts'],
      dropped: ['specs/002-b/.implementation-state.json', 'specs/002-b/.nx-tasks-md/logs/T001.log', 'specs/002-b/tasks.md'],
    });
    expect(read(workspaceRoot, 'src/page.ts')).toBe('page, edited by the agent\n');
    expect(read(workspaceRoot, 'specs/002-b/tasks.md')).toBe('- [ ] T001 Edit src/page.ts\n');
    expect(await pruneWorktrees(repo, { removeIdle: true })).toBe(1);
  });

  it('keeps the worktree of a task whose change conflicts, and leaves the main tree alone', async () => {
    const repo = await makeRepo();
    const task = (await startIsolatedTask({
      workspaceRoot: repo.top,
      tasksFile: 'specs/001-a/tasks.md',
      project: 'feature-001',
      taskId: 'T002',
    }))!;
    write(task.workspaceRoot, 'src/a.ts', 'export const a = "agent";\n');
    write(repo.top, 'src/a.ts', 'export const a = "meanwhile";\n');
    const before = snapshotOfFiles(repo.top);

    const outcome = await task.mergeBack();

    expect(outcome).toEqual({ kind: 'conflict', files: ['src/a.ts'], dropped: [], worktreeDir: task.worktree.dir });
    expect(snapshotOfFiles(repo.top)).toEqual(before);
    expect(read(task.worktree.dir, 'src/a.ts')).toBe('export const a = "agent";\n');
    expect(await pruneWorktrees(repo, { removeIdle: true })).toBe(0);
    expect(fs.existsSync(task.worktree.dir)).toBe(true);
  });

  it('is undefined outside a git repository', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-nogit-'));
    dirs.push(dir);
    expect(await startIsolatedTask({ workspaceRoot: dir, tasksFile: 'specs/001/tasks.md', project: 'f', taskId: 'T001' })).toBeUndefined();
  });
});

describe('recoverIsolation', () => {
  it('says nothing and spawns nothing where isolation was never used', async () => {
    const repo = await makeRepo();
    expect(await recoverIsolation(repo.top)).toEqual([]);
    expect(fs.existsSync(path.join(repo.top, '.git/nx-tasks-md'))).toBe(false);
  });

  it('undoes an interrupted merge and prunes the worktrees of dead runs, and says so', async () => {
    const repo = await makeRepo();
    const worktree = await worktreeFor(repo, 'feature-001-T005-abc123');
    write(worktree.dir, 'src/a.ts', 'merged\n');
    const { commit } = await captureTaskChanges(worktree, NEVER_MERGED);
    const before = await snapshotWorkingTree(repo.top, { seedIndex: repo.indexFile, parent: worktree.base });
    const tree = sh(repo.top, 'merge-tree', '--write-tree', before, commit).split('\n')[0];
    sh(
      repo.top,
      'update-ref',
      'refs/nx-tasks-md/merging/feature-001-T005-abc123',
      sh(repo.top, 'commit-tree', tree, '-p', before, '-m', 'merged').trim(),
    );
    write(repo.top, 'src/a.ts', 'merged\n');
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    const owner = path.join(worktreesDir(repo), `${worktree.slot}.owner.json`);
    fs.writeFileSync(owner, JSON.stringify({ ...JSON.parse(fs.readFileSync(owner, 'utf8')), pid: gone.pid }));

    expect(await recoverIsolation(path.join(repo.top, 'src'))).toEqual([
      'undid the merge of feature-001:T005 that a killed run left half done (1 file put back); the task runs again',
    ]);
    expect(read(repo.top, 'src/a.ts')).toBe('export const a = 1;\n');
    // The dead run's worktree is free for the next task.
    expect((await worktreeFor(repo, 'feature-001-T006-def456')).dir).toBe(worktree.dir);
  });
});
