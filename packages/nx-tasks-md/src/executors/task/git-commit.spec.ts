import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commitMessage, commitTask } from './git-commit';

const env = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.x', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.x' };

describe('commitTask', () => {
  let repo: string;
  let ws: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, env, encoding: 'utf8' }).trim();
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    fs.writeFileSync(path.join(ws, file), text);
  };
  let savedEnv: NodeJS.ProcessEnv;
  beforeEach(() => {
    savedEnv = { ...process.env };
    Object.assign(process.env, env);
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-git-'));
    // the workspace is a sub-folder of the repository
    ws = path.join(repo, 'ws');
    fs.mkdirSync(ws);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env });
    write('.gitignore', 'tmp/\n');
    write('specs/001-x/tasks.md', '- [ ] T001 a\n- [ ] T002 b\n');
    write('notes.txt', 'one\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'initial');
  });
  afterEach(() => {
    process.env = savedEnv;
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('commits the task files and the given tasks.md text only, leaving staged work and other marks alone', () => {
    write('src/a.ts', 'export const a = 1;\n');
    write('tmp/out.txt', 'ignored\n');
    write('notes.txt', 'two\n');
    git('add', 'notes.txt'); // the user's staged change must stay out of the commit
    write('specs/001-x/tasks.md', '- [x] T001 a\n- [>] T002 b\n'); // working tree: T002 still running

    const sha = commitTask({
      workspaceRoot: ws,
      files: ['src/a.ts', 'tmp/out.txt', 'src/never-created.ts'],
      tasksFile: 'specs/001-x/tasks.md',
      tasksText: '- [x] T001 a\n- [ ] T002 b\n',
      message: commitMessage('feature-001', 'T001', 'a'),
    });

    expect(sha).toBe(git('rev-parse', 'HEAD'));
    expect(git('log', '-1', '--format=%s')).toBe('feat(feature-001): complete T001 - a');
    expect(git('show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual(['ws/specs/001-x/tasks.md', 'ws/src/a.ts']);
    expect(git('show', 'HEAD:ws/specs/001-x/tasks.md')).toBe('- [x] T001 a\n- [ ] T002 b');
    // the working tree and the user's staged change are untouched
    expect(fs.readFileSync(path.join(ws, 'specs/001-x/tasks.md'), 'utf8')).toBe('- [x] T001 a\n- [>] T002 b\n');
    expect(git('diff', '--cached', '--name-only')).toBe('ws/notes.txt');
  });

  it('commits the text of a tasks.md that is a symbolic link to its target, keeping the link a link', () => {
    write('docs/tasks.md', '- [ ] T001 a\n- [ ] T002 b\n');
    fs.rmSync(path.join(ws, 'specs/001-x/tasks.md'));
    fs.symlinkSync('../../docs/tasks.md', path.join(ws, 'specs/001-x/tasks.md'));
    git('add', '-A');
    git('commit', '-q', '-m', 'linked');
    write('docs/tasks.md', '- [x] T001 a\n- [ ] T002 b\n');

    commitTask({
      workspaceRoot: ws,
      files: [],
      tasksFile: 'specs/001-x/tasks.md',
      tasksText: '- [x] T001 a\n- [ ] T002 b\n',
      message: 'x',
    });

    expect(git('show', '--name-only', '--format=', 'HEAD')).toBe('ws/docs/tasks.md');
    expect(git('show', 'HEAD:ws/docs/tasks.md')).toBe('- [x] T001 a\n- [ ] T002 b');
    expect(git('ls-tree', 'HEAD', 'specs/001-x/tasks.md')).toMatch(/^120000 blob /);
    expect(git('status', '--porcelain')).toBe('');
  });

  it('makes no commit when nothing changed', () => {
    const head = git('rev-parse', 'HEAD');
    expect(
      commitTask({
        workspaceRoot: ws,
        files: [],
        tasksFile: 'specs/001-x/tasks.md',
        tasksText: '- [ ] T001 a\n- [ ] T002 b\n',
        message: 'x',
      }),
    ).toBeUndefined();
    expect(git('rev-parse', 'HEAD')).toBe(head);
  });

  it("says in the error's first line which git command failed and why", () => {
    // Another git process holds the lock on HEAD: update-ref cannot move it.
    fs.writeFileSync(path.join(repo, '.git', 'HEAD.lock'), '');
    write('src/a.ts', 'export const a = 1;\n');
    const commit = () =>
      commitTask({
        workspaceRoot: ws,
        files: ['src/a.ts'],
        tasksFile: 'specs/001-x/tasks.md',
        tasksText: '- [x] T001 a\n- [ ] T002 b\n',
        message: 'x',
      });
    expect(commit).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^git update-ref failed \(exit code 128\): fatal: .*HEAD\.lock/) }),
    );
  });

  it('keeps messages to one short line', () => {
    expect(commitMessage('p', 'T9', `Create   the\nthing ${'x'.repeat(100)}`)).toMatch(
      /^feat\(p\): complete T9 - Create the thing x+\.\.\.$/,
    );
  });
});
