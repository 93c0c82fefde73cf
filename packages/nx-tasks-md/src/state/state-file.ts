import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeIoError } from './io-error';
import { implementationStateSchema, type ImplementationState, type StateMetrics, type TaskRecord } from './state-schema';

export class StateFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'StateFileError';
  }
}

export function emptyState(feature: string, tasksFile: string, now = new Date()): ImplementationState {
  const time = now.toISOString();
  return {
    version: 1,
    feature,
    tasks_file: tasksFile,
    current_phase: null,
    started_at: time,
    updated_at: time,
    tasks: {},
    parallel_groups: [],
    metrics: computeMetrics({}, 0),
  };
}

/** Parses and validates state file text; errors name the file and the offending field. */
export function parseState(text: string, file: string): ImplementationState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  const result = implementationStateSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new StateFileError(file, `not a valid nx-tasks-md state file (${issues})`);
  }
  return result.data;
}

/**
 * Reads the state file; `undefined` when it does not exist. Throws StateFileError when corrupt, a
 * PluginIoError naming it as `shownAs` when it cannot be read.
 */
export function readState(file: string, shownAs = shownPath(file)): ImplementationState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw describeIoError(error, 'read the state file', shownAs);
  }
  return parseState(text, file);
}

/** `file` relative to the current folder (the workspace root, where Nx runs executors) when inside it. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/**
 * Moves a corrupt state file aside (never deletes it) and returns the backup's path. Called with
 * the feature lock held.
 */
export function backupCorruptState(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const backup = path.join(path.dirname(file), `${path.basename(file, '.json')}.corrupt-${stamp}.json`);
  fs.renameSync(file, backup);
  return backup;
}

export function serializeState(state: ImplementationState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

export function computeMetrics(tasks: Record<string, TaskRecord>, totalTasks: number): StateMetrics {
  const metrics: StateMetrics = {
    total_tasks: totalTasks,
    completed: 0,
    failed: 0,
    pending: 0,
    running: 0,
    skipped: 0,
    restored: 0,
    total_duration_ms: 0,
  };
  for (const record of Object.values(tasks)) {
    switch (record.status) {
      case 'completed':
        metrics.completed++;
        break;
      case 'failed':
        metrics.failed++;
        break;
      case 'running':
        metrics.running++;
        break;
      case 'skipped':
        metrics.skipped++;
        break;
      default:
        metrics.pending++;
    }
    if (record.restored) metrics.restored++;
    else if (record.duration_ms) metrics.total_duration_ms += record.duration_ms;
  }
  // Tasks the state has not seen yet are pending too.
  const seen = Object.keys(tasks).length;
  if (totalTasks > seen) metrics.pending += totalTasks - seen;
  metrics.total_tasks = Math.max(totalTasks, seen);
  return metrics;
}
