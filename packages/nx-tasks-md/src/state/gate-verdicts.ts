import { z } from 'zod';

/**
 * What the gates write into `<feature>/.implementation-state.json`, next to the task records:
 * `tdd_gates` (red/green verdicts by target name), `phase_gates` (by phase key) and `quality_gate`
 * (the final checks of `implement`). Every command's record keeps the exit code, the times and the
 * tail of its output; the whole output is in the gate's log file.
 */

export const GATE_STATUSES = ['passed', 'failed', 'skipped'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

const isoTime = z.string().min(1);

export const gateCommandRecordSchema = z.object({
  command: z.string(),
  status: z.enum(GATE_STATUSES),
  exit_code: z.number().int().nullable().optional(),
  started_at: isoTime.optional(),
  ended_at: isoTime.optional(),
  duration_ms: z.number().nonnegative().optional(),
  /** The last lines of the command's output (stdout and stderr). */
  output_tail: z.string().optional(),
  /** Why it passed, failed or was skipped, in a sentence. */
  message: z.string().optional(),
});

export const tddVerdictSchema = gateCommandRecordSchema.extend({
  unit: z.string(),
  /** `red`: the tests must fail; `green`: they must pass. */
  gate: z.enum(['red', 'green']),
  /** Phase keys the unit spans. */
  phases: z.array(z.string()),
  story: z.string().optional(),
  tests: z.array(z.string()),
  implementation: z.array(z.string()),
  log: z.string().optional(),
  /** Identifies the command that gave the verdict: a pass is reused only for the same command. */
  commands_hash: z.string().optional(),
});

export const phaseGateRecordSchema = z.object({
  status: z.enum(GATE_STATUSES),
  started_at: isoTime,
  ended_at: isoTime,
  duration_ms: z.number().nonnegative(),
  log: z.string().optional(),
  commands: z.array(gateCommandRecordSchema),
  /** Identifies the commands that gave the verdict: a pass is reused only for the same commands. */
  commands_hash: z.string().optional(),
});

export const qualityCheckRecordSchema = gateCommandRecordSchema.extend({
  name: z.string(),
  coverage: z
    .object({
      summary: z.string(),
      metric: z.string(),
      pct: z.number().nullable(),
      threshold: z.number(),
    })
    .optional(),
});

export const qualityGateRecordSchema = z.object({
  status: z.enum(GATE_STATUSES),
  started_at: isoTime,
  ended_at: isoTime,
  duration_ms: z.number().nonnegative(),
  log: z.string().optional(),
  checks: z.array(qualityCheckRecordSchema),
  /** Identifies the checks that gave the verdict: a pass is reused only for the same checks. */
  commands_hash: z.string().optional(),
});

/** Spread into the state file's schema. */
export const gateStateShape = {
  tdd_gates: z.record(z.string(), tddVerdictSchema).optional(),
  phase_gates: z.record(z.string(), phaseGateRecordSchema).optional(),
  quality_gate: qualityGateRecordSchema.optional(),
};

export type GateCommandRecord = z.infer<typeof gateCommandRecordSchema>;
export type TddVerdict = z.infer<typeof tddVerdictSchema>;
export type PhaseGateRecord = z.infer<typeof phaseGateRecordSchema>;
export type QualityCheckRecord = z.infer<typeof qualityCheckRecordSchema>;
export type QualityGateRecord = z.infer<typeof qualityGateRecordSchema>;
