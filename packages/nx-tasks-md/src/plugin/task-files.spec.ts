import { taskDoc } from '../testing/task-doc';
import { taskFiles, workspaceRelative } from './task-files';

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
    expect(result.files).toEqual(['src/a.ts', 'b.ts']);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['path-outside-workspace', 'warning', 7, 18],
      ['path-not-allowed', 'warning', 7, 4],
    ]);
    expect(result.diagnostics[0].message).toContain('T001 names ../up.txt');
  });
});
