import { posix } from 'node:path';

export interface FeatureRef {
  /** Workspace-relative folder of the tasks.md. */
  root: string;
  /** Its project name. */
  name: string;
}

/**
 * Maps what a `Depends on feature:` line may say (project name, folder name, folder path) to a
 * project name. A folder name shared by two features is ambiguous and left out.
 */
export function featureLookup(features: FeatureRef[]): Map<string, string> {
  const lookup = new Map<string, string>();
  const ambiguous = new Set<string>();
  const add = (key: string, name: string) => {
    const known = lookup.get(key);
    if (known !== undefined && known !== name) ambiguous.add(key);
    else lookup.set(key, name);
  };
  for (const { root, name } of features) {
    add(name, name);
    add(root, name);
    add(posix.basename(root), name);
  }
  for (const key of ambiguous) lookup.delete(key);
  return lookup;
}

/** Project names of the features `written` refers to, without the feature itself or unknown names. */
export function resolveFeatureDependencies(written: string[], lookup: Map<string, string>, self: string): string[] {
  const resolved: string[] = [];
  for (const entry of written) {
    const key = entry.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    const name = lookup.get(key);
    if (name !== undefined && name !== self && !resolved.includes(name)) resolved.push(name);
  }
  return resolved;
}
