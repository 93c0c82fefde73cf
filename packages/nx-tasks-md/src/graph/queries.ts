import type { GraphNode, TaskGraph } from '../model';

export interface IncludeGates {
  /** Include phase gate nodes in the result (default: tasks only). */
  includeGates?: boolean;
}

/** Node IDs in plan order (the graph's topological order). */
export function topologicalOrder(graph: TaskGraph, options: IncludeGates = {}): string[] {
  return graph.nodes.filter((n) => keep(n, options)).map((n) => n.id);
}

/**
 * Tasks grouped by the earliest step they can start at when every task takes one step and a gate
 * takes none (longest-path level). Gates shape the levels but are left out unless asked for; an
 * included gate is listed in the wave in which it opens.
 */
export function waves(graph: TaskGraph, options: IncludeGates = {}): string[][] {
  const start = new Map<string, number>();
  const finish = new Map<string, number>();
  const result: string[][] = [];
  for (const node of graph.nodes) {
    const level = Math.max(0, ...node.dependsOn.map((d) => finishOf(finish, d, node)));
    start.set(node.id, level);
    finish.set(node.id, level + (node.kind === 'task' ? 1 : 0));
    if (!keep(node, options)) continue;
    while (result.length <= level) result.push([]);
    result[level].push(node.id);
  }
  return result.filter((wave) => wave.length > 0);
}

export interface CriticalPath {
  /** Sum of the weights along the path. */
  length: number;
  /** Task IDs along the heaviest dependency chain, first to last. */
  path: string[];
}

/**
 * The heaviest chain of dependent tasks. `weight` is asked for task IDs only (default 1 each);
 * gates weigh 0. Ties go to the chain that comes first in plan order.
 */
export function criticalPath(graph: TaskGraph, weight: (taskId: string) => number = () => 1): CriticalPath {
  const finish = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  let end: GraphNode | undefined;
  for (const node of graph.nodes) {
    const own = node.kind === 'task' ? weight(node.id) : 0;
    if (!Number.isFinite(own) || own < 0) throw new Error(`weight of ${node.id} must be a finite number >= 0, got ${own}`);
    let best: string | undefined;
    let bestFinish = 0;
    for (const dep of node.dependsOn) {
      const depFinish = finishOf(finish, dep, node);
      if (best === undefined || depFinish > bestFinish) {
        best = dep;
        bestFinish = depFinish;
      }
    }
    finish.set(node.id, bestFinish + own);
    via.set(node.id, best);
    if (end === undefined || finish.get(node.id)! > finish.get(end.id)!) end = node;
  }
  if (end === undefined) return { length: 0, path: [] };
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const path: string[] = [];
  for (let at: string | undefined = end.id; at !== undefined; at = via.get(at)) {
    if (kinds.get(at) === 'task') path.push(at);
  }
  return { length: finish.get(end.id)!, path: path.reverse() };
}

/** Every node that waits for `id`, directly or not, in plan order. */
export function dependentsOf(graph: TaskGraph, id: string, options: IncludeGates = {}): string[] {
  requireNode(graph, id);
  const reached = new Set<string>([id]);
  const result: string[] = [];
  for (const node of graph.nodes) {
    if (!node.dependsOn.some((d) => reached.has(d))) continue;
    reached.add(node.id);
    if (keep(node, options)) result.push(node.id);
  }
  return result;
}

/**
 * The tasks that come after task `id` in plan order (not including it): what `--restart-from` reruns
 * besides the task itself. A superset of {@link dependentsOf}.
 */
export function tasksAfter(graph: TaskGraph, id: string): string[] {
  const at = requireNode(graph, id);
  if (graph.nodes[at].kind !== 'task') throw new Error(`${id} is a phase gate, not a task`);
  return graph.nodes
    .slice(at + 1)
    .filter((n) => n.kind === 'task')
    .map((n) => n.id);
}

/**
 * The tasks that may run at the same time as each task: neither among its prerequisites (direct or
 * not) nor among the tasks that wait for it. O(n²/32) with bit sets; plans have hundreds of tasks.
 */
export function concurrentTasks(graph: TaskGraph): Map<string, string[]> {
  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const words = Math.ceil(graph.nodes.length / 32);
  const before = graph.nodes.map(() => new Uint32Array(words));
  graph.nodes.forEach((node, i) => {
    for (const dep of node.dependsOn) {
      const d = index.get(dep);
      if (d === undefined) continue;
      const own = before[i];
      const inherited = before[d];
      for (let w = 0; w < words; w++) own[w] |= inherited[w];
      own[d >>> 5] |= 1 << (d & 31);
    }
  });
  const has = (set: Uint32Array, i: number) => (set[i >>> 5] & (1 << (i & 31))) !== 0;
  const tasks = graph.nodes.map((node, i) => ({ node, i })).filter(({ node }) => node.kind === 'task');
  const result = new Map<string, string[]>();
  for (const { node, i } of tasks) {
    result.set(
      node.id,
      tasks.filter(({ i: j }) => j !== i && !has(before[i], j) && !has(before[j], i)).map(({ node: other }) => other.id),
    );
  }
  return result;
}

function keep(node: GraphNode, options: IncludeGates): boolean {
  return node.kind === 'task' || options.includeGates === true;
}

function requireNode(graph: TaskGraph, id: string): number {
  const at = graph.nodes.findIndex((n) => n.id === id);
  if (at < 0) throw new Error(`${id} is not a task of this plan`);
  return at;
}

function finishOf(finish: ReadonlyMap<string, number>, dep: string, node: GraphNode): number {
  const value = finish.get(dep);
  if (value === undefined) throw new Error(`graph nodes are not in topological order: ${node.id} comes before its prerequisite ${dep}`);
  return value;
}
