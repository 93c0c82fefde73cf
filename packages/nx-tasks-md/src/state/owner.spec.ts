import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

  it('is false for a killed owner that is a zombie its new parent has not reaped yet', async () => {
    // The shell forks `sleep 0`, then becomes `sleep 5`, which never reaps it: a zombie for 5 s.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (data) => resolve(String(data)))));
      const deadline = Date.now() + 5000;
      while (!zombieState(zombie) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      if (!zombieState(zombie)) return; // no /proc: nothing to check here
      expect(isOwnerAlive({ pid: zombie, host: os.hostname(), started_at: new Date().toISOString() })).toBe(false);
    } finally {
      parent.kill();
    }
  });
});

function zombieState(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
