import type { Diagnostic, ParseOptions, Phase, Task, TaskDocument, TaskFormat } from '../model';
import { checkboxesOutsideLists, classifyCheckboxes, type Candidate } from './checkbox-items';
import { controlCharacterDiagnostics } from './control-characters';
import { collectDependencies, collectFeatureDependencies } from './dependencies';
import { readStoryIndependence } from './story-independence';
import { IdGenerator } from './generated-ids';
import { defaultLegend } from './legend';
import { readOutline, type HeadingBlock, type Outline } from './markdown-outline';
import { planPhases } from './phases';
import { createSource, lineText, type Source } from './source';
import { TaskBuilder, type TaskSource } from './task-builder';
import { looksLikeCheckboxLine } from './task-line';

/**
 * Reads a tasks.md (spec-kit, Kiro, cc-sdd, OpenSpec or hand-written) into a TaskDocument.
 * Pure and synchronous; never throws. The rules are described in RULES.md next to this file.
 */
export function parseTasksMd(text: string, options: ParseOptions): TaskDocument {
  const path = options?.path ?? '';
  const input = typeof text === 'string' ? text : String(text ?? '');
  try {
    return parseDocument(input, path);
  } catch (error) {
    // A bug here must not take the whole workspace graph down: report it on the file instead.
    const doc = emptyDocument(path, input);
    doc.diagnostics.push({
      file: path,
      line: 1,
      column: 1,
      severity: 'error',
      code: 'parse-failed',
      message: `nx-tasks-md could not read this file (${error instanceof Error ? error.message : String(error)}). Please report it with the file attached.`,
    });
    return doc;
  }
}

function emptyDocument(path: string, text: string): TaskDocument {
  return {
    path,
    format: 'generic',
    tasks: [],
    phases: [],
    dependencies: [],
    featureDependencies: [],
    nonTasks: [],
    diagnostics: [],
    legend: defaultLegend('generic'),
    eol: /\r\n/.test(text) && !/(^|[^\r])\n/.test(text) ? '\r\n' : '\n',
  };
}

/** Task files are kilobytes; beyond this the file is not read (parsing time grows quickly). */
export const MAX_TEXT_LENGTH = 2_000_000;

function parseDocument(text: string, path: string): TaskDocument {
  if (text.length > MAX_TEXT_LENGTH) {
    const doc = emptyDocument(path, text);
    doc.diagnostics.push({
      file: path,
      line: 1,
      column: 1,
      severity: 'error',
      code: 'file-too-large',
      message: `This file has ${text.length} characters; nx-tasks-md reads task files of up to ${MAX_TEXT_LENGTH} characters.`,
    });
    return doc;
  }
  const src = createSource(text);
  const outline = readOutline(src);
  const diagnostics: Diagnostic[] = [];
  if (src.tooDeepLine !== undefined) {
    diagnostics.push({
      file: path,
      line: src.tooDeepLine,
      column: 1,
      severity: 'warning',
      code: 'too-deep',
      message: 'Lines indented or nested this deeply (here and below) are not read as markdown.',
    });
  }
  const classification = classifyCheckboxes(src, outline);
  const candidates = classification.tasks;

  const format = formatOf(candidates);
  const legend = { ...defaultLegend(format), ...classification.fileLegend };
  const ids = assignIds(candidates);
  const builder = new TaskBuilder(src, outline, candidates, legend);
  const sources = candidates.map((c, n) => builder.build(c, ids[n]));

  const plan = planPhases({
    headings: outline.headings,
    groupLines: groupLines(src, outline),
    lineAfter: (h) => lineAfter(src, h),
    file: path,
    diagnostics,
  });
  for (const { task } of sources) {
    const { phase, group } = plan.locate(task.line);
    task.phase = phase;
    if (group) task.group = group;
  }
  const phases = [...plan.phases].sort((a, b) => a.line - b.line);
  const phaseByKey = new Map(phases.map((p) => [p.key, p]));
  for (const { task } of sources) phaseByKey.get(task.phase)?.taskIds.push(task.id);

  linkParents(sources);
  diagnostics.push(...duplicateIds(sources, path));
  diagnostics.push(...layoutDiagnostics(classification, sources.length, path));

  const deps = collectDependencies(src, outline, sources, path, format === 'kiro');
  diagnostics.push(...deps.diagnostics);
  diagnostics.push(
    ...controlCharacterDiagnostics(
      src,
      sources.map((s) => s.task),
      path,
    ),
  );
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);

  const nonTasks = [...classification.nonTasks, ...checkboxesOutsideLists(src, outline)].sort((a, b) => a.line - b.line);
  return {
    path,
    format,
    tasks: sources.map((s) => s.task),
    phases: phases satisfies Phase[],
    dependencies: deps.dependencies,
    featureDependencies: collectFeatureDependencies(src, outline),
    storyIndependence: readStoryIndependence(src, outline),
    nonTasks,
    diagnostics,
    legend,
    eol: src.eol,
  };
}

function formatOf(candidates: Candidate[]): TaskFormat {
  let speckit = 0;
  let numbered = 0;
  for (const c of candidates) {
    if (c.head.idStyle === 'speckit') speckit++;
    else if (c.head.idStyle === 'numbered') numbered++;
  }
  if (numbered > speckit) return 'kiro';
  if (speckit > 0) return 'speckit';
  return 'generic';
}

function assignIds(candidates: Candidate[]): string[] {
  const generator = new IdGenerator();
  return candidates.map((c) => c.head.id ?? generator.next(c.head.title));
}

/** Nested task items are children; Kiro numbering (`2.1` under `2`) links the rest. */
function linkParents(sources: TaskSource[]): void {
  const byItem = new Map(sources.map((s) => [s.candidate.item.index, s.task]));
  const firstById = new Map<string, Task>();
  for (const { task } of sources) if (!firstById.has(task.id)) firstById.set(task.id, task);
  for (const s of sources) {
    let parent = s.parentItem === undefined ? undefined : byItem.get(s.parentItem);
    if (!parent && s.candidate.head.idStyle === 'numbered' && s.task.id.includes('.')) {
      parent = firstById.get(s.task.id.slice(0, s.task.id.lastIndexOf('.')));
    }
    if (parent && parent !== s.task) {
      s.task.parent = parent.id;
      if (!parent.children.includes(s.task.id)) parent.children.push(s.task.id);
    }
  }
}

function duplicateIds(sources: TaskSource[], file: string): Diagnostic[] {
  const first = new Map<string, Task>();
  const diagnostics: Diagnostic[] = [];
  for (const { task } of sources) {
    const earlier = first.get(task.id);
    if (!earlier) {
      first.set(task.id, task);
      continue;
    }
    diagnostics.push({
      file,
      line: task.line,
      column: 1,
      severity: 'error',
      code: 'duplicate-id',
      message: `Task ID ${task.id} is defined twice: on line ${earlier.line} and on line ${task.line}. Give one of them a new ID.`,
    });
  }
  return diagnostics;
}

function layoutDiagnostics(classification: ReturnType<typeof classifyCheckboxes>, taskCount: number, file: string): Diagnostic[] {
  if (taskCount > 0) return [];
  if (classification.unsupportedLayout) {
    const { line, what } = classification.unsupportedLayout;
    return [
      {
        file,
        line,
        column: 1,
        severity: 'info',
        code: 'unsupported-task-layout',
        message: `This file has ${what}. nx-tasks-md tracks tasks written as checkbox list items (\`- [ ] T001 …\`), so it found no tasks here.`,
      },
    ];
  }
  const [line] = classification.uncheckedTaskLines;
  if (line !== undefined) {
    return [
      {
        file,
        line,
        column: 1,
        severity: 'info',
        code: 'tasks-without-checkbox',
        message: 'These list items look like tasks but have no checkbox; write them as `- [ ] T001 …` to track them.',
      },
    ];
  }
  return [];
}

/**
 * One-line paragraphs inside a phase that head a list of tasks ("Contract Tests (from contracts
 * directory)", "**Integration Tests**") act as group titles.
 */
function groupLines(src: Source, outline: Outline): Array<{ line: number; title: string }> {
  const found: Array<{ line: number; title: string }> = [];
  for (const p of outline.paragraphs) {
    if (p.item !== undefined || p.startLine !== p.endLine) continue;
    const raw = lineText(src, p.startLine).trim();
    if (raw.length > 80 || /[.!?]$/.test(raw) || /^[|>]/.test(raw)) continue;
    if (/^\*\*[^*]+\*\*\s*:\s*\S/.test(raw) || /^[^:]{1,40}:\s+\S/.test(raw.replace(/\*\*/g, ''))) continue;
    let next = p.endLine + 1;
    if (lineText(src, next).trim() === '') next++;
    if (!looksLikeCheckboxLine(lineText(src, next))) continue;
    const title = raw
      .replace(/\*\*|__/g, '')
      .replace(/:\s*$/, '')
      .trim();
    if (title) found.push({ line: p.startLine, title });
  }
  return found;
}

/** The line after a heading, for "## Phase 20:" whose title is on the next line. */
function lineAfter(src: Source, heading: HeadingBlock): string | undefined {
  for (let line = heading.endLine + 1; line <= Math.min(heading.endLine + 3, src.lineStarts.length); line++) {
    const text = lineText(src, line).trim();
    if (text === '') continue;
    if (/^([-*+>#|<`~]|\d+[.)]\s)/.test(text) || text.length > 100) return undefined;
    return text.replace(/\*\*|__/g, '').trim() || undefined;
  }
  return undefined;
}
