import type { Route } from '../config/options';
import type { Phase, Task, TaskDocument } from '../model';

/**
 * Routing rules: `{ match: { phase?, story?, text?, label? }, runner }`. Every condition given must
 * hold; the first matching route wins.
 */

/** `*` any run of characters, `?` one character; whole-string, case-insensitive. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

function phaseNames(phase: Phase): string[] {
  const names = [phase.key, phase.title];
  if (phase.number) names.push(phase.number);
  // Titles may keep their "Phase 3:" / "Phase 3 -" prefix; let "User Story *" match either way.
  const withoutPrefix = phase.title.replace(/^phase\s+[\w.]+\s*[:.\-–—]\s*/i, '');
  if (withoutPrefix !== phase.title) names.push(withoutPrefix);
  return names.map((n) => n.trim());
}

export function phaseMatches(pattern: string, phase: Phase | undefined, phaseKey: string): boolean {
  const re = globToRegExp(pattern.trim());
  const names = phase ? phaseNames(phase) : [phaseKey];
  return names.some((name) => re.test(name));
}

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
    const taskPhase = doc.phases.find((p) => p.key === task.phase);
    if (!phaseMatches(phase, taskPhase, task.phase)) return false;
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
