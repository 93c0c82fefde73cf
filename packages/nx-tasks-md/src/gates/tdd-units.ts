import type { Phase, Task, TaskDocument, TaskGraph } from '../model';
import { anyPhasePatternMatches, bareTitle } from '../config/phase-pattern';
import { isFinishingPhase, isTestGroupTitle, writesTest } from './test-groups';

/**
 * A TDD unit: tests written first, then the implementation they test. The red gate runs between
 * the two (the tests must fail), the green gate after the implementation (they must pass).
 */
export interface TddUnit {
  /** `us1`, `3.2`, `4-us2`: the suffix of the `tdd-red-…` / `tdd-green-…` targets. */
  key: string;
  /** For people: `User Story 1`, `Phase 3.2 Tests First (TDD)`. */
  label: string;
  /** Keys of the phases the unit spans; the first holds the tests, the last ends with green. */
  phases: string[];
  story?: string;
  /** Task IDs of the tests, in plan order. */
  tests: string[];
  /** Task IDs of the implementation, in plan order. */
  implementation: string[];
}

export interface TddUnitOptions {
  /** Phase patterns (as in `gates.phases[].match`) where no unit is formed. */
  exclude?: readonly string[];
}

export const TDD_RED_PREFIX = 'tdd-red-';
export const TDD_GREEN_PREFIX = 'tdd-green-';

export function tddTargetNames(unit: Pick<TddUnit, 'key'>): { red: string; green: string } {
  return { red: `${TDD_RED_PREFIX}${unit.key}`, green: `${TDD_GREEN_PREFIX}${unit.key}` };
}

interface Candidate {
  phases: Phase[];
  story?: string;
  tests: Task[];
  implementation: Task[];
}

/**
 * Finds the TDD units of a plan:
 * - a test phase ("Phase 3.2: Tests First (TDD)") with the phases after it up to the next test
 *   phase or finishing phase (Polish, …) as its implementation;
 * - inside any other phase (per user story when the phase mixes stories): the test tasks that come
 *   before its first implementation task, where test tasks are those under a test sub-heading
 *   ("### Tests for User Story 1") or, when the phase has no such heading, those whose text says
 *   they write a test. Every later task of the phase is implementation.
 * Finishing phases and excluded ones form no unit. A test that waits for an implementation task is
 * left out of the unit's tests (it cannot come first).
 */
export function findTddUnits(doc: TaskDocument, graph: TaskGraph, options: TddUnitOptions = {}): TddUnit[] {
  const inGraph = new Set(graph.nodes.filter((n) => n.kind === 'task').map((n) => n.id));
  const seen = new Set<string>();
  const tasks = doc.tasks.filter((t) => inGraph.has(t.id) && !seen.has(t.id) && seen.add(t.id));
  const byPhase = new Map<string, Task[]>();
  for (const task of tasks) {
    const list = byPhase.get(task.phase);
    if (list) list.push(task);
    else byPhase.set(task.phase, [task]);
  }
  const phaseSeen = new Set<string>();
  const phases = doc.phases.filter((p) => byPhase.has(p.key) && !phaseSeen.has(p.key) && phaseSeen.add(p.key));
  const excluded = (phase: Phase) => isFinishingPhase(phase) || anyPhasePatternMatches(options.exclude ?? [], phase);
  const isTestPhase = (phase: Phase) => isTestGroupTitle(phase.title);

  const candidates: Candidate[] = [];
  for (let i = 0; i < phases.length; i++) {
    const phase = phases[i];
    if (excluded(phase)) continue;
    if (isTestPhase(phase)) {
      const span = [phase];
      while (i + 1 < phases.length && !excluded(phases[i + 1]) && !isTestPhase(phases[i + 1])) span.push(phases[++i]);
      candidates.push({
        phases: span,
        tests: byPhase.get(phase.key)!.filter((t) => !t.optional),
        implementation: span.slice(1).flatMap((p) => byPhase.get(p.key)!),
      });
      continue;
    }
    for (const [story, scope] of storyScopes(byPhase.get(phase.key)!)) {
      const split = leadingTests(scope);
      if (split) candidates.push({ phases: [phase], story, ...split });
    }
  }

  const dependents = dependentsOf(graph);
  const units: TddUnit[] = [];
  const keys = new Set<string>();
  for (const candidate of candidates) {
    const downstream = reachable(
      candidate.implementation.map((t) => t.id),
      dependents,
    );
    const tests = candidate.tests.filter((t) => !downstream.has(t.id));
    if (tests.length === 0 || candidate.implementation.length === 0) continue;
    const all = [...tests, ...candidate.implementation];
    const story = candidate.story ?? commonStory(all);
    const first = candidate.phases[0];
    let key = story ? slug(story) : first.key;
    if (keys.has(key)) key = story ? `${first.key}-${slug(story)}` : `${first.key}-${units.length + 1}`;
    keys.add(key);
    units.push({
      key: key.replace(/[^A-Za-z0-9._-]+/g, '-'),
      label: story ? storyLabel(story) : phaseLabel(first),
      phases: candidate.phases.map((p) => p.key),
      ...(story ? { story } : {}),
      tests: tests.map((t) => t.id),
      implementation: candidate.implementation.map((t) => t.id),
    });
  }
  return units;
}

/** One scope per user story when the phase's tasks carry more than one story label, else one. */
function storyScopes(tasks: Task[]): Array<[string | undefined, Task[]]> {
  const stories = new Set(tasks.map((t) => t.story).filter((s): s is string => !!s));
  if (stories.size < 2) return [[undefined, tasks]];
  const scopes = new Map<string, Task[]>();
  for (const task of tasks) {
    const key = task.story ?? '';
    const list = scopes.get(key);
    if (list) list.push(task);
    else scopes.set(key, [task]);
  }
  return [...scopes].map(([story, list]) => [story || undefined, list]);
}

/**
 * The test tasks before the first implementation task, and everything from there on. Under test
 * sub-headings, tasks before the first test heading (preparation) belong to neither side.
 */
function leadingTests(scope: Task[]): { tests: Task[]; implementation: Task[] } | undefined {
  const grouped = scope.some((t) => isTestGroupTitle(t.group));
  const isTest = (t: Task) => (grouped ? isTestGroupTitle(t.group) : writesTest(t));
  const start = grouped ? scope.findIndex(isTest) : 0;
  const end = scope.findIndex((t, i) => i >= start && !isTest(t));
  if (end <= start) return undefined;
  const tests = scope.slice(start, end).filter((t) => !t.optional);
  const implementation = scope.slice(end);
  return tests.length ? { tests, implementation } : undefined;
}

function dependentsOf(graph: TaskGraph): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const node of graph.nodes) {
    for (const dep of node.dependsOn) {
      const list = map.get(dep);
      if (list) list.push(node.id);
      else map.set(dep, [node.id]);
    }
  }
  return map;
}

/** Every node that waits, directly or not, for one of `from`. */
function reachable(from: string[], dependents: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    for (const next of dependents.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

function commonStory(tasks: Task[]): string | undefined {
  const story = tasks[0]?.story;
  return story && tasks.every((t) => t.story === story) ? story : undefined;
}

function slug(story: string): string {
  return story.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function storyLabel(story: string): string {
  const n = /^US[-\s]?0*(\d+)$/i.exec(story);
  return n ? `User Story ${n[1]}` : story;
}

function phaseLabel(phase: Phase): string {
  const title = bareTitle(phase.title);
  if (!phase.number) return title || phase.key;
  return title ? `Phase ${phase.number} ${title}` : `Phase ${phase.number}`;
}
