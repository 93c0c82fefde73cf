import * as fs from 'node:fs';
import * as path from 'node:path';
import { tasksAfter, waves } from '../graph';
import type { Task } from '../model';
import { analyzeFeature, type FeatureAnalysis } from '../feature/analyze-feature';
import { selectRunner } from '../runners';
import type { RunnerSettingsLayers } from '../runners/types';
import { featurePaths, toPosix } from '../state/paths';
import { contextDocumentHashes } from '../state/context-documents';
import { readState } from '../state/state-file';
import { phaseRows, renderPhaseTable } from './phase-table';
import { countedTasks } from '../graph/counted-tasks';
import { findStaleTasks, staleTasksNote } from './stale-tasks';
import { withIoContext } from '../state/io-error';

export interface ImplementSummaryInput {
  workspaceRoot: string;
  /** Workspace-relative tasks.md. */
  tasksFile: string;
  includeOptional: boolean;
  /**
   * IDs of the tasks whose targets are part of this Nx run (from the executor's task graph). Nx
   * runs implement only after all of them succeeded; those still unticked were cache hits, which
   * the postTasksExecution hook ticks when the run ends.
   */
  tasksInRun: ReadonlySet<string>;
  /** `nx run feature-001:implement`, for the hint to redo tasks whose documents changed. */
  implementCommand: string;
}

/** What `implement` prints at the end of a run: a table per phase and where the report goes. */
export function implementSummary(input: ImplementSummaryInput): string {
  const paths = featurePaths(input.workspaceRoot, input.tasksFile);
  const text = withIoContext('read', input.tasksFile, () => fs.readFileSync(paths.tasksFile, 'utf8'));
  const analysis = analyzeFeature(text, { tasksFile: input.tasksFile, workspaceRoot: input.workspaceRoot });
  const state = readState(paths.stateFile) ?? readState(paths.completedFile);
  const restoredNow = new Set(
    countedTasks(analysis.doc, input.includeOptional)
      .filter((t) => t.state !== 'done' && input.tasksInRun.has(t.id))
      .filter((t) => !['skipped', 'failed'].includes(state?.tasks[t.id]?.status ?? ''))
      .map((t) => t.id),
  );
  const rows = phaseRows(analysis.doc, state, {
    includeOptional: input.includeOptional,
    since: state?.run?.started_at,
    restoredNow,
  });
  const total = rows.reduce((n, r) => n + r.tasks, 0);
  const done = rows.reduce((n, r) => n + r.done, 0);
  const ran = rows.reduce((n, r) => n + r.ran, 0);
  const restored = rows.reduce((n, r) => n + r.restored, 0);
  const stale = findStaleTasks(analysis.doc, state, contextDocumentHashes(paths.featureDir), input.includeOptional);
  return [
    renderPhaseTable(rows),
    '',
    `${done}/${total} tasks done · ${ran} ran · ${restored} restored from cache`,
    ...(stale ? [staleTasksNote(stale, input.implementCommand)] : []),
    `Report: ${toPosix(path.relative(input.workspaceRoot, paths.reportFile))} (written when the run ends)`,
  ].join('\n');
}

export interface DryRunInput {
  workspaceRoot: string;
  tasksFile: string;
  /** The plan as implement analysed it, with the feature's graph settings. */
  analysis: FeatureAnalysis;
  includeOptional: boolean;
  restartFrom?: string;
  runnerSettings: RunnerSettingsLayers;
  runnerOverride?: string;
}

/** What `implement --dry-run` prints: the tasks that would run, wave by wave, with their runner. */
export function dryRunPlan(input: DryRunInput): string {
  const { analysis } = input;
  const { doc, graph } = analysis;
  if (analysis.hasErrors) {
    return `${input.tasksFile} has errors; nothing would run (see the plan target).`;
  }
  const byId = new Map(doc.tasks.map((t) => [t.id, t]));
  const rerun = new Set<string>();
  if (input.restartFrom) {
    if (!byId.has(input.restartFrom)) throw new Error(`--restart-from ${input.restartFrom}: no such task in ${input.tasksFile}`);
    [input.restartFrom, ...tasksAfter(graph, input.restartFrom)].forEach((id) => rerun.add(id));
  }
  const wouldRun = (task: Task) => (task.state !== 'done' || rerun.has(task.id)) && (input.includeOptional || !task.optional);
  const runnerOf = (task: Task) => {
    if (task.children.length) return 'ticked when its sub-tasks are done';
    try {
      return selectRunner(task, doc, input.runnerSettings, input.runnerOverride).name;
    } catch (error) {
      return `no runner: ${(error as Error).message.split('\n')[0]}`;
    }
  };
  const lines = [`Dry run of ${input.tasksFile}: nothing was run or changed.`];
  const planned = waves(graph)
    .map((wave) => wave.map((id) => byId.get(id)!).filter(wouldRun))
    .filter((wave) => wave.length > 0);
  const count = planned.reduce((n, w) => n + w.length, 0);
  const counted = countedTasks(doc, input.includeOptional);
  lines.push(`Would run ${count} of ${counted.length} tasks (${counted.length - count} already done).`);
  planned.forEach((wave, i) => {
    lines.push(`  wave ${i + 1}: ${wave.map((t) => `${t.id} (${runnerOf(t)})`).join(', ')}`);
  });
  const optional = doc.tasks.filter((t) => t.optional && !input.includeOptional && t.state !== 'done');
  if (optional.length) {
    lines.push(`Optional, skipped without --include-optional: ${optional.map((t) => t.id).join(', ')}`);
  }
  return lines.join('\n');
}
