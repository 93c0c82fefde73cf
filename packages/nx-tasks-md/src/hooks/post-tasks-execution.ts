import type { PostTasksExecutionContext, TaskResult } from '@nx/devkit';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePluginOptions } from '../config/options';
import { tasksFileOf } from '../executors/task/settings';
import { analyzeFeature } from '../plugin/analyze-feature';
import { resolveTargetNames, taskTargetName } from '../plugin/target-names';
import { writeRunReport } from '../report/write-report';
import { updateFeature } from '../state/locked-update';
import { isOwnerAlive } from '../state/owner';
import { featurePaths, toPosix } from '../state/paths';
import type { TaskRecord } from '../state/state-schema';
import { refreshSummary } from '../state/summary';
import { setTaskNote, setTaskState } from '../writer';
import { booleanFlag, parseNxArgv } from './cli-args';
import { filesExpectedToExist, missingFiles } from '../executors/task/verify-files';

/** Statuses of tasks Nx did not run because their result came from a cache. */
export const CACHE_STATUSES = new Set(['local-cache', 'local-cache-kept-existing', 'remote-cache']);

interface FeatureResults {
  tasksFile: string;
  results: TaskResult[];
  implementRan: boolean;
}

/**
 * Runs after every Nx command, in the CLI or in the daemon. Nx does not call the executor on a
 * cache hit, so this is where tasks restored from the local or remote cache get ticked and
 * recorded as `restored`. It also puts back any `[>]` whose owner is gone (a task process killed
 * mid-run), and writes the run report of features whose implement target was part of the run.
 */
export async function postTasksExecution(rawOptions: unknown, context: PostTasksExecutionContext): Promise<void> {
  const commandLine = parseNxArgv(context.argv);
  if (booleanFlag(commandLine, 'dry-run')) return;
  const options = parsePluginOptions(rawOptions);
  const implement = resolveTargetNames(options).implement;
  const includeOptional = booleanFlag(commandLine, 'include-optional') || options.includeOptional === true;
  // Nx leaves tasks it skipped (a failed task or gate before them) out of taskResults: an implement
  // run stopped by a gate still gets its report.
  const implementRequested = commandLine.targets.includes(implement);

  for (const feature of featuresOf(context, implement)) {
    const paths = featurePaths(context.workspaceRoot, feature.tasksFile);
    try {
      await settleFeature(paths, feature, includeOptional);
      if (feature.implementRan || implementRequested) await writeRunReport(paths, feature.tasksFile, includeOptional);
    } catch (error) {
      console.error(`nx-tasks-md: could not update ${feature.tasksFile} after the run: ${(error as Error).message}`);
    }
  }
}

function featuresOf(context: PostTasksExecutionContext, implement: string): FeatureResults[] {
  const byRoot = new Map<string, FeatureResults>();
  for (const result of Object.values(context.taskResults)) {
    const root = result.task.projectRoot;
    if (root === undefined) continue;
    let feature = byRoot.get(root);
    if (!feature) {
      const tasksFile = tasksFileOf({ root });
      if (!fs.existsSync(path.join(context.workspaceRoot, tasksFile))) continue;
      feature = { tasksFile: toPosix(tasksFile), results: [], implementRan: false };
      byRoot.set(root, feature);
    }
    feature.results.push(result);
    if (result.task.target.target === implement) feature.implementRan = true;
  }
  return [...byRoot.values()];
}

async function settleFeature(
  paths: ReturnType<typeof featurePaths>,
  feature: FeatureResults,
  includeOptional: boolean,
): Promise<void> {
  await updateFeature(paths, ({ tasksText, state }) => {
    const analysis = analyzeFeature(tasksText, { tasksFile: feature.tasksFile, workspaceRoot: paths.workspaceRoot });
    const byTarget = new Map(analysis.doc.tasks.map((t) => [taskTargetName(t.id), t]));
    let text = tasksText;
    let changed = false;
    for (const result of feature.results) {
      if (!CACHE_STATUSES.has(result.status)) continue;
      const task = byTarget.get(result.task.target.target);
      if (!task) continue;
      const previous = state.tasks[task.id];
      // A replayed result is only as good as the files it restored: a cached skip (an optional
      // task) or a run that named files it never wrote does not make the task done.
      const files = filesExpectedToExist(task, analysis.taskFiles[task.id] ?? []);
      if (task.state !== 'done' && missingFiles(paths.workspaceRoot, files).length > 0) continue;
      if (task.state !== 'done') {
        text = setTaskNote(setTaskState(text, task.id, 'done'), task.id, null);
      } else if (previous?.status === 'completed') {
        continue;
      }
      const at = (ms: number | undefined) => new Date(ms ?? Date.now()).toISOString();
      const record: TaskRecord = {
        ...(previous ?? { attempts: 0 }),
        status: 'completed',
        phase: task.phase,
        restored: true,
        started_at: at(result.task.startTime),
        ended_at: at(result.task.endTime),
        duration_ms: 0,
        hash: result.task.hash,
      };
      delete record.error;
      delete record.owner;
      state.tasks[task.id] = record;
      changed = true;
    }
    // A task process that was killed (SIGKILL after Nx's grace period) leaves its `[>]` behind.
    for (const task of analysis.doc.tasks) {
      if (task.state !== 'in-progress' || isOwnerAlive(state.tasks[task.id]?.owner)) continue;
      text = setTaskState(text, task.id, 'pending');
      const record = state.tasks[task.id];
      if (record) {
        record.status = 'interrupted';
        delete record.owner;
      }
      changed = true;
    }
    if (!changed) return {};
    refreshSummary(
      state,
      text === tasksText ? analysis : analyzeFeature(text, { tasksFile: feature.tasksFile, workspaceRoot: paths.workspaceRoot }),
      includeOptional,
    );
    return { tasksText: text, state };
  });
}
