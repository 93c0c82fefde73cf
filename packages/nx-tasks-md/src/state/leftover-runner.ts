import * as fs from 'node:fs';
import * as os from 'node:os';
import { isOwnerAlive, processStartTicks } from './owner';
import type { ProcessGroupRecord, TaskOwner } from './state-schema';

/**
 * A task's runner lives in its own process group, which outlives the executor that started it
 * when that executor is killed outright (SIGKILL of nx and its task processes): the agent goes on
 * working. Before a stale `[>]` is released (to be run again), that group is stopped.
 */

export type LeftoverRunner = { kind: 'stopped'; pgid: number } | { kind: 'running'; pgid: number; reason: string };

export interface StopSettings {
  /** How long the group gets after SIGTERM before SIGKILL (ms). */
  termGraceMs?: number;
  /** How long to wait for the group to go after SIGKILL (ms). */
  killGraceMs?: number;
}

/**
 * Stops the runner recorded in a dead owner's claim when its process group is still alive and
 * still the one recorded: SIGTERM, then SIGKILL. Undefined when there is nothing to stop (no group
 * recorded, the owner is alive or on another host, the group is gone).
 */
export async function stopLeftoverRunner(owner: TaskOwner | undefined, settings: StopSettings = {}): Promise<LeftoverRunner | undefined> {
  const group = owner?.process_group;
  if (!owner || !group || owner.host !== os.hostname() || isOwnerAlive(owner)) return undefined;
  if (!isRecordedGroupAlive(group)) return undefined;
  const steps: [NodeJS.Signals, number][] = [
    ['SIGTERM', settings.termGraceMs ?? 2000],
    ['SIGKILL', settings.killGraceMs ?? 1000],
  ];
  for (const [signal, waitMs] of steps) {
    try {
      process.kill(-group.pgid, signal);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') return { kind: 'stopped', pgid: group.pgid };
      return { kind: 'running', pgid: group.pgid, reason: `${signal} failed: ${code ?? (error as Error).message}` };
    }
    if (await goneWithin(group.pgid, waitMs)) return { kind: 'stopped', pgid: group.pgid };
  }
  return { kind: 'running', pgid: group.pgid, reason: 'it outlived SIGKILL' };
}

/**
 * Stops what a killed run left running for `taskId` and says so. True when nothing of it runs any
 * more (the `[>]` may be released), false when its runner could not be stopped (keep the claim, so
 * the task is not started twice).
 */
export async function releaseLeftoverRunner(
  taskId: string,
  owner: TaskOwner | undefined,
  say: { info: (line: string) => void; error: (line: string) => void },
  settings?: StopSettings,
): Promise<boolean> {
  const leftover = await stopLeftoverRunner(owner, settings);
  if (!leftover) return true;
  (leftover.kind === 'stopped' ? say.info : say.error)(`nx-tasks-md: ${describeLeftover(taskId, leftover)}`);
  return leftover.kind === 'stopped';
}

export function describeLeftover(taskId: string, leftover: LeftoverRunner): string {
  if (leftover.kind === 'stopped') return `stopped the runner of ${taskId} left by a killed run (process group ${leftover.pgid})`;
  return (
    `${taskId} is still being run by the runner a killed run left (process group ${leftover.pgid}), which could not be stopped ` +
    `(${leftover.reason}); stop it (kill -KILL -- -${leftover.pgid}) and run again`
  );
}

/** The group still has a live (not zombie) process, and its leader, if there, is the recorded one. */
export function isRecordedGroupAlive(group: ProcessGroupRecord): boolean {
  const leaderStart = processStartTicks(group.pgid);
  // A live leader that started at another time is a later process that got the pid after the
  // runner's group ended. With the leader gone, a live group is still the runner's: no process is
  // given a pid that is in use as a process group id.
  if (leaderStart !== undefined && leaderStart !== group.leader_start) return false;
  return liveMembers(group.pgid) > 0;
}

/** The record of the group a just-started process leads; undefined where start times cannot be read. */
export function processGroupRecord(pgid: number): ProcessGroupRecord | undefined {
  const start = processStartTicks(pgid);
  return start === undefined ? undefined : { pgid, leader_start: start };
}

/** Processes of the group that are not zombies (a killed group's members wait to be reaped by init). */
function liveMembers(pgid: number): number {
  let count = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // After `(comm)`: state, ppid, pgrp, ...
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') count++;
  }
  return count;
}

async function goneWithin(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (liveMembers(pgid) === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
