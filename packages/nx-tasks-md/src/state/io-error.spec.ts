import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeIoError, PluginIoError } from './io-error';
import { setWarningSink, updateFeature } from './locked-update';
import { featurePaths } from './paths';
import { openLogStream, UnsafeWriteError, writeFileAtomicSync, writeFileSafely } from './safe-write';

/**
 * Tests run as root, where a read-only folder (chmod) does not stop a write; the errors are forced
 * by putting a folder where the plugin expects a file (EISDIR) or a file where it expects a folder
 * (ENOTDIR), which no permission bit overrides.
 */
let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-io-'));
  fs.mkdirSync(path.join(root, 'specs/001-x'), { recursive: true });
  fs.writeFileSync(path.join(root, 'specs/001-x/tasks.md'), '- [ ] T001 a\n');
  setWarningSink(() => undefined);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('system errors name the file and what the plugin was doing', () => {
  it('describes only bare system errors', () => {
    const bare = Object.assign(new Error("EACCES: permission denied, open '/x/y.tmp'"), { code: 'EACCES' });
    const described = describeIoError(bare, 'write the state file', 'specs/001-x/.implementation-state.json');
    expect(described).toBeInstanceOf(PluginIoError);
    expect((described as Error).message).toBe(
      'could not write the state file specs/001-x/.implementation-state.json: permission denied (EACCES)',
    );
    expect(describeIoError(described, 'again', 'f')).toBe(described);
    const refused = new UnsafeWriteError('f', 'it is a link');
    expect(describeIoError(refused, 'write', 'f')).toBe(refused);
    const plain = new TypeError('bug');
    expect(describeIoError(plain, 'write', 'f')).toBe(plain);
  });

  it('a state file that is a folder: the update fails naming it (EISDIR)', async () => {
    fs.mkdirSync(path.join(root, 'specs/001-x/.implementation-state.json'));
    await expect(updateFeature(featurePaths(root, 'specs/001-x/tasks.md'), () => ({}))).rejects.toThrow(
      'could not read the state file specs/001-x/.implementation-state.json: it is a folder (EISDIR)',
    );
  });

  it('an atomic write over a folder names the file (EISDIR)', () => {
    fs.mkdirSync(path.join(root, 'specs/001-x/.implementation-state.json'));
    expect(() =>
      writeFileAtomicSync({ root }, path.join(root, 'specs/001-x/.implementation-state.json'), '{}', { what: 'the state file' }),
    ).toThrow('could not write the state file specs/001-x/.implementation-state.json: it is a folder (EISDIR)');
    // Nothing is left beside it.
    expect(fs.readdirSync(path.join(root, 'specs/001-x')).sort()).toEqual(['.implementation-state.json', 'tasks.md']);
  });

  it('prompt files and logs name the file (EISDIR)', () => {
    const prompt = path.join(root, 'specs/001-x/.nx-tasks-md/logs/T001.prompt.md');
    fs.mkdirSync(prompt, { recursive: true });
    expect(() => writeFileSafely({ root }, prompt, 'x', 'the prompt file')).toThrow(
      'could not write the prompt file specs/001-x/.nx-tasks-md/logs/T001.prompt.md: it is a folder (EISDIR)',
    );
    const log = path.join(root, 'specs/001-x/.nx-tasks-md/logs/T001.log');
    fs.mkdirSync(log);
    expect(() => openLogStream({ root }, log)).toThrow(
      'could not write the log file specs/001-x/.nx-tasks-md/logs/T001.log: it is a folder (EISDIR)',
    );
  });
});
