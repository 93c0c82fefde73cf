import type { Root } from 'mdast';
import { scanBlocks } from './block-scanner';
import type { ItemBlock, Outline } from './outline-blocks';
import type * as RemarkOutline from './remark-outline';

/** remark and micromark are loaded only for a piece the scanner gives up on (~45 ms per process). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see the comment above
const remark = () => require('./remark-outline') as typeof RemarkOutline;
import type { Source } from './source';

export type { ExcludedBlock, HeadingBlock, ItemBlock, Outline, ParagraphBlock, Span } from './outline-blocks';
export { inlineToPlain } from './outline-blocks';

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
  for (let start = 1; start <= total;) {
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
    remark().addRemarkBlocks(src, outline, chunk.root, chunk.startLine);
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
  for (let start = 1; start <= src.lineStarts.length;) {
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
    const root = remark().parseMarkdown(src.masked.slice(src.lineStarts[start - 1], src.lineEnds[end - 1]));
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
