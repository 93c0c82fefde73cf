import type { ExecutorContext } from '@nx/devkit';
import { resolveGateConfig, type GateConfig } from '../../gates/config';
import { formatDiagnostic } from '../../plugin/analyze-document';
import { loadProjectFeature, type ProjectFeature } from '../../plugin/project-feature';
import { featureOverridesFrom, pluginOptionsFrom, switchesFromEnv } from '../task/settings';

export interface GateExecution {
  feature: ProjectFeature;
  config: GateConfig;
  dryRun: boolean;
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
  const config = resolveGateConfig(
    pluginOptionsFrom(context.nxJsonConfiguration),
    featureOverridesFrom(project.metadata, `project ${feature.projectName} (${project.root}/project.json)`),
  );
  return { feature, config, dryRun: switchesFromEnv().dryRun };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** An AbortSignal fired by a stop signal, so a gate's command tree is stopped with the run. */
export async function withStopSignal<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) return;
    controller.abort();
    setTimeout(() => process.exit(130), 15_000).unref();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return await body(controller.signal);
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
