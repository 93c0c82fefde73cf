/** The plugin's executors as a target names them (see the package's executors.json). */
export const TASK_EXECUTOR = 'nx-tasks-md:task';
export const IMPLEMENT_EXECUTOR = 'nx-tasks-md:implement';
export const PLAN_EXECUTOR = 'nx-tasks-md:plan';
export const STATUS_EXECUTOR = 'nx-tasks-md:status';
export const GATE_EXECUTOR = 'nx-tasks-md:gate';
export const TDD_EXECUTOR = 'nx-tasks-md:tdd';
