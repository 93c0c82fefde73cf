import type { Diagnostic } from '../model';
import type { FeatureAnalysis } from './analyze-document';
import { targetNameCollisions, type TargetNames } from './target-names';

/**
 * Errors for `targetNames` values a task or phase gate of this plan also takes (the target would be
 * overwritten): at the task's line, naming the option (`nx.json plugins[0].options.targetNames.implement`).
 */
export function targetNameDiagnostics(analysis: FeatureAnalysis, names: TargetNames, where: string): Diagnostic[] {
  return targetNameCollisions(analysis.doc, names).map(({ key, name, other, line }) => ({
    file: analysis.tasksFile,
    line,
    column: 1,
    severity: 'error',
    code: 'target-name-collision',
    message: `${where}.targetNames.${key}: "${name}" is also ${other}; choose another name`,
  }));
}

/** The analysis with those errors added (a plan with errors gets no task targets). */
export function withTargetNameCheck(analysis: FeatureAnalysis, names: TargetNames, where: string): FeatureAnalysis {
  const found = targetNameDiagnostics(analysis, names, where);
  return found.length ? { ...analysis, diagnostics: [...found, ...analysis.diagnostics], hasErrors: true } : analysis;
}
