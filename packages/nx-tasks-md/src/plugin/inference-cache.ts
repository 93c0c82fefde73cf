import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { writeFileAtomicSync } from '../state/safe-write';

/** Entries kept beyond those used by the latest run, so switching branches stays warm. */
const SPARE_ENTRIES = 500;

/**
 * A `{ key: value }` JSON file in Nx's workspace data directory (as @nx/jest and @nx/gradle keep
 * their inferred targets), so an unchanged tasks.md is not parsed again when Nx rebuilds the graph.
 */
export class InferenceCache<T> {
  private readonly entries: Record<string, T>;
  private readonly used = new Set<string>();
  private changed = false;

  constructor(readonly file: string) {
    this.entries = readEntries<T>(file);
  }

  get(key: string): T | undefined {
    if (!Object.prototype.hasOwnProperty.call(this.entries, key)) return undefined;
    this.used.add(key);
    return this.entries[key];
  }

  set(key: string, value: T): void {
    this.entries[key] = value;
    this.used.add(key);
    this.changed = true;
  }

  /** Writes atomically (rename) when something changed; a failure to write only costs speed. */
  save(): void {
    if (!this.changed) return;
    const keys = Object.keys(this.entries);
    const spare = keys.filter((k) => !this.used.has(k)).slice(-SPARE_ENTRIES);
    const kept: Record<string, T> = {};
    for (const key of [...spare, ...this.used]) kept[key] = this.entries[key];
    try {
      // Nx's data folder may be set outside the workspace; inside it, no link is written through.
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileAtomicSync({ root: dirname(this.file) }, this.file, JSON.stringify(kept), { durable: false });
      this.changed = false;
    } catch {
      // read-only or vanished data directory: the next run parses again
    }
  }
}

function readEntries<T>(file: string): Record<string, T> {
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function hashKey(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Nx's workspace data directory (`.nx/workspace-data` unless NX_WORKSPACE_DATA_DIRECTORY or
 * NX_PROJECT_GRAPH_CACHE_DIRECTORY say otherwise). Nx's own helper is used when this Nx has it.
 */
export function workspaceDataDirectory(workspaceRoot: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Nx internal, absent from other Nx layouts
    const nx = require('nx/src/utils/cache-directory');
    if (typeof nx.workspaceDataDirectoryForWorkspace === 'function') {
      return nx.workspaceDataDirectoryForWorkspace(workspaceRoot);
    }
  } catch {
    // fall through to the documented default
  }
  const configured = process.env.NX_WORKSPACE_DATA_DIRECTORY ?? process.env.NX_PROJECT_GRAPH_CACHE_DIRECTORY;
  if (configured) return isAbsolute(configured) ? configured : join(workspaceRoot, configured);
  return join(workspaceRoot, '.nx', 'workspace-data');
}
