import { z } from 'zod';

/**
 * Plugin options (nx.json `plugins[].options`) and per-feature overrides (project.json beside a
 * tasks.md, under `metadata.tasksMd`, same shape minus naming). Unknown keys are errors.
 */

export const AGENT_PRESET_NAMES = ['claude', 'codex', 'gemini', 'copilot', 'opencode', 'cursor', 'aider'] as const;

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

export const pathSettingsShape = {
  /**
   * Roots outside the workspace (absolute, or relative to the workspace root) a task may name: its
   * paths there are told to the agent, never Nx inputs or outputs. A feature's list replaces the
   * workspace's. Any other path outside the workspace makes the task fail before it runs.
   */
  allowedPaths: z.array(z.string().trim().min(1), { error: 'expected a list of folders' }).optional(),
};

export const graphSettingsShape = {
  strictDependencies: z.boolean().optional(),
  phaseParallelism: z.union([z.boolean(), z.literal('auto')]).optional(),
};

const gateCommandSchema = z.string({ error: 'expected a shell command (a string)' }).trim().min(1, 'a command must not be empty');

/** Seconds; 0 = no limit. */
const secondsSchema = z.number({ error: 'expected a number of seconds' }).nonnegative('must be 0 (no limit) or more');

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

/** Which phases a gate entry applies to: a phase number, `*`, or a title pattern (see README "Gates"). */
const phasePatternSchema = z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)], {
  error: 'expected a phase pattern ("3", "Tests", "User Story *", "*") or a list of them',
});

export const phaseGateSchema = z
  .object({
    match: phasePatternSchema,
    /** Commands run in order in the workspace root; the first failing one fails the gate. */
    run: z.array(gateCommandSchema, { error: 'expected a list of shell commands' }).min(1, 'give at least one command'),
    timeout: secondsSchema.optional(),
  })
  .strict();

export const tddSettingsSchema = z.union(
  [
    z.boolean(),
    z
      .object({
        enabled: z.boolean().optional(),
        /** Test command of the red and green gates; default `gates.test`. */
        command: gateCommandSchema.optional(),
        /** Phases (patterns as in `phases[].match`) in which no TDD unit is recognised. */
        exclude: z.array(z.string().trim().min(1)).optional(),
        timeout: secondsSchema.optional(),
      })
      .strict(),
  ],
  { error: 'expected true, false or { enabled, command, exclude, timeout }' },
);

export const coverageCheckSchema = z
  .object({
    /** Workspace-relative istanbul `json-summary` file (`coverage/coverage-summary.json`). */
    summary: z.string().trim().min(1),
    /** Minimum percentage (0-100) of `metric` in the summary's `total`. */
    threshold: z.number().min(0).max(100),
    metric: z.enum(['lines', 'statements', 'functions', 'branches']).optional(),
    /** Run first to produce the summary; without it the file is read as the checks before left it. */
    command: gateCommandSchema.optional(),
  })
  .strict();

export const finalGateSchema = z
  .object({
    /** Tests pass; default `gates.test`, `false` leaves it out. */
    test: z.union([gateCommandSchema, z.literal(false)], { error: 'expected a shell command or false' }).optional(),
    build: gateCommandSchema.optional(),
    lint: gateCommandSchema.optional(),
    coverage: coverageCheckSchema.optional(),
    timeout: secondsSchema.optional(),
  })
  .strict();

export const gatesSchema = z
  .object({
    /** The project's test command: the TDD red/green gates and the final "tests pass" check. */
    test: gateCommandSchema.optional(),
    /** Validation commands of the phase gates (`phase-<n>` targets). */
    phases: z.array(phaseGateSchema, { error: 'expected a list of { match, run }' }).optional(),
    /** TDD red/green gates: on when a test command is configured, unless false. */
    tdd: tddSettingsSchema.optional(),
    /** Quality checks `implement` runs after every task and gate. */
    final: finalGateSchema.optional(),
    /** Default time limit per gate command (seconds; 0 = none). */
    timeout: secondsSchema.optional(),
  })
  .strict();

/** Tasks matched by any entry run alone (Nx `parallelism: false`); every condition given must hold. */
export const exclusiveTaskSchema = z
  .object({
    phase: z.string().trim().min(1).optional(),
    story: z.string().trim().min(1).optional(),
    /** Regular expression (case-insensitive) tested against the task text. */
    text: z.string().min(1).refine(isRegExp, 'not a valid regular expression').optional(),
    label: z.string().trim().min(1).optional(),
  })
  .strict()
  .refine((m) => Object.values(m).some((v) => v !== undefined), 'give at least one of phase, story, text, label');

export const gateSettingsShape = {
  gates: gatesSchema.optional(),
  exclusive: z.array(exclusiveTaskSchema, { error: 'expected a list of { phase?, story?, text?, label? }' }).optional(),
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
    ...pathSettingsShape,
    ...gateSettingsShape,
  })
  .strict();

export const featureOverridesSchema = z
  .object({
    ...runnerSettingsShape,
    ...graphSettingsShape,
    ...pathSettingsShape,
    ...gateSettingsShape,
  })
  .strict();

export type PluginOptions = z.infer<typeof pluginOptionsSchema>;
export type FeatureOverrides = z.infer<typeof featureOverridesSchema>;
export type CustomRunner = z.infer<typeof customRunnerSchema>;
export type Route = z.infer<typeof routeSchema>;
export type GatesOptions = z.infer<typeof gatesSchema>;
export type PhaseGateOptions = z.infer<typeof phaseGateSchema>;
export type ExclusiveTaskMatch = z.infer<typeof exclusiveTaskSchema>;

/** Formats zod issues as `options.runner.timeout: expected number` lines, naming unknown keys. */
export function formatZodError(error: z.ZodError, where: string): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.length ? `${where}.${issue.path.join('.')}` : where;
    if (issue.code === 'unrecognized_keys') {
      return `${path}: unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
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
