import * as fs from 'node:fs';
import * as os from 'node:os';
import type { TaskOwner } from './state-schema';

export function currentOwner(now = new Date()): TaskOwner {
  return { pid: process.pid, host: os.hostname(), started_at: now.toISOString() };
}

/**
 * Whether the process recorded as running a task is still alive. Only a process on this host can
 * be checked; an owner on another host (a shared folder, a committed state file) or no owner at
 * all means a `[>]` is stale: nothing here is running it.
 */
export function isOwnerAlive(owner: TaskOwner | undefined): boolean {
  if (!owner || owner.host !== os.hostname()) return false;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A killed owner whose new parent has not reaped it yet is a zombie: it runs nothing.
  if (isZombie(owner.pid)) return false;
  // A process that started after the task did is another one that got the same pid.
  const started = processStartTime(owner.pid);
  return started === undefined || started <= Date.parse(owner.started_at) + 1000;
}

/** Start time (epoch ms) of a process, from /proc on Linux; undefined elsewhere. */
export function processStartTime(pid: number): number | undefined {
  const ticks = processStartTicks(pid);
  if (ticks === undefined) return undefined;
  try {
    const bootTime = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(bootTime)) return undefined;
    return bootTime * 1000 + (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/**
 * When a process started, in clock ticks after boot (/proc/<pid>/stat, field 22), on Linux; with
 * its pid, it names one process for good. Undefined when the process is gone or there is no /proc.
 */
export function processStartTicks(pid: number): number | undefined {
  const ticks = Number(statFieldsAfterName(pid)?.[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** A process that has exited and waits to be reaped (Linux; false where /proc cannot tell). */
export function isZombie(pid: number): boolean {
  const state = statFieldsAfterName(pid)?.[0];
  return state === 'Z' || state === 'X';
}

/** The fields of /proc/<pid>/stat after `(comm)`, which may hold spaces: state, ppid, pgrp, … */
function statFieldsAfterName(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
