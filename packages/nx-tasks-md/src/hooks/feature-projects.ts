import { readCachedProjectGraph } from '@nx/devkit';
import { tasksFileOf } from '../executors/task/settings';

export interface FeatureProject {
  name: string;
  root: string;
  /** Workspace-relative tasks.md. */
  tasksFile: string;
}

/**
 * The workspace's feature projects (those with our implement executor), from the project graph
 * Nx computed for this command. Empty when no cached graph can be read.
 */
export function featureProjects(implementTarget: string): FeatureProject[] {
  let graph;
  try {
    graph = readCachedProjectGraph();
  } catch {
    return [];
  }
  return Object.values(graph.nodes)
    .filter((node) => node.data.targets?.[implementTarget]?.executor === 'nx-tasks-md:implement')
    .map((node) => ({ name: node.name, root: node.data.root, tasksFile: tasksFileOf(node.data) }));
}
