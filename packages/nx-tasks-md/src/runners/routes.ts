import type { Route } from '../config/options';
import { phasePatternMatches } from '../config/phase-pattern';
import type { Task, TaskDocument } from '../model';

/**
 * Routing rules: `{ match: { phase?, story?, text?, label? }, runner }`. Every condition given must
 * hold; the first matching route wins.
 */

function sameLabel(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function compileTextPattern(pattern: string, where: string): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch (error) {
    throw new Error(`${where}: invalid regular expression /${pattern}/: ${(error as Error).message}`);
  }
}

export function routeMatches(route: Route, task: Task, doc: TaskDocument, where: string): boolean {
  const { phase, story, text, label } = route.match;
  if (phase !== undefined) {
    const taskPhase = doc.phases.find((p) => p.key === task.phase) ?? { key: task.phase, title: task.phase };
    if (!phasePatternMatches(phase, taskPhase)) return false;
  }
  if (story !== undefined && !(task.story && sameLabel(task.story, story))) return false;
  if (text !== undefined && !compileTextPattern(text, `${where}.match.text`).test(task.text)) {
    return false;
  }
  if (label !== undefined) {
    const labels = [...task.labels, ...(task.priority ? [task.priority] : [])];
    if (!labels.some((l) => sameLabel(l, label))) return false;
  }
  return true;
}

export function describeRoute(route: Route): string {
  return Object.entries(route.match)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key} ${JSON.stringify(value)}`)
    .join(', ');
}
