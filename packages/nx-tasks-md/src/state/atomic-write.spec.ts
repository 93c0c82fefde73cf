import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomicSync } from './atomic-write';

describe('writeFileAtomicSync', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-atomic-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the content, keeps the permissions and leaves no temporary file', () => {
    const file = path.join(dir, 'tasks.md');
    fs.writeFileSync(file, 'old\n');
    fs.chmodSync(file, 0o640);
    writeFileAtomicSync(file, 'new ✓\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('new ✓\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['tasks.md']);
  });

  it('writes the same way without the flush to disk', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, '{"old":true}');
    writeFileAtomicSync(file, '{"new":true}', { durable: false });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new":true}');
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('creates a missing file with the default permissions less the umask', () => {
    const file = path.join(dir, 'state.json');
    writeFileAtomicSync(file, '{}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{}');
    expect(fs.statSync(file).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('leaves the original whole and no temporary file behind when the write fails', () => {
    const file = path.join(dir, 'tasks.md');
    fs.writeFileSync(file, 'original\n');
    // A directory where the file should be: the rename fails after the temporary file was written.
    const blocked = path.join(dir, 'sub');
    fs.mkdirSync(path.join(blocked, 'x'), { recursive: true });
    expect(() => writeFileAtomicSync(blocked, 'text')).toThrow();
    expect(fs.readFileSync(file, 'utf8')).toBe('original\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['sub', 'tasks.md']);
  });
});
