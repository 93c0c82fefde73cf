import type { Task, TaskCommand, TaskState } from '../model';
import type { Candidate } from './checkbox-items';
import { extractFilePaths } from './file-paths';
import type { ExcludedBlock, ItemBlock, Outline } from './markdown-outline';
import { lineText, pointAt, type Source } from './source';

/** A task plus what later steps (dependencies, hierarchy) need to know about its source. */
export interface TaskSource {
  task: Task;
  candidate: Candidate;
  /** The task's own lines (nested task items removed), in order. */
  ownLines: number[];
  /** Offset where the title starts on the first line (after checkbox, ID and labels). */
  titleOffset: number;
  /** Item index of the nearest enclosing task item, if any. */
  parentItem?: number;
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh']);
/**
 * The one line form that is shell code: a bullet sub-item that is exactly `run: \`command\``
 * (lower case, nothing after it). `- Run: \`pytest\``, `- Command: …`, `└─ cmd: …`, bold labels
 * and lines that go on after the command are instructions for the agent, never run.
 */
const RUN_LINE = /^[ \t]*[-*+][ \t]+run:[ \t]*`([^`]+)`[ \t\r]*$/;
/** Continuation lines that start metadata rather than continue the title. */
const DETAIL_LINE = /^\s*(?:[└├│]|\*\*[^*]+\*\*\s*:|_[A-Za-z][\w ]*:|[A-Z][\w ]{0,30}:\s)/;
const CHECKBOX_MARKER = /^(\s*(?:[-*+]|\d+[.)])\s+\[)[^\]\r\n](\])/;

export class TaskBuilder {
  private readonly taskItems: Set<number>;
  /** For each item: the nearest enclosing item that is a task (not itself). */
  private readonly enclosingTask: Array<number | undefined>;
  private readonly childTaskItems = new Map<number, ItemBlock[]>();
  private readonly codeByTask = new Map<number, ExcludedBlock[]>();
  private readonly commentsByTask = new Map<number, ExcludedBlock[]>();

  constructor(
    private readonly src: Source,
    private readonly outline: Outline,
    candidates: Candidate[],
    private readonly legend: Record<string, TaskState>,
  ) {
    this.taskItems = new Set(candidates.map((c) => c.item.index));
    this.enclosingTask = outline.items.map(() => undefined);
    for (const item of outline.items) {
      const parent = item.parent;
      this.enclosingTask[item.index] = parent === undefined ? undefined : this.taskItems.has(parent) ? parent : this.enclosingTask[parent];
      const owner = this.enclosingTask[item.index];
      if (owner !== undefined && this.taskItems.has(item.index)) {
        const list = this.childTaskItems.get(owner) ?? [];
        list.push(item);
        this.childTaskItems.set(owner, list);
      }
    }
    for (const block of outline.excluded) {
      if (block.kind === 'blockquote' || block.item === undefined) continue;
      const owner = this.taskItems.has(block.item) ? block.item : this.enclosingTask[block.item];
      if (owner === undefined) continue;
      const isComment = block.kind === 'html' && src.masked.startsWith('<!--', block.startOffset);
      if (block.kind === 'html' && !isComment) continue;
      const byTask = block.kind === 'code' ? this.codeByTask : this.commentsByTask;
      const list = byTask.get(owner) ?? [];
      list.push(block);
      byTask.set(owner, list);
    }
  }

  /** Nearest enclosing task item of an item (not the item itself). */
  enclosingTaskItem(itemIndex: number): number | undefined {
    return this.enclosingTask[itemIndex];
  }

  build(candidate: Candidate, id: string): TaskSource {
    const { item, checkbox, head } = candidate;
    const ownLines = this.ownLines(item);
    const codeBlocks = this.codeByTask.get(item.index) ?? [];
    const inCode = (line: number) => codeBlocks.some((b) => line >= b.startLine && line <= b.endLine);

    // HTML comments are not part of the task: notes written under a task must not change it.
    const comments = this.commentsByTask.get(item.index) ?? [];
    const inComment = (line: number) => comments.some((b) => line >= b.startLine && line <= b.endLine);
    const textLines = ownLines.filter((line) => line === item.startLine || !inComment(line));
    const text = trimBlankEnd(textLines.map((line) => removeMarker(this.ownLineText(item, line)).trimEnd())).join('\n');

    const prose = ownLines.filter((l) => !inCode(l) && (l === item.startLine || !inComment(l))).map((line) => this.ownLineText(item, line));
    const commands: TaskCommand[] = [];
    for (const block of codeBlocks) {
      if (block.lang && SHELL_LANGS.has(block.lang.toLowerCase()) && block.value?.trim()) {
        commands.push({ command: block.value.trim(), line: block.startLine, source: 'fence' });
      }
    }
    ownLines.forEach((line) => {
      if (inCode(line)) return;
      const run = RUN_LINE.exec(lineText(this.src, line));
      if (run && run[1].trim()) commands.push({ command: run[1].trim(), line, source: 'run' });
    });
    commands.sort((a, b) => a.line - b.line);

    const marker = checkbox.marker;
    const lineStart = this.src.lineStarts[item.startLine - 1] + item.column - 1;
    const task: Task = {
      id,
      state: this.legend[marker] ?? 'pending',
      marker,
      checkbox: pointAt(this.src, candidate.markerOffset),
      line: item.startLine,
      optional: checkbox.optional,
      parallel: head.parallel,
      ...(head.story ? { story: head.story } : {}),
      ...(head.priority ? { priority: head.priority } : {}),
      labels: head.labels,
      description: this.description(candidate, ownLines),
      text,
      files: extractFilePaths(prose.join('\n')),
      commands,
      phase: '',
      children: [],
    };
    return {
      task,
      candidate,
      ownLines,
      titleOffset: lineStart + checkbox.restIndex + head.titleIndex,
      parentItem: this.enclosingTask[item.index],
    };
  }

  private ownLines(item: ItemBlock): number[] {
    const nested = this.childTaskItems.get(item.index) ?? [];
    const lines: number[] = [];
    for (let line = item.startLine; line <= item.endLine; line++) {
      if (!nested.some((n) => line >= n.startLine && line <= n.endLine)) lines.push(line);
    }
    return lines;
  }

  /** A line of the item without the item's own indentation. */
  private ownLineText(item: ItemBlock, line: number): string {
    const full = lineText(this.src, line);
    if (line === item.startLine) return full.slice(item.column - 1);
    let cut = 0;
    while (cut < item.column - 1 && (full[cut] === ' ' || full[cut] === '\t')) cut++;
    return full.slice(cut);
  }

  private description(candidate: Candidate, ownLines: number[]): string {
    const { item, head } = candidate;
    const parts = [head.title];
    const para = item.firstParagraph;
    const own = new Set(ownLines);
    if (para) {
      for (let line = item.startLine + 1; line <= para.endLine; line++) {
        if (!own.has(line)) break;
        const text = lineText(this.src, line);
        if (DETAIL_LINE.test(text)) break;
        parts.push(text.trim());
      }
    }
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  }
}

function removeMarker(line: string): string {
  return line.replace(CHECKBOX_MARKER, '$1$2');
}

function trimBlankEnd(lines: string[]): string[] {
  let end = lines.length;
  while (end > 1 && lines[end - 1].trim() === '') end--;
  return lines.slice(0, end);
}
