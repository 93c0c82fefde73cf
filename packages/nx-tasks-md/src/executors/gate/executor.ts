import type { ExecutorContext } from '@nx/devkit';
import { runPhaseGate } from '../../gates/phase-gate';
import { phaseTitle } from '../../feature/target-metadata';
import { withStopSignal } from '../shared/stop-signals';
import { loadGateExecution } from './gate-settings';

export interface GateExecutorOptions {
  /** Phase key, as the parser gives it (`1`, `3.2`, `setup`). */
  phase: string;
}

/**
 * The barrier between phases: Nx runs it after every task of the phase (and the phase's TDD green
 * gates), and the next phase's tasks wait for it. It runs the validation commands configured for
 * the phase (`gates.phases`); a failing one fails the gate, so no later phase starts.
 */
export default async function gateExecutor(options: GateExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const execution = loadGateExecution(context);
  if (!execution) return { success: false };
  const { feature, config, dryRun, forceRun, includeOptional } = execution;
  const phase = feature.analysis.doc.phases.find((p) => p.key === options.phase);
  if (!phase) {
    console.error(`Phase ${options.phase} is not in ${feature.tasksFile} any more; run the plan target.`);
    return { success: false };
  }
  const count = phase.taskIds.length;
  console.log(`${phaseTitle(phase)}: ${count} task${count === 1 ? '' : 's'} finished.`);
  const result = await withStopSignal((signal) =>
    runPhaseGate({
      workspaceRoot: context.root,
      tasksFile: feature.tasksFile,
      analysis: feature.analysis,
      config,
      phase,
      target: context.targetName ?? `phase-${phase.key}`,
      dryRun,
      forceRun,
      includeOptional,
      signal,
    }),
  );
  if (result.success && !result.record && !result.reused) console.log('Gate passed (no validation commands configured for this phase).');
  return { success: result.success };
}
