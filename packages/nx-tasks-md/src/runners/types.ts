import type { Writable } from 'node:stream';
import type { PluginOptions } from '../config/options';
import type { Task, TaskCommand, TaskDocument } from '../model';

/** The runner-related part of the plugin options (nx.json) or of a feature's overrides (project.json). */
export type RunnerSettings = Pick<PluginOptions, 'runner' | 'runners' | 'routes' | 'timeout' | 'retries' | 'retryDelay' | 'promptTemplate'>;

/** Both configuration levels; the feature (project.json) wins over the workspace (nx.json). */
export interface RunnerSettingsLayers {
  workspace?: RunnerSettings;
  feature?: RunnerSettings;
}

export type PromptVia = 'argv' | 'stdin';

/** Why a runner was chosen, strongest first. */
export type RunnerSource = 'override' | 'route' | 'task-commands' | 'feature' | 'workspace';

export interface ShellRunner {
  kind: 'shell';
  name: 'shell';
  source: RunnerSource;
  /** Human-readable reason, e.g. `task carries its own commands`. */
  reason: string;
  commands: TaskCommand[];
}

export interface AgentRunner {
  kind: 'agent';
  /** The configured name (`claude`, or a key of `runners`). */
  name: string;
  /** The preset the command came from, when there is one. */
  preset?: string;
  source: RunnerSource;
  reason: string;
  /** argv template; placeholders are substituted per element, never through a shell. */
  command: string[];
  promptVia: PromptVia;
  env: Record<string, string>;
  /** How to install the CLI, shown when it is not on PATH. */
  installHint?: string;
}

export type ResolvedRunner = ShellRunner | AgentRunner;

/** What the placeholders of prompts, argv templates and the environment are filled from. */
export interface TaskContext {
  task: Task;
  doc: TaskDocument;
  /** Absolute workspace root; the child's working directory. */
  workspaceRoot: string;
  /** Workspace-relative path of the tasks.md file. */
  tasksFile: string;
  /** Workspace-relative path of the feature folder (the folder of tasks.md). */
  featureDir: string;
  /** The task's files, resolved and split by what it does with them. */
  files: TaskFileLists;
}

/** Workspace-relative files of a task (the plugin's TaskFileSet fits). */
export interface TaskFileLists {
  /** Files the task creates, edits, deletes or moves (TASK_FILES, `{files}`, "Files to change"). */
  changes: readonly string[];
  /** Files it only reads or checks: context for the agent. */
  reads: readonly string[];
  /** Names without a folder that nothing in the task places. */
  unplaced?: readonly string[];
}

/** The files of a task when nothing resolved them: every path as written is a change. */
export function filesAsWritten(task: Task): TaskFileLists {
  return { changes: task.files, reads: [] };
}

export interface RunTaskOptions {
  runner: ResolvedRunner;
  task: Task;
  doc: TaskDocument;
  workspaceRoot: string;
  /** Absolute path of the task's log file (created, truncated, then appended by every attempt). */
  logFile: string;
  /** Workspace-relative tasks.md path; default `doc.path`. */
  tasksFile?: string;
  /** Workspace-relative feature folder; default the folder of `tasksFile`. */
  featureDir?: string;
  /** The task's resolved files; default every path as written (`task.files`) is a change. */
  files?: TaskFileLists;
  /** Where the prompt is written for agent runners; default the log file with `.prompt.md`. */
  promptFile?: string;
  /** A ready prompt; when absent it is built from the task (and `promptTemplate`, if given). */
  prompt?: string;
  /** Prompt template file (absolute, or relative to the workspace root). */
  promptTemplate?: string;
  /** Per-attempt time limit in milliseconds; 0 or absent = none. */
  timeoutMs?: number;
  retries?: number;
  /** Base delay before a retry; doubles after each failed attempt. */
  retryDelayMs?: number;
  /** Time between SIGTERM and SIGKILL when a process tree is stopped. Default 2000 ms. */
  killGraceMs?: number;
  /** Aborting stops the running process tree and skips remaining attempts. */
  signal?: AbortSignal;
  /** Called as each attempt (or shell command) starts, with the process group it runs in. */
  onProcessGroup?: (pgid: number) => void;
  /** Extra environment for the child (below the runner's env and the TASK_* variables). */
  env?: Record<string, string | undefined>;
  /** Live output; default process.stdout / process.stderr. */
  stdout?: Writable;
  stderr?: Writable;
}

export interface RunTaskResult {
  success: boolean;
  /** Exit code of the last attempt (null when it was ended by a signal or never started). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The AbortSignal fired (SIGINT/SIGTERM in the executor). */
  aborted: boolean;
  attempts: number;
  durationMs: number;
  logFile: string;
  promptFile?: string;
  /** Short reason for a failure, suitable for the failure comment in tasks.md. */
  error?: string;
}
