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

export function readOutline(src: Source): Outline {
  const outline: Outline = { headings: [], items: [], paragraphs: [], excluded: [] };
  for (const chunk of splitIntoChunks(src)) {
    const startOffset = src.lineStarts[chunk.startLine - 1];
    const text = src.masked.slice(startOffset, src.lineEnds[chunk.endLine - 1]);
    const root = processor.parse(text) as Root;
    walk(src, outline, root, { line: chunk.startLine - 1, offset: startOffset });
  }
  return outline;
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
  return {
    startLine: p.start.line + shift.line,
    endLine: p.end.line + shift.line,
    startOffset: p.start.offset + shift.offset,
    endOffset: p.end.offset + shift.offset,
  };
}

const CHUNK_LINES = 200;
const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const HTML_BLOCKS: Array<[RegExp, RegExp]> = [
  [/^ {0,3}<(script|pre|style|textarea)(\s|>|$)/i, /<\/(script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/**
 * Cuts the document into pieces of about CHUNK_LINES lines that parse to the same blocks as the
 * whole (micromark's time grows with the square of the number of lists in one parse). A cut is
 * only made before an ATX heading or a checkbox item at column 0, before a column-0 line
 * after a blank line, or (in a very long stretch) before a table row — places where every list, quote and paragraph has ended — and never
 * inside a fenced code block or a multi-line HTML block.
 */
export function splitIntoChunks(src: Source): Array<{ startLine: number; endLine: number }> {
  const chunks: Array<{ startLine: number; endLine: number }> = [];
  const total = src.lineStarts.length;
  let start = 1;
  let fence: { char: string; length: number } | undefined;
  let htmlEnd: RegExp | undefined;
  let previousBlank = false;
  let htmlUntilBlank = false;
  for (let line = 1; line <= total; line++) {
    const text = src.masked.slice(src.lineStarts[line - 1], src.lineEnds[line - 1]);
    if (text.trim() === '') htmlUntilBlank = false;
    const open = !fence && !htmlEnd && !htmlUntilBlank;
    if (open && line - start >= CHUNK_LINES && isCutPoint(text, previousBlank, line - start >= 5 * CHUNK_LINES)) {
      chunks.push({ startLine: start, endLine: line - 1 });
      start = line;
    }
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(text);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(text)) htmlEnd = undefined;
    } else {
      const f = FENCE_OPEN.exec(text);
      if (f) fence = { char: f[1][0], length: f[1].length };
      else {
        const html = HTML_BLOCKS.find(([begin]) => begin.test(text));
        if (html && !html[1].test(text.replace(html[0], ''))) htmlEnd = html[1];
        // Other HTML blocks run to the next blank line; a heading in there is not a heading.
        else if (!html && /^ {0,3}<\/?[A-Za-z][\w-]*(\s|\/?>|$)/.test(text)) htmlUntilBlank = true;
      }
    }
    previousBlank = text.trim() === '';
  }
  chunks.push({ startLine: start, endLine: total });
  return chunks;
}

function isCutPoint(line: string, previousBlank: boolean, long: boolean): boolean {
  if (/^#{1,6}(\s|$)/.test(line) || /^[-*+] \[[^\]]\]/.test(line)) return true;
  // Very long tables are one paragraph to CommonMark, and slow; their rows stand alone anyway.
  if (long && /^\|/.test(line)) return true;
  return previousBlank && /^\S/.test(line);
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
