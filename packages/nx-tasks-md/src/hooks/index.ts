import type { PostTasksExecutionContext, PreTasksExecutionContext } from '@nx/devkit';

// Nx loads the plugin's main module in every plugin worker, also for commands that run no task
// (`nx show projects`): the hooks' code (state file schema, writer, parser) is loaded on first use.

export async function preTasksExecution(rawOptions: unknown, context: PreTasksExecutionContext): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when Nx runs tasks
  const hook = require('./pre-tasks-execution') as typeof import('./pre-tasks-execution');
  return hook.preTasksExecution(rawOptions, context);
}

export async function postTasksExecution(rawOptions: unknown, context: PostTasksExecutionContext): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when Nx runs tasks
  const hook = require('./post-tasks-execution') as typeof import('./post-tasks-execution');
  return hook.postTasksExecution(rawOptions, context);
}
