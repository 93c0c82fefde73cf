export { buildTaskGraph } from './build-task-graph';
export { gateId } from './plan-order';
export { criticalPath, dependentsOf, tasksAfter, topologicalOrder, waves } from './queries';
export type { CriticalPath, IncludeGates } from './queries';
export { CONTEXT_DOCUMENTS, isFeatureDocument } from './context-documents';
export { orderSharedFiles } from './shared-files';
export type { FilesPerTask } from './shared-files';
