import type { Diagnostic, GraphNode, Task } from '../../model';
import { criticalPath, waves } from '../../graph';
import { showControlCharacters } from '../../parse/control-characters';
import { formatDiagnostic, type FeatureAnalysis } from '../../feature/analyze-document';
import { phaseTitle } from '../../feature/target-metadata';

export type PlanFormat = 'text' | 'mermaid' | 'json';

export interface PlanView {
  projectName: string;
  analysis: FeatureAnalysis;
  /** Resolved `Depends on feature:` projects. */
  featureDependencies: string[];
  /** Diagnostics found outside the file (unknown features, invalid settings). */
  extraDiagnostics: Diagnostic[];
}

interface Schedule {
  waves: string[][];
  criticalPath: { length: number; path: string[] };
}

/** Waves and critical path, or nothing when the plan has errors (its graph is not to be run). */
function schedule(analysis: FeatureAnalysis): Schedule | undefined {
  if (analysis.hasErrors) return undefined;
  try {
    return { waves: waves(analysis.graph), criticalPath: criticalPath(analysis.graph) };
  } catch {
    return undefined;
  }
}

export function allDiagnostics(view: PlanView): Diagnostic[] {
  return [...view.extraDiagnostics, ...view.analysis.diagnostics];
}

export function renderPlan(view: PlanView, format: PlanFormat): string {
  if (format === 'json') return JSON.stringify(planJson(view), null, 2);
  if (format === 'mermaid') return renderMermaid(view.analysis);
  return renderText(view);
}

function renderText(view: PlanView): string {
  const { analysis } = view;
  const { doc } = analysis;
  const nodes = new Map(analysis.graph.nodes.map((n) => [n.id, n]));
  const lines: string[] = [
    `${view.projectName} · ${analysis.tasksFile} (${doc.format}) · ${plural(doc.tasks.length, 'task')} · ${plural(doc.phases.length, 'phase')}`,
  ];
  for (const phase of doc.phases) {
    lines.push('', `${phaseTitle(phase)}${analysis.graph.gates[phase.key] ? `  → gate ${analysis.graph.gates[phase.key]}` : ''}`);
    for (const task of doc.tasks.filter((t) => t.phase === phase.key)) {
      lines.push(`  ${taskLine(task, analysis.hasErrors ? undefined : nodes.get(task.id))}`);
    }
  }
  const planned = schedule(analysis);
  if (planned) {
    lines.push('', `Waves (tasks that can run together): ${planned.waves.length}`);
    planned.waves.forEach((wave, i) => lines.push(`  ${String(i + 1).padStart(3)}  ${wave.join(' ')}`));
    lines.push('', `Critical path: ${plural(planned.criticalPath.length, 'task')}: ${planned.criticalPath.path.join(' → ')}`);
  } else {
    lines.push('', 'No schedule: the plan has errors (fix them, then run plan again).');
  }
  if (view.featureDependencies.length) lines.push('', `Depends on features: ${view.featureDependencies.join(', ')}`);
  const diagnostics = allDiagnostics(view);
  lines.push('', diagnostics.length ? `Diagnostics (${diagnostics.length}):` : 'Diagnostics: none');
  for (const d of diagnostics) lines.push(`  ${formatDiagnostic(d)}`);
  return lines.join('\n');
}

function taskLine(task: Task, node: GraphNode | undefined): string {
  const labels = [task.parallel ? '[P]' : '', task.story ? `[${task.story}]` : '', task.optional ? '(optional)' : '']
    .filter(Boolean)
    .join(' ');
  const after = node?.dependsOn.length ? `  (after ${node.dependsOn.join(', ')})` : '';
  return `[${task.marker}] ${task.id}${labels ? ` ${labels}` : ''} ${showControlCharacters(task.description)}${after}`;
}

function planJson(view: PlanView) {
  const { analysis } = view;
  const nodes = new Map(analysis.graph.nodes.map((n) => [n.id, n]));
  const planned = schedule(analysis);
  return {
    project: view.projectName,
    tasksFile: analysis.tasksFile,
    format: analysis.doc.format,
    hasErrors: analysis.hasErrors,
    phases: analysis.doc.phases.map((p) => ({
      key: p.key,
      number: p.number ?? null,
      title: p.title,
      line: p.line,
      gate: analysis.graph.gates[p.key] ?? null,
      tasks: p.taskIds,
    })),
    tasks: analysis.doc.tasks.map((t) => ({
      id: t.id,
      state: t.state,
      line: t.line,
      phase: t.phase,
      parallel: t.parallel,
      optional: t.optional,
      story: t.story ?? null,
      description: t.description,
      files: analysis.taskFiles[t.id]?.changes ?? [],
      reads: analysis.taskFiles[t.id]?.reads ?? [],
      dependsOn: nodes.get(t.id)?.dependsOn ?? [],
    })),
    gates: analysis.graph.nodes.filter((n) => n.kind === 'gate').map((n) => ({ id: n.id, phase: n.phase, dependsOn: n.dependsOn })),
    waves: planned?.waves ?? null,
    criticalPath: planned?.criticalPath ?? null,
    featureDependencies: view.featureDependencies,
    diagnostics: allDiagnostics(view),
  };
}

/** A Mermaid flowchart: one subgraph per phase, gates as hexagons, done tasks highlighted. */
export function renderMermaid(analysis: FeatureAnalysis): string {
  const { doc, graph } = analysis;
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const tasks = new Map(doc.tasks.map((t) => [t.id, t]));
  const lines = ['flowchart TD'];
  doc.phases.forEach((phase, p) => {
    lines.push(`  subgraph p${p}["${escape(phaseTitle(phase))}"]`);
    for (const node of graph.nodes.filter((n) => n.phase === phase.key)) {
      const task = tasks.get(node.id);
      lines.push(
        node.kind === 'gate'
          ? `    ${ids.get(node.id)}{{"${escape(node.id)}"}}`
          : `    ${ids.get(node.id)}["${escape(`${node.id} ${shorten(task?.description ?? '')}`.trim())}"]`,
      );
    }
    lines.push('  end');
  });
  for (const node of graph.nodes) {
    for (const dep of node.dependsOn) {
      if (ids.has(dep)) lines.push(`  ${ids.get(dep)} --> ${ids.get(node.id)}`);
    }
  }
  const done = graph.nodes.filter((n) => tasks.get(n.id)?.state === 'done').map((n) => ids.get(n.id));
  if (done.length) lines.push('  classDef done fill:#d3f9d8,stroke:#2b8a3e', `  class ${done.join(',')} done`);
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
