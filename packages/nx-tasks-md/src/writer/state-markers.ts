import type { TaskDocument, TaskState } from '../model';
import { defaultLegend } from '../parse/legend';
import { TaskWriteError } from './task-write-error';

/**
 * Markers we write per state, best first; markers in one group are equally good and the one the
 * file's tasks use more wins (`x` or `X` for done). Kiro marks a running task `[-]`.
 */
function preferredMarkers(state: TaskState, doc: TaskDocument): string[][] {
  switch (state) {
    case 'pending':
      return [[' ']];
    case 'in-progress':
      return doc.format === 'kiro' ? [['-'], ['>'], ['~']] : [['>'], ['~'], ['-']];
    case 'done':
      return [['x', 'X']];
    case 'failed':
      return [['!']];
    case 'skipped':
      return [['-']];
    case 'blocked':
      return [['B']];
    case 'queued':
      return [['~']];
  }
}

/**
 * The checkbox character that means `state` in this file. A marker the file's own legend assigns to
 * that state wins (a file whose legend says `[-] Blocked` gets `-` for blocked); otherwise our
 * preferred marker if the legend still reads it as that state, matching the file's habit between
 * equals (`[X]` in files ticked by spec-kit's /implement, `[x]` elsewhere).
 */
export function markerFor(doc: TaskDocument, state: TaskState): string {
  const means = (marker: string) => doc.legend[marker] === state;
  const defaults = defaultLegend(doc.format);
  const fileOwn = Object.keys(doc.legend).filter((m) => means(m) && defaults[m] !== state);
  if (fileOwn.length > 0) return mostUsed(doc, state, fileOwn);
  for (const group of preferredMarkers(state, doc)) {
    const usable = group.filter(means);
    if (usable.length > 0) return mostUsed(doc, state, usable);
  }
  const legend = Object.entries(doc.legend)
    .map(([m, s]) => `[${m}] ${s}`)
    .join(', ');
  throw new TaskWriteError(
    'no-marker-for-state',
    `${doc.path} has no checkbox marker for the state '${state}' (markers it understands: ${legend})`,
  );
}

/**
 * The marker our executor writes on a task it runs in this file (`>`, Kiro `-`, or the in-progress
 * marker of the file's legend), undefined when the file has none. Other in-progress markers in the
 * file are the author's (`[~]` "folded into T012") and only the author changes them.
 */
export function runMarkerOf(doc: TaskDocument): string | undefined {
  try {
    return markerFor(doc, 'in-progress');
  } catch {
    return undefined;
  }
}

/** The candidate the file's tasks in `state` use most; the earlier candidate on a tie. */
function mostUsed(doc: TaskDocument, state: TaskState, candidates: readonly string[]): string {
  const uses = candidates.map((m) => doc.tasks.filter((t) => t.state === state && t.marker === m).length);
  return candidates[uses.indexOf(Math.max(...uses))];
}
