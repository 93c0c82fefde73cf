export * from './model';
export * from './runners';
export * from './graph';
export { createNodes, createNodesV2 } from './plugin/create-nodes';
export * from './writer';
