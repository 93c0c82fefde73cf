import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomicSync } from './safe-write';
import { isOwnerAlive } from './owner';
import { featureScope, type FeaturePaths } from './paths';

/**
 * Which Nx command is running a feature's tasks: one at a time, so that two runs never claim each
 * other's tasks and both give up. Unlike the feature lock (held for the milliseconds of one
 * update), it is held for a whole command: taken by the preTasksExecution hook, released by the
 * postTasksExecution hook, and confirmed by the task executor, whose parent is the Nx command.
 * All of it happens under the feature lock. A record whose Nx process is gone never blocks.
 */
export interface RunLock {
  /** Nx's id of the command (the hooks' context.id). */
  run: string;
  host: string;
  /** The Nx command's process; unknown until a task of the run starts when the hook ran in the daemon. */
  pid?: number;
  started_at: string;
  /** Last confirmed by a task of the run. */
  updated_at: string;
}

/** A run whose Nx process is not known yet counts as running for this long after it started. */
const UNCONFIRMED_MS = 60_000;
/** A run on another host (a shared folder) counts as running while confirmed this recently. */
const OTHER_HOST_MS = 60 * 60_000;
/** A task of the run refreshes `updated_at` at most this often. */
const REFRESH_MS = 60_000;

function runLockFile(paths: FeaturePaths): string {
  return path.join(paths.workDir, 'run.json');
}

export function readRunLock(paths: FeaturePaths): RunLock | undefined {
  try {
    const lock = JSON.parse(fs.readFileSync(runLockFile(paths), 'utf8')) as RunLock;
    return typeof lock?.run === 'string' && typeof lock.host === 'string' ? lock : undefined;
  } catch {
    return undefined; // none, or unreadable: it blocks nothing
  }
}

function writeRunLock(paths: FeaturePaths, lock: RunLock): void {
  fs.mkdirSync(paths.workDir, { recursive: true });
  writeFileAtomicSync(featureScope(paths), runLockFile(paths), `${JSON.stringify(lock, null, 2)}\n`, {
    durable: false,
    what: 'the run record',
  });
}

export function isRunLive(lock: RunLock, now = Date.now()): boolean {
  if (lock.host !== os.hostname()) return now - Date.parse(lock.updated_at) < OTHER_HOST_MS;
  if (lock.pid === undefined) return now - Date.parse(lock.started_at) < UNCONFIRMED_MS;
  return isOwnerAlive({ pid: lock.pid, host: lock.host, started_at: lock.started_at });
}

/**
 * Takes the feature for the Nx command `run` (process `pid` when known); returns the live run of
 * another command that holds it instead, and takes nothing then. Call under the feature lock.
 */
export function takeRun(paths: FeaturePaths, run: string, pid: number | undefined, now = new Date()): RunLock | undefined {
  const held = readRunLock(paths);
  if (held && held.run !== run && isRunLive(held, now.getTime())) return held;
  if (held?.run === run) return undefined;
  const time = now.toISOString();
  writeRunLock(paths, { run, host: os.hostname(), ...(pid !== undefined ? { pid } : {}), started_at: time, updated_at: time });
  return undefined;
}

/**
 * For a task about to start: the live run of another command that holds the feature, if any.
 * Otherwise the task's own command (`run`, process `parentPid`) holds it from now on: a command
 * whose hook did not take the feature (`run-many` without -p, `affected`) takes it at its first
 * task; a record the hook left without the pid gets it; the record is refreshed now and then.
 * Nothing is taken for a task run outside an Nx command (`run` undefined). Call under the lock.
 */
export function joinRun(paths: FeaturePaths, run: string | undefined, parentPid: number, now = new Date()): RunLock | undefined {
  const held = readRunLock(paths);
  if (held && held.run !== run && isRunLive(held, now.getTime())) return held;
  if (run === undefined) return undefined;
  const time = now.toISOString();
  if (held?.run !== run) {
    writeRunLock(paths, { run, host: os.hostname(), pid: parentPid, started_at: time, updated_at: time });
  } else if (held.pid === undefined || now.getTime() - Date.parse(held.updated_at) >= REFRESH_MS) {
    writeRunLock(paths, { ...held, pid: held.pid ?? parentPid, updated_at: time });
  }
  return undefined;
}

/** The live run of another command than `run` that holds the feature, if any; takes nothing. */
export function otherLiveRun(paths: FeaturePaths, run: string | undefined, now = new Date()): RunLock | undefined {
  const held = readRunLock(paths);
  return held && held.run !== run && isRunLive(held, now.getTime()) ? held : undefined;
}

/** Gives the feature back when `run` holds it. Call under the feature lock. */
export function releaseRun(paths: FeaturePaths, run: string): void {
  if (readRunLock(paths)?.run === run) fs.rmSync(runLockFile(paths), { force: true });
}

/** "feature-001 is running (pid 1234 on host x, since 12:03): wait for it or stop it" */
export function runningMessage(feature: string, lock: RunLock): string {
  const since = new Date(lock.started_at);
  const hhmm = `${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}`;
  const who = lock.pid !== undefined ? `pid ${lock.pid} on ${lock.host}` : `an nx command on ${lock.host}`;
  return `${feature} is running (${who}, since ${hhmm}): wait for it or stop it`;
}
