import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { featurePaths } from '../state/paths';
import { takeRun } from '../state/run-lock';
import { commandRunId } from './run-id';

describe('commandRunId', () => {
  it('tells apart two nx commands to which Nx gave the same id (same argv, same millisecond)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-runid-'));
    const other = spawn('sleep', ['30']);
    try {
      await new Promise((resolve) => other.on('spawn', resolve));
      const paths = featurePaths(root, 'specs/001-x/tasks.md');
      fs.mkdirSync(paths.featureDir, { recursive: true });
      const nxId = '11835426375563291876';
      expect(takeRun(paths, commandRunId(nxId, other.pid!), other.pid!)).toBeUndefined();

      const holder = takeRun(paths, commandRunId(nxId, process.pid), process.pid);

      expect(holder).toMatchObject({ pid: other.pid });
    } finally {
      other.kill('SIGKILL');
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('is the Nx id alone when the process is unknown (the hook runs in the daemon)', () => {
    expect(commandRunId('abc', undefined)).toBe('abc');
  });
});
