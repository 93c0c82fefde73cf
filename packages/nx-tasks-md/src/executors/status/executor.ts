import type { ExecutorContext } from '@nx/devkit';
import { formatDiagnostic } from '../../feature/analyze-document';
import { loadProjectFeature } from '../shared/project-feature';
import { featurePaths } from '../../state/paths';
import { readState } from '../../state/state-file';
import type { ImplementationState } from '../../state/state-schema';
import { resolveFeatureSettings, withExecutorOptions } from '../../config/settings';
import { pluginOptionsFrom, projectOverrides, switchesFromEnv } from '../task/settings';
import { renderStatus } from './render-status';

export interface StatusExecutorOptions {
  includeOptional?: boolean;
}

/** Progress per phase from the checkboxes and the state file. Only an unreadable tasks.md fails it. */
export default async function statusExecutor(options: StatusExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const feature = loadProjectFeature(context);
  const unreadable = feature.analysis.diagnostics.find((d) => d.code === 'unreadable');
  if (unreadable) {
    console.error(formatDiagnostic(unreadable));
    return { success: false };
  }
  let state: ImplementationState | undefined;
  let stateProblem: string | undefined;
  try {
    const paths = featurePaths(context.root, feature.tasksFile);
    state = readState(paths.stateFile) ?? readState(paths.completedFile);
  } catch (error) {
    stateProblem = (error as Error).message;
  }
  const run = withExecutorOptions(switchesFromEnv(), options);
  let includeOptional = run.includeOptional ?? false;
  try {
    const plugin = pluginOptionsFrom(context.nxJsonConfiguration);
    const project = context.projectsConfigurations.projects[feature.projectName];
    includeOptional = resolveFeatureSettings({
      run,
      feature: projectOverrides(project, feature.projectName, plugin),
      workspace: plugin,
    }).includeOptional;
  } catch {
    // invalid plugin options are reported by plan and implement
  }
  console.log(
    renderStatus({
      projectName: feature.projectName,
      tasksFile: feature.tasksFile,
      doc: feature.analysis.doc,
      includeOptional,
      state,
      stateProblem,
    }),
  );
  const errors = feature.analysis.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors) console.log(`\n${errors} error${errors === 1 ? '' : 's'} in the plan: run the plan target to see them.`);
  return { success: true };
}
