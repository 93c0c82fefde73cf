import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import type { FeaturePaths } from './paths';
import { featureScope, toPosix } from './paths';
import { withIoContext, withIoContextAsync } from './io-error';
import { FileChangedError, prepareLockFolder, refuseLinks, resolveTasksFile, writeFileAtomicSync } from './safe-write';
import { backupCorruptState, emptyState, readState, serializeState, StateFileError } from './state-file';
import type { ImplementationState } from './state-schema';
import { readTasksSettled, rememberOwnWrite, signatureOf, type SettledText } from './settled-read';

/**
 * The one writer of tasks.md and the state file. Every change is a read-modify-write done while
 * holding a cross-process lock on the feature's tasks.md (proper-lockfile: an mkdir lock whose
 * mtime is refreshed while held, taken over when stale after a crash), and every write goes to a
 * temporary file that is renamed over the original (writeFileAtomicSync), so a reader never sees a
 * half-written file and no concurrent update is lost.
 *
 * Editors do not take the lock. So an update reads tasks.md once it is still (see settled-read),
 * and replaces it only if it still holds what the update read (compared just before the rename);
 * when it does not, someone saved it meanwhile: the update reads it again and applies its change
 * to what they saved. Still lost: a save landing in the microseconds between that comparison and
 * the rename, and the rest of a save whose writer paused longer than settled-read's QUIET_MS.
 */

export interface LockSettings {
  /** A lock whose holder stopped refreshing it for this long is taken over (ms, min 5000). */
  staleMs?: number;
  /** How many times to retry taking a busy lock (randomised backoff between 5 and 50 ms). */
  retries?: number;
}

export interface FeatureFiles {
  readTasks(): string;
  /** tasks.md once no one else is saving it (see settled-read). */
  readTasksSettled(): Promise<SettledText>;
  /**
   * `transient`: a mark that may be lost in a power cut without harm (`[>]`), not flushed to disk.
   * `unchangedFrom`: write only if the file still holds this text, else throw FileChangedError.
   */
  writeTasks(text: string, options?: { transient?: boolean; unchangedFrom?: string }): Promise<void>;
  /**
   * The state (from the archive when the feature was complete), a fresh one when there is none;
   * a corrupt file is moved aside first.
   */
  readState(): ImplementationState;
  writeState(state: ImplementationState): Promise<void>;
}

export interface FeatureSnapshot {
  tasksText: string;
  state: ImplementationState;
  /** Someone else saved tasks.md moments ago: it may be only partly written (see FeatureChange.retry). */
  recentlyEdited: boolean;
}

export interface FeatureChange<T = void> {
  tasksText?: string;
  /** tasksText only marks a task running (see FeatureFiles.writeTasks). */
  transient?: boolean;
  state?: ImplementationState;
  result?: T;
  /**
   * The text looks cut short (a task is missing): read it again shortly and call mutate again.
   * Honoured only while the snapshot is `recentlyEdited`, so a task that really is gone fails soon.
   */
  retry?: boolean;
}

const DEFAULT_STALE_MS = 10_000;
// Enough retries to outwait a stale lock left by a killed process (staleMs) with room to spare,
// and hundreds of writers queued behind one another.
const DEFAULT_RETRIES = 1200;
// The lock is polled: a short maximum backoff hands it over soon after it is released (an update
// holds it for milliseconds), at the price of a few more mkdir calls while waiting.
const MIN_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 50;
/** Pause before reading a recently saved tasks.md again (FeatureChange.retry). */
const REREAD_MS = 100;
/** Saves by someone else that an update applies its change to again before it gives up. */
const MAX_ATTEMPTS = 20;

/** Warnings (a corrupt state file that was moved aside) go here; tests may replace it. */
let warn: (message: string) => void = (message) => console.error(message);
export function setWarningSink(sink: (message: string) => void): void {
  warn = sink;
}

export async function withFeatureLock<T>(
  paths: FeaturePaths,
  body: (files: FeatureFiles) => Promise<T> | T,
  settings: LockSettings = {},
): Promise<T> {
  const scope = featureScope(paths);
  resolveTasksFile(scope, paths.tasksFile);
  refuseLinks(scope, [paths.stateFile, paths.completedFile]);
  prepareLockFolder(scope, paths.lockFile);
  const tasksRel = toPosix(path.relative(paths.workspaceRoot, paths.tasksFile));
  const release = await withIoContextAsync('take the lock on', tasksRel, () =>
    lockfile.lock(paths.tasksFile, {
      lockfilePath: paths.lockFile,
      stale: settings.staleMs ?? DEFAULT_STALE_MS,
      retries: {
        retries: settings.retries ?? DEFAULT_RETRIES,
        factor: 1.5,
        minTimeout: MIN_BACKOFF_MS,
        maxTimeout: MAX_BACKOFF_MS,
        randomize: true,
      },
      // Losing the lock mid-update is reported by release(); do not crash the process from a timer.
      onCompromised: (error) => warn(`nx-tasks-md: lock on ${paths.tasksFile} compromised: ${error.message}`),
    }),
  );
  try {
    return await body(featureFiles(paths));
  } finally {
    await release().catch((error: Error) => warn(`nx-tasks-md: could not release the lock on ${paths.tasksFile}: ${error.message}`));
  }
}

/**
 * Read-modify-write of tasks.md and the state file under the lock; unchanged files are not written.
 * `mutate` may be called more than once (tasks.md saved by someone else meanwhile): it must only
 * compute the change from its snapshot.
 *
 * The updates of one process to one feature queue here, in memory: those that arrive while the
 * lock is taken or held are made together under its next hold, each `mutate` seeing the files as
 * the ones before it left them, with one read and one write of each file for all of them (a batch
 * running many short tasks would otherwise take the lock, read, validate and write both files for
 * every claim and every tick).
 */
export function updateFeature<T = void>(
  paths: FeaturePaths,
  mutate: (snapshot: FeatureSnapshot) => FeatureChange<T> | Promise<FeatureChange<T>>,
  settings: LockSettings = {},
): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const key = JSON.stringify([paths.lockFile, settings.staleMs, settings.retries]);
    let queue = queuedUpdates.get(key);
    if (!queue) queuedUpdates.set(key, (queue = []));
    queue.push({ mutate, resolve, reject } as QueuedUpdate);
    if (queue.length === 1) void drainUpdates(paths, key, queue, settings);
  });
}

interface QueuedUpdate<T = unknown> {
  mutate: (snapshot: FeatureSnapshot) => FeatureChange<T> | Promise<FeatureChange<T>>;
  resolve: (result: T | undefined) => void;
  reject: (error: unknown) => void;
}

/** Updates waiting for, or being made under, the next hold of a feature's lock (by lock and settings). */
const queuedUpdates = new Map<string, QueuedUpdate[]>();

async function drainUpdates(paths: FeaturePaths, key: string, queue: QueuedUpdate[], settings: LockSettings): Promise<void> {
  while (queue.length > 0) {
    // Taken once the lock is held: every update queued while it was being taken joins the group.
    const taken: { group?: QueuedUpdate[] } = {};
    try {
      const outcomes = await withFeatureLock(
        paths,
        (files) => {
          taken.group = queue.splice(0, queue.length, PLACEHOLDER);
          return updateGroup(files, taken.group);
        },
        settings,
      );
      // Once the lock is released: what a caller does next may need it.
      settle(taken.group!, outcomes);
    } catch (error) {
      // The group failed as a whole, or the lock was not taken: then every waiting update fails.
      for (const update of taken.group ?? queue.splice(0)) update.reject(error);
    }
    if (taken.group) queue.splice(queue.indexOf(PLACEHOLDER), 1);
  }
  queuedUpdates.delete(key);
}

/** Keeps a queue non-empty while its group is being made, so that new updates wait for the drain. */
const PLACEHOLDER: QueuedUpdate = { mutate: () => ({}), resolve: () => undefined, reject: () => undefined };

/** updateFeature for a caller that already holds the lock and has more to do under it. */
export async function updateLocked<T = void>(
  files: FeatureFiles,
  mutate: (snapshot: FeatureSnapshot) => FeatureChange<T> | Promise<FeatureChange<T>>,
): Promise<T | undefined> {
  const [outcome] = await updateGroup(files, [{ mutate } as QueuedUpdate]);
  if (!outcome.ok) throw outcome.error;
  return outcome.result as T | undefined;
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: unknown };

function settle(updates: QueuedUpdate[], outcomes: Outcome[]): void {
  updates.forEach((update, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) update.resolve(outcome.result);
    else update.reject(outcome.error);
  });
}

/**
 * Applies the updates one after the other to one read of the files and writes the result once;
 * the outcome of each (an update whose `mutate` throws fails alone, and changes nothing).
 */
async function updateGroup(files: FeatureFiles, updates: QueuedUpdate[]): Promise<Outcome[]> {
  // Only holders of the lock write the state file: every attempt starts from this one.
  const original = files.readState();
  let stateWritten = false;
  for (let attempt = 1; ; attempt++) {
    const lastAttempt = attempt >= MAX_ATTEMPTS;
    const settled = await files.readTasksSettled();
    // On the last attempt a text is taken as it is (no retry offered).
    const recentlyEdited = settled.recentlyEdited && !lastAttempt;
    let tasksText = settled.text;
    let state: ImplementationState | undefined;
    let durable = false;
    let retry = false;
    const outcomes: Outcome[] = [];
    for (const update of updates) {
      let change: FeatureChange<unknown>;
      try {
        change = await update.mutate({ tasksText, state: structuredClone(state ?? original), recentlyEdited });
      } catch (error) {
        outcomes.push({ ok: false, error });
        continue;
      }
      if (change.retry && recentlyEdited) {
        retry = true;
        break;
      }
      if (change.tasksText !== undefined && change.tasksText !== tasksText) {
        tasksText = change.tasksText;
        durable ||= !change.transient;
      }
      if (change.state) state = change.state;
      outcomes.push({ ok: true, result: change.result });
    }
    if (retry) {
      await new Promise((resolve) => setTimeout(resolve, REREAD_MS));
      continue;
    }
    const writesTasks = tasksText !== settled.text;
    if (writesTasks && !lastAttempt && files.readTasks() !== settled.text) continue;
    // State first: a crash between the two writes leaves a `[>]` or `[ ]` that the next run
    // re-runs, never a tick without its record. An earlier attempt's state is undone.
    const nextState = state ?? (stateWritten ? original : undefined);
    if (nextState !== undefined) {
      await files.writeState(nextState);
      stateWritten = true;
    }
    if (writesTasks) {
      try {
        await files.writeTasks(tasksText, { transient: !durable, unchangedFrom: settled.text });
      } catch (error) {
        if (!(error instanceof FileChangedError)) throw error;
        if (lastAttempt) throw new Error(`${error.message}, ${MAX_ATTEMPTS} times in a row: it was left as it is`);
        continue;
      }
    }
    return outcomes;
  }
}

function featureFiles(paths: FeaturePaths): FeatureFiles {
  const featureName = path.basename(paths.featureDir);
  const tasksRel = toPosix(path.relative(paths.workspaceRoot, paths.tasksFile));
  const shown = (file: string) => toPosix(path.relative(paths.workspaceRoot, file));
  return {
    readTasks: () => withIoContext('read', tasksRel, () => fs.readFileSync(paths.tasksFile, 'utf8')),
    readTasksSettled: () => withIoContext('read', tasksRel, () => readTasksSettled(paths)),
    writeTasks: async (text, options) => {
      const written = writeFileAtomicSync(featureScope(paths), paths.tasksFile, text, {
        durable: !options?.transient,
        followTasksLink: true,
        what: 'the task list',
        unchangedFrom: options?.unchangedFrom,
      });
      rememberOwnWrite(paths, signatureOf(written));
    },
    readState: () => {
      try {
        return (
          readState(paths.stateFile, shown(paths.stateFile)) ??
          readState(paths.completedFile, shown(paths.completedFile)) ??
          emptyState(featureName, tasksRel)
        );
      } catch (error) {
        if (!(error instanceof StateFileError)) throw error;
        const backup = backupCorruptState(error.file);
        warn(
          `nx-tasks-md: ${error.message}. It was kept as ${backup}; a new state file is started ` +
            '(tasks.md still says which tasks are done).',
        );
        return emptyState(featureName, tasksRel);
      }
    },
    // A state with `completed_at` lives in .implementation-completed.json (the archive), any other
    // in .implementation-state.json; exactly one of the two exists after a write.
    writeState: async (state) => {
      state.updated_at = new Date().toISOString();
      const [target, other] = state.completed_at ? [paths.completedFile, paths.stateFile] : [paths.stateFile, paths.completedFile];
      // Not flushed: the state file is derived bookkeeping (tasks.md says what is done, and a
      // damaged state file is set aside and started afresh), tasks.md is the user's document.
      writeFileAtomicSync(featureScope(paths), target, serializeState(state), { durable: false, what: 'the state file' });
      withIoContext('remove the old state file', shown(other), () => fs.rmSync(other, { force: true }));
    },
  };
}
