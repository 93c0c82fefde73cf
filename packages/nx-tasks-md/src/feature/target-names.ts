import type { PluginOptions } from '../config/options';
import { resolveTargetNames, type TargetNames } from '../config/target-names';

export { resolveTargetNames, type TargetNames } from '../config/target-names';

const UNSAFE = /[^A-Za-z0-9._-]+/g;

/**
 * `T001` stays `T001`. An ID that does not start with a letter (Kiro/OpenSpec `1.2`, `2`) becomes
 * `task-1.2`: a bare number is a poor target name (JSON reorders integer-like keys, and `2` next to
 * `phase-2` reads ambiguously).
 */
export function taskTargetName(taskId: string): string {
  const safe = taskId.replace(UNSAFE, '-');
  return /^[A-Za-z]/.test(safe) ? safe : `task-${safe}`;
}

/** `phase-1`, `phase-3.2`, `phase-setup` (phase key as the parser gives it). */
export function gateTargetName(phaseKey: string, names: Pick<TargetNames, 'phasePrefix'>): string {
  return `${names.phasePrefix}-${phaseKey.replace(UNSAFE, '-')}`;
}

const TARGET_NAME_KEYS = ['implement', 'plan', 'status', 'phasePrefix'] as const;

/** Why Nx or its command line would not take `name` as (the start of) a target name, if it would not. */
function targetNameProblem(name: string): string | undefined {
  if (/\s/.test(name)) return 'a target name cannot contain spaces';
  if (name.includes(':')) return 'a colon is read as project:target:configuration by `nx run`';
  if (name.includes(',')) return 'a comma separates targets in `nx run-many -t a,b`';
  if (name.startsWith('^')) return 'a leading ^ means "the same target of the dependencies" in dependsOn';
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name)) {
    return 'use letters, digits, ".", "_" and "-" (starting with a letter, digit or "_")';
  }
  return undefined;
}

/**
 * `targetNames` values Nx would reject or that name one target twice, each with the option's path
 * (`nx.json plugins[0].options.targetNames.plan: ...`). Collisions with a plan's task IDs and
 * phases are per feature: see targetNameCollisions.
 */
export function targetNamesProblems(targetNames: PluginOptions['targetNames'], where: string): string[] {
  const problems: string[] = [];
  for (const key of TARGET_NAME_KEYS) {
    const value = targetNames?.[key];
    const problem = value === undefined ? undefined : targetNameProblem(value);
    if (problem) problems.push(`${where}.targetNames.${key}: "${value}": ${problem}`);
  }
  const names = resolveTargetNames({ targetNames });
  const seen = new Map<string, string>();
  for (const key of ['implement', 'plan', 'status'] as const) {
    const other = seen.get(names[key]);
    if (other) {
      problems.push(`${where}.targetNames.${key}: "${names[key]}" is also the ${other} target; give each its own name`);
    }
    seen.set(names[key], other ?? key);
  }
  return problems;
}

export interface TargetNameCollision {
  /** Which of implement, plan, status. */
  key: 'implement' | 'plan' | 'status';
  name: string;
  /** What else the plan names so: `task T001`, `the gate of phase 1`. */
  other: string;
  line: number;
}

/** implement/plan/status names that one of the plan's tasks or phase gates would also take. */
export function targetNameCollisions(
  plan: { tasks: readonly { id: string; line: number }[]; phases: readonly { key: string; line: number }[] },
  names: TargetNames,
): TargetNameCollision[] {
  const taken = new Map<string, { other: string; line: number }>();
  for (const task of plan.tasks) taken.set(taskTargetName(task.id), { other: `the target of task ${task.id}`, line: task.line });
  for (const phase of plan.phases) {
    taken.set(gateTargetName(phase.key, names), { other: `the gate target of phase ${phase.key}`, line: phase.line });
  }
  const collisions: TargetNameCollision[] = [];
  for (const key of ['implement', 'plan', 'status'] as const) {
    const hit = taken.get(names[key]);
    if (hit) collisions.push({ key, name: names[key], ...hit });
  }
  return collisions;
}
