import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filesExpectedToExist, missingFiles, phantomMessage } from './verify-files';

describe('filesExpectedToExist', () => {
  it('expects what a task creates or edits, not what it deletes, moves away or renames', () => {
    expect(filesExpectedToExist({ text: 'T005 Create src/x.ts and src/y.ts' }, ['src/x.ts', 'src/y.ts'])).toEqual(['src/x.ts', 'src/y.ts']);
    expect(filesExpectedToExist({ text: 'T006 Delete `src/old.ts`' }, ['src/old.ts'])).toEqual([]);
    expect(filesExpectedToExist({ text: 'T007 Move src/a.ts to src/b.ts' }, ['src/a.ts', 'src/b.ts'])).toEqual(['src/b.ts']);
    expect(filesExpectedToExist({ text: 'T008 Remove the legacy src/legacy.ts, update src/index.ts' }, ['src/legacy.ts', 'src/index.ts'])).toEqual([
      'src/index.ts',
    ]);
  });
});

describe('missingFiles', () => {
  it('lists the named files that are not there; folders count as present', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-verify-'));
    try {
      fs.mkdirSync(path.join(root, 'src/models'), { recursive: true });
      fs.writeFileSync(path.join(root, 'src/x.ts'), '');
      expect(missingFiles(root, ['src/x.ts', 'src/models', 'src/y.ts'])).toEqual(['src/y.ts']);
      expect(phantomMessage('T005', ['src/y.ts'])).toBe('T005 reported success but did not create src/y.ts');
      expect(phantomMessage('T005', ['a', 'b', 'c', 'd', 'e'])).toBe('T005 reported success but did not create a, b, c and 2 more');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
