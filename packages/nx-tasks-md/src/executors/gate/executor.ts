import type { ExecutorContext } from '@nx/devkit';
import { loadProjectFeature } from '../../plugin/project-feature';
import { phaseTitle } from '../../plugin/build-targets';

export interface GateExecutorOptions {
  /** Phase key, as the parser gives it (`1`, `3.2`, `setup`). */
  phase: string;
}

/**
 * The barrier between phases: Nx runs it after every task of the phase. For now it only reports
 * the phase; phase validation commands arrive with the gates issue.
 */
export default async function gateExecutor(options: GateExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const { analysis } = loadProjectFeature(context);
  const phase = analysis.doc.phases.find((p) => p.key === options.phase);
  if (!phase) {
    console.error(`Phase ${options.phase} is not in ${analysis.tasksFile} any more; run the plan target.`);
    return { success: false };
  }
  console.log(`${phaseTitle(phase)}: ${phase.taskIds.length} task${phase.taskIds.length === 1 ? '' : 's'} finished, gate passed.`);
  return { success: true };
}
