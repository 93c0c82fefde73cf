import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { GateConfig, QualityCheck } from './config';
import type { TaskDocument } from '../model';
import { commandRecord, gateEnv, openGateLog, pathsOf, readStateSafely, recordInState, type GateLog, type GateRunContext } from './gate-io';
import { commandsHash, reusablePass } from './gate-reuse';
import { runGateCommand } from './run-command';
import type { QualityCheckRecord, QualityGateRecord } from '../state/gate-verdicts';

export const QUALITY_GATE_LOG = 'quality-gate';

export interface QualityGateInput extends GateRunContext {
  config: GateConfig;
  dryRun?: boolean;
  /**
   * The feature's tasks now: when every counted one was ticked before the checks last passed and
   * none ran since, that pass is reused. Without it the checks always run.
   */
  doc?: TaskDocument;
  includeOptional?: boolean;
  /** `--rerun-gates`: run the checks even when their earlier pass still holds. */
  forceRun?: boolean;
}

export interface QualityGateResult {
  success: boolean;
  record?: QualityGateRecord;
  /** When the checks did not run: the time of the earlier pass that still holds. */
  reusedPassAt?: string;
}

/** `total.<metric>.pct` of an istanbul json-summary file, or why it cannot be read. */
export function readCoverage(file: string, metric: string): { pct: number } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      error:
        code === 'ENOENT' ? 'the coverage summary file does not exist' : `cannot read the coverage summary: ${(error as Error).message}`,
    };
  }
  const pct = (json as { total?: Record<string, { pct?: unknown }> })?.total?.[metric]?.pct;
  if (typeof pct !== 'number' || !Number.isFinite(pct)) return { error: `the coverage summary has no numeric total.${metric}.pct` };
  return { pct };
}

/**
 * The final quality gate of `implement`: every configured check (tests, build, lint, coverage) runs,
 * also after one failed, so the summary reports each; the gate passes when all pass.
 */
export async function runQualityGate(input: QualityGateInput): Promise<QualityGateResult> {
  const print = input.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const checks = input.config.final;
  if (checks.length === 0) return { success: true };
  if (input.dryRun) {
    print(`Dry run: the quality gate would run ${checks.map(describeCheck).join(', ')}.`);
    return { success: true };
  }
  const paths = pathsOf(input);
  const hash = commandsHash(checks.map((check) => JSON.stringify(check)));
  if (input.doc) {
    const state = readStateSafely(paths);
    const previous = state?.quality_gate;
    const passedAt = reusablePass({
      previous,
      hash,
      taskIds: input.doc.tasks.map((t) => t.id),
      doc: input.doc,
      state,
      includeOptional: input.includeOptional ?? false,
      forced: input.forceRun ?? false,
    });
    if (passedAt) return { success: true, record: previous, reusedPassAt: passedAt };
  }
  const log = openGateLog(paths, QUALITY_GATE_LOG);
  const started = new Date();
  const records: QualityCheckRecord[] = [];
  try {
    for (const check of checks) records.push(await runCheck(check, input, log));
  } finally {
    await log.close();
  }
  const ended = new Date();
  const failed = records.some((r) => r.status === 'failed');
  const record: QualityGateRecord = {
    status: failed ? 'failed' : 'passed',
    started_at: started.toISOString(),
    ended_at: ended.toISOString(),
    duration_ms: ended.getTime() - started.getTime(),
    log: log.relative,
    checks: records,
    commands_hash: hash,
  };
  await recordInState(paths, (state) => {
    state.quality_gate = record;
  });
  return { success: !failed, record };
}

function describeCheck(check: QualityCheck): string {
  if (check.name === 'coverage') {
    const c = check.coverage!;
    return `coverage (${c.metric} ≥ ${c.threshold}% in ${c.summary}${check.command ? ` after \`${check.command}\`` : ''})`;
  }
  return `${check.name} (\`${check.command}\`)`;
}

async function runCheck(check: QualityCheck, input: QualityGateInput, log: GateLog): Promise<QualityCheckRecord> {
  const env = gateEnv(input, QUALITY_GATE_LOG);
  let record: QualityCheckRecord | undefined;
  if (check.command) {
    const outcome = await runGateCommand(
      { command: check.command, timeoutMs: check.timeoutMs },
      { workspaceRoot: input.workspaceRoot, env, log: log.stream, signal: input.signal, stdout: input.output, stderr: input.output },
    );
    const ok = !outcome.notRun && outcome.exitCode === 0;
    record = {
      name: check.name,
      ...commandRecord(outcome, ok ? 'passed' : 'failed', outcome.notRun ?? (ok ? undefined : `exit code ${outcome.exitCode}`)),
    };
    if (!ok) return record;
  }
  if (!check.coverage) return record!;
  const { summary, metric, threshold } = check.coverage;
  const result = readCoverage(path.resolve(input.workspaceRoot, summary), metric);
  const pct = 'pct' in result ? result.pct : null;
  const ok = pct !== null && pct >= threshold;
  const message = 'error' in result ? result.error : `${metric} ${pct}% ${ok ? '≥' : '<'} ${threshold}%`;
  log.stream.write(`# coverage: ${message} (${summary})\n`);
  return {
    ...(record ?? { command: `read ${summary}` }),
    name: check.name,
    status: ok ? 'passed' : 'failed',
    message,
    coverage: { summary, metric, pct, threshold },
  };
}
