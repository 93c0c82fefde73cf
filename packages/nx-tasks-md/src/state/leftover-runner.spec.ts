import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { isRecordedGroupAlive, processGroupRecord, releaseLeftoverRunner, stopLeftoverRunner } from './leftover-runner';
import { currentOwner } from './owner';
import type { TaskOwner } from './state-schema';

const linux = process.platform === 'linux';
const maybe = linux ? describe : describe.skip;

/** A process group like a runner's: a bash leader with a child, in a group of its own. */
function startGroup(script = 'sleep 60 & wait'): Promise<ChildProcess> {
  const child = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
  return new Promise((resolve) => child.on('spawn', () => setTimeout(() => resolve(child), 200)));
}

/** The claim of a dead owner (a process that has exited) whose runner is `group`. */
async function deadOwner(group: ChildProcess): Promise<TaskOwner> {
  const gone = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => gone.on('exit', resolve));
  return { pid: gone.pid!, host: os.hostname(), started_at: new Date().toISOString(), process_group: processGroupRecord(group.pid!) };
}

const groups: ChildProcess[] = [];
afterEach(() => {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

maybe('stopLeftoverRunner', () => {
  it('stops the whole group a dead owner left and reports it', async () => {
    const group = await startGroup();
    groups.push(group);
    const owner = await deadOwner(group);
    expect(isRecordedGroupAlive(owner.process_group!)).toBe(true);
    expect(await stopLeftoverRunner(owner)).toEqual({ kind: 'stopped', pgid: group.pid });
    expect(isRecordedGroupAlive(owner.process_group!)).toBe(false);
  });

  it('escalates to SIGKILL for a group that ignores SIGTERM', async () => {
    const group = await startGroup(`trap '' TERM; sleep 60 & wait; sleep 60`);
    groups.push(group);
    const owner = await deadOwner(group);
    const started = Date.now();
    expect(await stopLeftoverRunner(owner, { termGraceMs: 300 })).toEqual({ kind: 'stopped', pgid: group.pid });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(isRecordedGroupAlive(owner.process_group!)).toBe(false);
  });

  it('leaves alone a later process that got the recorded pid', async () => {
    const group = await startGroup();
    groups.push(group);
    const owner = await deadOwner(group);
    const reused = { ...owner, process_group: { ...owner.process_group!, leader_start: owner.process_group!.leader_start - 1 } };
    expect(await stopLeftoverRunner(reused)).toBeUndefined();
    expect(isRecordedGroupAlive(owner.process_group!)).toBe(true);
  });

  it('does nothing while the owner lives, or for an owner on another host', async () => {
    const group = await startGroup();
    groups.push(group);
    const record = processGroupRecord(group.pid!);
    expect(await stopLeftoverRunner({ ...currentOwner(), process_group: record })).toBeUndefined();
    const elsewhere = { ...(await deadOwner(group)), host: `not-${os.hostname()}` };
    expect(await stopLeftoverRunner(elsewhere)).toBeUndefined();
    expect(isRecordedGroupAlive(record!)).toBe(true);
  });

  it('says what it stopped; a claim without a live runner is released silently', async () => {
    const group = await startGroup();
    groups.push(group);
    const owner = await deadOwner(group);
    const lines: string[] = [];
    const say = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(`error: ${line}`) };
    expect(await releaseLeftoverRunner('T005', owner, say)).toBe(true);
    expect(lines).toEqual([`nx-tasks-md: stopped the runner of T005 left by a killed run (process group ${group.pid})`]);
    expect(await releaseLeftoverRunner('T005', owner, say)).toBe(true);
    expect(await releaseLeftoverRunner('T005', undefined, say)).toBe(true);
    expect(lines).toHaveLength(1);
  });
});
