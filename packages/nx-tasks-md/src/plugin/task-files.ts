import { isAbsolute, relative, posix } from 'node:path';
import type { Diagnostic, Task } from '../model';

export interface TaskFileContext {
  /** Absolute path of the workspace root. */
  workspaceRoot: string;
  /** Workspace-relative path of the tasks.md (also the `file` of diagnostics). */
  tasksFile: string;
  /** The source line of the task, to point diagnostics at the path itself. */
  lineText?: (line: number) => string | undefined;
}

export interface TaskFiles {
  /** Workspace-relative POSIX paths that are safe to use as Nx inputs and outputs. */
  files: string[];
  diagnostics: Diagnostic[];
}

/**
 * The workspace files a task names, as Nx may hash and restore them. A path outside the workspace
 * (absolute elsewhere, or `../` escaping it) is refused, and so is the tasks.md itself: it is shared
 * by every task and holds the checkboxes, so restoring it from the cache would undo them.
 */
export function taskFiles(task: Task, context: TaskFileContext): TaskFiles {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const refuse = (written: string, code: string, why: string) => {
    const column = context.lineText?.(task.line)?.indexOf(written) ?? -1;
    diagnostics.push({
      file: context.tasksFile,
      line: task.line,
      column: column >= 0 ? column + 1 : task.checkbox.column,
      severity: 'warning',
      code,
      message: `${task.id} names ${written}, ${why}; it is neither an input nor an output of the task`,
    });
  };
  for (const written of task.files) {
    const resolved = workspaceRelative(written, context.workspaceRoot);
    if (resolved === undefined) {
      refuse(written, 'path-outside-workspace', 'which is outside the workspace root');
    } else if (resolved === posix.normalize(context.tasksFile)) {
      refuse(written, 'path-not-allowed', 'the tasks.md of this feature');
    } else if (resolved !== '' && !files.includes(resolved)) {
      files.push(resolved);
    }
  }
  return { files, diagnostics };
}

/** Workspace-relative POSIX path, `''` for the root itself, `undefined` when outside the workspace. */
export function workspaceRelative(written: string, workspaceRoot: string): string | undefined {
  const trimmed = written.trim();
  let candidate: string;
  if (isAbsolute(trimmed)) {
    candidate = relative(workspaceRoot, trimmed).replace(/\\/g, '/');
    if (isAbsolute(candidate)) return undefined;
  } else if (/^(?:[A-Za-z]:)?[\\/]/.test(trimmed)) {
    // Absolute in another platform's syntax: it cannot name a file of this workspace.
    return undefined;
  } else {
    candidate = trimmed.replace(/\\/g, '/');
  }
  const normalized = posix.normalize(candidate).replace(/\/+$/, '');
  if (normalized === '.' || normalized === '') return '';
  if (normalized === '..' || normalized.startsWith('../')) return undefined;
  return normalized;
}
