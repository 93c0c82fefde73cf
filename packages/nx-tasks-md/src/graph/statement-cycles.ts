/**
 * What is left of a dependency statement once resolved to node indices: every `after` waits for
 * every `before`, except the pairs listed in `excluded` (keys from {@link pairKey}).
 */
export interface ResolvedStatement {
  before: number[];
  after: number[];
  excluded: Set<number>;
}

export function pairKey(before: number, after: number, nodeCount: number): number {
  return before * nodeCount + after;
}

/**
 * The strongly connected components (with at least two tasks) of the graph formed by the dependency
 * statements alone, i.e. the groups of tasks that the statements make wait for each other.
 * A whole statement is one hub node (befores → hub → afters) so that ranges stay linear in size; a
 * statement with excluded pairs or with a task on both sides is expanded into its pairs instead.
 *
 * Returns, per task node index, the id of its cyclic component (absent when not in a cycle).
 */
export function statementCycles(statements: readonly ResolvedStatement[], nodeCount: number): Map<number, number> {
  const edges = new Map<number, number[]>();
  const link = (from: number, to: number) => {
    const list = edges.get(from);
    if (list) list.push(to);
    else edges.set(from, [to]);
  };
  statements.forEach((statement, i) => {
    const overlaps = statement.before.some((b) => statement.after.includes(b));
    if (overlaps || statement.excluded.size > 0) {
      for (const b of statement.before) {
        for (const a of statement.after) {
          if (a !== b && !statement.excluded.has(pairKey(b, a, nodeCount))) link(b, a);
        }
      }
      return;
    }
    const hub = nodeCount + i;
    for (const b of statement.before) link(b, hub);
    for (const a of statement.after) link(hub, a);
  });
  const components = stronglyConnected(edges);
  const componentOf = new Map<number, number>();
  components.forEach((members, id) => {
    const tasks = members.filter((n) => n < nodeCount);
    if (tasks.length < 2) return;
    for (const task of tasks) componentOf.set(task, id);
  });
  return componentOf;
}

/** Tarjan's algorithm, iterative (plans can be long chains). */
function stronglyConnected(edges: Map<number, number[]>): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: number; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const successors = edges.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const next = successors[frame.next++];
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ node: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const members: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          members.push(member);
        } while (member !== frame.node);
        components.push(members);
      }
    }
  }
  return components;
}
