import type { TaskContext } from './types';

/**
 * Variables every runner's child gets. Paths are workspace-relative (the child runs in the
 * workspace root). TASK_FILES lists the files the task changes (not those it only reads), one per
 * line: paths may contain spaces, never newlines.
 */
export function taskEnv(ctx: TaskContext, extra: { attempt: number; promptFile?: string }): Record<string, string> {
  const { task } = ctx;
  const env: Record<string, string> = {
    TASK_ID: task.id,
    TASK_TEXT: task.description,
    TASK_FILES: ctx.files.changes.join('\n'),
    TASK_PHASE: task.phase,
    TASK_ATTEMPT: String(extra.attempt),
    FEATURE_DIR: ctx.featureDir,
    TASKS_FILE: ctx.tasksFile,
    WORKSPACE_ROOT: ctx.workspaceRoot,
  };
  if (task.story) env.TASK_STORY = task.story;
  if (extra.promptFile) env.TASK_PROMPT_FILE = extra.promptFile;
  return env;
}

/** process.env < caller extras < runner env < TASK_* variables (ours always win). */
export function childEnv(
  base: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined> | undefined,
  runnerEnv: Record<string, string> | undefined,
  vars: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...(extra ?? {}), ...(runnerEnv ?? {}), ...vars };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}
