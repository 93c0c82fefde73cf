import type { DependencyStatement, Diagnostic, TaskDocument } from '../model';
import type { Dag } from './dag';
import { diagnostic } from './diagnostics';
import { pairKey, type ResolvedStatement, statementCycles } from './statement-cycles';

const MAX_LISTED_PAIRS = 5;
const MAX_PATH_NODES = 6;

interface Conflict {
  before: string;
  after: string;
  path: string[];
}

/**
 * Adds the document's dependency statements to the plan order, in three passes:
 * 1. a pair that contradicts the plan order (its `after` task already comes before its `before`
 *    task) is a stale line: left out with a warning (an error with `strict`);
 * 2. the remaining pairs that form a cycle among themselves are an error: the file says two
 *    opposite things and the plan order does not tell which one is right;
 * 3. the rest are added in document order; a pair that would close a cycle with the plan order and
 *    the pairs added before it is left out like in pass 1. Pairs the order implies add nothing.
 */
export function applyStatements(doc: TaskDocument, dag: Dag, strict: boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const resolved = doc.dependencies.map((s) => resolve(doc, dag, s, diagnostics));

  const againstPlan = resolved.map((statement) => {
    const conflicts: Conflict[] = [];
    for (const before of statement.before) {
      for (const after of statement.after) {
        const path = dag.pathBetween(after, before);
        if (!path) continue;
        statement.excluded.add(pairKey(before, after, dag.size));
        conflicts.push({ before: dag.ids[before], after: dag.ids[after], path });
      }
    }
    return conflicts;
  });

  const cycleOf = statementCycles(resolved, dag.size);
  reportStatementCycles(doc, dag, resolved, cycleOf, diagnostics);

  doc.dependencies.forEach((statement, i) => {
    const { before: befores, after: afters, excluded } = resolved[i];
    const againstEarlier: Conflict[] = [];
    const selfWaits: string[] = [];
    for (const before of befores) {
      for (const after of afters) {
        if (before === after) {
          selfWaits.push(dag.ids[before]);
          continue;
        }
        if (excluded.has(pairKey(before, after, dag.size))) continue;
        const cycle = cycleOf.get(before);
        if (cycle !== undefined && cycle === cycleOf.get(after)) continue;
        const result = dag.addCheckedEdge(before, after);
        if (result.kind === 'cycle') againstEarlier.push({ before: dag.ids[before], after: dag.ids[after], path: result.path });
      }
    }
    if (selfWaits.length > 0) {
      diagnostics.push(
        diagnostic(
          doc,
          statement.line,
          statement.column,
          'warning',
          'dependency-on-itself',
          `line ${statement.line}: ${quote(statement)} makes ${listOf(selfWaits)} wait for ${selfWaits.length === 1 ? 'itself' : 'themselves'}; ignored`,
        ),
      );
    }
    if (againstPlan[i].length > 0) diagnostics.push(conflictDiagnostic(doc, statement, againstPlan[i], 'the plan order', strict));
    if (againstEarlier.length > 0) {
      diagnostics.push(
        conflictDiagnostic(doc, statement, againstEarlier, 'the order set by the plan and earlier dependency statements', strict),
      );
    }
  });
  return diagnostics;
}

function resolve(doc: TaskDocument, dag: Dag, statement: DependencyStatement, diagnostics: Diagnostic[]): ResolvedStatement {
  const unknown: string[] = [];
  const lookup = (ids: readonly string[]) => {
    const nodes: number[] = [];
    for (const id of ids) {
      const node = dag.indexOf(id);
      if (node !== undefined && dag.kinds[node] === 'task') {
        if (!nodes.includes(node)) nodes.push(node);
      } else if (!unknown.includes(id)) {
        unknown.push(id);
      }
    }
    return nodes;
  };
  const resolved = { before: lookup(statement.before), after: lookup(statement.after), excluded: new Set<number>() };
  const reported = doc.diagnostics.some((d) => d.code === 'unknown-task' && d.line === statement.line);
  if (unknown.length > 0 && !reported) {
    diagnostics.push(
      diagnostic(
        doc,
        statement.line,
        statement.column,
        'warning',
        'unknown-task',
        `line ${statement.line}: ${quote(statement)} names ${listOf(unknown)}, which ${unknown.length === 1 ? 'is not a task' : 'are not tasks'} in ${doc.path}; ${unknown.length === 1 ? 'that ID is' : 'those IDs are'} ignored`,
      ),
    );
  }
  return resolved;
}

function reportStatementCycles(
  doc: TaskDocument,
  dag: Dag,
  resolved: readonly ResolvedStatement[],
  cycleOf: ReadonlyMap<number, number>,
  diagnostics: Diagnostic[],
): void {
  const components = new Map<number, { tasks: Set<number>; statements: DependencyStatement[] }>();
  resolved.forEach((statement, i) => {
    const cycles = new Set<number>();
    for (const before of statement.before) {
      const cycle = cycleOf.get(before);
      if (cycle === undefined) continue;
      const paired = statement.after.some(
        (a) => a !== before && cycleOf.get(a) === cycle && !statement.excluded.has(pairKey(before, a, dag.size)),
      );
      if (paired) cycles.add(cycle);
    }
    for (const cycle of cycles) {
      const component = components.get(cycle) ?? { tasks: new Set<number>(), statements: [] };
      components.set(cycle, component);
      component.statements.push(doc.dependencies[i]);
    }
  });
  for (const [node, cycle] of cycleOf) components.get(cycle)?.tasks.add(node);
  for (const { tasks, statements } of components.values()) {
    const ids = listOf([...tasks].sort((a, b) => a - b).map((n) => dag.ids[n]));
    const lines = listOf([...new Set(statements.map((s) => s.line))].sort((a, b) => a - b).map(String));
    for (const statement of statements) {
      diagnostics.push(
        diagnostic(
          doc,
          statement.line,
          statement.column,
          'error',
          'dependency-cycle',
          `line ${statement.line}: ${quote(statement)} is part of a cycle of dependency statements (lines ${lines}) that makes ${ids} wait for each other; fix or remove one of them`,
        ),
      );
    }
  }
}

function conflictDiagnostic(
  doc: TaskDocument,
  statement: DependencyStatement,
  conflicts: readonly Conflict[],
  order: string,
  strict: boolean,
): Diagnostic {
  const [first, ...rest] = conflicts;
  let message = `line ${statement.line}: '${first.before} before ${first.after}' contradicts ${order} (${formatPath(first.path)}); `;
  message += strict ? 'not applied' : 'ignored';
  if (rest.length > 0) {
    const listed = rest.slice(0, MAX_LISTED_PAIRS).map((c) => `'${c.before} before ${c.after}'`);
    if (rest.length > MAX_LISTED_PAIRS) listed.push(`${rest.length - MAX_LISTED_PAIRS} more`);
    message += `, and so ${rest.length === 1 ? 'is' : 'are'} ${listed.join(', ')} from the same statement`;
  }
  if (strict) message += ' (strictDependencies makes this an error)';
  return diagnostic(doc, statement.line, statement.column, strict ? 'error' : 'warning', 'dependency-contradicts-order', message);
}

/** `T011 → T012 → … → T024`: the order that a statement contradicts, shortened in the middle. */
function formatPath(path: readonly string[]): string {
  if (path.length <= MAX_PATH_NODES) return path.join(' → ');
  return [...path.slice(0, 3), '…', ...path.slice(-2)].join(' → ');
}

function quote(statement: DependencyStatement): string {
  const text = statement.text.trim().replace(/\s+/g, ' ');
  return `'${text.length > 80 ? `${text.slice(0, 79)}…` : text}'`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
