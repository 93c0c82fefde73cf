import { z } from 'zod';

/**
 * Plugin options (nx.json `plugins[].options`) and per-feature overrides (project.json beside a
 * tasks.md, under `metadata.tasksMd`, same shape minus naming). Unknown keys are errors.
 */

export const AGENT_PRESET_NAMES = [
  'claude',
  'codex',
  'gemini',
  'copilot',
  'opencode',
  'cursor',
  'aider',
] as const;

export const customRunnerSchema = z
  .object({
    /** argv template; placeholders: {id} {prompt} {promptFile} {featureDir} {tasksFile} {text}. */
    command: z.array(z.string()).min(1).optional(),
    /** Start from a preset and override parts of it. */
    extends: z.string().optional(),
    /** Extra argv elements appended to the command (e.g. `["--model", "opus"]` on top of a preset). */
    args: z.array(z.string()).optional(),
    /** How the prompt reaches the child when the template has no {prompt}/{promptFile}. */
    promptVia: z.enum(['argv', 'stdin']).optional(),
    env: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const routeSchema = z
  .object({
    match: z
      .object({
        /** Phase number or a glob-like pattern on the phase title ("User Story *"). */
        phase: z.string().optional(),
        /** Story label, e.g. US1. */
        story: z.string().optional(),
        /** Regular expression (case-insensitive) tested against the task text. */
        text: z.string().optional(),
        /** A bracket label the task carries, e.g. DEFERRED. */
        label: z.string().optional(),
      })
      .strict(),
    runner: z.string(),
  })
  .strict();

export const runnerSettingsShape = {
  /** Default runner: `shell`, an agent preset name, or a key of `runners`. */
  runner: z.string().optional(),
  runners: z.record(z.string(), customRunnerSchema).optional(),
  routes: z.array(routeSchema).optional(),
  /** Per-task timeout in seconds (0 = none). */
  timeout: z.number().nonnegative().optional(),
  retries: z.number().int().nonnegative().optional(),
  /** Base delay in milliseconds for retry backoff (doubles each attempt). */
  retryDelay: z.number().int().nonnegative().optional(),
  /** Path (workspace-relative) of a prompt template file. */
  promptTemplate: z.string().optional(),
  /** Commit each successful task's files plus tasks.md. */
  commit: z.boolean().optional(),
  /** Run Kiro optional tasks (`- [ ]*`) too. */
  includeOptional: z.boolean().optional(),
};

export const graphSettingsShape = {
  strictDependencies: z.boolean().optional(),
  phaseParallelism: z.boolean().optional(),
};

/** Gate settings arrive with the gates issue; accepted and validated loosely until then. */
export const gateSettingsShape = {
  gates: z.record(z.string(), z.unknown()).optional(),
};

export const targetNamesSchema = z
  .object({
    implement: z.string().min(1).optional(),
    plan: z.string().min(1).optional(),
    status: z.string().min(1).optional(),
    /** Prefix of phase gate targets (`phase` gives `phase-1`, `phase-3.2`). */
    phasePrefix: z.string().min(1).optional(),
  })
  .strict();

export const pluginOptionsSchema = z
  .object({
    targetNames: targetNamesSchema.optional(),
    /** Project naming template: {number} {dirname} {parent} {slug}; default `feature-{number}` / `{slug}`. */
    projectName: z.string().min(1).optional(),
    tags: z.array(z.string()).optional(),
    ...runnerSettingsShape,
    ...graphSettingsShape,
    ...gateSettingsShape,
  })
  .strict();

export const featureOverridesSchema = z
  .object({
    ...runnerSettingsShape,
    ...graphSettingsShape,
    ...gateSettingsShape,
  })
  .strict();

export type PluginOptions = z.infer<typeof pluginOptionsSchema>;
export type FeatureOverrides = z.infer<typeof featureOverridesSchema>;
export type CustomRunner = z.infer<typeof customRunnerSchema>;
export type Route = z.infer<typeof routeSchema>;

/** Formats zod issues as `options.runner.timeout: expected number` lines, naming unknown keys. */
export function formatZodError(error: z.ZodError, where: string): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.length ? `${where}.${issue.path.join('.')}` : where;
    if (issue.code === 'unrecognized_keys') {
      return `${path}: unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .map((k) => `"${k}"`)
        .join(', ')}`;
    }
    return `${path}: ${issue.message}`;
  });
  return lines.join('\n');
}

export function parsePluginOptions(raw: unknown, where = 'nx-tasks-md options'): PluginOptions {
  const result = pluginOptionsSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new Error(`Invalid ${where}:\n${formatZodError(result.error, 'options')}`);
  }
  return result.data;
}
