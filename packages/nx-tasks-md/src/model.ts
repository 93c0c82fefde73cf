/**
 * The data model shared by the parser, the graph builder, the plugin and the executors.
 * Positions are 1-based lines and columns (as editors and remark show them) plus a 0-based
 * `offset` into the JavaScript string that was parsed.
 */

export type TaskState = 'pending' | 'in-progress' | 'done' | 'failed' | 'skipped' | 'blocked' | 'queued';

export type Severity = 'error' | 'warning' | 'info';

export interface SourcePoint {
  line: number;
  column: number;
  offset: number;
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** Stable machine-readable code, e.g. `duplicate-id`, `dependency-not-understood`, `unknown-task`. */
  code: string;
  message: string;
}

export interface TaskCommand {
  command: string;
  line: number;
  source: 'fence' | 'run';
}

export interface Task {
  /** The ID as written: `T001`, `T033a`, `T058.5`, `2.3`. */
  id: string;
  state: TaskState;
  /** The character between the brackets as written (`' '`, `x`, `X`, `>`, ...). */
  marker: string;
  /** Where that character is. Writers change exactly this one character. */
  checkbox: SourcePoint;
  line: number;
  /** Kiro/cc-sdd optional task: `- [ ]* 2.2 ...`. Not run unless asked. */
  optional: boolean;
  /** `[P]` (spec-kit) or `(P)` (cc-sdd). */
  parallel: boolean;
  /** User story label, e.g. `US1`. */
  story?: string;
  /** Priority label `P0`..`P5` (not the parallel marker). */
  priority?: string;
  /** Other bracketed labels as written, without brackets (e.g. `DEFERRED`, `Foundation`). */
  labels: string[];
  /** The task's title/description after ID and labels, continuation lines joined by a space. */
  description: string;
  /**
   * The task's own source (its list item minus nested task items) with the checkbox character
   * removed, so that ticking a box never changes it. This is what a task's cache key follows.
   */
  text: string;
  /** Workspace-relative file paths the task names, in order of appearance, without duplicates. */
  files: string[];
  /** Shell commands the task carries: fenced sh/bash/shell blocks and `run: \`cmd\`` sub-items. */
  commands: TaskCommand[];
  /** Key of the phase the task belongs to (see `Phase.key`). */
  phase: string;
  /** Title of the sub-heading (or sub-group line) inside the phase, when there is one. */
  group?: string;
  /** ID of the parent task (nested list item, or Kiro numbering `2.1` under `2.`). */
  parent?: string;
  children: string[];
}

export interface Phase {
  /** Unique key: the phase number (`1`, `3.2`) or, without a number, a slug of the title. */
  key: string;
  number?: string;
  title: string;
  line: number;
  /** Heading depth (2 for `##`). 0 for the implicit phase of files without phase headings. */
  depth: number;
  taskIds: string[];
}

export type DependencyKind = 'inline' | 'statement' | 'chain' | 'sub-bullet' | 'kiro-depends' | 'group';

export interface DependencyStatement {
  /** Tasks that must finish first. */
  before: string[];
  /** Tasks that wait for every task in `before`. */
  after: string[];
  line: number;
  column: number;
  /** The source line (or sentence) the statement was read from. */
  text: string;
  kind: DependencyKind;
}

export interface FeatureDependency {
  /** As written: a folder name like `001-user-auth` or a project name. */
  name: string;
  line: number;
}

export interface NonTaskCheckbox {
  line: number;
  text: string;
  /** Why it is not a task, e.g. `no task ID in a file whose tasks have IDs`, `inside a code block`. */
  reason: string;
}

export type TaskFormat = 'speckit' | 'kiro' | 'generic';

export interface TaskDocument {
  path: string;
  format: TaskFormat;
  tasks: Task[];
  phases: Phase[];
  dependencies: DependencyStatement[];
  featureDependencies: FeatureDependency[];
  nonTasks: NonTaskCheckbox[];
  diagnostics: Diagnostic[];
  /** Checkbox marker → state as used by this file (the file's own legend wins over defaults). */
  legend: Record<string, TaskState>;
  eol: '\n' | '\r\n';
  /** What the prose says about running user stories side by side (for `phaseParallelism: "auto"`). */
  storyIndependence?: StoryIndependence;
}

export interface ProseLine {
  line: number;
  /** The line, trimmed and shortened for messages. */
  text: string;
}

export interface StoryIndependence {
  /** The first line that declares the user stories independent or parallel. */
  declared?: ProseLine;
  /** Lines that say one story needs another ("US2 builds on US1"). */
  dependencies: ProseLine[];
}

export interface ParseOptions {
  /** Path used in diagnostics (workspace-relative is best). */
  path: string;
}

export interface TaskGraphOptions {
  /** A dependency statement that contradicts the document order is an error instead of a warning. */
  strictDependencies?: boolean;
  /**
   * Let phases that the file declares independent (user-story phases that "can start after
   * Foundational") run side by side. Off by default: phases run in order.
   */
  phaseParallelism?: boolean | 'auto';
  /**
   * Files per task ID that tasks must not change at the same time: tasks that could run at once
   * and share one are ordered (document order). Default: the files each task names.
   */
  taskFiles?: Readonly<Record<string, readonly string[]>>;
}

export type GraphNodeKind = 'task' | 'gate';

export interface GraphNode {
  /** Task ID for tasks; `phase-<key>` for phase gates. */
  id: string;
  kind: GraphNodeKind;
  phase: string;
  /** Direct prerequisites (task IDs or gate IDs), without duplicates. */
  dependsOn: string[];
}

export interface TaskGraph {
  /** Every node in a topological order that keeps document order where the graph allows. */
  nodes: GraphNode[];
  /** Gate node ID per phase key. */
  gates: Record<string, string>;
  diagnostics: Diagnostic[];
  /** True when a diagnostic of severity `error` exists: the plan must not run. */
  hasErrors: boolean;
}
