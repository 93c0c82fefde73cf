import { readCachedProjectGraph, type ProjectGraph } from '@nx/devkit';
import { posix } from 'node:path';
import { readFeatureOverrides } from '../config/feature-overrides';
import type { PluginOptions } from '../config/options';
import { resolveFeatureSettings, tasksFileOf, type FeatureSettings, type RunFlags } from '../config/settings';
import { selectsProject, type NxCommandLine } from './cli-args';
import { IMPLEMENT_EXECUTOR, TASK_EXECUTOR } from '../config/executor-names';

export interface FeatureProject {
  name: string;
  root: string;
  /** Workspace-relative tasks.md. */
  tasksFile: string;
  /** Names of the custom runners its project.json defines (`metadata.tasksMd.runners`). */
  runners: string[];
  /** Names of its targets that run a task of tasks.md. */
  taskTargets: string[];
  /** Its project.json `metadata.tasksMd`, as written. */
  tasksMd?: unknown;
}

/** The project graph Nx computed for this command; undefined when none can be read. */
export function cachedProjectGraph(): ProjectGraph | undefined {
  try {
    return readCachedProjectGraph();
  } catch {
    return undefined;
  }
}

/** The workspace's feature projects (those with our implement executor). */
export function featureProjects(implementTarget: string, graph = cachedProjectGraph()): FeatureProject[] {
  if (!graph) return [];
  return Object.values(graph.nodes)
    .filter((node) => node.data.targets?.[implementTarget]?.executor === IMPLEMENT_EXECUTOR)
    .map((node) => ({
      name: node.name,
      root: node.data.root,
      tasksFile: tasksFileOf(node.data),
      runners: Object.keys((node.data.metadata?.tasksMd as { runners?: object } | undefined)?.runners ?? {}),
      taskTargets: Object.entries(node.data.targets ?? {})
        .filter(([, target]) => target.executor === TASK_EXECUTOR)
        .map(([name]) => name),
      tasksMd: node.data.metadata?.tasksMd,
    }));
}

/** A feature's settings for this run (config/settings); throws, naming its project.json, when they are invalid. */
export function featureSettings(
  feature: Pick<FeatureProject, 'root' | 'tasksMd'>,
  workspace: PluginOptions,
  run: RunFlags,
): FeatureSettings {
  const where = `${posix.join(feature.root, 'project.json')} metadata.tasksMd`;
  const { overrides, problems } = readFeatureOverrides(feature.tasksMd, where);
  if (problems.length) throw new Error(`invalid settings:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return resolveFeatureSettings({ run, feature: overrides, workspace });
}

/**
 * Whether every target the command names is, on each selected project that has it, a target of a
 * feature project (a task, a gate, implement, plan, status): then the command's flags are ours to
 * check. False when some named target belongs to another plugin, or no graph can be read.
 */
export function runsOnlyFeatureTargets(commandLine: NxCommandLine, features: FeatureProject[], graph = cachedProjectGraph()): boolean {
  if (!graph || commandLine.targets.length === 0) return false;
  const featureNames = new Set(features.map((f) => f.name));
  return commandLine.targets.every((target) => {
    const owners = Object.values(graph.nodes).filter((node) => node.data.targets?.[target] && selectsProject(commandLine, node.name));
    return owners.length > 0 && owners.every((node) => featureNames.has(node.name));
  });
}
