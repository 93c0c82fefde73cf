import type { Nodes, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { looksLikeCheckboxLine } from './task-line';
import { lineText, type Source } from './source';

/**
 * The block structure of a document as CommonMark sees it (remark-parse), reduced to what the
 * task reader needs: headings, list items (with nesting), paragraphs, and the blocks whose
 * content must never be read as tasks (code, HTML, blockquotes).
 */

export interface Span {
  startLine: number;
  endLine: number;
  startOffset: number;
  endOffset: number;
}

export interface HeadingBlock extends Span {
  depth: number;
  /** Plain text of the heading (emphasis and code marks dropped). */
  text: string;
}

export interface ItemBlock extends Span {
  index: number;
  /** 1-based column of the bullet. */
  column: number;
  /** Index of the enclosing list item. */
  parent?: number;
  /** 0 for a top-level item. */
  depth: number;
  /** The item's first paragraph, when the item starts with one. */
  firstParagraph?: Span;
  /**
   * A checkbox line that CommonMark reads as a continuation of the previous item's paragraph
   * (over-indented, e.g. two tabs); a reader sees a nested item, and so do we.
   */
  pseudo?: boolean;
}

export interface ParagraphBlock extends Span {
  /** Innermost enclosing list item. */
  item?: number;
}

export interface ExcludedBlock extends Span {
  kind: 'code' | 'html' | 'blockquote';
  item?: number;
  lang?: string;
  value?: string;
}

export interface Outline {
  headings: HeadingBlock[];
  items: ItemBlock[];
  paragraphs: ParagraphBlock[];
  excluded: ExcludedBlock[];
}

/**
 * Only block structure matters here, so inline constructs (emphasis, links, code spans, …) are
 * switched off: they cannot change which lines are lists, headings or code, and some inputs
 * make them very slow.
 */
const processor = unified()
  .use(remarkParse)
  .data('micromarkExtensions', [
    {
      disable: {
        null: [
          'attention',
          'autolink',
          'characterEscape',
          'characterReference',
          'codeText',
          'hardBreakEscape',
          'htmlText',
          'labelEnd',
          'labelStartImage',
          'labelStartLink',
        ],
      },
    },
  ]);

export function readOutline(src: Source, chunkLines = CHUNK_LINES): Outline {
  const outline: Outline = { headings: [], items: [], paragraphs: [], excluded: [] };
  for (const chunk of parseInChunks(src, chunkLines)) {
    walk(src, outline, chunk.root, { line: chunk.startLine - 1, offset: src.lineStarts[chunk.startLine - 1] });
  }
  clampItemEnds(src, outline.items);
  return outline;
}

/**
 * remark ends an item whose last block is an unclosed fence inside the next item's first line;
 * an item ends before the next item that is not inside it.
 */
function clampItemEnds(src: Source, items: ItemBlock[]): void {
  items.forEach((item, i) => {
    let j = i + 1;
    while (j < items.length && items[j].depth > item.depth) j++;
    const next = items[j];
    if (next && next.startLine <= item.endLine && next.startLine > item.startLine) {
      item.endLine = next.startLine - 1;
      item.endOffset = Math.min(item.endOffset, src.lineEnds[item.endLine - 1]);
    }
  });
}

interface Shift {
  line: number;
  offset: number;
}

function walk(src: Source, outline: Outline, root: Root, shift: Shift): void {
  const spanOf = (node: Nodes) => shiftedSpan(node, shift);
  const stack: Array<{ node: Nodes; item?: number; depth: number }> = [{ node: root, depth: 0 }];
  // Iterative pre-order walk: deeply nested input must not exhaust the call stack.
  while (stack.length > 0) {
    const { node, item, depth } = stack.pop()!;
    const span = spanOf(node);
    switch (node.type) {
      case 'heading':
        if (span) outline.headings.push({ ...span, depth: node.depth, text: inlineToPlain(plainText(node)) });
        continue;
      case 'code':
        if (span) outline.excluded.push({ ...span, kind: 'code', item, lang: node.lang ?? undefined, value: node.value });
        continue;
      case 'html':
        if (span) outline.excluded.push({ ...span, kind: 'html', item });
        continue;
      case 'blockquote':
        if (span) outline.excluded.push({ ...span, kind: 'blockquote', item });
        continue;
      case 'paragraph':
        if (span) outline.paragraphs.push({ ...span, item });
        continue;
      case 'listItem': {
        if (!span) continue;
        const index = outline.items.length;
        const first = node.children[0];
        const block: ItemBlock = {
          ...span,
          index,
          column: node.position!.start.column,
          parent: item,
          depth,
          firstParagraph: first?.type === 'paragraph' ? spanOf(first) : undefined,
        };
        outline.items.push(block);
        addPseudoItems(src, outline, block);
        pushChildren(stack, node.children, index, depth + 1);
        continue;
      }
      default:
        if ('children' in node) pushChildren(stack, node.children as Nodes[], item, depth);
    }
  }
}

function pushChildren(
  stack: Array<{ node: Nodes; item?: number; depth: number }>,
  children: Nodes[],
  item: number | undefined,
  depth: number,
): void {
  for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], item, depth });
}

function shiftedSpan(node: Nodes, shift: Shift): Span | undefined {
  const p = node.position;
  if (!p || p.start.offset === undefined || p.end.offset === undefined) return undefined;
  // An unclosed fence ends "at" column 1 of the line after it; that line is not part of it.
  const endLine = p.end.column === 1 && p.end.line > p.start.line ? p.end.line - 1 : p.end.line;
  return {
    startLine: p.start.line + shift.line,
    endLine: endLine + shift.line,
    startOffset: p.start.offset + shift.offset,
    endOffset: p.end.offset + shift.offset,
  };
}

const CHUNK_LINES = 200;
const LONG_TABLE_LINES = 1000;
const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const HTML_BLOCKS: Array<[RegExp, RegExp]> = [
  [/^ {0,3}<(script|pre|style|textarea)(\s|>|$)/i, /<\/(script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

interface Chunk {
  startLine: number;
  endLine: number;
  root: Root;
}

/**
 * Parses the document in pieces of about `chunkLines` lines that give the same blocks as one
 * parse of the whole (micromark's time grows with the square of the number of lists in one
 * parse). Pieces start before an ATX heading or a checkbox item at column 0, or before a column-0
 * line after a blank line: there every list, quote, paragraph and indented code block has ended.
 * A piece whose last block is a fence or HTML block that is still open is parsed again with the
 * next piece. Tables longer than LONG_TABLE_LINES may be cut between rows (a table is one long
 * paragraph to CommonMark, and its rows stand alone for the task reader).
 */
export function parseInChunks(src: Source, chunkLines = CHUNK_LINES): Chunk[] {
  const { cuts, tableCuts } = cutCandidates(src);
  const total = src.lineStarts.length;
  const chunks: Chunk[] = [];
  let start = 1;
  while (start <= total) {
    for (let minimum = chunkLines; ; minimum *= 2) {
      const next = firstAtOrAfter(cuts, start + minimum);
      const nextTable = firstAtOrAfter(tableCuts, start + Math.max(minimum, LONG_TABLE_LINES));
      const end = Math.min(next ?? total + 1, nextTable ?? total + 1) - 1;
      const root = processor.parse(src.masked.slice(src.lineStarts[start - 1], src.lineEnds[end - 1])) as Root;
      if (end === total || endsCleanly(src, root, start, end)) {
        chunks.push({ startLine: start, endLine: end, root });
        start = end + 1;
        break;
      }
    }
  }
  return chunks;
}

function firstAtOrAfter(sorted: number[], value: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

/** True when nothing open at the end of the piece could swallow the lines after it. */
function endsCleanly(src: Source, root: Root, startLine: number, endLine: number): boolean {
  const last = root.children[root.children.length - 1];
  if (!last?.position) return true;
  const firstLine = last.position.start.line + startLine - 1;
  const lastLine = last.position.end.line + startLine - 1;
  const text = (line: number) => src.masked.slice(src.lineStarts[line - 1], src.lineEnds[line - 1]);
  if (last.type === 'code') {
    const open = /^[ \t]*(`{3,}|~{3,})/.exec(text(firstLine).slice(last.position.start.column - 1));
    if (!open) return true;
    const close = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(text(lastLine));
    return lastLine > firstLine && !!close && close[1][0] === open[1][0] && close[1].length >= open[1].length;
  }
  if (last.type === 'html') {
    const typed = HTML_BLOCKS.find(([begin]) => begin.test(text(firstLine)));
    if (typed) return typed[1].test(last.value.replace(typed[0], ''));
    return lastLine < endLine && /^[ \t]*$/.test(text(lastLine + 1));
  }
  return true;
}

function cutCandidates(src: Source): { cuts: number[]; tableCuts: number[] } {
  const cuts: number[] = [];
  const tableCuts: number[] = [];
  let fence: { char: string; length: number } | undefined;
  let htmlEnd: RegExp | undefined;
  let htmlUntilBlank = false;
  let previousBlank = false;
  for (let line = 1; line <= src.lineStarts.length; line++) {
    const text = src.masked.slice(src.lineStarts[line - 1], src.lineEnds[line - 1]);
    // CommonMark blank lines hold spaces and tabs only (a stray U+FEFF is content).
    const blank = /^[ \t]*$/.test(text);
    if (blank) htmlUntilBlank = false;
    // micromark drops a U+FEFF that starts its input, so no piece may start with one.
    if (line > 1 && !fence && !htmlEnd && !htmlUntilBlank && !text.startsWith('\uFEFF')) {
      if (/^#{1,6}([ \t]|$)/.test(text) || /^[-*+] \[[^\]]\]/.test(text) || (previousBlank && /^[^ \t]/.test(text))) cuts.push(line);
      else if (/^\|/.test(text)) tableCuts.push(line);
    }
    // A hint only (containers are not tracked); endsCleanly has the last word.
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(text)) htmlEnd = undefined;
    } else {
      const f = FENCE_OPEN.exec(text);
      if (f) fence = { char: f[1][0], length: f[1].length };
      else {
        const html = HTML_BLOCKS.find(([begin]) => begin.test(text));
        if (html && !html[1].test(text.replace(html[0], ''))) htmlEnd = html[1];
        else if (!html && /^ {0,3}<\/?[A-Za-z][\w-]*(\s|\/?>|$)/.test(text)) htmlUntilBlank = true;
      }
    }
    previousBlank = blank;
  }
  return { cuts, tableCuts };
}

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** Inline markdown is not parsed (see `processor`), so heading text is cleaned here. */
export function inlineToPlain(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/(^|[\s(])[*_](?=\S)|(?<=\S)[*_](?=$|[\s).,:;!?])/g, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function addPseudoItems(src: Source, outline: Outline, item: ItemBlock): void {
  const para = item.firstParagraph;
  if (!para || para.endLine === para.startLine) return;
  if (!looksLikeCheckboxLine(lineText(src, item.startLine))) return;
  const starts: number[] = [];
  for (let line = para.startLine + 1; line <= para.endLine; line++) {
    if (looksLikeCheckboxLine(lineText(src, line))) starts.push(line);
  }
  if (starts.length === 0) return;
  item.firstParagraph = lineSpan(src, para.startLine, starts[0] - 1);
  starts.forEach((startLine, k) => {
    const endLine = k + 1 < starts.length ? starts[k + 1] - 1 : para.endLine;
    const span = lineSpan(src, startLine, endLine);
    const indent = /^[ \t]*/.exec(lineText(src, startLine))![0].length;
    span.startOffset += indent;
    outline.items.push({
      ...span,
      index: outline.items.length,
      column: indent + 1,
      parent: item.index,
      depth: item.depth + 1,
      firstParagraph: span,
      pseudo: true,
    });
  });
}

function lineSpan(src: Source, startLine: number, endLine: number): Span {
  return {
    startLine,
    endLine,
    startOffset: src.lineStarts[startLine - 1],
    endOffset: src.lineEnds[endLine - 1],
  };
}
