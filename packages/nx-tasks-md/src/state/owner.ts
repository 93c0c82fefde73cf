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
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
