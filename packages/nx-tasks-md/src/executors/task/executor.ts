import type { ExecutorContext } from '@nx/devkit';
import { runCheckboxTask } from './run-checkbox-task';
import { checkboxTaskInput, pluginOptionsFrom, switchesFromEnv } from './settings';
import { onStopSignals } from '../shared/stop-signals';

export interface TaskExecutorOptions {
  taskId: string;
  runWith?: string;
  includeOptional?: boolean;
}

export default async function taskExecutor(options: TaskExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const controller = new AbortController();
  const stopListening = onStopSignals(controller);
  try {
    const input = checkboxTaskInput({
      options,
      projectName: context.projectName!,
      projects: context.projectsConfigurations.projects,
      plugin: pluginOptionsFrom(context.nxJsonConfiguration),
      switches: switchesFromEnv(),
      workspaceRoot: context.root,
      hash: process.env.NX_TASK_HASH,
      signal: controller.signal,
    });
    const result = await runCheckboxTask(input);
    if (result.outcome === 'interrupted') process.exitCode = 130;
    return { success: result.success };
  } finally {
    stopListening();
  }
}
