import type { Tree } from '@nx/devkit';

const HEADER = '# nx-tasks-md: run state, logs and locks';

/**
 * Appends the `patterns` the workspace's .gitignore lacks (creating the file when there is none),
 * in its own line endings, after a header line; returns the patterns added. Lines already there
 * are left as they are, so a second run changes nothing.
 */
export function addToGitignore(tree: Tree, patterns: readonly string[], file = '.gitignore'): string[] {
  const text = tree.exists(file) ? (tree.read(file, 'utf-8') ?? '') : '';
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missing = patterns.filter((pattern) => !present.has(pattern));
  if (missing.length === 0) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = [...(present.has(HEADER) ? [] : [HEADER]), ...missing];
  const separator = text === '' ? '' : text.endsWith('\n') ? eol : eol + eol;
  tree.write(file, text + separator + lines.join(eol) + eol);
  return missing;
}
