export * from './model';
export * from './runners';
export * from './graph';
export { createNodes, createNodesV2 } from './plugin/create-nodes';
export { preTasksExecution, postTasksExecution } from './hooks';
export * from './writer';
export { parseTasksMd } from './parse/parse-tasks-md';
