import { posix } from 'node:path';

/** The parts of a feature folder that project-name templates can use. */
export interface FolderNameParts {
  /** The folder name as written, e.g. `001-user-auth`. */
  dirname: string;
  /** Leading number of an `NNN-anything` folder (`001`), when there is one. */
  number?: string;
  /** The folder name lower-cased with every run of other characters turned into `-`. */
  slug: string;
  /** Slug of the folder that holds the feature folder (`specs`), empty at the top level. */
  parent: string;
}

export const DEFAULT_NUMBERED_NAME = 'feature-{number}';
export const DEFAULT_UNNUMBERED_NAME = '{slug}';

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `root` is the workspace-relative folder of the tasks.md (`.` for the workspace root, whose own
 * name is taken from `workspaceDirName`).
 */
export function folderNameParts(root: string, workspaceDirName: string): FolderNameParts {
  const normalized = root === '' ? '.' : posix.normalize(root.replace(/\\/g, '/'));
  const dirname = normalized === '.' ? workspaceDirName : posix.basename(normalized);
  const parentDir = posix.dirname(normalized);
  const parent = normalized === '.' || parentDir === '.' ? '' : posix.basename(parentDir);
  const number = /^(\d+)(?:[-_. ]|$)/.exec(dirname)?.[1];
  return { dirname, number, slug: slugify(dirname) || 'tasks', parent: slugify(parent) };
}

const PLACEHOLDER = /\{(dirname|number|slug|parent)\}/g;
const UNKNOWN_PLACEHOLDER = /\{(?!(?:dirname|number|slug|parent)\})[^}]*\}/;

/** Throws when the template uses a placeholder other than {dirname} {number} {slug} {parent}. */
export function assertValidNameTemplate(template: string): void {
  const unknown = UNKNOWN_PLACEHOLDER.exec(template);
  if (unknown) {
    throw new Error(
      `nx-tasks-md option "projectName": unknown placeholder ${unknown[0]} in "${template}" ` +
        '(use {number}, {dirname}, {slug}, {parent})',
    );
  }
}

/**
 * The project name of a feature folder. Default: `feature-{number}` for `NNN-anything` folders,
 * `{slug}` otherwise. A template that needs {number} (or {parent}) on a folder without one falls
 * back to the default for that folder, so `{parent}-{number}` still names `specs/misc` `misc`.
 */
export function projectNameFor(parts: FolderNameParts, template?: string): string {
  const chosen = template ?? (parts.number ? DEFAULT_NUMBERED_NAME : DEFAULT_UNNUMBERED_NAME);
  const needs = (placeholder: 'number' | 'parent') => chosen.includes(`{${placeholder}}`);
  if ((needs('number') && !parts.number) || (needs('parent') && !parts.parent)) {
    return template === undefined
      ? parts.slug
      : projectNameFor(parts, parts.number ? DEFAULT_NUMBERED_NAME : DEFAULT_UNNUMBERED_NAME);
  }
  const values: Record<string, string> = {
    dirname: parts.dirname,
    number: parts.number ?? '',
    slug: parts.slug,
    parent: parts.parent,
  };
  return chosen
    .replace(PLACEHOLDER, (_, key: string) => values[key])
    .replace(/[^A-Za-z0-9._@/-]+/g, '-');
}

export interface NamedFeature {
  tasksFile: string;
  name: string;
}

/**
 * Groups features that would share a project name. Returns one message per tasks.md involved,
 * naming every other file with the same name and how to fix it.
 */
export function findNameCollisions(features: NamedFeature[]): Map<string, string> {
  const byName = new Map<string, string[]>();
  for (const { tasksFile, name } of features) {
    byName.set(name, [...(byName.get(name) ?? []), tasksFile]);
  }
  const messages = new Map<string, string>();
  for (const [name, files] of byName) {
    if (files.length < 2) continue;
    for (const file of files) {
      const others = files.filter((f) => f !== file);
      messages.set(
        file,
        `nx-tasks-md: ${file} and ${others.join(', ')} would both be the project "${name}". ` +
          'Give the plugin a "projectName" template in nx.json (e.g. "{parent}-{number}" or "{dirname}"), ' +
          'set "name" in a project.json beside one of them, or exclude one folder from the plugin.',
      );
    }
  }
  return messages;
}
