import type { ExecutorContext } from '@nx/devkit';
import { formatDiagnostic } from '../../feature/analyze-document';
import { loadProjectFeature } from '../shared/project-feature';
import { taskTargetName } from '../../feature/target-names';
import { dryRunPlan, implementSummary } from '../../report/implement-summary';
import { projectOverrides, pluginOptionsFrom, switchesFromEnv } from '../task/settings';
import { resolveFeatureSettings, withExecutorOptions } from '../../config/settings';
import { runQualityGate } from '../../gates/quality-gate';
import { renderQualitySummary } from '../../gates/report';
import { withStopSignal } from '../shared/stop-signals';

export interface ImplementExecutorOptions {
  /** Handled before any task starts, by the preTasksExecution hook (it unticks the tasks). */
  restartFrom?: string;
  /** The hook turns this into NX_TASKS_MD_DRY_RUN for the task executors. */
  dryRun?: boolean;
  includeOptional?: boolean;
  runWith?: string;
  /** The hook turns this into NX_TASKS_MD_RERUN_GATES for the gate executors. */
  rerunGates?: boolean;
  [key: string]: unknown;
}

/**
 * Nx has already run every task and gate (they are this target's dependsOn); this prints the
 * summary per phase. A plan with errors has no task targets, and this fails with its diagnostics.
 */
export default async function implementExecutor(
  options: ImplementExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const feature = loadProjectFeature(context);
  const { analysis } = feature;
  if (analysis.hasErrors) {
    console.error(`${feature.tasksFile} has errors; nothing was run:`);
    for (const d of analysis.diagnostics.filter((x) => x.severity === 'error')) console.error(`  ${formatDiagnostic(d)}`);
    return { success: false };
  }
  const project = context.projectsConfigurations.projects[feature.projectName];
  const plugin = pluginOptionsFrom(context.nxJsonConfiguration);
  const settings = resolveFeatureSettings({
    run: withExecutorOptions(switchesFromEnv(), options),
    feature: projectOverrides(project, feature.projectName, plugin),
    workspace: plugin,
  });
  const { includeOptional } = settings;

  if (settings.dryRun) {
    console.log(
      dryRunPlan({
        workspaceRoot: context.root,
        tasksFile: feature.tasksFile,
        analysis,
        includeOptional,
        restartFrom: options.restartFrom,
        runnerSettings: settings.runners,
        runnerOverride: settings.runWith,
      }),
    );
    await runQualityGate({ workspaceRoot: context.root, tasksFile: feature.tasksFile, config: settings.gates, dryRun: true });
    return { success: true };
  }

  const targets = new Set(
    Object.values(context.taskGraph?.tasks ?? {})
      .filter((t) => t.target.project === feature.projectName)
      .map((t) => t.target.target),
  );
  const tasksInRun = new Set(analysis.doc.tasks.filter((t) => targets.has(taskTargetName(t.id))).map((t) => t.id));
  console.log(`${feature.projectName}: every task of ${feature.tasksFile} has run.\n`);
  console.log(
    implementSummary({
      workspaceRoot: context.root,
      tasksFile: feature.tasksFile,
      includeOptional,
      tasksInRun,
      implementCommand: `nx run ${feature.projectName}:${context.targetName ?? 'implement'}`,
    }),
  );
  // The final quality gate: the project's own checks, each reported (see README "Gates").
  const config = settings.gates;
  if (config.final.length === 0) return { success: true };
  console.log('');
  const quality = await withStopSignal((signal) =>
    runQualityGate({
      workspaceRoot: context.root,
      tasksFile: feature.tasksFile,
      config,
      signal,
      // Read after every task ran; tasks restored from the cache are ticked only after the run.
      doc: analysis.doc,
      includeOptional,
      forceRun: settings.rerunGates,
    }),
  );
  console.log(`\n${renderQualitySummary(quality.record!, quality.reusedPassAt)}`);
  return { success: quality.success };
}
