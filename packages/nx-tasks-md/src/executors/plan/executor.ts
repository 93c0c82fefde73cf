import type { ExecutorContext } from '@nx/devkit';
import { featureDependenciesOf, loadProjectFeature } from '../shared/project-feature';
import { allDiagnostics, renderPlan, type PlanFormat } from './render-plan';

export interface PlanExecutorOptions {
  format?: PlanFormat;
}

/** Prints the plan; runs nothing. Fails when the plan has errors, so `nx run-many -t plan` checks every feature. */
export default async function planExecutor(options: PlanExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const format = options.format ?? 'text';
  if (!['text', 'mermaid', 'json'].includes(format)) {
    console.error(`Unknown --format=${format}; use text, mermaid or json.`);
    return { success: false };
  }
  const feature = loadProjectFeature(context);
  const dependencies = featureDependenciesOf(feature, context);
  const view = {
    projectName: feature.projectName,
    analysis: feature.analysis,
    featureDependencies: dependencies.projects,
    extraDiagnostics: dependencies.diagnostics,
  };
  console.log(renderPlan(view, format));
  return { success: !allDiagnostics(view).some((d) => d.severity === 'error') };
}
