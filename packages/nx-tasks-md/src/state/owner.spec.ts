import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { currentOwner, isOwnerAlive, processStartTime } from './owner';

describe('isOwnerAlive', () => {
  it('is true for this process and false for a process that is gone', async () => {
    expect(isOwnerAlive(currentOwner())).toBe(true);
    const child = spawn(process.execPath, ['-e', '']);
    const owner = { pid: child.pid!, host: os.hostname(), started_at: new Date().toISOString() };
    await new Promise((resolve) => child.on('exit', resolve));
    expect(isOwnerAlive(owner)).toBe(false);
  });

  it('is false without an owner or for an owner on another host', () => {
    expect(isOwnerAlive(undefined)).toBe(false);
    expect(isOwnerAlive({ ...currentOwner(), host: `not-${os.hostname()}` })).toBe(false);
  });

  it('does not take a newer process that reuses the pid for the owner', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
    try {
      await new Promise((resolve) => child.on('spawn', resolve));
      const started = processStartTime(child.pid!);
      if (started === undefined) return; // no /proc: nothing more to check here
      const earlier = new Date(started - 60_000).toISOString();
      expect(isOwnerAlive({ pid: child.pid!, host: os.hostname(), started_at: earlier })).toBe(false);
      expect(isOwnerAlive({ pid: child.pid!, host: os.hostname(), started_at: new Date().toISOString() })).toBe(true);
    } finally {
      child.kill();
    }
  });
});
