import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { missingFiles, phantomMessage, snapshotFiles, unchangedFiles } from './verify-files';

describe('verify-files', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-verify-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists the named files that are not there; folders count as present', () => {
    fs.mkdirSync(path.join(root, 'src/models'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/x.ts'), '');
    expect(missingFiles(root, ['src/x.ts', 'src/models', 'src/y.ts'])).toEqual(['src/y.ts']);
  });

  it('finds files whose content is what it was before the run; created, edited and folders are not', () => {
    fs.mkdirSync(path.join(root, 'tests/dir'), { recursive: true });
    fs.writeFileSync(path.join(root, 'tests/same_test.go'), 'package x\n');
    fs.writeFileSync(path.join(root, 'tests/edited_test.go'), 'package x\n');
    fs.writeFileSync(path.join(root, 'tests/touched_test.go'), 'package x\n');
    const before = snapshotFiles(root, [
      'tests/same_test.go',
      'tests/edited_test.go',
      'tests/touched_test.go',
      'tests/new_test.go',
      'tests/dir',
    ]);
    fs.appendFileSync(path.join(root, 'tests/edited_test.go'), 'func TestX() {}\n');
    fs.writeFileSync(path.join(root, 'tests/touched_test.go'), 'package x\n'); // rewritten, same bytes
    fs.writeFileSync(path.join(root, 'tests/new_test.go'), 'package x\n');
    expect(unchangedFiles(root, before)).toEqual(['tests/same_test.go', 'tests/touched_test.go']);
  });

  it('says which files were not created and which were not changed', () => {
    expect(phantomMessage('T005', ['src/y.ts'])).toBe('T005 reported success but did not create src/y.ts');
    expect(phantomMessage('T005', ['a', 'b', 'c', 'd', 'e'])).toBe('T005 reported success but did not create a, b, c and 2 more');
    expect(phantomMessage('T012', [], ['tests/foo_test.go'])).toBe('T012 reported success but did not change tests/foo_test.go');
    expect(phantomMessage('T012', ['a.go'], ['b.go'])).toBe('T012 reported success but did not create a.go and did not change b.go');
  });
});
