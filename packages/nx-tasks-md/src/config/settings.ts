import { posix } from 'node:path';
import { resolveGateConfig, type GateConfig } from './gate-config';
import type { FeatureOverrides, PluginOptions } from './options';
import { RUN_ENV } from './run-env';
import { resolveTargetNames, type TargetNames } from './target-names';

/**
 * The one place where a feature's settings are resolved. Each setting is taken from the first layer
 * that sets it (README "Options"):
 *   1. the run: flags of the nx command line (the executor's own options, or the environment the
 *      preTasksExecution hook sets for every task of the run);
 *   2. the feature: project.json beside the tasks.md, `metadata.tasksMd`;
 *   3. the workspace: nx.json `plugins[].options`;
 *   4. the default.
 * Only type imports from ./options: createNodes uses this module, and zod stays out of a warm run.
 */

/** What the nx command line asks of this run; undefined = not given. */
export interface RunFlags {
  /** `--run-with <runner>`. */
  runWith?: string;
  /** `--include-optional` (true) or `--no-include-optional` (false). */
  includeOptional?: boolean;
  dryRun?: boolean;
  rerunGates?: boolean;
  /** Nx's id of the command (state/run-lock). */
  runId?: string;
}

export interface SettingLayers {
  run?: RunFlags;
  /** project.json `metadata.tasksMd`, validated. */
  feature?: FeatureOverrides;
  /** nx.json plugin options, validated. */
  workspace?: PluginOptions;
}

/** Timeout, retries, retry delay and prompt template of every task of the feature. */
export interface RunPolicy {
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  promptTemplate?: string;
}

export interface FeatureSettings {
  includeOptional: boolean;
  graph: { strictDependencies: boolean; phaseParallelism: boolean | 'auto' };
  allowedPaths: string[];
  commit: boolean;
  gates: GateConfig;
  targetNames: TargetNames;
  /**
   * `runner`, `runners`, `routes` of both layers: which runner a task gets depends on the task
   * (routes, its own commands), so runners/select picks it from these, `runWith` first.
   */
  runners: { workspace: PluginOptions; feature: FeatureOverrides };
  runWith?: string;
  policy: RunPolicy;
  dryRun: boolean;
  rerunGates: boolean;
  runId?: string;
}

type Layered = FeatureOverrides & PluginOptions;

/** The first of feature and workspace that sets `key`. */
function pick<K extends keyof FeatureOverrides>(layers: { feature?: FeatureOverrides; workspace?: PluginOptions }, key: K): Layered[K] {
  const own = layers.feature?.[key];
  return (own !== undefined ? own : layers.workspace?.[key]) as Layered[K];
}

export function resolveRunPolicy(layers: { feature?: FeatureOverrides; workspace?: PluginOptions }): RunPolicy {
  return {
    timeoutMs: (pick(layers, 'timeout') ?? 0) * 1000,
    retries: pick(layers, 'retries') ?? 0,
    retryDelayMs: pick(layers, 'retryDelay') ?? 1000,
    promptTemplate: pick(layers, 'promptTemplate'),
  };
}

export function resolveFeatureSettings({ run = {}, feature = {}, workspace = {} }: SettingLayers): FeatureSettings {
  const layers = { feature, workspace };
  return {
    includeOptional: run.includeOptional ?? pick(layers, 'includeOptional') ?? false,
    graph: {
      strictDependencies: pick(layers, 'strictDependencies') ?? false,
      phaseParallelism: pick(layers, 'phaseParallelism') ?? false,
    },
    allowedPaths: pick(layers, 'allowedPaths') ?? [],
    commit: pick(layers, 'commit') ?? false,
    // Each key of `gates`, and `exclusive`, set in project.json replaces the same key from nx.json.
    gates: resolveGateConfig(workspace, feature),
    targetNames: resolveTargetNames(workspace),
    runners: { workspace, feature },
    ...(run.runWith ? { runWith: run.runWith } : {}),
    policy: resolveRunPolicy(layers),
    dryRun: run.dryRun ?? false,
    rerunGates: run.rerunGates ?? false,
    ...(run.runId ? { runId: run.runId } : {}),
  };
}

/** The run's flags as the preTasksExecution hook handed them to every task (see RUN_ENV). */
export function runFlagsFromEnv(env: NodeJS.ProcessEnv = process.env): RunFlags {
  const includeOptional = env[RUN_ENV.includeOptional];
  return {
    runWith: env[RUN_ENV.runner] || undefined,
    includeOptional: includeOptional === 'true' ? true : includeOptional === 'false' ? false : undefined,
    dryRun: env[RUN_ENV.dryRun] === 'true',
    rerunGates: env[RUN_ENV.rerunGates] === 'true',
    runId: env[RUN_ENV.runId] || undefined,
  };
}

/** The run's flags with an executor's own options over them (Nx hands those to the target named on the command line). */
export function withExecutorOptions(
  run: RunFlags,
  options: { runWith?: string; includeOptional?: boolean; dryRun?: boolean; rerunGates?: boolean },
): RunFlags {
  return {
    ...run,
    ...(options.runWith !== undefined ? { runWith: options.runWith } : {}),
    ...(options.includeOptional !== undefined ? { includeOptional: options.includeOptional } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.rerunGates ? { rerunGates: true } : {}),
  };
}

/** Workspace-relative tasks.md of a feature project: the one inference found, `<root>/tasks.md`. */
export function tasksFileOf(project: { root: string }): string {
  return posix.join(project.root.replace(/\\/g, '/'), 'tasks.md');
}
