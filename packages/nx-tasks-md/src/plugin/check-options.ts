import type { FeatureOverrides, PluginOptions } from '../config/options';
import { runnerSettingsProblems } from '../runners/check-settings';
import { targetNamesProblems } from '../feature/target-names';

/**
 * What is wrong with valid-looking plugin options (zod checked their shape): unknown runner names,
 * argv placeholders, route patterns, custom runners, target names. Each line names the option's
 * path under `where` (`nx.json plugins[0].options`).
 */
export function pluginOptionsProblems(options: PluginOptions, where: string): string[] {
  return [...targetNamesProblems(options.targetNames, where), ...runnerSettingsProblems(options, { workspace: options }, where)];
}

/** The same for a feature's project.json `metadata.tasksMd` (names may refer to nx.json's runners). */
export function featureOverridesProblems(overrides: FeatureOverrides, workspace: PluginOptions | undefined, where: string): string[] {
  return runnerSettingsProblems(overrides, { workspace, feature: overrides }, where);
}

/** Throws one error listing every problem (see pluginOptionsProblems). */
export function assertPluginOptions(options: PluginOptions, where: string): void {
  const problems = pluginOptionsProblems(options, where);
  if (problems.length) throw new Error(`Invalid nx-tasks-md options:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}
