import type { ExecutorContext } from '@nx/devkit';
import * as path from 'node:path';
import { readFeatureOverrides } from '../../config/feature-overrides';
import { parsePluginOptions, type FeatureOverrides, type PluginOptions } from '../../config/options';
import { isTasksMdPlugin } from '../../config/options-path';
import { assertPluginOptions, featureOverridesProblems } from '../../plugin/check-options';
import type { CheckboxTaskInput } from './run-checkbox-task';
import { resolveFeatureSettings, runFlagsFromEnv, tasksFileOf, withExecutorOptions, type RunFlags } from '../../config/settings';

export { RERUN_GATES_FLAG, RUN_ENV, RUN_WITH_FLAG } from '../../config/run-env';

/** The run's flags (see config/settings RunFlags), read from the environment the preTasksExecution hook set. */
export const switchesFromEnv = runFlagsFromEnv;
export type RunSwitches = RunFlags;

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

/** A feature's overrides: project.json `metadata.tasksMd`. */
export function featureOverridesFrom(metadata: Record<string, unknown> | undefined, where: string): FeatureOverrides {
  const { overrides, problems } = readFeatureOverrides(metadata?.tasksMd, 'metadata.tasksMd');
  if (problems.length) throw new Error(`Invalid ${where}:\n${problems.join('\n')}`);
  return overrides;
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
  const { options, projectName, plugin } = request;
  const project = request.projects[projectName];
  const settings = resolveFeatureSettings({
    run: withExecutorOptions(request.switches, options),
    feature: projectOverrides(project, projectName, plugin),
    workspace: plugin,
  });
  return {
    workspaceRoot: request.workspaceRoot,
    tasksFile: tasksFileOf(project),
    taskId: options.taskId,
    projectName,
    runnerSettings: settings.runners,
    runnerOverride: settings.runWith,
    includeOptional: settings.includeOptional,
    dryRun: settings.dryRun,
    runId: settings.runId,
    commit: settings.commit,
    graphOptions: settings.graph,
    allowedPaths: settings.allowedPaths,
    hash: request.hash,
    signal: request.signal,
  };
}
