import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openLogStream, UnsafeWriteError, writeFileAtomicSync, writeFileSafely } from './safe-write';

describe('writeFileAtomicSync', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-atomic-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the content, keeps the permissions and leaves no temporary file', () => {
    const file = path.join(dir, 'tasks.md');
    fs.writeFileSync(file, 'old\n');
    fs.chmodSync(file, 0o640);
    writeFileAtomicSync({ root: dir }, file, 'new ✓\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('new ✓\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['tasks.md']);
  });

  it('writes the same way without the flush to disk', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, '{"old":true}');
    writeFileAtomicSync({ root: dir }, file, '{"new":true}', { durable: false });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new":true}');
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('creates a missing file with the default permissions less the umask', () => {
    const file = path.join(dir, 'state.json');
    writeFileAtomicSync({ root: dir }, file, '{}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{}');
    expect(fs.statSync(file).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('leaves the original whole and no temporary file behind when the write fails', () => {
    const file = path.join(dir, 'tasks.md');
    fs.writeFileSync(file, 'original\n');
    // A directory where the file should be: the rename fails after the temporary file was written.
    const blocked = path.join(dir, 'sub');
    fs.mkdirSync(path.join(blocked, 'x'), { recursive: true });
    expect(() => writeFileAtomicSync({ root: dir }, blocked, 'text')).toThrow();
    expect(fs.readFileSync(file, 'utf8')).toBe('original\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['sub', 'tasks.md']);
  });
});

describe('writes that a symbolic link would redirect', () => {
  let base: string;
  let root: string;
  let secret: string;
  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-safe-')));
    root = path.join(base, 'ws');
    fs.mkdirSync(path.join(root, 'specs/001-x'), { recursive: true });
    secret = path.join(base, 'secret.txt');
    fs.writeFileSync(secret, 'secret\n');
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));
  const scope = () => ({ root, base: path.join(root, 'specs/001-x') });

  it('refuses a file that is a link, naming it and its target', () => {
    const file = path.join(root, 'specs/001-x/state.json');
    fs.symlinkSync(secret, file);
    expect(() => writeFileAtomicSync(scope(), file, 'x')).toThrow(
      new UnsafeWriteError('specs/001-x/state.json', `it is a symbolic link (to ${secret})`),
    );
    expect(() => writeFileSafely(scope(), file, 'x')).toThrow(/^refusing to write specs\/001-x\/state.json: it is a symbolic link/);
    expect(() => openLogStream(scope(), file)).toThrow(/^refusing to write specs\/001-x\/state.json: it is a symbolic link/);
    expect(fs.readFileSync(secret, 'utf8')).toBe('secret\n');
  });

  it('follows a folder link above the feature folder only when it stays inside the workspace', () => {
    fs.mkdirSync(path.join(root, 'docs/001-y'), { recursive: true });
    fs.symlinkSync(path.join(root, 'docs'), path.join(root, 'linked'));
    writeFileSafely({ root, base: path.join(root, 'linked/001-y') }, path.join(root, 'linked/001-y/.nx-tasks-md/logs/T1.log'), 'ok');
    expect(fs.readFileSync(path.join(root, 'docs/001-y/.nx-tasks-md/logs/T1.log'), 'utf8')).toBe('ok');

    fs.mkdirSync(path.join(base, 'elsewhere/001-z'), { recursive: true });
    fs.symlinkSync(path.join(base, 'elsewhere'), path.join(root, 'away'));
    expect(() =>
      writeFileSafely({ root, base: path.join(root, 'away/001-z') }, path.join(root, 'away/001-z/.nx-tasks-md/x.log'), 'no'),
    ).toThrow(
      `refusing to write away/001-z/.nx-tasks-md/x.log: away is a symbolic link to ${path.join(base, 'elsewhere')}, outside the workspace`,
    );
    expect(fs.readdirSync(path.join(base, 'elsewhere/001-z'))).toEqual([]);
  });

  it('refuses a path outside the workspace', () => {
    expect(() => writeFileSafely(scope(), path.join(base, 'other.txt'), 'no')).toThrow(/it is outside the workspace/);
    expect(fs.existsSync(path.join(base, 'other.txt'))).toBe(false);
  });
});
