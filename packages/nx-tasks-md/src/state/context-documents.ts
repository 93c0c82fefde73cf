import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTEXT_DOCUMENTS as FEATURE_DOCUMENTS } from '../graph';

/**
 * The feature's context documents, the ones every task's cache key covers (see the plugin's
 * CONTEXT_DOCUMENT_INPUTS): a task that completes records their content hashes, so a later run can
 * tell which of them changed since it ran.
 */
export const CONTEXT_DOCUMENTS = FEATURE_DOCUMENTS.filter((doc) => !doc.endsWith('/'));
export const CONTEXT_FOLDERS = FEATURE_DOCUMENTS.filter((doc) => doc.endsWith('/')).map((doc) => doc.slice(0, -1));

/** Feature-relative path (forward slashes) → a short sha256 of its content, for those that exist. */
export function contextDocumentHashes(featureDir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  const add = (relative: string) => {
    try {
      hashes[relative] = createHash('sha256')
        .update(fs.readFileSync(path.join(featureDir, relative)))
        .digest('hex')
        .slice(0, 16);
    } catch {
      // gone, or not a readable file: not a document
    }
  };
  for (const name of CONTEXT_DOCUMENTS) add(name);
  for (const folder of CONTEXT_FOLDERS) for (const file of filesUnder(featureDir, folder)) add(file);
  return hashes;
}

function filesUnder(root: string, relative: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) return filesUnder(root, child);
      return entry.isFile() ? [child] : [];
    });
}

/** Documents that differ between what a task recorded and now: changed, `(new)` or `(removed)`. */
export function changedDocuments(recorded: Record<string, string>, current: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(recorded), ...Object.keys(current)])].sort();
  return names.flatMap((name) => {
    if (recorded[name] === current[name]) return [];
    if (!(name in recorded)) return [`${name} (new)`];
    if (!(name in current)) return [`${name} (removed)`];
    return [name];
  });
}
