import * as fs from 'node:fs';
import { analyzeFeature } from '../feature/analyze-feature';
import { featureScope, type FeaturePaths } from '../state/paths';
import { writeFileAtomicSync } from '../state/safe-write';
import { readState } from '../state/state-file';
import type { ImplementationState } from '../state/state-schema';
import { phaseRows, renderPhaseTable } from './phase-table';
import { renderRunReport } from './run-report';
import { withIoContext } from '../state/io-error';

export interface FeatureReport {
  state: ImplementationState | undefined;
  table: string;
  markdown?: string;
}

/** The current tasks.md and state of a feature, rendered as the terminal table and the markdown report. */
export function featureReport(paths: FeaturePaths, tasksFile: string, includeOptional: boolean): FeatureReport {
  const text = withIoContext('read', tasksFile, () => fs.readFileSync(paths.tasksFile, 'utf8'));
  const doc = analyzeFeature(text, { tasksFile, workspaceRoot: paths.workspaceRoot }).doc;
  const state = readState(paths.stateFile) ?? readState(paths.completedFile);
  const since = state?.run?.started_at;
  const table = renderPhaseTable(phaseRows(doc, state, { includeOptional, since }));
  return { state, table, markdown: state ? renderRunReport(doc, state, { includeOptional }) : undefined };
}

/** Writes `<feature>/implementation-report.md`; returns false when there is no state to report on. */
export async function writeRunReport(paths: FeaturePaths, tasksFile: string, includeOptional: boolean): Promise<boolean> {
  const report = featureReport(paths, tasksFile, includeOptional);
  if (!report.markdown) return false;
  writeFileAtomicSync(featureScope(paths), paths.reportFile, report.markdown, { what: 'the run report' });
  return true;
}
