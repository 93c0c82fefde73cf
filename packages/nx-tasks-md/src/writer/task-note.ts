import type { Task, TaskDocument } from '../model';
import { parseTasksMd } from '../parse/parse-tasks-md';
import { findTask } from './find-task';
import { type Lines, lineAt, splitLines } from './lines';
import type { WriteOptions } from './set-task-state';
import { TaskWriteError } from './task-write-error';

/** Our note line: `<!-- nx-tasks-md: failed: exit code 1 -->`, indented like the task's content. */
const NOTE_LINE = /^[ \t>]*<!-- nx-tasks-md: (.*) -->[ \t]*$/;
/** The list item marker that opens a task's line, up to its checkbox. */
const TASK_ITEM_HEAD = /^([ \t>]*)((?:[-*+]|\d{1,9}[.)])[ \t]+)\[/;
/** Lines that start a new block, so they cannot continue the task's first paragraph. */
const BLOCK_START =
  /^(?:[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|#{1,6}(?:[ \t]|$)|```|~~~|>|<!--|<\/?(?:address|article|aside|blockquote|details|dialog|div|dl|fieldset|figure|footer|form|h[1-6]|header|hr|main|nav|ol|p|pre|section|summary|table|ul|script|style|textarea)(?:[\s/>]|$)|(?:[-*_][ \t]*){3,}$)/i;
const MAX_NOTE_LENGTH = 500;

/**
 * `text` with the note of task `id` set to `note`: one HTML comment line directly under the task's
 * first paragraph (its first line and the lines that continue it), indented like the task's
 * content, e.g. `  <!-- nx-tasks-md: failed: exit code 1 -->`. An existing note is replaced;
 * `null` (or a blank note) removes it, giving back the text exactly as it was before the note was
 * added. The note is made single-line and `--` is replaced so that it cannot end the comment early.
 */
export function setTaskNote(text: string, id: string, note: string | null, options: NoteOptions = {}): string {
  const doc = options.doc ?? parseTasksMd(text, { path: options.path ?? 'tasks.md' });
  const task = findTask(doc, id);
  const lines = splitLines(text);
  const slot = noteSlot(text, lines, doc, task);
  const clean = note === null ? '' : sanitizeNote(note);
  const existing = slot.existingLine;

  if (clean === '') {
    if (existing === undefined) return text;
    return text.slice(0, lines.ends[existing - 2]) + text.slice(lines.ends[existing - 1]);
  }
  const noteLine = `${slot.indent}<!-- nx-tasks-md: ${clean} -->`;
  if (existing !== undefined) {
    return text.slice(0, lines.starts[existing - 1]) + noteLine + text.slice(lines.ends[existing - 1]);
  }
  const at = lines.ends[slot.afterLine - 1];
  const out = text.slice(0, at) + doc.eol + noteLine + text.slice(at);
  if (options.verify !== false) verifyUnchanged(doc, parseTasksMd(out, { path: doc.path }), task);
  return out;
}

export interface NoteOptions extends WriteOptions {
  /**
   * Parse the text with the new note and refuse to add it if any task reads differently (default
   * true). Markdown that CommonMark reads as one paragraph (items indented 4+ columns deeper than
   * their parent's text) would otherwise swallow the note into a task's description.
   */
  verify?: boolean;
}

function verifyUnchanged(before: TaskDocument, after: TaskDocument, task: Task): void {
  const summary = (t: Task) =>
    JSON.stringify([t.id, t.state, t.description, t.parent, t.phase, t.optional, t.parallel, t.files, t.commands.map((c) => c.command)]);
  const was = before.tasks.map(summary);
  const now = after.tasks.map(summary);
  const changed = was.findIndex((s, i) => s !== now[i]);
  if (changed < 0 && was.length === now.length) return;
  const what =
    changed < 0 ? `${after.tasks.length} tasks instead of ${before.tasks.length}` : `${before.tasks[changed].id} would read differently`;
  throw new TaskWriteError(
    'note-changes-plan',
    `a note under ${task.id} in ${before.path} (line ${task.line}) would change how the file reads (${what}), so it is not written; the markdown around that task is probably indented as one paragraph`,
  );
}

/** The note under task `id`, or `null` when it has none. */
export function getTaskNote(text: string, id: string, options: WriteOptions = {}): string | null {
  const doc = options.doc ?? parseTasksMd(text, { path: options.path ?? 'tasks.md' });
  const task = findTask(doc, id);
  const lines = splitLines(text);
  const { existingLine } = noteSlot(text, lines, doc, task);
  if (existingLine === undefined) return null;
  return NOTE_LINE.exec(lineAt(text, lines, existingLine))![1];
}

/** A note as it can stand inside one HTML comment line. */
export function sanitizeNote(note: string): string {
  const oneLine = note.replace(/\s+/g, ' ').trim().replace(/-{2,}/g, '—');
  return oneLine.length > MAX_NOTE_LENGTH ? `${oneLine.slice(0, MAX_NOTE_LENGTH - 1)}…` : oneLine;
}

interface NoteSlot {
  /** Last line of the task's first paragraph: the note goes right after it. */
  afterLine: number;
  /** The line holding the task's current note, if any. */
  existingLine?: number;
  indent: string;
}

function noteSlot(text: string, lines: Lines, doc: TaskDocument, task: Task): NoteSlot {
  const head = TASK_ITEM_HEAD.exec(lineAt(text, lines, task.line));
  if (!head) {
    throw new TaskWriteError(
      'not-a-list-item',
      `${task.id} in ${doc.path} (line ${task.line}) is not a list item, so a note cannot be placed under it`,
    );
  }
  const indent = head[1] + head[2].replace(/[^\t]/g, ' ');
  const quoted = head[1].includes('>');
  let afterLine = task.line;
  while (afterLine < lines.starts.length && continuesParagraph(lineAt(text, lines, afterLine + 1), quoted)) afterLine++;
  // Lines indented 4+ columns deeper than the task's content only belong to it while they follow a
  // paragraph; after the note they would turn into a code block, so the note goes below them.
  const deep = columns(indent) + 4;
  while (afterLine < lines.starts.length && isIndentedAtLeast(lineAt(text, lines, afterLine + 1), deep)) afterLine++;
  const next = afterLine + 1;
  const existingLine = next <= lines.starts.length && NOTE_LINE.test(lineAt(text, lines, next)) ? next : undefined;
  return { afterLine, existingLine, indent };
}

function continuesParagraph(line: string, quoted: boolean): boolean {
  const content = line.replace(quoted ? /^[ \t>]*/ : /^[ \t]*/, '');
  return content !== '' && !BLOCK_START.test(content);
}

function isIndentedAtLeast(line: string, width: number): boolean {
  const leading = /^[ \t]*/.exec(line)![0];
  return leading.length < line.length && columns(leading) >= width;
}

/** Width of leading whitespace in columns, with tab stops every 4 columns as in CommonMark. */
function columns(whitespace: string): number {
  let width = 0;
  for (const c of whitespace) width = c === '\t' ? width + 4 - (width % 4) : width + 1;
  return width;
}
