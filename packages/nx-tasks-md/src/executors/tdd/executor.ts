import type { ExecutorContext } from '@nx/devkit';
import { runTddGate } from '../../gates/tdd-gate';
import { withStopSignal } from '../shared/stop-signals';
import { loadGateExecution } from '../gate/gate-settings';

export interface TddExecutorOptions {
  /** The TDD unit (`us1`, `3.2`): the suffix of the target name. */
  unit: string;
  /** `fail`: the red gate (the new tests must fail); `pass`: the green gate. */
  expect: 'fail' | 'pass';
}

/**
 * A TDD gate: red runs the test command after a unit's tests are written and before its
 * implementation starts, and requires it to fail; green runs it after the implementation and
 * requires it to pass. The verdict goes into the state file's `tdd_gates`.
 */
export default async function tddExecutor(options: TddExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  if (options.expect !== 'fail' && options.expect !== 'pass') {
    console.error(`expect must be "fail" (red) or "pass" (green), not ${JSON.stringify(options.expect)}`);
    return { success: false };
  }
  const execution = loadGateExecution(context);
  if (!execution) return { success: false };
  const { feature, config, dryRun, forceRun, includeOptional } = execution;
  const result = await withStopSignal((signal) =>
    runTddGate({
      workspaceRoot: context.root,
      tasksFile: feature.tasksFile,
      analysis: feature.analysis,
      config,
      unit: options.unit,
      gate: options.expect === 'fail' ? 'red' : 'green',
      dryRun,
      forceRun,
      includeOptional,
      signal,
    }),
  );
  return { success: result.success };
}
