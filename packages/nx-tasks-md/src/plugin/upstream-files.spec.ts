import { buildTaskGraph } from '../graph';
import type { TaskDocument, TaskGraph } from '../model';
import { randomTaskDoc } from '../testing/random-task-doc';
import { taskDoc } from '../testing/task-doc';
import { upstreamFiles } from './upstream-files';

const filesOf = (doc: TaskDocument) => {
  const byId = new Map(doc.tasks.map((t) => [t.id, t.files]));
  return (id: string) => byId.get(id) ?? [];
};

/** Every file named by a task that `id` waits for, by walking the graph. */
function transitiveFiles(graph: TaskGraph, doc: TaskDocument, id: string): Set<string> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const files = new Set<string>();
  const seen = new Set<string>();
  const stack = [...byId.get(id)!.dependsOn];
  while (stack.length > 0) {
    const dep = stack.pop()!;
    if (seen.has(dep)) continue;
    seen.add(dep);
    for (const file of filesOf(doc)(dep)) files.add(file);
    stack.push(...byId.get(dep)!.dependsOn);
  }
  return files;
}

function resolved(result: ReturnType<typeof upstreamFiles>, id: string): Set<string> {
  const { gates, files } = result.upstream.get(id)!;
  return new Set([...gates.flatMap((g) => result.gateFiles.get(g)!), ...files]);
}

describe('upstreamFiles', () => {
  const doc = taskDoc()
    .phase('1')
    .task('T001', { files: ['a.ts'] })
    .task('T002', { parallel: true, files: ['b.ts'] })
    .phase('2')
    .task('T003', { files: ['c.ts'] })
    .task('T004', { files: ['d.ts'] })
    .phase('3')
    .task('T005', { files: ['e.ts'] })
    .build();
  const graph = buildTaskGraph(doc);
  const result = upstreamFiles(graph.nodes, filesOf(doc));

  it('names the latest gate a task waits past and only the files after it', () => {
    expect(result.upstream.get('T001')).toEqual({ gates: [], files: [] });
    expect(result.upstream.get('T002')).toEqual({ gates: [], files: ['a.ts'] });
    expect(result.upstream.get('T004')).toEqual({ gates: ['phase-1'], files: ['c.ts'] });
    expect(result.upstream.get('T005')).toEqual({ gates: ['phase-2'], files: [] });
    expect(result.gateFiles.get('phase-1')).toEqual(expect.arrayContaining(['a.ts', 'b.ts']));
    expect(new Set(result.gateFiles.get('phase-2'))).toEqual(new Set(['a.ts', 'b.ts', 'c.ts', 'd.ts']));
  });

  it('names every parallel phase a later task waits past', () => {
    const parallel = taskDoc()
      .phase('1', 'Foundational')
      .task('T001', { files: ['core.ts'] })
      .phase('2', 'User Story 1')
      .task('T002', { story: 'US1', files: ['us1.ts'] })
      .phase('3', 'User Story 2')
      .task('T003', { story: 'US2', files: ['us2.ts'] })
      .phase('4', 'Polish')
      .task('T004', { files: ['docs.md'] })
      .build();
    const g = buildTaskGraph(parallel, { phaseParallelism: true });
    const r = upstreamFiles(g.nodes, filesOf(parallel));
    expect(resolved(r, 'T003')).toEqual(new Set(['core.ts']));
    expect(resolved(r, 'T004')).toEqual(new Set(['core.ts', 'us1.ts', 'us2.ts']));
  });

  it('stands for exactly the files of every task a node waits for, on random plans', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = randomTaskDoc(seed, { phases: 6, maxTasksPerPhase: 8, statements: 6 });
      const named = { ...random, tasks: random.tasks.map((t, i) => ({ ...t, files: [`f${i % 7}.ts`, `g${i}.ts`] })) };
      const g = buildTaskGraph(named, { phaseParallelism: seed % 2 === 0 });
      const r = upstreamFiles(g.nodes, filesOf(named));
      for (const node of g.nodes) {
        expect({ seed, id: node.id, files: resolved(r, node.id) }).toEqual({
          seed,
          id: node.id,
          files: transitiveFiles(g, named, node.id),
        });
      }
    }
  });
});
