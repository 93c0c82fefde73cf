export { preTasksExecution } from './pre-tasks-execution';
export { postTasksExecution } from './post-tasks-execution';
