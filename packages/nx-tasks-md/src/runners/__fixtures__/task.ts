import type { Phase, Task, TaskCommand, TaskDocument } from '../../model';

/** A Task as the parser would produce it, for tests that do not need a tasks.md file. */
export function makeTask(fields: Partial<Task> & { id: string }): Task {
  const description = fields.description ?? `Do ${fields.id}`;
  return {
    state: 'pending',
    marker: ' ',
    checkbox: { line: fields.line ?? 1, column: 4, offset: 3 },
    line: 1,
    optional: false,
    parallel: false,
    labels: [],
    description,
    text: `- [] ${fields.id} ${description}`,
    files: [],
    commands: [],
    phase: '1',
    children: [],
    ...fields,
  };
}

export function commands(...lines: string[]): TaskCommand[] {
  return lines.map((command, index) => ({ command, line: 10 + index, source: 'fence' }));
}

export function makeDoc(tasks: Task[], phases?: Phase[]): TaskDocument {
  return {
    path: 'specs/001-demo/tasks.md',
    format: 'speckit',
    tasks,
    phases: phases ?? [{ key: '1', number: '1', title: 'Setup', line: 1, depth: 2, taskIds: tasks.map((t) => t.id) }],
    dependencies: [],
    featureDependencies: [],
    nonTasks: [],
    diagnostics: [],
    legend: {},
    eol: '\n',
  };
}
