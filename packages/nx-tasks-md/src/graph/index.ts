export { buildTaskGraph } from './build-task-graph';
export { gateId } from './plan-order';
export { criticalPath, dependentsOf, tasksAfter, topologicalOrder, waves } from './queries';
export type { CriticalPath, IncludeGates } from './queries';
