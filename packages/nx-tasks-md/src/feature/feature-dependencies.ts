import { posix } from 'node:path';
import { DEFAULT_NUMBERED_NAME } from './project-name';

export interface FeatureRef {
  /** Workspace-relative folder of the tasks.md. */
  root: string;
  /** Its project name. */
  name: string;
}

/** What the `Depends on feature:` references of a workspace can mean. */
export interface FeatureLookup {
  /** Reference → the one project it names. */
  known: Map<string, string>;
  /** Reference → every project it could name (`001` when `001-a` and `001-b` both exist). */
  ambiguous: Map<string, string[]>;
}

/**
 * Maps what a `Depends on feature:` line may say (project name, folder path, folder name, the
 * folder's number, `feature-<number>`) to a project name. A reference that fits two features is
 * ambiguous: never a dependency, and a diagnostic of the plan that says it.
 */
export function featureLookup(features: FeatureRef[]): FeatureLookup {
  const candidates = new Map<string, string[]>();
  const add = (key: string, name: string) => {
    const names = candidates.get(key) ?? [];
    if (!names.includes(name)) candidates.set(key, [...names, name]);
  };
  for (const { root, name } of features) {
    add(name, name);
    add(root, name);
    const folder = posix.basename(root);
    add(folder, name);
    const number = /^(\d+)(?:[-_. ]|$)/.exec(folder)?.[1];
    if (number) {
      add(number, name);
      add(DEFAULT_NUMBERED_NAME.replace('{number}', number), name);
    }
  }
  const known = new Map<string, string>();
  const ambiguous = new Map<string, string[]>();
  const projectNames = new Set(features.map((f) => f.name));
  for (const [key, names] of candidates) {
    // A project's own name always means that project.
    if (projectNames.has(key)) known.set(key, key);
    else if (names.length === 1) known.set(key, names[0]);
    else ambiguous.set(key, names);
  }
  return { known, ambiguous };
}

export interface ResolvedFeatureDependencies {
  /** Project names, without the feature itself, in the order written. */
  projects: string[];
  /** References that fit several features, with the projects they could mean. */
  ambiguous: Array<{ written: string; candidates: string[] }>;
  /** References that fit no feature. */
  unknown: string[];
}

export function resolveFeatureDependencies(written: string[], lookup: FeatureLookup, self: string): ResolvedFeatureDependencies {
  const resolved: ResolvedFeatureDependencies = { projects: [], ambiguous: [], unknown: [] };
  for (const entry of written) {
    const key = normalizedReference(entry);
    const name = lookup.known.get(key);
    const candidates = lookup.ambiguous.get(key);
    if (name !== undefined) {
      if (name !== self && !resolved.projects.includes(name)) resolved.projects.push(name);
    } else if (candidates) {
      resolved.ambiguous.push({ written: entry, candidates });
    } else {
      resolved.unknown.push(entry);
    }
  }
  return resolved;
}

function normalizedReference(entry: string): string {
  return entry.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}
