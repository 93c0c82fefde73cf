import type { Diagnostic, DependencyKind, Phase, Task, TaskDocument, TaskState } from '../model';

export interface TaskSpec {
  parallel?: boolean;
  optional?: boolean;
  parent?: string;
  story?: string;
  state?: TaskState;
  /** Files the task names, as the parser would list them. */
  files?: string[];
}

/**
 * Builds a {@link TaskDocument} in code, for graph tests that should not depend on the parser.
 * Lines are numbered in call order, one line per phase, task and statement.
 *
 *   taskDoc().phase('1', 'Setup').task('T001').task('T002', { parallel: true }).build()
 */
export class TaskDocBuilder {
  private readonly phases: Phase[] = [];
  private readonly tasks: Task[] = [];
  private readonly statements: TaskDocument['dependencies'] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private nextLine = 1;

  constructor(private readonly path: string) {}

  phase(key: string, title = `Phase ${key}`): this {
    this.phases.push({ key, number: /^\d/.test(key) ? key : undefined, title, line: this.nextLine++, depth: 2, taskIds: [] });
    return this;
  }

  task(id: string, spec: TaskSpec = {}): this {
    const phase = this.phases.at(-1) ?? this.implicitPhase();
    const line = this.nextLine++;
    const state = spec.state ?? 'pending';
    phase.taskIds.push(id);
    this.tasks.push({
      id,
      state,
      marker: state === 'done' ? 'x' : ' ',
      checkbox: { line, column: 4, offset: 0 },
      line,
      optional: spec.optional ?? false,
      parallel: spec.parallel ?? false,
      story: spec.story,
      labels: [],
      description: `task ${id}`,
      text: `${id} task ${id}`,
      files: spec.files ?? [],
      commands: [],
      phase: phase.key,
      parent: spec.parent,
      children: [],
    });
    if (spec.parent !== undefined) this.tasks.find((t) => t.id === spec.parent)?.children.push(id);
    return this;
  }

  /** Several tasks with the same spec. */
  tasksOf(ids: readonly string[], spec: TaskSpec = {}): this {
    for (const id of ids) this.task(id, spec);
    return this;
  }

  /** A dependency statement: every task in `after` waits for every task in `before`. */
  statement(before: string | string[], after: string | string[], kind: DependencyKind = 'statement'): this {
    const b = [before].flat();
    const a = [after].flat();
    this.statements.push({ before: b, after: a, line: this.nextLine++, column: 1, text: `${b.join(', ')} before ${a.join(', ')}`, kind });
    return this;
  }

  diagnostic(d: Omit<Diagnostic, 'file'>): this {
    this.diagnostics.push({ file: this.path, ...d });
    return this;
  }

  build(): TaskDocument {
    return {
      path: this.path,
      format: 'speckit',
      tasks: this.tasks.map((t) => ({ ...t, children: [...t.children] })),
      phases: this.phases.map((p) => ({ ...p, taskIds: [...p.taskIds] })),
      dependencies: this.statements.map((s) => ({ ...s })),
      featureDependencies: [],
      nonTasks: [],
      diagnostics: [...this.diagnostics],
      legend: { ' ': 'pending', x: 'done', X: 'done' },
      eol: '\n',
    };
  }

  /** Line number the next phase, task or statement will get. */
  get line(): number {
    return this.nextLine;
  }

  private implicitPhase(): Phase {
    const phase: Phase = { key: 'tasks', title: 'Tasks', line: 0, depth: 0, taskIds: [] };
    this.phases.push(phase);
    return phase;
  }
}

export function taskDoc(path = 'specs/001-demo/tasks.md'): TaskDocBuilder {
  return new TaskDocBuilder(path);
}
