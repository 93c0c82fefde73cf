import type { GraphNode, TaskGraph } from '../model';

export function nodeOf(graph: TaskGraph, id: string): GraphNode {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id} in the graph`);
  return node;
}

export function depsOf(graph: TaskGraph, id: string): string[] {
  return nodeOf(graph, id).dependsOn;
}

/** Whether `dependent` waits for `prerequisite`, directly or through other nodes. */
export function waitsFor(graph: TaskGraph, dependent: string, prerequisite: string): boolean {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const stack = [...(byId.get(dependent)?.dependsOn ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === prerequisite) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return false;
}

/** Throws unless every node comes after all of its prerequisites and every prerequisite is a node. */
export function assertTopological(graph: TaskGraph): void {
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    for (const dep of node.dependsOn) {
      if (!seen.has(dep)) throw new Error(`${node.id} is listed before its prerequisite ${dep}`);
    }
    if (seen.has(node.id)) throw new Error(`${node.id} is listed twice`);
    seen.add(node.id);
  }
}

export function edgeCount(graph: TaskGraph): number {
  return graph.nodes.reduce((sum, n) => sum + n.dependsOn.length, 0);
}
