import type { ExecutorContext } from '@nx/devkit';
import type { GateConfig } from '../../config/gate-config';
import { resolveFeatureSettings } from '../../config/settings';
import { formatDiagnostic } from '../../feature/analyze-document';
import { loadProjectFeature, type ProjectFeature } from '../shared/project-feature';
import { projectOverrides, pluginOptionsFrom, switchesFromEnv } from '../task/settings';

export interface GateExecution {
  feature: ProjectFeature;
  config: GateConfig;
  dryRun: boolean;
  /**
   * Run the gate even when its earlier pass still holds: `--rerun-gates`, or the gate was asked
   * for by name (no other task of the run depends on it).
   */
  forceRun: boolean;
  includeOptional: boolean;
}

/**
 * The feature and its gate settings (nx.json, then project.json `metadata.tasksMd`) for a gate
 * executor; undefined after printing why when the plan or the settings have errors.
 */
export function loadGateExecution(context: ExecutorContext): GateExecution | undefined {
  const feature = loadProjectFeature(context);
  if (feature.analysis.hasErrors) {
    console.error(`${feature.tasksFile} has errors; no gate can run:`);
    for (const d of feature.analysis.diagnostics.filter((x) => x.severity === 'error')) console.error(`  ${formatDiagnostic(d)}`);
    return undefined;
  }
  const project = context.projectsConfigurations.projects[feature.projectName];
  const plugin = pluginOptionsFrom(context.nxJsonConfiguration);
  const settings = resolveFeatureSettings({
    run: switchesFromEnv(),
    feature: projectOverrides(project, feature.projectName, plugin),
    workspace: plugin,
  });
  return {
    feature,
    config: settings.gates,
    dryRun: settings.dryRun,
    forceRun: settings.rerunGates || !isDependedOn(context),
    includeOptional: settings.includeOptional,
  };
}

/** Whether another task of this run waits for the running target (false when it was named). */
function isDependedOn(context: ExecutorContext): boolean {
  const id = `${context.projectName}:${context.targetName}${context.configurationName ? `:${context.configurationName}` : ''}`;
  return Object.values(context.taskGraph?.dependencies ?? {}).some((deps) => deps.includes(id));
}
