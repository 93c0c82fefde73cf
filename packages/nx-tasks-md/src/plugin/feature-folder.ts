import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { TaskGraphOptions } from '../model';
import type { GateSettings } from '../gates/config';

/** What a project.json beside a tasks.md says that inference must know before Nx merges it. */
export interface ProjectJsonFacts {
  /** An explicit project name wins over the inferred one (and takes part in collision checks). */
  name?: string;
  /** `metadata.tasksMd` graph settings: they change the inferred `dependsOn`. */
  graph: TaskGraphOptions;
  /** `metadata.tasksMd` gate settings: they add targets and `parallelism: false` (invalid ones are left out). */
  gates?: GateSettings;
}

export function readProjectJsonFacts(workspaceRoot: string, root: string): ProjectJsonFacts {
  const file = join(workspaceRoot, root, 'project.json');
  let json: unknown;
  try {
    if (!existsSync(file)) return { graph: {} };
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { graph: {} }; // Nx's own project.json plugin reports what is wrong with it
  }
  const record = (value: unknown): Record<string, unknown> =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const project = record(json);
  const settings = record(record(project.metadata).tasksMd);
  const graph: TaskGraphOptions = {};
  if (typeof settings.strictDependencies === 'boolean') graph.strictDependencies = settings.strictDependencies;
  if (typeof settings.phaseParallelism === 'boolean') graph.phaseParallelism = settings.phaseParallelism;
  // Loaded only for a feature that has gate settings: zod is a large part of a warm run's start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gates: GateSettings =
    settings.gates !== undefined || settings.exclusive !== undefined
      ? (require('../gates/feature-gate-settings') as typeof import('../gates/feature-gate-settings')).featureGateSettings(settings)
      : {};
  return {
    name: typeof project.name === 'string' && project.name ? project.name : undefined,
    graph,
    ...(gates.gates || gates.exclusive ? { gates } : {}),
  };
}

const NEVER_INFERRED = new Set(['node_modules', 'dist', 'tmp', '.nx', '.git']);

/** tasks.md files under node_modules, dist, tmp, .nx or .git are never features. */
export function isFeatureFile(tasksFile: string): boolean {
  const segments = posix.normalize(tasksFile.replace(/\\/g, '/')).split('/');
  return !segments.slice(0, -1).some((segment) => NEVER_INFERRED.has(segment));
}

export function featureRoot(tasksFile: string): string {
  return posix.dirname(tasksFile.replace(/\\/g, '/'));
}
