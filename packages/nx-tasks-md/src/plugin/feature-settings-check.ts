import { featureOverridesSchema, formatZodError, type PluginOptions } from '../config/options';
import { featureOverridesProblems } from './check-options';

/**
 * Problems of a project.json `metadata.tasksMd` (`where` = `specs/x/project.json metadata.tasksMd`):
 * its shape first, then runner names, placeholders and route patterns.
 */
export function featureSettingsProblems(tasksMd: Record<string, unknown>, workspace: PluginOptions | undefined, where: string): string[] {
  const raw = { ...tasksMd };
  delete raw.file;
  const result = featureOverridesSchema.safeParse(raw);
  if (!result.success) return formatZodError(result.error, where).split('\n');
  return featureOverridesProblems(result.data, workspace, where);
}
