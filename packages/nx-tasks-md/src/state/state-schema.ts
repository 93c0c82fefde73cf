import { z } from 'zod';
import { gateStateShape } from './gate-verdicts';

/**
 * `<feature>/.implementation-state.json`: what happened to each task, written after every task
 * through the locked update. tasks.md stays the source of truth for done/not done; this file adds
 * times, attempts, exit codes, errors, hashes and who is running what.
 */

export const TASK_RUN_STATUSES = ['pending', 'running', 'completed', 'failed', 'skipped', 'interrupted'] as const;

export type TaskRunStatus = (typeof TASK_RUN_STATUSES)[number];

const isoTime = z.string().min(1);

/**
 * The process group of the runner (agent or command) a task's owner started, so a run after the
 * owner was killed (SIGKILL) can stop a runner that outlived it. `leader_start` (Linux: ticks after
 * boot, /proc/<pid>/stat) tells the group's leader from a later process that got the same pid.
 */
export const processGroupSchema = z.object({
  pgid: z.number().int().positive(),
  leader_start: z.number().int().nonnegative(),
});

export const ownerSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  started_at: isoTime,
  process_group: processGroupSchema.optional(),
});

export const taskRecordSchema = z.object({
  status: z.enum(TASK_RUN_STATUSES),
  phase: z.string().optional(),
  started_at: isoTime.optional(),
  ended_at: isoTime.optional(),
  duration_ms: z.number().nonnegative().optional(),
  attempts: z.number().int().nonnegative().default(0),
  exit_code: z.number().int().nullable().optional(),
  error: z.string().optional(),
  /** NX_TASK_HASH of the run (or of the cache entry it was restored from). */
  hash: z.string().optional(),
  /** Ticked from the Nx cache (local or remote) without running. */
  restored: z.boolean().optional(),
  runner: z.string().optional(),
  /** Workspace-relative path of the task's log file. */
  log: z.string().optional(),
  /** The process running the task while status is `running`. */
  owner: ownerSchema.optional(),
  /** Commit created for the task when `commit: true`. */
  commit: z.string().optional(),
  /**
   * Content hashes of the feature's context documents (spec.md, plan.md, …, contracts/**) when the
   * task completed, by feature-relative path: which of them changed since it ran.
   */
  context_documents: z.record(z.string(), z.string()).optional(),
  /**
   * What the files the task says it edits held before its first run that has not succeeded yet
   * (content hashes): a rerun after a failure compares against it, so the work a failed attempt
   * left counts. Dropped when the task is done.
   */
  baseline: z.record(z.string(), z.string()).optional(),
});

export const metricsSchema = z.object({
  total_tasks: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  restored: z.number().int().nonnegative(),
  /** Sum of task durations (ms), restored tasks excluded. */
  total_duration_ms: z.number().nonnegative(),
});

/** The latest `nx run … implement` (set by the preTasksExecution hook). */
export const runSchema = z.object({
  id: z.string(),
  started_at: isoTime,
  restart_from: z.string().optional(),
  include_optional: z.boolean().optional(),
  runner: z.string().optional(),
});

export const implementationStateSchema = z.object({
  version: z.literal(1),
  feature: z.string(),
  tasks_file: z.string(),
  current_phase: z.string().nullable(),
  started_at: isoTime,
  updated_at: isoTime,
  completed_at: isoTime.optional(),
  run: runSchema.optional(),
  tasks: z.record(z.string(), taskRecordSchema),
  /** Waves of task IDs that may run side by side, in plan order. */
  parallel_groups: z.array(z.array(z.string())),
  metrics: metricsSchema,
  /** Verdicts of the TDD, phase and final gates (see src/state/gate-verdicts.ts). */
  ...gateStateShape,
});

export type RunInfo = z.infer<typeof runSchema>;
export type TaskOwner = z.infer<typeof ownerSchema>;
export type ProcessGroupRecord = z.infer<typeof processGroupSchema>;
export type TaskRecord = z.infer<typeof taskRecordSchema>;
export type StateMetrics = z.infer<typeof metricsSchema>;
export type ImplementationState = z.infer<typeof implementationStateSchema>;
