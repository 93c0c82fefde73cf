import * as fs from 'node:fs';
import * as path from 'node:path';
import { TASK_EXECUTOR } from '../config/executor-names';
import { COMPLETED_FILE_NAME, STATE_FILE_NAME } from './paths';

/**
 * IDs of the tasks this checkout completed (ran, or restored from the cache), according to the
 * feature's state file. Never throws: a missing or corrupt state file gives an empty set.
 *
 * createNodes turns caching off for these tasks and for ticked ones. A ticked task then reaches the
 * executor, which only says "already complete", instead of being a cache hit that would copy its
 * old outputs over files later tasks changed; and a task the user unticked after it completed here
 * runs again instead of being restored. A fresh clone (no state file) still gets cache hits.
 */
export function tasksDoneHere(featureDir: string): Set<string> {
  const tasks = stateTasks(path.join(featureDir, STATE_FILE_NAME)) ?? stateTasks(path.join(featureDir, COMPLETED_FILE_NAME));
  const done = new Set<string>();
  for (const [id, record] of Object.entries(tasks ?? {})) {
    if (record && typeof record === 'object' && (record as { status?: unknown }).status === 'completed') done.add(id);
  }
  return done;
}

/**
 * The `tasks` of a state file, read leniently: inference runs on every Nx command and only needs
 * the statuses, so it does not load the state file's schema (the executors validate the file).
 * Counting a task of a damaged file as done here only turns its caching off.
 */
function stateTasks(file: string): Record<string, unknown> | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(file, 'utf8'));
    const tasks = state && typeof state === 'object' ? state.tasks : undefined;
    return tasks && typeof tasks === 'object' && !Array.isArray(tasks) ? tasks : {};
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : {};
  }
}

interface TargetLike {
  executor?: string;
  cache?: boolean;
  options?: Record<string, unknown>;
  inputs?: readonly unknown[];
}

/**
 * The feature's targets with caching turned off for task targets this checkout completed (see
 * {@link tasksDoneHere}). Applied after inference, whose own cache is keyed by the tasks.md text.
 * Their `runtime` inputs (the task's fingerprint) go too: Nx starts a process per runtime input
 * whenever it hashes the task, and the hash of a task that is not cached keys nothing.
 */
export function uncacheTasksDoneHere<T extends TargetLike>(targets: Record<string, T>, featureDir: string): Record<string, T> {
  const done = tasksDoneHere(featureDir);
  if (done.size === 0) return targets;
  const result: Record<string, T> = { ...targets };
  for (const [name, target] of Object.entries(targets)) {
    const id = target.options?.taskId;
    if (target.executor === TASK_EXECUTOR && target.cache && typeof id === 'string' && done.has(id)) {
      result[name] = { ...target, cache: false, ...(target.inputs ? { inputs: withoutRuntimeInputs(target.inputs) } : {}) };
    }
  }
  return result;
}

function withoutRuntimeInputs<T>(inputs: readonly T[]): T[] {
  return inputs.filter((input) => !(input && typeof input === 'object' && 'runtime' in input));
}
