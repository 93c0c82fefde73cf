import { taskDoc } from '../testing/task-doc';
import { parseTasksMd } from '../parse';
import { taskFiles, workspaceRelative, type TaskFileSet } from './task-files';

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

  it('keeps workspace files once each and refuses escaping paths and the tasks.md with warnings', () => {
    const lineText = () => '- [ ] T001 touch ../up.txt and src/a.ts';
    const result = taskFiles(task(['src/a.ts', './src/a.ts', '../up.txt', 'specs/001-x/tasks.md', '/ws/b.ts']), {
      workspaceRoot: root,
      tasksFile: 'specs/001-x/tasks.md',
      lineText,
    });
    expect(result.files.changes).toEqual(['src/a.ts', 'b.ts']);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['path-outside-workspace', 'warning', 7, 18],
      ['path-not-allowed', 'warning', 7, 4],
    ]);
    expect(result.diagnostics[0].message).toContain('T001 names ../up.txt');
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
    expect(files).toEqual({ changes: [], reads: ['specs/004-cli/quickstart.md', 'specs/004-cli/research.md'], mustExist: [], mustChange: [], unplaced: [] });
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
