import type { ExecutorContext } from '@nx/devkit';
import * as path from 'node:path';
import {
  featureOverridesSchema,
  formatZodError,
  parsePluginOptions,
  type FeatureOverrides,
  type PluginOptions,
} from '../../config/options';
import { isTasksMdPlugin } from '../../config/options-path';
import { assertPluginOptions, featureOverridesProblems } from '../../plugin/check-options';
import type { CheckboxTaskInput } from './run-checkbox-task';
import { RUN_ENV } from './run-env';

export { RERUN_GATES_FLAG, RUN_ENV, RUN_WITH_FLAG } from './run-env';

export interface RunSwitches {
  runner?: string;
  /** true when the run asked for it; undefined leaves it to the plugin options. */
  includeOptional?: true;
  dryRun: boolean;
  rerunGates: boolean;
  /** The Nx command this task runs in (see RUN_ENV.runId). */
  runId?: string;
}

export function switchesFromEnv(env: NodeJS.ProcessEnv = process.env): RunSwitches {
  return {
    runner: env[RUN_ENV.runner] || undefined,
    includeOptional: env[RUN_ENV.includeOptional] === 'true' ? true : undefined,
    dryRun: env[RUN_ENV.dryRun] === 'true',
    rerunGates: env[RUN_ENV.rerunGates] === 'true',
    runId: env[RUN_ENV.runId] || undefined,
  };
}

/** The plugin's entry in nx.json (`nx-tasks-md`, or a path to its source or build). */
export function pluginOptionsFrom(nxJson: ExecutorContext['nxJsonConfiguration']): PluginOptions {
  for (const [index, entry] of (nxJson?.plugins ?? []).entries()) {
    const name = typeof entry === 'string' ? entry : entry.plugin;
    if (isTasksMdPlugin(name)) {
      const options = parsePluginOptions(typeof entry === 'string' ? {} : entry.options, `nx.json plugin ${name} options`);
      assertPluginOptions(options, `nx.json plugins[${index}].options`);
      return options;
    }
  }
  return {};
}

/** A feature's overrides: project.json `metadata.tasksMd` (minus the keys the plugin itself keeps there). */
export function featureOverridesFrom(metadata: Record<string, unknown> | undefined, where: string): FeatureOverrides {
  const raw = { ...((metadata?.tasksMd as Record<string, unknown> | undefined) ?? {}) };
  delete raw.file;
  const result = featureOverridesSchema.safeParse(raw);
  if (!result.success) throw new Error(`Invalid ${where}:\n${formatZodError(result.error, 'metadata.tasksMd')}`);
  return result.data;
}

/**
 * A project's overrides, checked like the plugin options (runner names may refer to nx.json's
 * runners); problems name `<root>/project.json metadata.tasksMd.<path>`.
 */
export function projectOverrides(
  project: { root: string; metadata?: Record<string, unknown> },
  projectName: string,
  plugin: PluginOptions | undefined,
): FeatureOverrides {
  const file = path.posix.join(project.root.replace(/\\/g, '/'), 'project.json');
  const overrides = featureOverridesFrom(project.metadata, `project ${projectName} (${file})`);
  const problems = featureOverridesProblems(overrides, plugin, `${file} metadata.tasksMd`);
  if (problems.length) throw new Error(`Invalid nx-tasks-md options:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return overrides;
}

/** Workspace-relative tasks.md of a project: `metadata.tasksMd.file`, else `<root>/tasks.md`. */
export function tasksFileOf(project: { root: string; metadata?: Record<string, unknown> }): string {
  const file = (project.metadata?.tasksMd as { file?: unknown } | undefined)?.file;
  return typeof file === 'string' ? file : path.posix.join(project.root.replace(/\\/g, '/'), 'tasks.md');
}

export interface TaskRunRequest {
  options: { taskId: string; runWith?: string; includeOptional?: boolean };
  projectName: string;
  projects: ExecutorContext['projectsConfigurations']['projects'];
  plugin: PluginOptions;
  switches: RunSwitches;
  workspaceRoot: string;
  hash?: string;
  signal?: AbortSignal;
}

/** What one task target runs with: the plugin's options, the feature's overrides, the run's switches. */
export function checkboxTaskInput(request: TaskRunRequest): CheckboxTaskInput {
  const { options, projectName, plugin, switches } = request;
  const project = request.projects[projectName];
  const feature = projectOverrides(project, projectName, plugin);
  return {
    workspaceRoot: request.workspaceRoot,
    tasksFile: tasksFileOf(project),
    taskId: options.taskId,
    projectName,
    runnerSettings: { workspace: plugin, feature },
    runnerOverride: options.runWith ?? switches.runner,
    includeOptional: options.includeOptional ?? switches.includeOptional ?? feature.includeOptional ?? plugin.includeOptional ?? false,
    dryRun: switches.dryRun,
    runId: switches.runId,
    commit: feature.commit ?? plugin.commit ?? false,
    graphOptions: {
      strictDependencies: feature.strictDependencies ?? plugin.strictDependencies,
      phaseParallelism: feature.phaseParallelism ?? plugin.phaseParallelism,
    },
    allowedPaths: feature.allowedPaths ?? plugin.allowedPaths,
    hash: request.hash,
    signal: request.signal,
  };
}
