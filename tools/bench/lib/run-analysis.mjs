import { median } from './stats.mjs';

/**
 * Where the time of one run went, from Nx's own start/end time of every task (postTasksExecution):
 * - `inTask`: median time a task target took beyond its own work (`workMs`): the executor process;
 * - `gate`: median time of a phase gate target;
 * - `gap`: median wait between the last prerequisite's end and a node's start (Nx bookkeeping:
 *   cache writes, hashing, scheduling, process fork).
 * `nodes` are the plan's graph nodes; `targetOf(nodeId)` names the node's Nx task (`project:target`).
 */
export function runBreakdown(nodes, tasks, targetOf, workMs) {
  const timing = (id) => tasks[targetOf(id)];
  const inTask = [];
  const gate = [];
  const gap = [];
  for (const node of nodes) {
    const t = timing(node.id);
    if (!t || !Number.isFinite(t.startTime) || !Number.isFinite(t.endTime)) continue;
    if (node.kind === 'task') inTask.push(t.endTime - t.startTime - workMs);
    else gate.push(t.endTime - t.startTime);
    const ends = node.dependsOn.map((d) => timing(d)?.endTime).filter(Number.isFinite);
    if (ends.length) gap.push(t.startTime - Math.max(...ends));
  }
  const med = (list) => (list.length ? median(list) : undefined);
  return { inTask: med(inTask), gate: med(gate), gap: med(gap), tasks: inTask.length, gates: gate.length };
}
