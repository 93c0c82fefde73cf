/**
 * Run-wide switches reach the task executors through the environment: `nx run f:implement --x`
 * passes `--x` only to the implement task, and Nx runs implement's dependsOn (every task) first.
 * The preTasksExecution hook reads the CLI flags and sets these ('' = off, because a value set by
 * a plugin worker during an earlier run can only be overwritten, not removed).
 */
export const RUN_ENV = {
  runner: 'NX_TASKS_MD_RUNNER',
  includeOptional: 'NX_TASKS_MD_INCLUDE_OPTIONAL',
  dryRun: 'NX_TASKS_MD_DRY_RUN',
  /** `--rerun-gates`: gates run even when their earlier pass still holds. */
  rerunGates: 'NX_TASKS_MD_RERUN_GATES',
  /** How many tasks Nx may run at once in this run (--parallel, NX_PARALLEL, nx.json parallel): a batch runs as many. */
  parallel: 'NX_TASKS_MD_PARALLEL',
  /** Nx's id of the command, which holds the features it runs (state/run-lock). */
  runId: 'NX_TASKS_MD_RUN_ID',
} as const;

/**
 * The CLI flag that picks a runner for a run. Not `--runner`: Nx owns that flag (it names a tasks
 * runner from nx.json) and fails on unknown values before any plugin sees them.
 */
export const RUN_WITH_FLAG = 'run-with';

/** The CLI flag that makes every gate of the run run, also those whose earlier pass still holds. */
export const RERUN_GATES_FLAG = 'rerun-gates';
