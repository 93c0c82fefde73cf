import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { featurePaths } from '../state/paths';
import { openGateLog } from './gate-io';

describe('openGateLog', () => {
  let base: string;
  beforeEach(() => (base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-gate-log-')))));
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('does not write a gate log through a symbolic link committed in its place', () => {
    const root = path.join(base, 'ws');
    const secret = path.join(base, 'secret.txt');
    fs.writeFileSync(secret, 'secret\n');
    fs.mkdirSync(path.join(root, 'specs/001-x/.nx-tasks-md/logs'), { recursive: true });
    fs.symlinkSync(secret, path.join(root, 'specs/001-x/.nx-tasks-md/logs/tdd-gate.log'));
    expect(() => openGateLog(featurePaths(root, 'specs/001-x/tasks.md'), 'tdd-gate')).toThrow(
      `refusing to write specs/001-x/.nx-tasks-md/logs/tdd-gate.log: it is a symbolic link (to ${secret})`,
    );
    expect(fs.readFileSync(secret, 'utf8')).toBe('secret\n');
  });
});
