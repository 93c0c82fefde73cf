import * as path from 'node:path';
import { COMPLETED_FILE_NAME, STATE_FILE_NAME } from './paths';
import { readState } from './state-file';

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
  try {
    const state =
      readState(path.join(featureDir, STATE_FILE_NAME)) ?? readState(path.join(featureDir, COMPLETED_FILE_NAME));
    if (!state) return new Set();
    return new Set(
      Object.entries(state.tasks)
        .filter(([, record]) => record.status === 'completed')
        .map(([id]) => id),
    );
  } catch {
    return new Set();
  }
}

interface TargetLike {
  executor?: string;
  cache?: boolean;
  options?: Record<string, unknown>;
}

/**
 * The feature's targets with caching turned off for task targets this checkout completed (see
 * {@link tasksDoneHere}). Applied after inference, whose own cache is keyed by the tasks.md text.
 */
export function uncacheTasksDoneHere<T extends TargetLike>(targets: Record<string, T>, featureDir: string): Record<string, T> {
  const done = tasksDoneHere(featureDir);
  if (done.size === 0) return targets;
  const result: Record<string, T> = { ...targets };
  for (const [name, target] of Object.entries(targets)) {
    const id = target.options?.taskId;
    if (target.executor === 'nx-tasks-md:task' && target.cache && typeof id === 'string' && done.has(id)) {
      result[name] = { ...target, cache: false };
    }
  }
  return result;
}
