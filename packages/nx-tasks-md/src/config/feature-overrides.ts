import { featureOverridesSchema, formatZodError, type FeatureOverrides } from './options';

/**
 * The one reader of a project.json's `metadata.tasksMd` (strict: unknown keys and wrong types are
 * problems). `where` names it in each problem: `specs/001-x/project.json metadata.tasksMd`.
 */
export function readFeatureOverrides(tasksMd: unknown, where: string): { overrides: FeatureOverrides; problems: string[] } {
  const raw = tasksMd && typeof tasksMd === 'object' && !Array.isArray(tasksMd) ? tasksMd : {};
  const result = featureOverridesSchema.safeParse(raw);
  if (result.success) return { overrides: result.data, problems: [] };
  return { overrides: {}, problems: formatZodError(result.error, where).split('\n') };
}
