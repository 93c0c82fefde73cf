import { readFeatureOverrides } from '../config/feature-overrides';
import type { FeatureOverrides, PluginOptions } from '../config/options';
import { featureOverridesProblems } from './check-options';

export interface FeatureSettingsCheck {
  /** The valid settings (none when their shape is wrong). */
  overrides: FeatureOverrides;
  problems: string[];
}

/**
 * A project.json `metadata.tasksMd` read by the executors' reader (`where` = `specs/x/project.json
 * metadata.tasksMd`): its shape first, then runner names, placeholders and route patterns.
 */
export function checkFeatureSettings(tasksMd: unknown, workspace: PluginOptions | undefined, where: string): FeatureSettingsCheck {
  const { overrides, problems } = readFeatureOverrides(tasksMd, where);
  if (problems.length) return { overrides: {}, problems };
  return { overrides, problems: featureOverridesProblems(overrides, workspace, where) };
}
