import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NxJsonConfiguration } from '@nx/devkit';

const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

/**
 * `['nx']` when Nx will know the `nx` package as an external node (a lock file exists, Nx reads it,
 * and the root package.json declares nx); otherwise undefined, and tasks fall back to Nx's default
 * of hashing every external dependency, because naming an unknown package fails every run.
 */
export function externalDependenciesFor(workspaceRoot: string, nxJson: NxJsonConfiguration | undefined): string[] | undefined {
  const jsPlugin = (nxJson?.pluginsConfig as Record<string, { analyzeLockfile?: boolean }> | undefined)?.['@nx/js'];
  if (jsPlugin?.analyzeLockfile === false) return undefined;
  if (!LOCK_FILES.some((f) => existsSync(join(workspaceRoot, f)))) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
    const declared = ['dependencies', 'devDependencies', 'optionalDependencies'].some(
      (field) => manifest?.[field] && typeof manifest[field] === 'object' && 'nx' in manifest[field],
    );
    return declared ? ['nx'] : undefined;
  } catch {
    return undefined;
  }
}
