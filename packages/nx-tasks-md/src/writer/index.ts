export { setTaskState } from './set-task-state';
export type { WriteOptions } from './set-task-state';
export type { NoteOptions } from './task-note';
export { getTaskNote, sanitizeNote, setTaskNote } from './task-note';
export { markerFor, runMarkerOf } from './state-markers';
export { TaskWriteError } from './task-write-error';
export type { TaskWriteErrorCode } from './task-write-error';
