import { posix } from 'node:path';
import type { Diagnostic, TaskDocument } from '../model';
import { isFeatureDocument } from './context-documents';
import type { Dag } from './dag';
import { diagnostic } from './diagnostics';

/** Files per task ID; a task missing from it shares no file. */
export type FilesPerTask = (taskId: string) => readonly string[];

/**
 * Orders tasks that name the same file but could run at the same time (no path between them in
 * the DAG): an agent that reads the file and writes it back would lose the other's edit. `[P]`
 * promises different files, and model-written plans often break that promise; so do parallel
 * phases. Per file, its tasks are sorted by the DAG's topological order (which follows document
 * order where the edges allow) and chained: each waits for the one before it unless it already
 * does. Every edge points forward in one fixed topological order, so no edge can close a cycle.
 * Folders (a trailing `/`), the tasks.md and the feature's context documents are not shared files.
 * Cost: O(files named + edges added × a bounded reachability check).
 */
export function orderSharedFiles(doc: TaskDocument, dag: Dag, filesOf: FilesPerTask): Diagnostic[] {
  dag.seal();
  const tasksByFile = new Map<string, number[]>();
  for (let node = 0; node < dag.size; node++) {
    if (dag.kinds[node] !== 'task') continue;
    for (const file of new Set(sharedCandidates(filesOf(dag.ids[node]), doc.path))) {
      const list = tasksByFile.get(file);
      if (list) list.push(node);
      else tasksByFile.set(file, [node]);
    }
  }
  const lineOf = new Map(doc.tasks.map((t) => [t.id, t.line]));
  const diagnostics: Diagnostic[] = [];
  for (const [file, nodes] of tasksByFile) {
    if (nodes.length < 2) continue;
    nodes.sort((a, b) => dag.position(a) - dag.position(b));
    const serialized = new Set<number>();
    for (let i = 1; i < nodes.length; i++) {
      const result = dag.addCheckedEdge(nodes[i - 1], nodes[i]);
      if (result.kind === 'cycle') throw new Error(`internal error: ordering ${file} closed a cycle`);
      if (result.kind === 'added') serialized.add(nodes[i - 1]).add(nodes[i]);
    }
    if (serialized.size === 0) continue;
    const ids = nodes.filter((n) => serialized.has(n)).map((n) => dag.ids[n]);
    diagnostics.push(diagnostic(doc, lineOf.get(ids[1]) ?? 1, 1, 'info', 'shared-file', sharedFileMessage(ids, file)));
  }
  return diagnostics;
}

function sharedFileMessage(ids: string[], file: string): string {
  if (ids.length === 2) return `${ids[0]} and ${ids[1]} both name ${file}: run one after the other`;
  return `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)} all name ${file}: run one after the other, in that order`;
}

/** The files of one task that another task may not change at the same time, normalized. */
function sharedCandidates(files: readonly string[], tasksFile: string): string[] {
  const shared: string[] = [];
  for (const written of files) {
    if (written.endsWith('/') || written.endsWith('\\')) continue;
    const file = posix.normalize(written.replace(/\\/g, '/'));
    if (file === '.' || isFeatureDocument(file, tasksFile)) continue;
    shared.push(file);
  }
  return shared;
}
