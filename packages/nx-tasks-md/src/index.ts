import type * as Parse from './parse/parse-tasks-md';
import type * as Writer from './writer';

export * from './model';
export * from './graph';
export { createNodes, createNodesV2 } from './plugin/create-nodes';
export { preTasksExecution, postTasksExecution } from './hooks';
export { TaskWriteError, type TaskWriteErrorCode } from './writer/task-write-error';

// The parser and the writer are loaded on first use: Nx loads this module in every plugin worker,
// and a warm inference run never parses.

export function parseTasksMd(...args: Parameters<typeof Parse.parseTasksMd>): ReturnType<typeof Parse.parseTasksMd> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: a warm plugin worker never parses (warm-start.spec.ts)
  return (require('./parse/parse-tasks-md') as typeof Parse).parseTasksMd(...args);
}

export function setTaskState(...args: Parameters<typeof Writer.setTaskState>): ReturnType<typeof Writer.setTaskState> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, like the parser
  return (require('./writer') as typeof Writer).setTaskState(...args);
}

export function setTaskNote(...args: Parameters<typeof Writer.setTaskNote>): ReturnType<typeof Writer.setTaskNote> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, like the parser
  return (require('./writer') as typeof Writer).setTaskNote(...args);
}
