import { existsSync, readFileSync } from 'node:fs';
import type { PreTasksExecutionContext, ProjectGraph } from '@nx/devkit';
import { parsePluginOptions, type PluginOptions } from '../config/options';
import type { FeatureSettings } from '../config/settings';
import { RERUN_GATES_FLAG, RUN_ENV, RUN_WITH_FLAG } from '../config/run-env';
import { tasksAfter } from '../graph';
import { analyzeFeature } from '../feature/analyze-feature';
import { resolveTargetNames } from '../feature/target-names';
import { runnerNames, toLayers, unknownRunnerMessage } from '../runners';
import { updateFeature, withFeatureLock } from '../state/locked-update';
import { releaseRun, runningMessage, takeRun } from '../state/run-lock';
import { commandRunId, nxCommandPid } from './run-id';
import { releaseLeftoverRunner } from '../state/leftover-runner';
import { featurePaths, type FeaturePaths } from '../state/paths';
import { emptyState } from '../state/state-file';
import { refreshSummary } from '../state/summary';
import { setTaskNote, setTaskState } from '../writer';
import { availableParallelism } from 'node:os';
import { booleanFlag, optionalBooleanFlag, parallelOf, parseNxArgv, selectsProject, stringFlag, type NxCommandLine } from './cli-args';
import { staleRunMarks } from './stale-marks';
import { cachedProjectGraph, featureProjects, featureSettings, runsOnlyFeatureTargets, type FeatureProject } from './feature-projects';
import { unknownFlagMessage } from './run-flags';

/**
 * Runs before Nx schedules anything. Nx hands CLI overrides only to the task named on the command
 * line (implement), while the task targets run first as its dependsOn; so the run-wide flags
 * become environment variables here (process.env writes in this hook are applied to the run):
 * `--run-with`, `--include-optional`, `--dry-run`, `--rerun-gates`. For an implement run it also does what must
 * happen before any task starts: `--restart-from T010` unticks T010 and every task after it in
 * plan order, stale `[>]` marks (no live owner) go back to `[ ]`, and the run is recorded.
 */
export async function preTasksExecution(rawOptions: unknown, context: PreTasksExecutionContext): Promise<void> {
  const commandLine = parseNxArgv(context.argv);
  const options: PluginOptions = parsePluginOptions(rawOptions);
  const implement = resolveTargetNames(options).implement;
  let features: { graph?: ProjectGraph; all: FeatureProject[] } | undefined;
  // Read once, and only when needed: most runs name no feature target and no unknown flag.
  const workspace = () => {
    if (!features) {
      const graph = cachedProjectGraph();
      features = { graph, all: featureProjects(implement, graph) };
    }
    return features;
  };
  checkCommandLine(commandLine, options, workspace);
  const dryRun = booleanFlag(commandLine, 'dry-run');
  process.env[RUN_ENV.runner] = stringFlag(commandLine, RUN_WITH_FLAG) ?? '';
  const includeOptional = optionalBooleanFlag(commandLine, 'include-optional');
  process.env[RUN_ENV.includeOptional] = includeOptional === undefined ? '' : String(includeOptional);
  process.env[RUN_ENV.dryRun] = dryRun ? 'true' : '';
  process.env[RUN_ENV.rerunGates] = booleanFlag(commandLine, RERUN_GATES_FLAG) ? 'true' : '';
  process.env[RUN_ENV.parallel] = String(parallelOf(commandLine, process.env, availableParallelism()) ?? '');
  const runId = commandRunId(context.id, nxCommandPid());
  process.env[RUN_ENV.runId] = runId;
  // A dry run must neither read results from the cache (the post hook would tick them) nor store
  // its "would run" results there.
  if (dryRun) process.env.NX_SKIP_NX_CACHE = 'true';

  if (dryRun) return;
  const selected = workspace().all.filter((f) => selectsProject(commandLine, f.name));
  await holdFeatures(
    context.workspaceRoot,
    selected.filter((f) => namedExplicitly(commandLine, f.name) && runsTasksOf(commandLine, f, implement)),
    runId,
  );
  if (!commandLine.targets.includes(implement)) return;
  const restartFrom = stringFlag(commandLine, 'restart-from');
  if (restartFrom) {
    // Re-running must run: cached results of these tasks would otherwise be restored.
    process.env.NX_SKIP_NX_CACHE = 'true';
  }
  let restarted = 0;
  for (const feature of selected) {
    try {
      const settings = featureSettings(feature, options, { includeOptional });
      restarted += await prepareFeature(context.workspaceRoot, feature, commandLine, { restartFrom, runId, settings });
    } catch (error) {
      // A plan that cannot be prepared still runs: implement reports its problems.
      console.error(`nx-tasks-md: could not prepare ${feature.tasksFile}: ${(error as Error).message}`);
    }
  }
  if (restartFrom && restarted === 0 && selected.length > 0) {
    throw new Error(`--restart-from ${restartFrom}: no such task in ${selected.map((f) => f.tasksFile).join(', ')}`);
  }
}

const LOG = { info: (line: string) => console.log(line), error: (line: string) => console.error(line) };
/**
 * Refuses, before anything runs, a command line that would silently do something else than asked:
 * a flag nobody knows on a command that runs only feature targets (Nx would hand it to implement,
 * which ignores it), or a `--run-with` runner no selected feature knows (every task would fail
 * when it starts).
 */
function checkCommandLine(
  commandLine: NxCommandLine,
  options: PluginOptions,
  workspace: () => { graph?: ProjectGraph; all: FeatureProject[] },
): void {
  const unknownFlag = unknownFlagMessage(commandLine);
  if (unknownFlag && runsOnlyFeatureTargets(commandLine, workspace().all, workspace().graph)) {
    throw new Error(`nx-tasks-md: ${unknownFlag}`);
  }
  const runWith = commandLine.flags[RUN_WITH_FLAG];
  if (runWith === undefined || runWith === false) return;
  const selected = workspace().all.filter((f) => selectsProject(commandLine, f.name));
  const known = [...new Set([...runnerNames(toLayers(options)), ...selected.flatMap((f) => f.runners)])];
  if (typeof runWith !== 'string' || runWith === '') {
    throw new Error(`nx-tasks-md: --${RUN_WITH_FLAG} needs a runner name: ${known.join(', ')}`);
  }
  const unknown = unknownRunnerMessage(runWith, known);
  if (unknown) throw new Error(`nx-tasks-md: --${RUN_WITH_FLAG} ${runWith}: ${unknown}`);
}

/**
 * Takes the features this command names and runs tasks of (state/run-lock), all or none: while
 * another live nx command runs one of them, this one stops here with a message saying which.
 * Features it does not name (`run-many` without -p, `affected`) are taken by their first task.
 */
async function holdFeatures(workspaceRoot: string, features: FeatureProject[], runId: string): Promise<void> {
  const taken: FeaturePaths[] = [];
  for (const feature of features) {
    const paths = featurePaths(workspaceRoot, feature.tasksFile);
    if (!existsSync(paths.tasksFile)) continue;
    const holder = await withFeatureLock(paths, () => takeRun(paths, runId, nxCommandPid()));
    if (holder) {
      for (const other of taken) await withFeatureLock(other, () => releaseRun(other, runId));
      throw new Error(runningMessage(feature.name, holder));
    }
    taken.push(paths);
  }
}

/** Whether the command runs the feature's implement target or one of its task targets. */
function runsTasksOf(commandLine: NxCommandLine, feature: FeatureProject, implement: string): boolean {
  return commandLine.targets.some((target) => target === implement || feature.taskTargets.includes(target));
}

/** Returns 1 when `restartFrom` is a task of this feature. */
async function prepareFeature(
  workspaceRoot: string,
  feature: FeatureProject,
  commandLine: NxCommandLine,
  run: { restartFrom?: string; runId: string; settings: FeatureSettings },
): Promise<number> {
  const paths = featurePaths(workspaceRoot, feature.tasksFile);
  const { includeOptional } = run.settings;
  if (
    !namedExplicitly(commandLine, feature.name) &&
    !hasRunState(paths) &&
    !run.restartFrom &&
    !hasStaleRunMark(paths, feature.tasksFile)
  ) {
    // `nx affected` and `run-many` without -p reach this hook for every feature, most of which
    // will not run: creating state files there would litter the workspace.
    return 0;
  }
  const found = await updateFeature<boolean>(paths, async ({ tasksText, state }) => {
    const analyze = (text: string) =>
      analyzeFeature(text, {
        tasksFile: feature.tasksFile,
        workspaceRoot,
        graph: run.settings.graph,
        allowedPaths: run.settings.allowedPaths,
      });
    const analysis = analyze(tasksText);
    let text = tasksText;
    const reset = (id: string) => {
      text = setTaskNote(setTaskState(text, id, 'pending'), id, null);
      const record = state.tasks[id];
      if (record) {
        record.status = 'pending';
        delete record.owner;
        delete record.error;
        delete record.restored;
      }
    };
    // An implement run runs every task of the feature. A runner that could not be stopped keeps
    // its claim: the task must not start twice.
    const stillRunning = new Set<string>();
    for (const id of staleRunMarks(analysis.doc, state)) {
      if (await releaseLeftoverRunner(id, state.tasks[id]?.owner, LOG)) reset(id);
      else stillRunning.add(id);
    }
    const found = !!run.restartFrom && analysis.doc.tasks.some((t) => t.id === run.restartFrom);
    // A plan with errors runs nothing (implement lists them): its ticks stay as they are.
    if (found && !analysis.hasErrors) {
      for (const id of [run.restartFrom!, ...tasksAfter(analysis.graph, run.restartFrom!)]) {
        const task = analysis.doc.tasks.find((t) => t.id === id);
        if (task && task.state !== 'pending' && !stillRunning.has(id)) reset(id);
      }
    }
    state.run = {
      id: run.runId,
      started_at: new Date().toISOString(),
      ...(run.restartFrom ? { restart_from: run.restartFrom } : {}),
      ...(includeOptional ? { include_optional: true } : {}),
      ...(stringFlag(commandLine, RUN_WITH_FLAG) ? { runner: stringFlag(commandLine, RUN_WITH_FLAG) } : {}),
    };
    const after = text === tasksText ? analysis : analyze(text);
    refreshSummary(state, after, includeOptional);
    return { tasksText: text, state, result: found };
  });
  return found ? 1 : 0;
}

function namedExplicitly(commandLine: NxCommandLine, name: string): boolean {
  return commandLine.projects.length > 0 && selectsProject(commandLine, name);
}

function hasRunState(paths: FeaturePaths): boolean {
  return existsSync(paths.stateFile) || existsSync(paths.completedFile);
}

/**
 * Whether a feature without run state has a run mark a killed task process left (see
 * staleRunMarks); the plan's own in-progress markers (`[~]`) are no reason to open it.
 */
function hasStaleRunMark(paths: FeaturePaths, tasksFile: string): boolean {
  let text: string;
  try {
    text = readFileSync(paths.tasksFile, 'utf8');
  } catch {
    return false;
  }
  if (!/^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+\[[^ xX\]\r\n]\]/m.test(text)) return false;
  const { doc } = analyzeFeature(text, { tasksFile, workspaceRoot: paths.workspaceRoot });
  return staleRunMarks(doc, emptyState('', tasksFile)).length > 0;
}
