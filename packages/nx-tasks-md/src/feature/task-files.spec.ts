import { taskDoc } from '../testing/task-doc';
import { parseTasksMd } from '../parse';
import { agentFiles, allTaskFiles, refusals, taskFiles, workspaceRelative, type TaskFileSet } from './task-files';

const root = '/ws';

describe('workspaceRelative', () => {
  it('normalizes workspace-relative paths', () => {
    expect(workspaceRelative('src/a.ts', root)).toBe('src/a.ts');
    expect(workspaceRelative('./src//b/../a.ts', root)).toBe('src/a.ts');
    expect(workspaceRelative('src\\win\\a.ts', root)).toBe('src/win/a.ts');
    expect(workspaceRelative('src/dir/', root)).toBe('src/dir');
  });

  it('turns absolute paths inside the workspace into relative ones', () => {
    expect(workspaceRelative('/ws/src/a.ts', root)).toBe('src/a.ts');
    expect(workspaceRelative('/ws', root)).toBe('');
  });

  it('refuses paths outside the workspace', () => {
    expect(workspaceRelative('/etc/passwd', root)).toBeUndefined();
    expect(workspaceRelative('/wsx/a.ts', root)).toBeUndefined();
    expect(workspaceRelative('../secret.txt', root)).toBeUndefined();
    expect(workspaceRelative('src/../../x', root)).toBeUndefined();
    expect(workspaceRelative('C:\\Windows\\x.ts', root)).toBeUndefined();
  });
});

describe('taskFiles', () => {
  const task = (files: string[]) => {
    const doc = taskDoc('specs/001-x/tasks.md').phase('1').task('T001').build();
    return { ...doc.tasks[0], files, line: 7 };
  };

  it('keeps workspace files once each, refuses the task for an escaping path and leaves the tasks.md out', () => {
    const lineText = () => '- [ ] T001 touch ../up.txt and src/a.ts';
    const result = taskFiles(task(['src/a.ts', './src/a.ts', '../up.txt', 'specs/001-x/tasks.md', '/ws/b.ts']), {
      workspaceRoot: root,
      tasksFile: 'specs/001-x/tasks.md',
      lineText,
    });
    expect(result.files.changes).toEqual(['src/a.ts', 'b.ts']);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['path-outside-workspace', 'error', 7, 18],
      ['path-not-allowed', 'warning', 7, 4],
    ]);
    expect(result.diagnostics[0].message).toBe(
      'T001 names ../up.txt, which is outside the workspace: add its folder to `allowedPaths` in the plugin options to allow it',
    );
    expect(refusals(result.diagnostics).map((d) => d.code)).toEqual(['path-outside-workspace']);
  });

  it('refuses absolute paths elsewhere and ../ escapes, whatever the task does with them', () => {
    const result = taskFiles(task(['/etc/hosts', '../../x', 'src/../../y']), { workspaceRoot: root, tasksFile: 'specs/001-x/tasks.md' });
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['path-outside-workspace', 'error'],
      ['path-outside-workspace', 'error'],
      ['path-outside-workspace', 'error'],
    ]);
    expect(allTaskFiles(result.files)).toEqual([]);
    expect(result.files.outside).toEqual({ changes: [], reads: [] });
  });

  it('leaves a one-segment absolute name (a slash command, a URL path) out with a warning, not a refusal', () => {
    const doc = parseTasksMd('# Tasks\n\n- [ ] T023 Verify /speckit.specify creates spec.md in .claude/commands/speckit.specify.md\n', {
      path: 'specs/001-x/tasks.md',
    });
    const result = taskFiles(doc.tasks[0], { workspaceRoot: root, tasksFile: 'specs/001-x/tasks.md' });
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['path-outside-workspace', 'warning']]);
    expect(refusals(result.diagnostics)).toEqual([]);
    expect(result.files.reads).toContain('.claude/commands/speckit.specify.md');
  });

  it('passes a path under an allowedPaths root to the agent, never as an Nx input or output', () => {
    const doc = parseTasksMd('# Tasks\n\n- [ ] T003 Update `../shared/x.ts` and `/opt/tools/cfg.json` per `/etc/hosts`\n', {
      path: 'specs/001-x/tasks.md',
    });
    const result = taskFiles(doc.tasks[0], {
      workspaceRoot: root,
      tasksFile: 'specs/001-x/tasks.md',
      allowedPaths: ['../shared', '/opt/tools/'],
    });
    expect(result.files.outside.changes).toEqual(['/shared/x.ts', '/opt/tools/cfg.json']);
    expect(allTaskFiles(result.files)).toEqual([]);
    expect(agentFiles(result.files).changes).toEqual(['/shared/x.ts', '/opt/tools/cfg.json']);
    // /etc is not allowed: the task is still refused for it.
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'path-outside-workspace',
        'T003 names /etc/hosts, which is outside the workspace: add its folder to `allowedPaths` in the plugin options to allow it',
      ],
    ]);
    // A root is a folder, not a prefix: /opt/toolsx is not under /opt/tools.
    const prefix = taskFiles(task(['/opt/toolsx/a']), {
      workspaceRoot: root,
      tasksFile: 'specs/001-x/tasks.md',
      allowedPaths: ['/opt/tools'],
    });
    expect(prefix.diagnostics.map((d) => d.code)).toEqual(['path-outside-workspace']);
  });

  it('refuses, as errors naming file:line, changes to files that must never be restored from a cache', () => {
    const tasksFile = 'specs/001-x/tasks.md';
    const named = [
      '.git/config',
      'packages/a/.git/hooks/pre-commit',
      'node_modules/left-pad/index.js',
      'apps/web/node_modules/x/y.js',
      '.nx/workspace-data/x',
      'specs/001-x/.nx-tasks-md/logs/T001.log',
      'specs/001-x/.implementation-state.json',
      'specs/001-x/.implementation-completed.json',
      'specs/001-x/implementation-report.md',
      'src/ok.ts',
    ];
    const result = taskFiles(task(named), { workspaceRoot: root, tasksFile });
    expect(result.files.changes).toEqual(['src/ok.ts']);
    expect(
      result.diagnostics.every((d) => d.code === 'path-never-output' && d.severity === 'error' && d.file === tasksFile && d.line === 7),
    ).toBe(true);
    expect(result.diagnostics.map((d) => d.message.split(':')[0])).toEqual(named.slice(0, -1).map((f) => `T001 names ${f}`));
    expect(result.diagnostics[0].message).toBe("T001 names .git/config: files under .git/ are never a task's output");
    // Not the same names elsewhere: .gitignore, another feature's report, a folder named nx.
    expect(
      taskFiles(task(['.gitignore', 'docs/implementation-report.md', 'nx/a.ts']), { workspaceRoot: root, tasksFile }).diagnostics,
    ).toEqual([]);
  });

  it('places a bare name under .git/ and still refuses it', () => {
    const doc = parseTasksMd('# Tasks\n\n- [ ] T004 Create `.git/hooks/` with `hook.sh`\n', { path: 'specs/001-x/tasks.md' });
    const result = taskFiles(doc.tasks[0], { workspaceRoot: root, tasksFile: 'specs/001-x/tasks.md' });
    expect(result.files.changes).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['path-never-output', 'path-never-output']);
  });
});

describe('taskFiles: what a task changes and reads, placed in the workspace', () => {
  const tasksFile = 'specs/004-cli/tasks.md';
  /** The file set of the first task of a made-up tasks.md holding `lines`. */
  const filesOf = (...lines: string[]): TaskFileSet => {
    const doc = parseTasksMd(`# Tasks\n\n## Phase 1\n\n${lines.join('\n')}\n`, { path: tasksFile });
    return taskFiles(doc.tasks[0], { workspaceRoot: root, tasksFile }).files;
  };

  it('reads the feature documents in the feature folder, never changes them', () => {
    const files = filesOf('- [ ] T001 Create `src/models/user.ts` per `data-model.md`', '  - Reference: `contracts/api.md`, `spec.md`');
    expect(files.changes).toEqual(['src/models/user.ts']);
    expect(files.reads).toEqual(['specs/004-cli/data-model.md', 'specs/004-cli/contracts/api.md', 'specs/004-cli/spec.md']);
    expect(files.mustChange).toEqual(['src/models/user.ts']);
  });

  it('does not make a document an output even when the task says it updates it', () => {
    const files = filesOf('- [ ] T002 Update `quickstart.md` and `specs/004-cli/research.md` with the new flags');
    expect(files).toEqual({
      changes: [],
      reads: ['specs/004-cli/quickstart.md', 'specs/004-cli/research.md'],
      mustExist: [],
      mustChange: [],
      unplaced: [],
      outside: { changes: [], reads: [] },
    });
  });

  it('places a bare name in the folder named before or after it', () => {
    expect(filesOf('- [ ] T003 Create `services/` with `__init__.py`').changes).toEqual(['services', 'services/__init__.py']);
    expect(filesOf('- [ ] T004 Add a field to CreateDialog.tsx and EditDialog.tsx in web/components/tasks/').changes).toEqual([
      'web/components/tasks/CreateDialog.tsx',
      'web/components/tasks/EditDialog.tsx',
      'web/components/tasks',
    ]);
  });

  it('places a bare name next to a file of the same kind', () => {
    expect(filesOf('- [ ] T005 Add the list command in `cmd/app/list.go` and register it in `register.go`').mustChange).toEqual([
      'cmd/app/list.go',
      'cmd/app/register.go',
    ]);
  });

  it('keeps root files at the root and leaves a name nothing places unplaced, not at the root', () => {
    const files = filesOf('- [ ] T006 Add the DAG builder to `execution.go` and its script to `package.json`');
    expect(files.changes).toEqual(['package.json']);
    expect(files.unplaced).toEqual(['execution.go']);
  });

  it('takes no code member for a file', () => {
    const files = filesOf('- [ ] T007 Return a `tea.Cmd` from `Update` in `internal/ui/model.go`, wrap `http.Handler`, read `os.Args`');
    expect(files.changes).toEqual(['internal/ui/model.go']);
    expect(files.reads).toEqual([]);
  });

  it('splits changes from reads and checks; only explicit changes must change', () => {
    const files = filesOf('- [ ] T008 Write tests for `src/date.ts` in `tests/date.test.ts`; run `scripts/check.sh`');
    expect(files.changes).toEqual(['tests/date.test.ts']);
    expect(files.reads).toEqual(['src/date.ts', 'scripts/check.sh']);
    expect(filesOf('- [ ] T009 Contract test POST /users in tests/contract/test_users.py')).toMatchObject({
      changes: ['tests/contract/test_users.py'],
      mustExist: ['tests/contract/test_users.py'],
      mustChange: [],
    });
  });

  it('keeps deleted and moved-away files as changes that need not exist', () => {
    const files = filesOf('- [ ] T010 Move `src/a.ts` to `src/b.ts` and delete `src/old/`');
    expect(files.changes).toEqual(['src/a.ts', 'src/b.ts', 'src/old']);
    expect(files.mustExist).toEqual(['src/b.ts']);
  });
});
