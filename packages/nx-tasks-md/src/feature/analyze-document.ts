import type { Diagnostic, TaskDocument, TaskGraph, TaskGraphOptions } from '../model';
import { buildTaskGraph } from '../graph';
import { PluginIoError } from '../state/io-error';
import { UnsafeWriteError } from '../state/safe-write';
import { refusals, taskFiles, type TaskFileSet } from './task-files';

/** Everything the plugin and the plan/status/implement executors need to know about one tasks.md. */
export interface FeatureAnalysis {
  tasksFile: string;
  doc: TaskDocument;
  graph: TaskGraph;
  /** Workspace-relative files per task ID, split by what the task does with them (refused paths left out). */
  taskFiles: Record<string, TaskFileSet>;
  /**
   * Per task ID, the errors that refuse that task alone (a path outside the workspace, a file that
   * must never be an output): it keeps its target and fails before any runner starts, so the rest
   * of a big plan still runs.
   */
  refused: Record<string, Diagnostic[]>;
  /** Parser, graph and path diagnostics, in that order, without repeats. */
  diagnostics: Diagnostic[];
  /** An error-severity diagnostic other than a task's refusal exists: the plan gets no task targets and must not run. */
  hasErrors: boolean;
}

export interface AnalyzeOptions {
  /** Workspace-relative path of the tasks.md. */
  tasksFile: string;
  workspaceRoot: string;
  graph?: TaskGraphOptions;
  /** The `allowedPaths` option: roots outside the workspace tasks may name. */
  allowedPaths?: readonly string[];
}

/** The same for an already parsed document; `text` only sharpens the columns of path diagnostics. */
export function analyzeDocument(doc: TaskDocument, options: AnalyzeOptions, text?: string): FeatureAnalysis {
  const lines = text?.split(/\r?\n/);
  const files: Record<string, TaskFileSet> = {};
  const pathDiagnostics: Diagnostic[] = [];
  const refused: Record<string, Diagnostic[]> = {};
  for (const task of doc.tasks) {
    if (files[task.id]) continue;
    const checked = taskFiles(task, {
      workspaceRoot: options.workspaceRoot,
      tasksFile: options.tasksFile,
      lineText: (line) => lines?.[line - 1],
      allowedPaths: options.allowedPaths,
    });
    files[task.id] = checked.files;
    const refusing = refusals(checked.diagnostics);
    if (refusing.length) refused[task.id] = refusing;
    pathDiagnostics.push(...checked.diagnostics);
  }
  let graph: TaskGraph;
  try {
    // Tasks that may run at once are ordered when they change one file (reading one is fine).
    const changes = Object.fromEntries(Object.entries(files).map(([id, set]) => [id, set.changes]));
    graph = buildTaskGraph(doc, { ...options.graph, taskFiles: changes });
  } catch (error) {
    return failedFeature(options.tasksFile, 'internal-error', `nx-tasks-md could not order this plan: ${messageOf(error)}`);
  }
  const diagnostics = uniqueDiagnostics([...doc.diagnostics, ...graph.diagnostics, ...pathDiagnostics]);
  const refusedTasks = new Set(Object.values(refused).flat());
  return {
    tasksFile: options.tasksFile,
    doc,
    graph,
    taskFiles: files,
    refused,
    diagnostics,
    hasErrors: graph.hasErrors || diagnostics.some((d) => d.severity === 'error' && !refusedTasks.has(d)),
  };
}

/** The analysis of a tasks.md that could not be read at all. */
export function unreadableFeature(tasksFile: string, error: unknown): FeatureAnalysis {
  if (error instanceof UnsafeWriteError) return failedFeature(tasksFile, 'unsafe-link', error.message);
  if (error instanceof PluginIoError) return failedFeature(tasksFile, 'unreadable', error.message);
  return failedFeature(tasksFile, 'unreadable', `cannot read ${tasksFile}: ${messageOf(error)}`);
}

export function failedFeature(tasksFile: string, code: string, message: string): FeatureAnalysis {
  const diagnostic: Diagnostic = { file: tasksFile, line: 1, column: 1, severity: 'error', code, message };
  return {
    tasksFile,
    doc: {
      path: tasksFile,
      format: 'generic',
      tasks: [],
      phases: [],
      dependencies: [],
      featureDependencies: [],
      nonTasks: [],
      diagnostics: [diagnostic],
      legend: {},
      eol: '\n',
    },
    graph: { nodes: [], gates: {}, diagnostics: [diagnostic], hasErrors: true },
    taskFiles: {},
    refused: {},
    diagnostics: [diagnostic],
    hasErrors: true,
  };
}

function uniqueDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `file:line:col severity message [code]`, the form editors and terminals link. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.message} [${d.code}]`;
}
