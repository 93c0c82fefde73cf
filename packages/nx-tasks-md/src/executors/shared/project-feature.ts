import { posix } from 'node:path';
import { readTasksText } from '../../state/safe-write';
import type { ExecutorContext } from '@nx/devkit';
import type { Diagnostic, TaskGraphOptions } from '../../model';
import { projectOverrides, pluginOptionsFrom } from '../task/settings';
import { analyzeFeature, unreadableFeature, type FeatureAnalysis } from '../../feature/analyze-feature';
import type { PluginOptions } from '../../config/options';
import { pluginOptionsPath } from '../../config/options-path';
import { resolveFeatureSettings, tasksFileOf } from '../../config/settings';
import { resolveTargetNames } from '../../feature/target-names';
import { targetNameDiagnostics } from '../../feature/target-name-diagnostics';
import { featureLookup, resolveFeatureDependencies } from '../../feature/feature-dependencies';

/** The tasks.md behind the project an executor runs for, analysed as the plugin did. */
export interface ProjectFeature {
  projectName: string;
  root: string;
  /** Workspace-relative tasks.md. */
  tasksFile: string;
  analysis: FeatureAnalysis;
}

export function loadProjectFeature(context: ExecutorContext): ProjectFeature {
  const projectName = context.projectName!;
  const project = context.projectsConfigurations.projects[projectName];
  const tasksFile = tasksFileOf(project);
  const settingsProblems: Diagnostic[] = [];
  const problem = (file: string, error: unknown) =>
    settingsProblems.push({ file, line: 1, column: 1, severity: 'error', code: 'invalid-options', message: (error as Error).message });
  let graph: TaskGraphOptions = {};
  let allowedPaths: string[] | undefined;
  let plugin: PluginOptions | undefined;
  try {
    plugin = pluginOptionsFrom(context.nxJsonConfiguration);
  } catch (error) {
    problem('nx.json', error);
  }
  try {
    ({ graph, allowedPaths } = resolveFeatureSettings({ feature: projectOverrides(project, projectName, plugin), workspace: plugin }));
  } catch (error) {
    problem(posix.join(project.root, 'project.json'), error);
  }
  let analysis: FeatureAnalysis;
  try {
    const text = readTasksText(context.root, tasksFile);
    analysis = analyzeFeature(text, { tasksFile, workspaceRoot: context.root, graph, allowedPaths });
  } catch (error) {
    analysis = unreadableFeature(tasksFile, error);
  }
  if (plugin) {
    settingsProblems.push(
      ...targetNameDiagnostics(analysis, resolveTargetNames(plugin), pluginOptionsPath(context.nxJsonConfiguration?.plugins)),
    );
  }
  if (settingsProblems.length) {
    analysis = { ...analysis, diagnostics: [...settingsProblems, ...analysis.diagnostics], hasErrors: true };
  }
  return { projectName, root: project.root, tasksFile, analysis };
}

/**
 * `Depends on feature:` entries of the plan resolved against the workspace's projects; unknown
 * ones come back as warnings (inference leaves them out of implicitDependencies).
 */
export function featureDependenciesOf(
  feature: ProjectFeature,
  context: ExecutorContext,
): { projects: string[]; diagnostics: Diagnostic[] } {
  const lookup = featureLookup(Object.entries(context.projectsConfigurations.projects).map(([name, p]) => ({ name, root: p.root })));
  const projects: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const dependency of feature.analysis.doc.featureDependencies) {
    const resolved = resolveFeatureDependencies([dependency.name], lookup, feature.projectName);
    for (const name of resolved.projects) if (!projects.includes(name)) projects.push(name);
    const problem = (code: string, message: string) =>
      diagnostics.push({ file: feature.tasksFile, line: dependency.line, column: 1, severity: 'warning', code, message });
    for (const { written, candidates } of resolved.ambiguous) {
      problem(
        'ambiguous-feature',
        `depends on feature "${written}", which could be any of ${candidates.join(', ')}; ` +
          'write the folder path or the project name (this dependency is not applied)',
      );
    }
    for (const written of resolved.unknown) {
      problem('unknown-feature', `depends on feature "${written}", which is no project of this workspace`);
    }
  }
  return { projects, diagnostics };
}
