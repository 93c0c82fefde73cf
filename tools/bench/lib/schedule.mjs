/**
 * Reference schedules of a task graph (nodes in topological order, each `{ id, kind, dependsOn }`,
 * gates weigh nothing) with `slots` tasks at a time. All pure; durations in any unit.
 */

/** No schedule can beat the longest dependency chain, nor the total work shared by every slot. */
export function lowerBound({ criticalPath, totalWork, slots }) {
  assertSlots(slots);
  return Math.max(criticalPath, totalWork / slots);
}

/** The spec-kit style `/implement`: one task after the other. */
export function sequentialWalk(taskIds, duration) {
  return taskIds.reduce((sum, id) => sum + duration(id), 0);
}

/**
 * Wave-by-wave execution: the tasks of a wave (same longest-path level) run with `slots` at a time
 * and the next wave starts only once the slowest task of this one is done.
 */
export function waveMakespan(waves, duration, slots) {
  assertSlots(slots);
  return waves.reduce((sum, wave) => sum + packedMakespan(wave.map(duration), slots), 0);
}

/**
 * Greedy list scheduling without overhead, as a dependency-driven scheduler such as Nx does it: a
 * task starts as soon as its prerequisites are done and a slot is free, the earliest in plan order
 * first. Not a lower bound (greedy is not always optimal), but what an ideal orchestrator achieves.
 */
export function listScheduleMakespan(nodes, duration, slots) {
  assertSlots(slots);
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const waiting = nodes.map((n) => new Set(n.dependsOn));
  const dependents = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const dep of n.dependsOn) {
      if (!index.has(dep)) throw new Error(`${n.id} depends on unknown node ${dep}`);
      dependents[index.get(dep)].push(i);
    }
  });
  const finish = new Array(nodes.length);
  const ready = []; // node indexes, kept sorted (plan order)
  const running = []; // { at, node }
  let now = 0;
  let free = slots;
  let done = 0;
  const complete = (i, at) => {
    finish[i] = at;
    done++;
    for (const d of dependents[i]) {
      waiting[d].delete(nodes[i].id);
      if (waiting[d].size === 0) insertSorted(ready, d);
    }
  };
  nodes.forEach((n, i) => {
    if (waiting[i].size === 0) insertSorted(ready, i);
  });
  while (done < nodes.length) {
    // Gates take no time and no slot.
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (let r = 0; r < ready.length; r++) {
        const i = ready[r];
        if (nodes[i].kind === 'task') continue;
        ready.splice(r, 1);
        complete(i, now);
        progressed = true;
        break;
      }
    }
    while (free > 0 && ready.length > 0) {
      const i = ready.shift();
      running.push({ at: now + duration(nodes[i].id), node: i });
      free--;
    }
    if (done === nodes.length) break;
    if (running.length === 0) {
      if (ready.length === 0) throw new Error('graph has a cycle or a dangling dependency');
      continue;
    }
    running.sort((a, b) => a.at - b.at);
    now = running[0].at;
    while (running.length && running[0].at === now) {
      const { node } = running.shift();
      free++;
      complete(node, now);
    }
  }
  return Math.max(0, ...finish);
}

/** Makespan of independent jobs on `slots` machines, each job to the machine free first, in order. */
export function packedMakespan(durations, slots) {
  assertSlots(slots);
  const loads = new Array(Math.min(slots, Math.max(1, durations.length))).fill(0);
  for (const d of durations) {
    let min = 0;
    for (let i = 1; i < loads.length; i++) if (loads[i] < loads[min]) min = i;
    loads[min] += d;
  }
  return Math.max(0, ...loads);
}

function insertSorted(list, value) {
  let at = list.length;
  while (at > 0 && list[at - 1] > value) at--;
  list.splice(at, 0, value);
}

function assertSlots(slots) {
  if (!Number.isInteger(slots) || slots < 1) throw new Error(`slots must be a positive integer, got ${slots}`);
}
