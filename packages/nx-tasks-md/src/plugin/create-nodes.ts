import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CreateNodes, CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import type { PluginOptions } from '../config/options';
import { pluginOptionsPath } from '../config/options-path';
import type { TaskGraphOptions } from '../model';
import type { FeatureAnalysis } from '../feature/analyze-feature';
import { buildFeatureTargets, TECHNOLOGY, type FeatureTargets } from './build-targets';
import { externalDependenciesFor } from './external-dependencies';
import { featureLookup, resolveFeatureDependencies } from '../feature/feature-dependencies';
import {
  featureRoot,
  isFeatureFile,
  readProjectJsonFacts,
  whyNotAPlan,
  type FeatureSettingsReader,
  type ProjectJsonFacts,
} from './feature-folder';
import type { FeatureSettingsCheck } from './feature-settings-check';
import { hashKey, InferenceCache, workspaceDataDirectory } from './inference-cache';
import { pluginVersion } from './plugin-version';
import { assignProjectNames, assertValidNameTemplate, folderNameParts, type NameRequest } from '../feature/project-name';
import { resolveTargetNames, type TargetNames } from '../feature/target-names';
import { uncacheTasksDoneHere } from '../state/done-here';
import { readTasksText } from '../state/safe-write';
import type { GateConfig } from '../config/gate-config';
import { resolveFeatureSettings } from '../config/settings';

export const TASKS_FILE_GLOB = '**/tasks.md';

/** What inference keeps per tasks.md content (JSON, stored in the inference cache). */
interface InferredFeature extends FeatureTargets {
  /** `Depends on feature:` entries as written; resolved against the other features on every run. */
  featureDependencies: string[];
}

interface Feature {
  tasksFile: string;
  root: string;
  name: string;
  parentDirname: string;
  graph: TaskGraphOptions;
  /** The `allowedPaths` option (the feature's over the workspace's). */
  allowedPaths: string[];
  gates: GateConfig;
  /** `nx.json plugins[0].options`, for messages. */
  optionsPath: string;
  /** What is wrong with its project.json runner settings: errors of the plan. */
  settingsProblems: string[];
  text: string | undefined;
  readError?: unknown;
}

/**
 * One project per tasks.md that is a plan (root = its folder). Per-file problems (parse errors,
 * cycles, an unreadable file) never throw, so they cannot take the workspace graph down; only
 * invalid plugin options and two features the user gave one project name (project.json names, a
 * projectName template) do, with a message naming both files and a fix that works.
 */
/** What the inference cache holds: inferred features, validated options, warnings already printed. */
type CacheEntry = InferredFeature | PluginOptions | FeatureSettingsCheck | { warned: true };

export const createNodes: CreateNodes<PluginOptions> = [
  TASKS_FILE_GLOB,
  async (configFiles, rawOptions, context) => {
    const version = pluginVersion();
    const cache = new InferenceCache<CacheEntry>(
      join(workspaceDataDirectory(context.workspaceRoot), `nx-tasks-md-${hashKey([rawOptions ?? {}]).slice(0, 16)}.json`),
    );
    const optionsPath = pluginOptionsPath(context.nxJsonConfiguration?.plugins, rawOptions);
    const options = validatedOptions(rawOptions, { version, cache, where: optionsPath });
    if (options.projectName) assertValidNameTemplate(options.projectName);
    const names = resolveTargetNames(options);
    const plans = findPlans(configFiles, context.workspaceRoot, (tasksMd, where) =>
      checkedFeatureSettings(tasksMd, where, { options, version, cache }),
    );
    const naming = assignProjectNames(
      plans.map((plan) => nameRequest(plan, context)),
      options.projectName,
    );
    warnOnce(naming.warnings, cache);
    const features = new Map(
      plans.map((plan) => [plan.tasksFile, describeFeature(plan, naming.names.get(plan.tasksFile)!, options, optionsPath)]),
    );
    const lookup = featureLookup([...features.values()]);
    const externalDependencies = externalDependenciesFor(context.workspaceRoot, context.nxJsonConfiguration);
    const inferOne = (tasksFile: string): CreateNodesResult => {
      const collision = naming.errors.get(tasksFile);
      if (collision) throw new Error(collision);
      const feature = features.get(tasksFile)!;
      const inferred = inferFeature(feature, { names, version, externalDependencies, context, cache });
      const implicitDependencies = resolveFeatureDependencies(inferred.featureDependencies, lookup, feature.name).projects;
      const tags = [TECHNOLOGY, ...(feature.parentDirname ? [`spec:${feature.parentDirname}`] : []), ...(options.tags ?? [])];
      return {
        projects: {
          [feature.root]: {
            root: feature.root,
            name: feature.name,
            tags: [...new Set(tags)],
            ...(implicitDependencies.length ? { implicitDependencies } : {}),
            ...(inferred.namedInputs ? { namedInputs: inferred.namedInputs } : {}),
            targets: uncacheTasksDoneHere(inferred.targets, join(context.workspaceRoot, feature.root)),
            metadata: inferred.metadata,
          },
        },
      };
    };
    try {
      return await nxCreateNodesFromFiles()((file) => inferOne(file), [...features.keys()], options, context);
    } finally {
      cache.save();
    }
  },
];

/**
 * Prints each warning the first time it arises, and again under --verbose: Nx builds the graph on
 * every command, and a workspace with dozens of renamed features would otherwise print them all
 * every time. The inference cache remembers what was said.
 */
function warnOnce(warnings: readonly string[], cache: InferenceCache<CacheEntry>): void {
  const verbose = process.env.NX_VERBOSE_LOGGING === 'true';
  for (const warning of warnings) {
    const key = hashKey(['warned', warning]);
    if (!verbose && cache.get(key)) continue;
    console.warn(warning);
    cache.set(key, { warned: true });
  }
}

/**
 * The options as validated (zod), remembered in the inference cache: loading zod is a large part of
 * a warm run, and the same options checked by the same plugin code give the same answer.
 */
function validatedOptions(
  raw: PluginOptions | undefined,
  { version, cache, where }: { version: string; cache: InferenceCache<CacheEntry>; where: string },
): PluginOptions {
  const optionsModule = require.resolve('../config/options');
  const { mtimeMs, size } = statSync(optionsModule);
  const key = hashKey(['options', version, mtimeMs, size, raw ?? {}]);
  const known = cache.get(key);
  if (known) return known as PluginOptions;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- zod loads only when the options changed
  const { parsePluginOptions } = require(optionsModule) as typeof import('../config/options');
  const options = parsePluginOptions(raw, 'nx-tasks-md plugin options in nx.json');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  (require('./check-options') as typeof import('./check-options')).assertPluginOptions(options, where);
  cache.set(key, options);
  return options;
}

/**
 * A project.json's `metadata.tasksMd`, read and checked as the executors read it, remembered in the
 * inference cache like the options (the check loads zod).
 */
function checkedFeatureSettings(
  tasksMd: Record<string, unknown>,
  where: string,
  { options, version, cache }: { options: PluginOptions; version: string; cache: InferenceCache<CacheEntry> },
): FeatureSettingsCheck {
  const checkModule = require.resolve('./feature-settings-check');
  const { mtimeMs, size } = statSync(checkModule);
  const key = hashKey(['feature-settings', version, mtimeMs, size, tasksMd, options, where]);
  const known = cache.get(key);
  if (known) return known as FeatureSettingsCheck;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkFeatureSettings } = require(checkModule) as typeof import('./feature-settings-check');
  const checked = checkFeatureSettings(tasksMd, options, where);
  cache.set(key, checked);
  return checked;
}

/**
 * Nx's own createNodesFromFiles (per-file errors gathered into one AggregateCreateNodesError), taken
 * from the module that defines it in Nx 22-24: @nx/devkit's index would load some two hundred more
 * modules into the plugin worker on every run.
 */
function nxCreateNodesFromFiles(): typeof import('@nx/devkit').createNodesFromFiles {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Nx internal, absent from other Nx layouts
    const { createNodesFromFiles } = require('nx/src/project-graph/plugins/utils');
    if (typeof createNodesFromFiles === 'function') return createNodesFromFiles;
  } catch {
    // another layout: use the public API
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the fallback only: see the comment above
  return (require('@nx/devkit') as typeof import('@nx/devkit')).createNodesFromFiles;
}

/** Nx 22 calls both exports, Nx 23+ prefers `createNodes`; both are the same v2 tuple. */
export const createNodesV2 = createNodes;

/** A tasks.md that is a plan, with its text as read (undefined when it could not be read). */
interface PlanFile {
  tasksFile: string;
  text: string | undefined;
  readError?: unknown;
  /** What a project.json beside it says. */
  projectJson: ProjectJsonFacts;
}

/**
 * The tasks.md files that are plans. The others are left out, each with the reason under
 * NX_VERBOSE_LOGGING (`nx show projects --verbose`): command templates that tools install
 * (`.claude/commands/tasks.md`), and files without a single checkbox.
 */
function findPlans(configFiles: readonly string[], workspaceRoot: string, readSettings: FeatureSettingsReader): PlanFile[] {
  const plans: PlanFile[] = [];
  for (const tasksFile of configFiles.filter(isFeatureFile)) {
    let text: string | undefined;
    let readError: unknown;
    try {
      text = readTasksText(workspaceRoot, tasksFile);
    } catch (error) {
      readError = error;
    }
    const why = whyNotAPlan(tasksFile, text);
    if (why === undefined) {
      plans.push({ tasksFile, text, readError, projectJson: readProjectJsonFacts(workspaceRoot, featureRoot(tasksFile), readSettings) });
    } else if (process.env.NX_VERBOSE_LOGGING === 'true') console.error(`nx-tasks-md: ${tasksFile} is not a plan: ${why}.`);
  }
  return plans;
}

function nameRequest(plan: PlanFile, context: CreateNodesContext): NameRequest {
  const root = featureRoot(plan.tasksFile);
  return {
    tasksFile: plan.tasksFile,
    root,
    parts: folderNameParts(root, basename(context.workspaceRoot)),
    projectJsonName: plan.projectJson.name,
  };
}

function describeFeature(plan: PlanFile, name: string, options: PluginOptions, optionsPath: string): Feature {
  const root = featureRoot(plan.tasksFile);
  const { projectJson } = plan;
  const parentDirname = root.includes('/') ? basename(join(root, '..')) : '';
  const settings = resolveFeatureSettings({ feature: projectJson.overrides, workspace: options });
  return {
    tasksFile: plan.tasksFile,
    root,
    name,
    parentDirname,
    graph: settings.graph,
    allowedPaths: settings.allowedPaths,
    gates: settings.gates,
    optionsPath,
    settingsProblems: projectJson.settingsProblems ?? [],
    text: plan.text,
    readError: plan.readError,
  };
}

interface InferContext {
  names: TargetNames;
  version: string;
  externalDependencies: string[] | undefined;
  context: CreateNodesContext;
  cache: InferenceCache<CacheEntry>;
}

function inferFeature(feature: Feature, { names, version, externalDependencies, context, cache }: InferContext): InferredFeature {
  const { text, readError, ...described } = feature;
  const key = hashKey([version, described, names, externalDependencies ?? null, context.workspaceRoot, text ?? null]);
  const cached = text === undefined ? undefined : cache.get(key);
  if (cached) return cached as InferredFeature;
  // The parser is loaded only when a tasks.md changed since the last run.
  const { analyzeFeature, unreadableFeature, withSettingsChecks } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see the comment above
    require('../feature/analyze-feature') as typeof import('../feature/analyze-feature');
  const analysis: FeatureAnalysis = withSettingsChecks(
    text === undefined
      ? unreadableFeature(feature.tasksFile, readError)
      : analyzeFeature(text, {
          tasksFile: feature.tasksFile,
          workspaceRoot: context.workspaceRoot,
          graph: feature.graph,
          allowedPaths: feature.allowedPaths,
        }),
    { names, optionsPath: feature.optionsPath, projectJson: `${feature.root}/project.json`, problems: feature.settingsProblems },
  );
  const inferred: InferredFeature = {
    ...buildFeatureTargets(analysis, {
      projectName: feature.name,
      names,
      pluginVersion: version,
      externalDependencies,
      gates: feature.gates,
    }),
    featureDependencies: analysis.doc.featureDependencies.map((d) => d.name),
  };
  if (text !== undefined) cache.set(key, inferred);
  return inferred;
}
