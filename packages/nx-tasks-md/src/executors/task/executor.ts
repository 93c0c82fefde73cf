import type { ExecutorContext } from '@nx/devkit';
import { runCheckboxTask } from './run-checkbox-task';
import { featureOverridesFrom, pluginOptionsFrom, switchesFromEnv, tasksFileOf } from './settings';

export interface TaskExecutorOptions {
  taskId: string;
  runWith?: string;
  includeOptional?: boolean;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** After a stop signal, the runner's tree is killed and the box reset; never hang longer than this. */
const STOP_DEADLINE_MS = 15_000;

export default async function taskExecutor(
  options: TaskExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const projectName = context.projectName!;
  const project = context.projectsConfigurations.projects[projectName];
  const plugin = pluginOptionsFrom(context.nxJsonConfiguration);
  const feature = featureOverridesFrom(project.metadata, `project ${projectName} (${project.root}/project.json)`);
  const switches = switchesFromEnv();

  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) return;
    controller.abort();
    setTimeout(() => process.exit(130), STOP_DEADLINE_MS).unref();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    const result = await runCheckboxTask({
      workspaceRoot: context.root,
      tasksFile: tasksFileOf(project),
      taskId: options.taskId,
      projectName,
      runnerSettings: { workspace: plugin, feature },
      runnerOverride: options.runWith ?? switches.runner,
      includeOptional: options.includeOptional ?? switches.includeOptional ?? feature.includeOptional ?? plugin.includeOptional ?? false,
      dryRun: switches.dryRun,
      commit: feature.commit ?? plugin.commit ?? false,
      graphOptions: {
        strictDependencies: feature.strictDependencies ?? plugin.strictDependencies,
        phaseParallelism: feature.phaseParallelism ?? plugin.phaseParallelism,
      },
      hash: process.env.NX_TASK_HASH,
      signal: controller.signal,
    });
    if (result.outcome === 'interrupted') process.exitCode = 130;
    return { success: result.success };
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
