import type { GraphNode } from '../model';

/** The files of the tasks a node waits for, transitively. */
export interface Upstream {
  /** Gates whose whole past (every file named before them) is upstream; none implied by another. */
  gates: string[];
  /** Other upstream files: those of tasks after the last of `gates`. */
  files: string[];
}

export interface UpstreamFiles {
  upstream: Map<string, Upstream>;
  /** Per gate: every file named by a task it waits for, transitively. */
  gateFiles: Map<string, string[]>;
}

/**
 * What every node of the graph builds on, in one pass in topological order (the order of
 * `TaskGraph.nodes`). Listing every upstream file per task would grow with the square of the plan
 * (a task in phase 9 builds on eight phases of files), so a task names the gates it waits past
 * and only the files of its own phase's prerequisites: the size stays near linear.
 */
export function upstreamFiles(nodes: readonly GraphNode[], filesOf: (id: string) => readonly string[]): UpstreamFiles {
  const kinds = new Map(nodes.map((n) => [n.id, n.kind]));
  const upstream = new Map<string, Upstream>();
  const gateFiles = new Map<string, Set<string>>();
  const gatesBefore = new Map<string, Set<string>>();
  for (const node of nodes) {
    const gates = new Set<string>();
    const files = new Set<string>();
    for (const dep of node.dependsOn) {
      if (kinds.get(dep) === 'gate') {
        gates.add(dep);
        continue;
      }
      const before = upstream.get(dep);
      if (!before) throw new Error(`internal error: ${node.id} comes before its prerequisite ${dep}`);
      for (const gate of before.gates) gates.add(gate);
      for (const file of before.files) files.add(file);
      for (const file of filesOf(dep)) files.add(file);
    }
    const latest = [...gates].filter((g) => ![...gates].some((other) => other !== g && gatesBefore.get(other)!.has(g)));
    const covered = latest.map((g) => gateFiles.get(g)!);
    const own = [...files].filter((file) => !covered.some((set) => set.has(file)));
    upstream.set(node.id, { gates: latest, files: own });
    if (node.kind === 'gate') {
      const past = new Set<string>();
      const all = new Set<string>(own);
      for (const gate of latest) {
        past.add(gate);
        for (const g of gatesBefore.get(gate)!) past.add(g);
        for (const file of gateFiles.get(gate)!) all.add(file);
      }
      gatesBefore.set(node.id, past);
      gateFiles.set(node.id, all);
    }
  }
  return { upstream, gateFiles: new Map([...gateFiles].map(([gate, files]) => [gate, [...files]])) };
}
