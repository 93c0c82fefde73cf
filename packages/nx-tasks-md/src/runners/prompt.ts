import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, posix, resolve } from 'node:path';
import type { Task } from '../model';
import type { TaskContext } from './types';

/** Documents of a spec-kit (and Kiro) feature folder that an agent should read when relevant. */
export const FEATURE_CONTEXT_DOCS = [
  'spec.md',
  'plan.md',
  'data-model.md',
  'research.md',
  'quickstart.md',
  'contracts/',
  'requirements.md',
  'design.md',
] as const;

export const CONSTITUTION_PATH = '.specify/memory/constitution.md';

/** Workspace-relative paths of the context documents that exist (folders end with `/`). */
export function findContextDocs(workspaceRoot: string, featureDir: string): string[] {
  const found: string[] = [];
  for (const name of FEATURE_CONTEXT_DOCS) {
    if (existsSync(join(workspaceRoot, featureDir, name))) found.push(posix.join(featureDir, name));
  }
  if (existsSync(join(workspaceRoot, CONSTITUTION_PATH))) found.push(CONSTITUTION_PATH);
  return found;
}

export interface PromptFields {
  id: string;
  description: string;
  text: string;
  /** Files to change: created, edited or deleted by the task (resolved, workspace-relative). */
  files: string;
  /** Files to read: what the task follows or checks, the feature's documents among them. */
  readFiles: string;
  featureDir: string;
  tasksFile: string;
  contextDocs: string;
  rules: string;
  phase: string;
  story: string;
  line: string;
  workspaceRoot: string;
}

export const PROMPT_PLACEHOLDERS = [
  'id',
  'description',
  'text',
  'files',
  'readFiles',
  'featureDir',
  'tasksFile',
  'contextDocs',
  'rules',
  'phase',
  'story',
  'line',
  'workspaceRoot',
] as const satisfies readonly (keyof PromptFields)[];

/** The task's source without its list marker and checkbox, so the agent sees what was written. */
export function taskSourceText(task: Task): string {
  return task.text.replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[^\]\n]?\]\*?[ \t]*/, '').trimEnd();
}

function bulletList(items: readonly string[]): string {
  return items.length ? items.map((item) => `- ${item}`).join('\n') : '- (none)';
}

/**
 * Never a rule that makes an agent create what the task only mentions: files to read are context,
 * and a name without a folder is found where it belongs, not created at the workspace root.
 */
export function promptRules(ctx: Pick<TaskContext, 'task' | 'tasksFile' | 'files'>): string {
  const { task, tasksFile, files } = ctx;
  const rules = [
    `Do this one task (${task.id}) only. Other tasks are run separately; do not start them.`,
    `Do not edit ${tasksFile}: the task runner ticks the checkbox itself when this task succeeds.`,
    files.changes.length
      ? 'Make the changes the task asks for in the files under "Files to change" (and any others it needs). The task counts as failed if a file it says it creates or edits does not exist, or is unchanged, when you finish.'
      : 'Create or modify the files the task needs; keep changes to what the task asks for.',
    ...(files.reads.length ? ['The files under "Files to read" are context: read them; do not create or edit them for this task.'] : []),
    'Work from the workspace root (the current directory) and use workspace-relative paths.',
    'If you cannot complete the task, stop and say why instead of pretending it is done.',
  ];
  return bulletList(rules);
}

function phaseLabel(number: string | undefined, title: string): string {
  if (!number || /^phase\b/i.test(title)) return title;
  return `Phase ${number}: ${title}`;
}

export function promptFields(ctx: TaskContext, contextDocs: readonly string[]): PromptFields {
  const { task, doc } = ctx;
  const phase = doc.phases.find((p) => p.key === task.phase);
  return {
    id: task.id,
    description: task.description,
    text: taskSourceText(task),
    files: bulletList([
      ...ctx.files.changes,
      ...(ctx.files.unplaced ?? []).map((name) => `${name} (named without a folder: find where it belongs)`),
    ]),
    readFiles: bulletList(ctx.files.reads),
    featureDir: ctx.featureDir,
    tasksFile: ctx.tasksFile,
    contextDocs: bulletList(contextDocs),
    rules: promptRules(ctx),
    phase: phase ? phaseLabel(phase.number, phase.title) : task.phase,
    story: task.story ?? '',
    line: String(task.line),
    workspaceRoot: ctx.workspaceRoot,
  };
}

export const DEFAULT_PROMPT_TEMPLATE = `You are implementing one task of a spec-driven development plan.

Task {{id}}: {{description}}

As written in {{tasksFile}} (line {{line}}):
{{text}}

Part of: {{phase}}

Files to change:
{{files}}

Files to read:
{{readFiles}}

Feature folder: {{featureDir}}
Context documents (read what is relevant to this task):
{{contextDocs}}

Rules:
{{rules}}
`;

const PROMPT_PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Throws on unknown `{{name}}` placeholders, naming the template file and line. */
export function checkPromptTemplate(template: string, where: string): void {
  template.split(/\r?\n/).forEach((line, index) => {
    for (const match of line.matchAll(PROMPT_PLACEHOLDER)) {
      if (!(PROMPT_PLACEHOLDERS as readonly string[]).includes(match[1])) {
        throw new Error(
          `${where}:${index + 1}: unknown placeholder {{${match[1]}}}; known: ${PROMPT_PLACEHOLDERS.map((n) => `{{${n}}}`).join(' ')}`,
        );
      }
    }
  });
}

/** One pass: text coming from the task (which may contain `{{id}}`) is never expanded again. */
export function renderPrompt(fields: PromptFields, template: string = DEFAULT_PROMPT_TEMPLATE): string {
  return template.replace(PROMPT_PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(fields, name) ? fields[name as keyof PromptFields] : whole,
  );
}

export function loadPromptTemplate(templatePath: string, workspaceRoot: string): string {
  const absolute = isAbsolute(templatePath) ? templatePath : resolve(workspaceRoot, templatePath);
  let template: string;
  try {
    template = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new Error(`promptTemplate: cannot read ${templatePath}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  checkPromptTemplate(template, templatePath);
  return template;
}

/** The prompt for an agent: the built-in template or the one at `templatePath`. */
export function buildPrompt(ctx: TaskContext, templatePath?: string): string {
  const template = templatePath ? loadPromptTemplate(templatePath, ctx.workspaceRoot) : undefined;
  return renderPrompt(promptFields(ctx, findContextDocs(ctx.workspaceRoot, ctx.featureDir)), template);
}
