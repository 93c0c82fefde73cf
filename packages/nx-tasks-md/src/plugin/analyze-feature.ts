import type { TaskDocument } from '../model';
import { parseTasksMd } from '../parse';
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

