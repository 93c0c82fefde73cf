import type { Phase, Task } from '../model';

/** A phase title that names the blocking foundation phase of spec-kit plans. */
const FOUNDATION_TITLE = /\bfoundation(?:s|al)?\b/i;
/** A phase title that names a user story: `User Story 2 - …`, `US3 - …`, `US-004 …`. */
const STORY_TITLE = /\buser[\s-]+stor(?:y|ies)\b|\bUS[-\s]?\d+\b/i;

/**
 * For each phase (by position), the positions of the phases whose gates its first tasks wait for.
 *
 * By default every phase waits for the one before it. With `phaseParallelism`, the user-story phases
 * after a Foundational phase wait only for the last non-story phase before them (normally
 * Foundational), and the next non-story phase (normally Polish) waits for all of those stories.
 */
export function phaseEntries(
  phases: readonly Phase[],
  tasksByPhase: ReadonlyMap<string, readonly Task[]>,
  phaseParallelism: boolean,
): number[][] {
  const foundation = phaseParallelism ? phases.findIndex((p) => FOUNDATION_TITLE.test(p.title)) : -1;
  const entries: number[][] = [];
  let barrier: number[] = [];
  let stories: number[] = [];
  phases.forEach((phase, i) => {
    const story = foundation >= 0 && i > foundation && isStoryPhase(phase, tasksByPhase.get(phase.key));
    if (story) {
      entries.push(barrier);
      stories.push(i);
    } else {
      entries.push(stories.length > 0 ? stories : barrier);
      barrier = [i];
      stories = [];
    }
  });
  return entries;
}

/** A user-story phase: its title names a story, or every one of its tasks carries a story label. */
export function isStoryPhase(phase: Phase, tasks: readonly Task[] | undefined): boolean {
  if (STORY_TITLE.test(phase.title)) return true;
  return tasks !== undefined && tasks.length > 0 && tasks.every((t) => t.story !== undefined);
}
