import type { Diagnostic, GraphNode, Task, TaskDocument, TaskGraph, TaskGraphOptions } from '../model';
import { applyStatements } from './apply-statements';
import type { Dag } from './dag';
import { diagnostic } from './diagnostics';
import { resolvePhaseParallelism } from './phase-parallelism';
import { buildPlanOrder } from './plan-order';
import { orderSharedFiles } from './shared-files';

/**
 * The dependency graph of a parsed tasks.md: phase order through one gate node per phase, document
 * order inside a phase except between `[P]` siblings, parents after their sub-tasks, plus the file's
 * dependency statements where they do not contradict that order, and an order between tasks that
 * could run at the same time but name the same file. Pure and O(n + e) for typical plans.
 */
export function buildTaskGraph(doc: TaskDocument, options: TaskGraphOptions = {}): TaskGraph {
  const { tasks, duplicates } = uniqueTasks(doc);
  const phaseParallelism = resolvePhaseParallelism(doc, options.phaseParallelism);
  const plan = buildPlanOrder(doc, tasks, phaseParallelism.on);
  const statementDiagnostics = applyStatements(doc, plan.dag, options.strictDependencies ?? false);
  const namedFiles = new Map(tasks.map((t) => [t.id, t.files]));
  const filesOf = (id: string) => options.taskFiles?.[id] ?? namedFiles.get(id) ?? [];
  const sharedFileDiagnostics = orderSharedFiles(doc, plan.dag, filesOf);
  const diagnostics = [
    ...doc.diagnostics,
    ...duplicates,
    ...phaseParallelism.diagnostics,
    ...plan.diagnostics,
    ...statementDiagnostics,
    ...sharedFileDiagnostics,
  ];
  return {
    nodes: graphNodes(plan.dag),
    gates: plan.gates,
    diagnostics,
    hasErrors: diagnostics.some((d) => d.severity === 'error'),
  };
}

/** The first task of each ID; later tasks with the same ID are reported unless the parser already did. */
function uniqueTasks(doc: TaskDocument): { tasks: Task[]; duplicates: Diagnostic[] } {
  const first = new Map<string, Task>();
  const tasks: Task[] = [];
  const duplicates: Diagnostic[] = [];
  for (const task of doc.tasks) {
    const earlier = first.get(task.id);
    if (!earlier) {
      first.set(task.id, task);
      tasks.push(task);
      continue;
    }
    const reported = doc.diagnostics.some((d) => d.code === 'duplicate-id' && (d.line === task.line || d.line === earlier.line));
    if (!reported) {
      duplicates.push(
        diagnostic(
          doc,
          task.line,
          task.checkbox.column,
          'error',
          'duplicate-id',
          `task ID ${task.id} is used twice in ${doc.path}: lines ${earlier.line} and ${task.line}; give each task its own ID`,
        ),
      );
    }
  }
  return { tasks, duplicates };
}

function graphNodes(dag: Dag): GraphNode[] {
  const order = dag.orderByIndex();
  return order.map((node) => ({
    id: dag.ids[node],
    kind: dag.kinds[node],
    phase: dag.phases[node],
    dependsOn: [...dag.deps[node]].sort((a, b) => a - b).map((dep) => dag.ids[dep]),
  }));
}
