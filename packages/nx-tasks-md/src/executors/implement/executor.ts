import type { ExecutorContext } from '@nx/devkit';
import { formatDiagnostic } from '../../plugin/analyze-document';
import { loadProjectFeature } from '../../plugin/project-feature';
import { phaseRows, renderPhaseTable } from '../../report/phase-table';
import { featurePaths } from '../../state/paths';
import { readState } from '../../state/state-file';
import type { ImplementationState } from '../../state/state-schema';

export type ImplementExecutorOptions = Record<string, unknown>;

/**
 * Nx has already run every task and gate (they are this target's dependsOn); this prints the
 * summary per phase. A plan with errors has no task targets, and this fails with its diagnostics.
 */
export default async function implementExecutor(
  _options: ImplementExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const feature = loadProjectFeature(context);
  const { analysis } = feature;
  if (analysis.hasErrors) {
    console.error(`${feature.tasksFile} has errors; nothing was run:`);
    for (const d of analysis.diagnostics.filter((x) => x.severity === 'error')) console.error(`  ${formatDiagnostic(d)}`);
    return { success: false };
  }
  let state: ImplementationState | undefined;
  try {
    state = readState(featurePaths(context.root, feature.tasksFile).stateFile);
  } catch {
    state = undefined;
  }
  const rows = phaseRows(analysis.doc, state, { includeOptional: true });
  console.log(`${feature.projectName}: every task of ${feature.tasksFile} has run.`);
  if (rows.length) console.log(`\n${renderPhaseTable(rows)}`);
  return { success: true };
}
