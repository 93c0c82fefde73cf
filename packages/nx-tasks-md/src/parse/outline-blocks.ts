import { looksLikeCheckboxLine } from './task-line';
import { lineText, type Source } from './source';

/**
 * The block structure of a document as CommonMark sees it, reduced to what the task reader needs:
 * headings, list items (with nesting), paragraphs, and the blocks whose content must never be read
 * as tasks (code, HTML, blockquotes). Shared by the remark reader and the line scanner.
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

export function addPseudoItems(src: Source, outline: Outline, item: ItemBlock): void {
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

export function lineSpan(src: Source, startLine: number, endLine: number): Span {
  return {
    startLine,
    endLine,
    startOffset: src.lineStarts[startLine - 1],
    endOffset: src.lineEnds[endLine - 1],
  };
}
