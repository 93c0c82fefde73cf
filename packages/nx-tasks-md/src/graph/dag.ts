import type { GraphNodeKind } from '../model';

/** Outcome of adding a prerequisite edge to a {@link Dag}. */
export type EdgeResult =
  | { kind: 'added' }
  | { kind: 'redundant' }
  /** `path` runs from the would-be dependent to the would-be prerequisite through existing edges. */
  | { kind: 'cycle'; path: string[] };

/**
 * How many nodes a redundancy check may visit before it gives up and keeps the edge. Keeping a
 * redundant edge is harmless; the budget keeps huge plans linear.
 */
const REDUNDANCY_BUDGET = 4096;

/**
 * A growing DAG over integer node indices that keeps a topological order up to date while edges are
 * added (Pearce & Kelly, "A dynamic topological sort algorithm for directed acyclic graphs", 2006),
 * so that checking an edge against the existing order costs only the region it affects.
 */
export class Dag {
  readonly ids: string[] = [];
  readonly kinds: GraphNodeKind[] = [];
  readonly phases: string[] = [];
  /** Direct prerequisites per node, in insertion order. */
  readonly deps: number[][] = [];
  private readonly depSets: Set<number>[] = [];
  private readonly dependents: number[][] = [];
  private readonly indexById = new Map<string, number>();
  /** Position of each node in the current topological order, and its inverse. */
  private pos: number[] = [];
  private ord: number[] = [];

  addNode(id: string, kind: GraphNodeKind, phase: string): number {
    const index = this.ids.length;
    this.ids.push(id);
    this.kinds.push(kind);
    this.phases.push(phase);
    this.deps.push([]);
    this.depSets.push(new Set());
    this.dependents.push([]);
    this.indexById.set(id, index);
    return index;
  }

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  get size(): number {
    return this.ids.length;
  }

  hasEdge(prerequisite: number, dependent: number): boolean {
    return this.depSets[dependent].has(prerequisite);
  }

  /** Adds an edge known not to close a cycle (structural edges). Call {@link seal} afterwards. */
  addTrustedEdge(prerequisite: number, dependent: number): void {
    if (this.depSets[dependent].has(prerequisite)) return;
    this.link(prerequisite, dependent);
  }

  /** Computes the topological order of the edges added so far; lowest index first among ready nodes. */
  seal(): void {
    this.ord = this.orderByIndex();
    this.pos = new Array<number>(this.size);
    this.ord.forEach((node, position) => (this.pos[node] = position));
  }

  /** Position of `node` in the current topological order. Requires {@link seal}. */
  position(node: number): number {
    return this.pos[node];
  }

  /**
   * Adds "`dependent` waits for `prerequisite`" unless it would close a cycle or is already implied.
   * Requires {@link seal} to have been called after the last trusted edge.
   */
  addCheckedEdge(prerequisite: number, dependent: number): EdgeResult {
    if (prerequisite === dependent) return { kind: 'cycle', path: [this.ids[dependent]] };
    if (this.depSets[dependent].has(prerequisite)) return { kind: 'redundant' };
    if (this.pos[prerequisite] < this.pos[dependent]) {
      if (this.reachesBackward(dependent, prerequisite)) return { kind: 'redundant' };
      this.link(prerequisite, dependent);
      return { kind: 'added' };
    }
    const path = this.forwardPath(dependent, prerequisite);
    if (path) return { kind: 'cycle', path: path.map((n) => this.ids[n]) };
    this.reorder(prerequisite, dependent);
    this.link(prerequisite, dependent);
    return { kind: 'added' };
  }

  /**
   * Every node in a topological order that prefers the lowest node index among ready nodes, so that
   * the order follows insertion (document) order wherever the edges allow.
   */
  orderByIndex(): number[] {
    const remaining = this.deps.map((d) => d.length);
    const ready = new MinHeap();
    remaining.forEach((count, node) => count === 0 && ready.push(node));
    const order: number[] = [];
    while (ready.size > 0) {
      const node = ready.pop();
      order.push(node);
      for (const next of this.dependents[node]) {
        if (--remaining[next] === 0) ready.push(next);
      }
    }
    if (order.length !== this.size) throw new Error('internal error: the task graph has a cycle');
    return order;
  }

  private link(prerequisite: number, dependent: number): void {
    this.deps[dependent].push(prerequisite);
    this.depSets[dependent].add(prerequisite);
    this.dependents[prerequisite].push(dependent);
  }

  /** Whether `target` is an ancestor of `from` (bounded search; `false` when the budget runs out). */
  private reachesBackward(from: number, target: number): boolean {
    const floor = this.pos[target];
    const seen = new Set<number>([from]);
    const stack = [from];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const dep of this.deps[node]) {
        if (dep === target) return true;
        if (this.pos[dep] < floor || seen.has(dep)) continue;
        if (seen.size >= REDUNDANCY_BUDGET) return false;
        seen.add(dep);
        stack.push(dep);
      }
    }
    return false;
  }

  /**
   * The node IDs along a shortest chain through which `to` already waits for `from`, or undefined.
   * Requires {@link seal}.
   */
  pathBetween(from: number, to: number): string[] | undefined {
    if (from === to || this.pos[from] > this.pos[to]) return undefined;
    return this.forwardPath(from, to)?.map((n) => this.ids[n]);
  }

  /** Shortest path from `from` to `target` along dependents, searching only where it can lie. */
  private forwardPath(from: number, target: number): number[] | undefined {
    const ceiling = this.pos[target];
    const parent = new Map<number, number>([[from, -1]]);
    const queue = [from];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const next of this.dependents[node]) {
        if (parent.has(next) || this.pos[next] > ceiling) continue;
        parent.set(next, node);
        if (next === target) {
          const path = [target];
          for (let at = node; at !== -1; at = parent.get(at)!) path.push(at);
          return path.reverse();
        }
        queue.push(next);
      }
    }
    return undefined;
  }

  /** Pearce-Kelly reorder before linking `prerequisite` → `dependent` when `dependent` comes first. */
  private reorder(prerequisite: number, dependent: number): void {
    const lower = this.pos[dependent];
    const upper = this.pos[prerequisite];
    const forward = this.collect(dependent, this.dependents, (p) => p <= upper);
    const backward = this.collect(prerequisite, this.deps, (p) => p >= lower);
    const byPos = (a: number, b: number) => this.pos[a] - this.pos[b];
    forward.sort(byPos);
    backward.sort(byPos);
    const moved = [...backward, ...forward];
    const slots = moved.map((n) => this.pos[n]).sort((a, b) => a - b);
    moved.forEach((node, i) => {
      this.pos[node] = slots[i];
      this.ord[slots[i]] = node;
    });
  }

  private collect(start: number, edges: number[][], inRegion: (pos: number) => boolean): number[] {
    const seen = new Set<number>([start]);
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const next of edges[node]) {
        if (seen.has(next) || !inRegion(this.pos[next])) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    return [...seen];
  }
}

/** Binary min-heap of non-negative integers. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent] <= value) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && items[right] < items[left] ? right : left;
        if (items[child] >= last) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
