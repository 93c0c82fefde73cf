import type { TaskDocument } from '../model';
import { parseTasksMd } from '../parse';
import { withTargetNameCheck } from './target-name-diagnostics';
import type { TargetNames } from './target-names';
import { analyzeDocument, failedFeature, messageOf, type AnalyzeOptions, type FeatureAnalysis } from './analyze-document';

export { analyzeDocument, formatDiagnostic, unreadableFeature } from './analyze-document';
export type { AnalyzeOptions, FeatureAnalysis } from './analyze-document';

/** Never throws: a failure inside the parser or the graph builder becomes an error diagnostic. */
export function analyzeFeature(text: string, options: AnalyzeOptions): FeatureAnalysis {
  let doc: TaskDocument;
  try {
    doc = parseTasksMd(text, { path: options.tasksFile });
  } catch (error) {
    return failedFeature(options.tasksFile, 'internal-error', `nx-tasks-md could not read this plan: ${messageOf(error)}`);
  }
  return analyzeDocument(doc, options, text);
}

/**
 * The analysis with the feature's settings problems (project.json runner settings) and target
 * name collisions added as errors: such a plan gets no task targets, and `plan` lists why.
 */
export function withSettingsChecks(
  analysis: FeatureAnalysis,
  checks: { names: TargetNames; optionsPath: string; projectJson: string; problems: readonly string[] },
): FeatureAnalysis {
  const checked = withTargetNameCheck(analysis, checks.names, checks.optionsPath);
  if (!checks.problems.length) return checked;
  const diagnostics = checks.problems.map((message) => ({
    file: checks.projectJson,
    line: 1,
    column: 1,
    severity: 'error' as const,
    code: 'invalid-options',
    message,
  }));
  return { ...checked, diagnostics: [...diagnostics, ...checked.diagnostics], hasErrors: true };
}
