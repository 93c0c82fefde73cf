import type { Diagnostic, Phase, Task, TaskDocument } from '../model';
import { Dag } from './dag';
import { diagnostic } from './diagnostics';
import { phaseEntries } from './phase-entries';

export interface PlanOrder {
  dag: Dag;
  gates: Record<string, string>;
  diagnostics: Diagnostic[];
}

export function gateId(phaseKey: string): string {
  return `phase-${phaseKey}`;
}

/**
 * Builds the nodes and the edges the plan's layout implies: phases in order through one gate per
 * phase, document order inside a phase except between `[P]` siblings, parents after their children.
 * Nodes are created in document order (each phase's tasks, then its gate), which is the order the
 * final topological sort prefers.
 */
export function buildPlanOrder(doc: TaskDocument, tasks: readonly Task[], phaseParallelism: boolean): PlanOrder {
  const diagnostics: Diagnostic[] = [];
  const phases = phasesOf(doc, tasks);
  const tasksByPhase = groupByPhase(tasks);
  const dag = new Dag();
  const gates: Record<string, string> = {};
  const gateNodes: number[] = [];
  const nodeOf = new Map<Task, number>();
  const byId = new Map(tasks.map((t) => [t.id, t]));

  for (const phase of phases) {
    for (const task of tasksByPhase.get(phase.key) ?? []) nodeOf.set(task, dag.addNode(task.id, 'task', phase.key));
    const gate = gateId(phase.key);
    const task = byId.get(gate);
    if (task) {
      diagnostics.push(
        diagnostic(
          doc,
          task.line,
          1,
          'error',
          'id-collides-with-gate',
          `task ID ${gate} is also the name of the gate of phase ${phase.key}; rename the task`,
        ),
      );
    }
    gateNodes.push(dag.addNode(gate, 'gate', phase.key));
    gates[phase.key] = gate;
  }

  const childrenOf = childrenInPhase(doc, tasks, diagnostics);
  const nested = new Set([...childrenOf.values()].flat());
  const entries = phaseEntries(phases, tasksByPhase, phaseParallelism);

  const sequence = (siblings: readonly Task[], entry: readonly number[]): readonly number[] => {
    let anchor = entry;
    let run: number[] = [];
    for (const task of siblings) {
      const node = nodeOf.get(task)!;
      place(task, node, task.parallel || run.length === 0 ? anchor : run);
      if (task.parallel) {
        run.push(node);
      } else {
        anchor = [node];
        run = [];
      }
    }
    return run.length > 0 ? run : anchor;
  };

  const place = (task: Task, node: number, prerequisites: readonly number[]): void => {
    const children = childrenOf.get(task);
    const before = children ? sequence(children, prerequisites) : prerequisites;
    for (const prerequisite of before) dag.addTrustedEdge(prerequisite, node);
  };

  phases.forEach((phase, i) => {
    const entry = entries[i].map((p) => gateNodes[p]);
    const topLevel = (tasksByPhase.get(phase.key) ?? []).filter((t) => !nested.has(t));
    for (const last of sequence(topLevel, entry)) dag.addTrustedEdge(last, gateNodes[i]);
  });

  dag.seal();
  return { dag, gates, diagnostics };
}

/** The document's phases (first of each key), plus any phase a task names that the document does not list. */
function phasesOf(doc: TaskDocument, tasks: readonly Task[]): Phase[] {
  const known = new Set<string>();
  const phases = doc.phases.filter((p) => !known.has(p.key) && known.add(p.key));
  for (const task of tasks) {
    if (known.has(task.phase)) continue;
    known.add(task.phase);
    phases.push({ key: task.phase, title: task.phase, line: task.line, depth: 0, taskIds: [] });
  }
  return phases;
}

function groupByPhase(tasks: readonly Task[]): Map<string, Task[]> {
  const byPhase = new Map<string, Task[]>();
  for (const task of tasks) {
    const list = byPhase.get(task.phase);
    if (list) list.push(task);
    else byPhase.set(task.phase, [task]);
  }
  return byPhase;
}

/**
 * Children per parent task, in document order. A parent link is followed only when the parent comes
 * earlier in the document and sits in the same phase: a parent in an earlier phase cannot wait for a
 * child in a later one without contradicting the phase order, so such a child is treated as a
 * top-level task of its own phase (with an info diagnostic).
 */
function childrenInPhase(doc: TaskDocument, tasks: readonly Task[], diagnostics: Diagnostic[]): Map<Task, Task[]> {
  const position = new Map<string, number>();
  tasks.forEach((task, i) => position.set(task.id, i));
  const children = new Map<Task, Task[]>();
  tasks.forEach((task, i) => {
    if (task.parent === undefined) return;
    const parentAt = position.get(task.parent);
    if (parentAt === undefined || parentAt >= i) return;
    const parent = tasks[parentAt];
    if (parent.phase !== task.phase) {
      diagnostics.push(
        diagnostic(
          doc,
          task.line,
          1,
          'info',
          'parent-in-other-phase',
          `${task.id} is a sub-task of ${parent.id} but sits in another phase; it is scheduled as a task of its own phase and ${parent.id} does not wait for it`,
        ),
      );
      return;
    }
    const list = children.get(parent);
    if (list) list.push(task);
    else children.set(parent, [task]);
  });
  return children;
}
