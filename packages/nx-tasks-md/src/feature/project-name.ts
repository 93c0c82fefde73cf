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
    return template === undefined ? parts.slug : projectNameFor(parts, parts.number ? DEFAULT_NUMBERED_NAME : DEFAULT_UNNUMBERED_NAME);
  }
  const values: Record<string, string> = {
    dirname: parts.dirname,
    number: parts.number ?? '',
    slug: parts.slug,
    parent: parts.parent,
  };
  return chosen.replace(PLACEHOLDER, (_, key: string) => values[key]).replace(/[^A-Za-z0-9._@/-]+/g, '-');
}

/** A feature folder to name: its parts, and a name the user set in a project.json beside it. */
export interface NameRequest {
  tasksFile: string;
  /** Workspace-relative folder of the tasks.md. */
  root: string;
  parts: FolderNameParts;
  /** `name` of a project.json beside the tasks.md. */
  projectJsonName?: string;
}

export interface ProjectNames {
  /** Project name per tasks.md. */
  names: Map<string, string>;
  /** One line per group of folders that the default name could not tell apart (renamed, not an error). */
  warnings: string[];
  /** Per tasks.md, why its name clashes with another one the user chose (project.json or template). */
  errors: Map<string, string>;
}

/**
 * Project names, unique by construction where the plugin chooses them: a default name two folders
 * would share (`001-a` and `001-b` are both `feature-001`; so are `specs/infra/001-auth` and
 * `specs/app/001-dash`) gives way, for each of them, to `feature-{slug}` (`feature-001-a`), then
 * `{parent}-{slug}`, then the whole folder path as a slug. Names the user chose (a project.json
 * `name`, a `projectName` template) are kept as they are: two of them on one name is the only error.
 */
export function assignProjectNames(requests: NameRequest[], template?: string): ProjectNames {
  const { names, candidates, level } = resolveNames(requests, template);
  const warnings: string[] = [];
  const givenWay = new Set(requests.filter((r) => level.get(r.tasksFile)! > 0).map((r) => candidates.get(r.tasksFile)![0]));
  for (const shared of givenWay) {
    const files = requests
      .map((r) => r.tasksFile)
      .filter((f) => candidates.get(f)![0] === shared || names.get(f) === shared)
      .sort();
    warnings.push(
      `nx-tasks-md: ${files.join(' and ')} share the project name "${shared}"; they are named ` +
        `${files.map((f) => `"${names.get(f)}"`).join(' and ')} (a "projectName" template or a project.json "name" chooses others).`,
    );
  }
  const errors = new Map<string, string>();
  for (const [name, shared] of sharedNames([...names.keys()], (f) => names.get(f)!)) {
    const files = [...shared].sort();
    const fix = collisionFix(requests, files, names, template);
    for (const file of files) {
      errors.set(file, `nx-tasks-md: ${files.join(' and ')} would all be the project "${name}". ${fix}`);
    }
  }
  return { names, warnings, errors };
}

interface ResolvedNames {
  names: Map<string, string>;
  /** Per tasks.md, the names it may take, in order. */
  candidates: Map<string, string[]>;
  /** Per tasks.md, the index of the candidate it got. */
  level: Map<string, number>;
}

function resolveNames(requests: NameRequest[], template?: string): ResolvedNames {
  const candidates = new Map<string, string[]>();
  for (const request of requests) {
    if (request.projectJsonName) candidates.set(request.tasksFile, [request.projectJsonName]);
    else if (template !== undefined) candidates.set(request.tasksFile, [projectNameFor(request.parts, template)]);
    else candidates.set(request.tasksFile, fallbackNames(request));
  }
  const level = new Map(requests.map((r) => [r.tasksFile, 0]));
  const nameOf = (file: string) => candidates.get(file)![level.get(file)!];
  // Every folder of a shared name that can give way does, until no such name is left.
  for (let changed = true; changed;) {
    changed = false;
    for (const files of sharedNames(
      requests.map((r) => r.tasksFile),
      nameOf,
    ).values()) {
      for (const file of files) {
        if (level.get(file)! < candidates.get(file)!.length - 1) {
          level.set(file, level.get(file)! + 1);
          changed = true;
        }
      }
    }
  }
  return { names: new Map(requests.map((r) => [r.tasksFile, nameOf(r.tasksFile)])), candidates, level };
}

/** The default name of a folder, then the names it falls back to when another folder has that one. */
function fallbackNames(request: NameRequest): string[] {
  const { parts } = request;
  const names = [projectNameFor(parts)];
  if (parts.number) names.push(`feature-${parts.slug}`);
  if (parts.parent) names.push(`${parts.parent}-${parts.slug}`);
  names.push(slugify(request.root) || parts.slug);
  return [...new Set(names)];
}

function sharedNames(files: string[], nameOf: (file: string) => string): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const file of files) byName.set(nameOf(file), [...(byName.get(nameOf(file)) ?? []), file]);
  return new Map([...byName].filter(([, group]) => group.length > 1));
}

/** A fix that works for this workspace, checked against every feature's name. */
function collisionFix(requests: NameRequest[], files: string[], names: Map<string, string>, template?: string): string {
  const byFile = new Map(requests.map((r) => [r.tasksFile, r]));
  const taken = new Set(names.values());
  const pinned = files.filter((f) => byFile.get(f)!.projectJsonName);
  // Renaming all but one of them by hand (in its project.json) always works.
  const fixes = files.slice(1).map((file) => {
    const request = byFile.get(file)!;
    const fallbacks = fallbackNames(request);
    const free = [...fallbacks, `${fallbacks[fallbacks.length - 1]}-2`].find((n) => !taken.has(n))!;
    taken.add(free);
    return `set "name": "${free}" in ${posix.join(request.root, 'project.json')}`;
  });
  const advice = [`Fix: ${fixes.join(', and ')}`];
  if (template !== undefined && pinned.length < files.length) {
    const better = ['{parent}-{dirname}', '{dirname}', '{parent}-{slug}'].find((candidate) => isUniqueWith(requests, candidate));
    advice.push(
      better
        ? `or use the "projectName" template "${better}" in nx.json`
        : 'or remove "projectName" from the plugin options in nx.json (the default names are unique)',
    );
  }
  return `${advice.join('; ')}.`;
}

function isUniqueWith(requests: NameRequest[], template: string): boolean {
  const { names } = resolveNames(requests, template);
  return sharedNames([...names.keys()], (f) => names.get(f)!).size === 0;
}
