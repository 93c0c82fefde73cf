import type { NonTaskCheckbox, TaskState } from '../model';
import { defaultLegend, LEGEND_HEADING, legendEntryFromTableRow, legendEntryFromText, statusFromPhrase } from './legend';
import type { HeadingBlock, ItemBlock, Outline } from './markdown-outline';
import { lastAtOrBefore } from './line-lookup';
import { lineText, type Source } from './source';
import { readCheckbox, readTaskHead, type CheckboxHead, type TaskHead } from './task-line';

/**
 * Decides which checkbox list items are tasks.
 *
 * - A checkbox needs a known marker (`[ ]`, `[x]`, `[>]`, … or one the file's legend defines);
 *   `- [P] tasks = …` is the spec-kit notes line, not a checkbox.
 * - Status-legend lines (`- [-] Blocked`) define markers and are not tasks.
 * - When any task in the file has an ID, checkboxes without one are checklists, not tasks.
 * - When the file writes its tasks as headings (`### T001 …`) or table rows, its checkboxes are
 *   steps or acceptance criteria: not tasks (such tasks cannot be ticked, so they are not tracked).
 * - Otherwise (a hand-written list without IDs) every checkbox is a task, except in checklist
 *   sections ("Validation Checklist", "Acceptance Criteria", …).
 */

export interface Candidate {
  item: ItemBlock;
  checkbox: CheckboxHead;
  /** Offset of the marker character in the text. */
  markerOffset: number;
  head: TaskHead;
}

export interface Classification {
  tasks: Candidate[];
  nonTasks: NonTaskCheckbox[];
  /** Markers the file's own legend defines. */
  fileLegend: Record<string, TaskState>;
  /** Set when the file's tasks are headings or table rows (not tracked). */
  unsupportedLayout?: { line: number; what: string };
  /** Lines of list items that look like tasks without a checkbox (`- **T001** …`). */
  uncheckedTaskLines: number[];
}

const DEFAULT_MARKERS = defaultLegend('generic');

const CHECKLIST_HEADING =
  /checklist|acceptance|criteria|definition of done|done when|ready check|go\s*\/\s*no-?go|verification|validation|success metrics/i;
const HEADING_TASK = /^(?:\*\*)?(?:T-?\d+[a-z]?(?:\.\d+)*|Task\s+\d+(?:\.\d+)*)(?:\*\*)?(?:\s*:|\s+(?!(?:-|–|—|\.\.|through|to)\s*T?\d))/;
const TABLE_TASK_ROW = /^\s*\|\s*`?\[[ xX~>!B-]\]`?\s*\|\s*(?:\*\*)?T-?\d+/;
const UNCHECKED_TASK = /^\s*(?:[-*+]|\d+[.)])\s+(?:\*\*)?T-?\d+[a-z]?(?:\.\d+)*(?:\*\*)?\s/;

export function classifyCheckboxes(src: Source, outline: Outline): Classification {
  const nonTasks: NonTaskCheckbox[] = [];
  const fileLegend: Record<string, TaskState> = {};
  const headingAt = headingLookup(outline.headings);
  const lineFrom = (item: ItemBlock) => lineText(src, item.startLine).slice(item.column - 1);

  // Pass 1: legend lines and tables.
  const legendItems = findLegendItems(outline.items, lineFrom, headingAt);
  for (const entry of legendItems.values()) fileLegend[entry.marker] = entry.state;
  for (const p of outline.paragraphs) {
    for (let line = p.startLine; line <= p.endLine; line++) {
      const entry = legendEntryFromTableRow(lineText(src, line));
      if (entry) fileLegend[entry.marker] = entry.state;
    }
  }

  // Pass 2: checkbox items.
  const withId: Candidate[] = [];
  const withoutId: Candidate[] = [];
  for (const item of outline.items) {
    const line = lineFrom(item);
    const checkbox = readCheckbox(line);
    if (!checkbox) continue;
    const text = line.trim();
    if (legendItems.has(item.index)) {
      nonTasks.push({ line: item.startLine, text, reason: 'status legend: defines what a checkbox marker means' });
      continue;
    }
    if (!(checkbox.marker in fileLegend) && !(checkbox.marker in DEFAULT_MARKERS)) {
      nonTasks.push({
        line: item.startLine,
        text,
        reason:
          checkbox.marker === 'P'
            ? '`[P]` marks parallel tasks; it is not a checkbox'
            : `\`[${checkbox.marker}]\` is not a checkbox marker this file defines`,
      });
      continue;
    }
    const markerOffset = src.lineStarts[item.startLine - 1] + item.column - 1 + checkbox.markerIndex;
    const candidate: Candidate = { item, checkbox, markerOffset, head: readTaskHead(checkbox.rest) };
    (candidate.head.id ? withId : withoutId).push(candidate);
  }

  const unsupportedLayout = findUnsupportedLayout(src, outline, withId);
  const uncheckedTaskLines = outline.items
    .filter((item) => !readCheckbox(lineFrom(item)) && UNCHECKED_TASK.test(lineFrom(item)))
    .map((item) => item.startLine);

  let tasks: Candidate[];
  if (unsupportedLayout) {
    tasks = [];
    for (const c of [...withId, ...withoutId]) {
      nonTasks.push({ line: c.item.startLine, text: lineFrom(c.item).trim(), reason: `step or checklist under ${unsupportedLayout.what}` });
    }
  } else if (withId.length > 0) {
    tasks = withId;
    for (const c of withoutId) {
      nonTasks.push({ line: c.item.startLine, text: lineFrom(c.item).trim(), reason: 'no task ID in a file whose tasks have IDs' });
    }
  } else {
    tasks = [];
    for (const c of withoutId) {
      const heading = headingAt(c.item.startLine);
      if (heading && CHECKLIST_HEADING.test(heading.text)) {
        nonTasks.push({ line: c.item.startLine, text: lineFrom(c.item).trim(), reason: `in the checklist section "${heading.text}"` });
      } else tasks.push(c);
    }
  }
  tasks.sort((a, b) => a.item.startLine - b.item.startLine || a.item.index - b.item.index);
  return { tasks, nonTasks, fileLegend, unsupportedLayout, uncheckedTaskLines };
}

function headingLookup(headings: HeadingBlock[]): (line: number) => HeadingBlock | undefined {
  const byLine = headings.map((h) => ({ line: h.startLine, heading: h }));
  return (line) => lastAtOrBefore(byLine, line)?.heading;
}

/**
 * Legend lines: `[c] <status word>` items (checkbox or bullet with the marker in backticks or
 * bold), under a legend-like heading or in a run of at least two such items.
 */
function findLegendItems(
  items: ItemBlock[],
  lineFrom: (item: ItemBlock) => string,
  headingAt: (line: number) => HeadingBlock | undefined,
): Map<number, { marker: string; state: TaskState }> {
  const entries = new Map<number, { marker: string; state: TaskState }>();
  const likely: Array<{ item: ItemBlock; entry: { marker: string; state: TaskState } }> = [];
  for (const item of items) {
    const line = lineFrom(item);
    const checkbox = readCheckbox(line);
    let entry: { marker: string; state: TaskState } | undefined;
    if (checkbox) {
      const state = statusFromPhrase(checkbox.rest);
      if (state && checkbox.rest.trim().split(/\s+/).length <= 4) entry = { marker: checkbox.marker, state };
    } else {
      entry = legendEntryFromText(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
    }
    if (entry) likely.push({ item, entry });
  }
  likely.forEach(({ item, entry }, n) => {
    const heading = headingAt(item.startLine);
    const neighbour = (k: number) => {
      const other = likely[k];
      return other && other.item.parent === item.parent && Math.abs(other.item.index - item.index) === 1;
    };
    if ((heading && LEGEND_HEADING.test(heading.text)) || neighbour(n - 1) || neighbour(n + 1)) {
      entries.set(item.index, entry);
    }
  });
  return entries;
}

function findUnsupportedLayout(src: Source, outline: Outline, withId: Candidate[]): Classification['unsupportedLayout'] {
  const headingTasks = outline.headings.filter((h) => HEADING_TASK.test(h.text));
  if (headingTasks.length >= 2) {
    const headingIds = new Set(headingTasks.map((h) => /(?:T-?\d+[a-z]?(?:\.\d+)*|\d+(?:\.\d+)*)/.exec(h.text)?.[0]));
    // Checkbox lines that only repeat heading IDs ("- [ ] T7 completed") are checklist lines.
    if (withId.every((c) => headingIds.has(c.head.id))) {
      return { line: headingTasks[0].startLine, what: 'tasks written as headings' };
    }
  }
  if (withId.length === 0) {
    for (const p of outline.paragraphs) {
      for (let line = p.startLine; line <= p.endLine; line++) {
        if (TABLE_TASK_ROW.test(lineText(src, line))) return { line, what: 'tasks written as table rows' };
      }
    }
  }
  return undefined;
}

const QUOTED_CHECKBOX = /^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[[^\]\r\n]\]/;
const TABLE_CHECKBOX = /^\s*\|.*\|\s*`?\[[ xX~>!B-]\]`?\s*\|/;
const TABLE_FIRST_CELL_CHECKBOX = /^\s*\|\s*`?\[[ xX~>!B-]\]`?\s*\|/;

/** Checkbox-looking lines that the markdown structure says are not list items. */
export function checkboxesOutsideLists(src: Source, outline: Outline): NonTaskCheckbox[] {
  const found: NonTaskCheckbox[] = [];
  const reasons = { code: 'inside a code block', html: 'inside an HTML comment or block', blockquote: 'inside a blockquote' };
  for (const block of outline.excluded) {
    for (let line = block.startLine; line <= block.endLine; line++) {
      const text = lineText(src, line);
      if (QUOTED_CHECKBOX.test(text)) {
        found.push({ line, text: text.trim(), reason: reasons[block.kind] });
      }
    }
  }
  for (const p of outline.paragraphs) {
    for (let line = p.startLine; line <= p.endLine; line++) {
      const text = lineText(src, line);
      if (TABLE_FIRST_CELL_CHECKBOX.test(text) || TABLE_CHECKBOX.test(text)) {
        const reason = legendEntryFromTableRow(text) ? 'status legend: defines what a checkbox marker means' : 'inside a table';
        found.push({ line, text: text.trim(), reason });
      }
    }
  }
  return found.sort((a, b) => a.line - b.line);
}
