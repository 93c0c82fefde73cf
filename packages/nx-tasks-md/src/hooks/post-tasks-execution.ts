import type { PostTasksExecutionContext, TaskResult } from '@nx/devkit';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePluginOptions } from '../config/options';
import { tasksFileOf } from '../config/settings';
import { analyzeFeature, type FeatureAnalysis } from '../feature/analyze-feature';
import { resolveTargetNames, taskTargetName } from '../feature/target-names';
import { writeRunReport } from '../report/write-report';
import { contextDocumentHashes } from '../state/context-documents';
import { releaseLeftoverRunner } from '../state/leftover-runner';
import { commandRunId, nxCommandPid } from './run-id';
import { updateFeature, withFeatureLock } from '../state/locked-update';
import { readRunLock, releaseRun } from '../state/run-lock';
import { featureProjects, featureSettings, type FeatureProject } from './feature-projects';
import { featurePaths, toPosix } from '../state/paths';
import type { ImplementationState, TaskRecord } from '../state/state-schema';
import { refreshSummary } from '../state/summary';
import { setTaskNote, setTaskState } from '../writer';
import { booleanFlag, optionalBooleanFlag, parseNxArgv } from './cli-args';
import { missingFiles } from '../feature/verify-files';
import { staleRunMarks } from './stale-marks';

const LOG = { info: (line: string) => console.log(line), error: (line: string) => console.error(line) };

/** Statuses of tasks Nx did not run because their result came from a cache. */
export const CACHE_STATUSES = new Set(['local-cache', 'local-cache-kept-existing', 'remote-cache']);

interface FeatureResults {
  root: string;
  tasksFile: string;
  /** Results of the feature's task targets that ran in this command, per task ID. */
  taskResults: Map<string, TaskResult>;
  implementRan: boolean;
}

/**
 * Runs after every Nx command, in the CLI or in the daemon. Nx does not call the executor on a
 * cache hit, so this is where tasks restored from the local or remote cache get ticked and
 * recorded as `restored`. It also puts back a `[>]` of a task of this run whose owner is gone (a
 * task process killed mid-run), and writes the run report of features whose implement target was
 * part of the run. A command that ran none of a feature's task targets nor its implement target
 * (`plan`, `status`, a target of another plugin) leaves that feature's files as they are.
 */
export async function postTasksExecution(rawOptions: unknown, context: PostTasksExecutionContext): Promise<void> {
  const commandLine = parseNxArgv(context.argv);
  if (booleanFlag(commandLine, 'dry-run')) return;
  const options = parsePluginOptions(rawOptions);
  const implement = resolveTargetNames(options).implement;
  const run = { includeOptional: optionalBooleanFlag(commandLine, 'include-optional') };
  // Nx leaves tasks it skipped (a failed task or gate before them) out of taskResults: an implement
  // run stopped by a gate still gets its report.
  const implementRequested = commandLine.targets.includes(implement);
  const features = featuresOf(context, implement);
  const projects = features.length
    ? new Map(featureProjects(implement).map((project) => [project.root, project]))
    : new Map<string, FeatureProject>();
  for (const feature of features) {
    const paths = featurePaths(context.workspaceRoot, feature.tasksFile);
    try {
      const { includeOptional } = featureSettings(projects.get(feature.root) ?? { root: feature.root }, options, run);
      await settleFeature(paths, feature, includeOptional);
      if (feature.implementRan || implementRequested) await writeRunReport(paths, feature.tasksFile, includeOptional);
    } catch (error) {
      console.error(`nx-tasks-md: could not update ${feature.tasksFile} after the run: ${(error as Error).message}`);
    }
  }
  await releaseFeatures(context.workspaceRoot, implement, commandRunId(context.id, nxCommandPid()));
}

/** Gives back every feature this command held (state/run-lock), once its results are settled. */
async function releaseFeatures(workspaceRoot: string, implement: string, runId: string): Promise<void> {
  for (const feature of featureProjects(implement)) {
    const paths = featurePaths(workspaceRoot, feature.tasksFile);
    if (readRunLock(paths)?.run !== runId) continue;
    try {
      await withFeatureLock(paths, () => releaseRun(paths, runId));
    } catch (error) {
      console.error(`nx-tasks-md: could not release ${feature.name}: ${(error as Error).message}`);
    }
  }
}

/** The features this command ran task targets or the implement target of, with those results. */
function featuresOf(context: PostTasksExecutionContext, implement: string): FeatureResults[] {
  const byRoot = new Map<string, TaskResult[]>();
  for (const result of Object.values(context.taskResults)) {
    const root = result.task.projectRoot;
    if (root === undefined) continue;
    const forRoot = byRoot.get(root);
    if (forRoot) forRoot.push(result);
    else byRoot.set(root, [result]);
  }
  const features: FeatureResults[] = [];
  for (const [root, results] of byRoot) {
    const tasksFile = toPosix(tasksFileOf({ root }));
    let text: string;
    try {
      text = fs.readFileSync(path.join(context.workspaceRoot, tasksFile), 'utf8');
    } catch {
      continue; // not a feature of ours
    }
    const implementRan = results.some((r) => r.task.target.target === implement);
    const doc = analyzeFeature(text, { tasksFile, workspaceRoot: context.workspaceRoot }).doc;
    const taskIdOf = new Map(doc.tasks.map((t) => [taskTargetName(t.id), t.id]));
    const taskResults = new Map<string, TaskResult>();
    for (const result of results) {
      const id = taskIdOf.get(result.task.target.target);
      if (id !== undefined) taskResults.set(id, result);
    }
    if (taskResults.size === 0 && !implementRan) continue;
    features.push({ root, tasksFile, taskResults, implementRan });
  }
  return features;
}

async function settleFeature(paths: ReturnType<typeof featurePaths>, feature: FeatureResults, includeOptional: boolean): Promise<void> {
  await updateFeature(paths, async ({ tasksText, state }) => {
    const analysis = analyzeFeature(tasksText, { tasksFile: feature.tasksFile, workspaceRoot: paths.workspaceRoot });
    const ticked = tickRestoredTasks(tasksText, analysis, state, feature.taskResults, paths);
    const reset = await resetStaleRunMarks(ticked.text, analysis, state, new Set(feature.taskResults.keys()));
    if (!ticked.changed && !reset.changed) return {};
    const text = reset.text;
    refreshSummary(
      state,
      text === tasksText ? analysis : analyzeFeature(text, { tasksFile: feature.tasksFile, workspaceRoot: paths.workspaceRoot }),
      includeOptional,
    );
    return { tasksText: text, state };
  });
}

interface Settled {
  text: string;
  changed: boolean;
}

/**
 * Ticks the tasks Nx restored from a cache (their executor never ran) and records them as
 * `restored`; `state` is changed in place.
 */
function tickRestoredTasks(
  tasksText: string,
  analysis: FeatureAnalysis,
  state: ImplementationState,
  taskResults: ReadonlyMap<string, TaskResult>,
  { workspaceRoot, featureDir }: { workspaceRoot: string; featureDir: string },
): Settled {
  let text = tasksText;
  let changed = false;
  let documents: Record<string, string> | undefined;
  // Last task first: a change (a box, a note line taken out) moves only the text after it, so the
  // parse of the text as it was still places every earlier task, and nothing is parsed again.
  const doc = analysis.doc;
  for (const task of [...doc.tasks].reverse()) {
    const result = taskResults.get(task.id);
    if (!result || !CACHE_STATUSES.has(result.status)) continue;
    const previous = state.tasks[task.id];
    // A replayed result is only as good as the files it restored: a cached skip (an optional
    // task) or a run that named files it never wrote does not make the task done.
    const files = analysis.taskFiles[task.id]?.mustExist ?? [];
    if (task.state !== 'done' && missingFiles(workspaceRoot, files).length > 0) continue;
    if (task.state !== 'done') {
      text = setTaskNote(setTaskState(text, task.id, 'done', { doc }), task.id, null, { doc });
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
      // The cache key covered them: the restored result is the one for these documents.
      context_documents: (documents ??= contextDocumentHashes(featureDir)),
    };
    delete record.error;
    delete record.owner;
    state.tasks[task.id] = record;
    changed = true;
  }
  return { text, changed };
}

/**
 * Puts back to `[ ]` the run marks that a killed task process of this run left behind (see
 * staleRunMarks); `state` is changed in place.
 */
async function resetStaleRunMarks(
  tasksText: string,
  analysis: FeatureAnalysis,
  state: ImplementationState,
  ranTasks: ReadonlySet<string>,
): Promise<Settled> {
  let text = tasksText;
  let changed = false;
  for (const id of staleRunMarks(analysis.doc, state, ranTasks)) {
    // A runner that could not be stopped keeps its claim: the task must not start twice.
    if (!(await releaseLeftoverRunner(id, state.tasks[id]?.owner, LOG))) continue;
    changed = true;
    text = setTaskState(text, id, 'pending');
    const record = state.tasks[id];
    if (record) {
      record.status = 'interrupted';
      delete record.owner;
    }
  }
  return { text, changed };
}
