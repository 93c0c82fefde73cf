/**
 * Runs a batch's tasks in dependency order, at most `concurrency` at a time, as Nx would have run
 * them one process each: a task starts once every prerequisite inside the batch has succeeded, the
 * ready task heading the longest chain of waiting tasks goes first (what keeps a chain-shaped plan
 * near its critical path), and the dependents of a failed task are never started.
 */

export interface BatchPlan {
  /** Task ids in the order Nx listed them (the tie-break). */
  ids: string[];
  /** Prerequisites of each task; ids outside the batch are ignored (Nx ran them already). */
  dependencies: Record<string, readonly string[]>;
}

export type BatchOutcome<R> =
  | { id: string; kind: 'ran'; ok: boolean; result: R }
  | { id: string; kind: 'skipped'; blockedBy: string }
  | { id: string; kind: 'stopped' };

export interface BatchRunOptions {
  concurrency: number;
  /** True once the run is being stopped: nothing new starts, the tasks not started are reported stopped. */
  stopped?: () => boolean;
}

export async function* runInDependencyOrder<R>(
  plan: BatchPlan,
  run: (id: string) => Promise<{ ok: boolean; result: R }>,
  options: BatchRunOptions,
): AsyncGenerator<BatchOutcome<R>> {
  const inBatch = new Set(plan.ids);
  const order = new Map(plan.ids.map((id, index) => [id, index]));
  const prerequisites = new Map<string, string[]>();
  const dependents = new Map<string, string[]>(plan.ids.map((id) => [id, []]));
  for (const id of plan.ids) {
    const own = [...new Set(plan.dependencies[id] ?? [])].filter((dep) => inBatch.has(dep) && dep !== id);
    prerequisites.set(id, own);
    for (const dep of own) dependents.get(dep)!.push(id);
  }
  const chain = chainLengths(plan.ids, dependents);
  const waitingOn = new Map(plan.ids.map((id) => [id, prerequisites.get(id)!.length]));
  const settled = new Set<string>();
  const ready: string[] = plan.ids.filter((id) => waitingOn.get(id) === 0);
  const running = new Map<string, Promise<{ id: string; ok: boolean; result: R }>>();
  const limit = Math.max(1, Math.floor(options.concurrency) || 1);

  const byPriority = (a: string, b: string) => chain.get(b)! - chain.get(a)! || order.get(a)! - order.get(b)!;

  while (settled.size < plan.ids.length) {
    if (options.stopped?.()) {
      for (const id of ready.splice(0)) {
        settled.add(id);
        yield { id, kind: 'stopped' };
      }
    } else {
      ready.sort(byPriority);
      while (running.size < limit && ready.length > 0) {
        const id = ready.shift()!;
        running.set(
          id,
          run(id).then(({ ok, result }) => ({ id, ok, result })),
        );
      }
    }
    if (running.size === 0) {
      // Nothing runs and nothing can start: what is left waits on tasks that were stopped.
      for (const id of plan.ids) {
        if (settled.has(id)) continue;
        settled.add(id);
        yield { id, kind: 'stopped' };
      }
      break;
    }
    const done = await Promise.race(running.values());
    running.delete(done.id);
    settled.add(done.id);
    yield { id: done.id, kind: 'ran', ok: done.ok, result: done.result };
    if (done.ok) {
      for (const next of dependents.get(done.id)!) {
        const left = waitingOn.get(next)! - 1;
        waitingOn.set(next, left);
        if (left === 0 && !settled.has(next)) ready.push(next);
      }
    } else {
      for (const id of descendants(done.id, dependents)) {
        if (settled.has(id)) continue;
        settled.add(id);
        yield { id, kind: 'skipped', blockedBy: done.id };
      }
    }
  }
}

/** Tasks on the longest chain that starts at each task (the task itself included). */
function chainLengths(ids: string[], dependents: Map<string, string[]>): Map<string, number> {
  // Kahn's order, then lengths from the sinks back (no recursion: plans can be long chains).
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const id of ids) for (const next of dependents.get(id)!) indegree.set(next, indegree.get(next)! + 1);
  const topo = ids.filter((id) => indegree.get(id) === 0);
  for (let i = 0; i < topo.length; i++) {
    for (const next of dependents.get(topo[i])!) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) topo.push(next);
    }
  }
  const lengths = new Map<string, number>();
  for (let i = topo.length - 1; i >= 0; i--) {
    const id = topo[i];
    let longest = 0;
    for (const next of dependents.get(id)!) longest = Math.max(longest, lengths.get(next) ?? 0);
    lengths.set(id, longest + 1);
  }
  // Nx hands over acyclic graphs; were there a cycle, its tasks would simply get no priority.
  for (const id of ids) if (!lengths.has(id)) lengths.set(id, 1);
  return lengths;
}

function descendants(id: string, dependents: Map<string, string[]>): string[] {
  const seen = new Set<string>();
  const stack = [...dependents.get(id)!];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...dependents.get(next)!);
  }
  return [...seen];
}
