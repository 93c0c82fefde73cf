import type { Nodes, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Source } from './source';
import { scanBlocks } from './block-scanner';
import { addPseudoItems, inlineToPlain, type Outline, type ItemBlock, type Span } from './outline-blocks';

export type { ExcludedBlock, HeadingBlock, ItemBlock, Outline, ParagraphBlock, Span } from './outline-blocks';
export { inlineToPlain } from './outline-blocks';

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

export interface OutlineOptions {
  /**
   * 'auto' (default) reads each piece with the line scanner and falls back to remark where the
   * scanner gives up; 'remark' reads everything with remark (the reference for tests and benchmarks).
   */
  engine?: 'auto' | 'remark';
  /** Minimum lines per remark piece. */
  chunkLines?: number;
  /** When given, counts how many pieces and lines each engine read. */
  stats?: OutlineStats;
}

export interface OutlineStats {
  scannedPieces: number;
  scannedLines: number;
  remarkPieces: number;
  remarkLines: number;
}

export function readOutline(src: Source, options: OutlineOptions = {}): Outline {
  const outline: Outline = { headings: [], items: [], paragraphs: [], excluded: [] };
  const { stats, engine = 'auto', chunkLines = CHUNK_LINES } = options;
  const candidates = cutCandidates(src);
  const total = src.lineStarts.length;
  for (let start = 1; start <= total; ) {
    if (engine === 'auto') {
      const end = (firstAtOrAfter(candidates.cuts, start + 1) ?? total + 1) - 1;
      if (scanBlocks(src, outline, start, end)) {
        if (stats) count(stats, 'scanned', start, end);
        start = end + 1;
        continue;
      }
    }
    // After a scanner give-up, remark reads the smallest piece that ends cleanly.
    const chunk = remarkPiece(src, candidates, start, engine === 'auto' ? 1 : chunkLines);
    walk(src, outline, chunk.root, { line: chunk.startLine - 1, offset: src.lineStarts[chunk.startLine - 1] });
    if (stats) count(stats, 'remark', chunk.startLine, chunk.endLine);
    start = chunk.endLine + 1;
  }
  clampItemEnds(src, outline.items);
  return outline;
}

function count(stats: OutlineStats, engine: 'scanned' | 'remark', startLine: number, endLine: number): void {
  stats[`${engine}Pieces`]++;
  stats[`${engine}Lines`] += endLine - startLine + 1;
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
  const candidates = cutCandidates(src);
  const chunks: Chunk[] = [];
  for (let start = 1; start <= src.lineStarts.length; ) {
    const chunk = remarkPiece(src, candidates, start, chunkLines);
    chunks.push(chunk);
    start = chunk.endLine + 1;
  }
  return chunks;
}

/** The piece from `start` of at least `minimum` lines (more if needed to end cleanly), parsed. */
function remarkPiece(src: Source, { cuts, tableCuts }: CutCandidates, start: number, minimum: number): Chunk {
  const total = src.lineStarts.length;
  for (; ; minimum *= 2) {
    const next = firstAtOrAfter(cuts, start + minimum);
    const nextTable = firstAtOrAfter(tableCuts, start + Math.max(minimum, LONG_TABLE_LINES));
    const end = Math.min(next ?? total + 1, nextTable ?? total + 1) - 1;
    const root = processor.parse(src.masked.slice(src.lineStarts[start - 1], src.lineEnds[end - 1])) as Root;
    if (end === total || endsCleanly(src, root, start, end)) return { startLine: start, endLine: end, root };
  }
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

interface CutCandidates {
  cuts: number[];
  tableCuts: number[];
}

function cutCandidates(src: Source): CutCandidates {
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

