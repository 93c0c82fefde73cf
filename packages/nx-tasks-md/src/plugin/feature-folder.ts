import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { FeatureOverrides } from '../config/options';
import type { FeatureSettingsCheck } from './feature-settings-check';

/** What a project.json beside a tasks.md says that inference must know before Nx merges it. */
export interface ProjectJsonFacts {
  /** An explicit project name wins over the inferred one (and takes part in collision checks). */
  name?: string;
  /** `metadata.tasksMd`: graph, gate, path and runner settings of the feature (invalid ones left out). */
  overrides: FeatureOverrides;
  /** What is wrong with them (`<root>/project.json metadata.tasksMd.runner: ...`): errors of the plan. */
  settingsProblems?: string[];
}

/** Reads and checks a `metadata.tasksMd` (see checkFeatureSettings); `where` names it in problems. */
export type FeatureSettingsReader = (tasksMd: Record<string, unknown>, where: string) => FeatureSettingsCheck;

export function readProjectJsonFacts(workspaceRoot: string, root: string, readSettings: FeatureSettingsReader): ProjectJsonFacts {
  const file = join(workspaceRoot, root, 'project.json');
  let json: unknown;
  try {
    if (!existsSync(file)) return { overrides: {} };
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { overrides: {} }; // Nx's own project.json plugin reports what is wrong with it
  }
  const record = (value: unknown): Record<string, unknown> =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const project = record(json);
  const settings = record(record(project.metadata).tasksMd);
  const { overrides, problems } = Object.keys(settings).length
    ? readSettings(settings, `${posix.join(root, 'project.json')} metadata.tasksMd`)
    : { overrides: {}, problems: [] };
  return {
    name: typeof project.name === 'string' && project.name ? project.name : undefined,
    overrides,
    ...(problems.length ? { settingsProblems: problems } : {}),
  };
}

const NEVER_INFERRED = new Set(['node_modules', 'dist', 'tmp', '.nx', '.git']);

/**
 * Folders where spec-driven tools install their own prompt and command templates, some named
 * `tasks.md` (spec-kit's `/tasks` command for each agent it supports, see AGENT_CONFIG in
 * github/spec-kit's specify_cli): never plans of the workspace.
 */
export const TEMPLATE_FOLDERS = [
  // spec-kit's own folder holds templates, scripts, memory, extensions and presets; some teams keep
  // their plans beside them (`.specify/specs/…`), and those are plans.
  '.specify/templates',
  '.specify/scripts',
  '.specify/memory',
  '.specify/extensions',
  '.specify/presets',
  '.kittify',
  '.claude/commands',
  '.gemini/commands',
  '.github/prompts',
  '.github/agents',
  '.cursor/commands',
  '.qwen/commands',
  '.opencode/command',
  '.opencode/commands',
  '.codex/prompts',
  '.windsurf/workflows',
  '.kilocode/workflows',
  '.augment/commands',
  '.codebuddy/commands',
  '.qoder/commands',
  '.roo/commands',
  '.amazonq/prompts',
  '.agents/commands',
  '.shai/commands',
  '.bob/commands',
  '.factory/commands',
].map((folder) => folder.split('/'));

/** tasks.md files under node_modules, dist, tmp, .nx or .git are never features. */
export function isFeatureFile(tasksFile: string): boolean {
  const segments = posix.normalize(tasksFile.replace(/\\/g, '/')).split('/');
  return !segments.slice(0, -1).some((segment) => NEVER_INFERRED.has(segment));
}

/** The template folder (`.claude/commands`) a tasks.md sits in, at any depth. */
export function templateFolderOf(tasksFile: string): string | undefined {
  const segments = posix.normalize(tasksFile.replace(/\\/g, '/')).split('/').slice(0, -1);
  for (let i = 0; i < segments.length; i++) {
    const folder = TEMPLATE_FOLDERS.find((parts) => parts.every((part, n) => segments[i + n] === part));
    if (folder) return segments.slice(0, i + folder.length).join('/');
  }
  return undefined;
}

/** A list item with a checkbox (`- [ ]`, `* [x]`, `1. [~]`), outside a quote or not. */
const CHECKBOX_LINE = /^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+\[[^\]\r\n]\]/m;

/**
 * Why a tasks.md is left out of the workspace's plans, or undefined when it is one. A quick look at
 * the text, not a parse: this runs on every Nx command.
 */
export function whyNotAPlan(tasksFile: string, text: string | undefined): string | undefined {
  const folder = templateFolderOf(tasksFile);
  if (folder) return `it is in ${folder}, where tools keep their command templates`;
  if (text !== undefined && !CHECKBOX_LINE.test(text)) return 'it has no checkbox (no task)';
  return undefined;
}

export function featureRoot(tasksFile: string): string {
  return posix.dirname(tasksFile.replace(/\\/g, '/'));
}
