import type { Diagnostic, TaskDocument, TaskGraphOptions } from '../model';
import { diagnostic } from './diagnostics';

export interface PhaseParallelism {
  on: boolean;
  /** With `"auto"`: why, as an info diagnostic on the line that decided it. */
  diagnostics: Diagnostic[];
}

/**
 * `phaseParallelism` as given, or with `"auto"` decided by the plan's own text: on when a line
 * declares its user stories independent or parallel and no line says one story needs another.
 */
export function resolvePhaseParallelism(doc: TaskDocument, setting: TaskGraphOptions['phaseParallelism']): PhaseParallelism {
  if (setting !== 'auto') return { on: setting ?? false, diagnostics: [] };
  const { declared, dependencies = [] } = doc.storyIndependence ?? {};
  if (!declared) return { on: false, diagnostics: [] };
  if (dependencies.length > 0) {
    const [first] = dependencies;
    return {
      on: false,
      diagnostics: [
        diagnostic(
          doc,
          first.line,
          1,
          'info',
          'phase-parallelism',
          `User stories run one after the other: line ${first.line} says one needs another ("${first.text}"), though line ${declared.line} calls them parallel (phaseParallelism: auto).`,
        ),
      ],
    };
  }
  return {
    on: true,
    diagnostics: [
      diagnostic(
        doc,
        declared.line,
        1,
        'info',
        'phase-parallelism',
        `User stories run side by side after Foundational: the plan says so ("${declared.text}") (phaseParallelism: auto).`,
      ),
    ],
  };
}
