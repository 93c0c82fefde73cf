import { buildTaskGraph } from './build-task-graph';
import { randomTaskDoc } from '../testing/random-task-doc';
import { assertTopological, waitsFor } from '../testing/graph-assertions';
import type { TaskDocument, TaskGraph } from '../model';

const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

function check(doc: TaskDocument, graph: TaskGraph, phaseParallelism: boolean): void {
  // No cycles: every node is listed after all its prerequisites, and each exactly once.
  assertTopological(graph);
  const uniqueIds = new Set(doc.tasks.map((t) => t.id));
  expect(
    graph.nodes
      .filter((n) => n.kind === 'task')
      .map((n) => n.id)
      .sort(),
  ).toEqual([...uniqueIds].sort());

  // Every statement pair became a dependency or is named by a diagnostic on the statement's line.
  for (const statement of doc.dependencies) {
    const reported = graph.diagnostics.some((d) => d.line === statement.line);
    for (const before of statement.before) {
      for (const after of statement.after) {
        if (before === after || reported) continue;
        if (!waitsFor(graph, after, before))
          throw new Error(`line ${statement.line}: ${after} does not wait for ${before} and nothing says why`);
      }
    }
  }

  // Phase order: without phaseParallelism, every task waits for every task of every earlier phase.
  const phaseIndex = new Map(doc.phases.map((p, i) => [p.key, i]));
  const phaseOfNode = new Map(graph.nodes.map((n) => [n.id, n.phase]));
  for (const node of graph.nodes) {
    if (node.kind !== 'task' || phaseParallelism) continue;
    // No edge makes a task wait for a later phase, and every task waits for all earlier phases.
    for (const dep of node.dependsOn) {
      expect(phaseIndex.get(phaseOfNode.get(dep)!)!).toBeLessThanOrEqual(phaseIndex.get(node.phase)!);
    }
    for (const phase of doc.phases.slice(0, phaseIndex.get(node.phase)!)) {
      expect(waitsFor(graph, node.id, graph.gates[phase.key])).toBe(true);
    }
  }
}

describe('buildTaskGraph over random plans', () => {
  it.each(SEEDS)('keeps its invariants for seed %i', (seed) => {
    const doc = randomTaskDoc(seed, { phases: 1 + (seed % 6), maxTasksPerPhase: 8, statements: seed % 12 });
    check(doc, buildTaskGraph(doc), false);
    check(doc, buildTaskGraph(doc, { phaseParallelism: true }), true);
  });

  it('reports statement errors only under strictDependencies or for cycles among statements', () => {
    let contradictions = 0;
    for (const seed of SEEDS) {
      const doc = randomTaskDoc(seed, { phases: 4, maxTasksPerPhase: 6, statements: 10 });
      const lenient = buildTaskGraph(doc);
      const strict = buildTaskGraph(doc, { strictDependencies: true });
      const warnings = lenient.diagnostics.filter((d) => d.code === 'dependency-contradicts-order');
      contradictions += warnings.length;
      expect(warnings.every((d) => d.severity === 'warning')).toBe(true);
      expect(strict.diagnostics.filter((d) => d.code === 'dependency-contradicts-order').map((d) => d.line)).toEqual(
        warnings.map((d) => d.line),
      );
      expect(strict.hasErrors).toBe(strict.diagnostics.some((d) => d.severity === 'error'));
      expect(lenient.hasErrors).toBe(lenient.diagnostics.some((d) => d.code === 'dependency-cycle'));
    }
    // The generator must actually produce contradictions for this test to mean anything.
    expect(contradictions).toBeGreaterThan(20);
  });
});
