import { indentOf, isBlank, lineStart, type LineStart } from './block-lines';
import { addPseudoItems, inlineToPlain, type ItemBlock, type Outline } from './outline-blocks';
import type { Source } from './source';

/**
 * A line-by-line reader of the CommonMark block structure for the constructs tasks.md files use
 * (ATX headings, bullet and ordered lists, paragraphs with lazy lines, fenced code, HTML
 * comments, thematic breaks). It gives the same outline as remark on what it accepts and gives up
 * (returns false) on anything else: blockquotes, other HTML, setext-like lines under a paragraph,
 * indented code, empty or oddly spaced list items, tabs where columns matter, unclosed fences.
 */

interface OpenItem {
  block: ItemBlock;
  /** Column where the item's content starts; continuation lines must reach it. */
  contentColumn: number;
  hasChildren: boolean;
}

interface OpenParagraph {
  startLine: number;
  endLine: number;
  startOffset: number;
  item?: number;
  firstOf?: ItemBlock;
}

interface OpenFence {
  char: string;
  length: number;
  /** Spaces before the opening fence, stripped from content lines. */
  indent: number;
  depth: number;
  startLine: number;
  startOffset: number;
  lang?: string;
  item?: number;
  lines: number[];
  values: string[];
}

interface OpenComment {
  depth: number;
  startLine: number;
  startOffset: number;
  item?: number;
}

class GiveUp extends Error {}

export function scanBlocks(src: Source, outline: Outline, startLine: number, endLine: number): boolean {
  const lengths = [outline.headings.length, outline.items.length, outline.paragraphs.length, outline.excluded.length];
  try {
    new Scanner(src, outline).run(startLine, endLine);
    return true;
  } catch (error) {
    if (!(error instanceof GiveUp)) throw error;
    [outline.headings.length, outline.items.length, outline.paragraphs.length, outline.excluded.length] = lengths;
    return false;
  }
}

function giveUp(): never {
  throw new GiveUp();
}

class Scanner {
  private items: OpenItem[] = [];
  private paragraph?: OpenParagraph;
  private fence?: OpenFence;
  private comment?: OpenComment;

  constructor(
    private readonly src: Source,
    private readonly outline: Outline,
  ) {}

  run(startLine: number, endLine: number): void {
    const { masked, lineStarts, lineEnds } = this.src;
    if (masked.slice(lineStarts[startLine - 1], lineEnds[endLine - 1]).includes('\0')) giveUp();
    for (let line = startLine; line <= endLine; line++) {
      this.line(line, masked.slice(lineStarts[line - 1], lineEnds[line - 1]));
    }
    if (this.fence || this.comment) giveUp();
    this.closeParagraph();
  }

  private line(line: number, text: string): void {
    if (this.fence) return this.fenceLine(line, text);
    if (this.comment) return this.commentLine(line, text);
    if (isBlank(text)) return this.closeParagraph();
    const indent = indentOf(text);
    const matched = this.matchedItems(indent.columns);
    const containerColumn = matched === 0 ? 0 : this.items[matched - 1].contentColumn;
    const relative = indent.columns - containerColumn;
    if (this.paragraph) {
      if (relative >= 4) return this.continueParagraph(line);
      const start = lineStart(text.slice(indent.chars), true);
      if (!start || !this.interrupts(start, matched === this.items.length)) return this.continueParagraph(line);
      if (indent.hasTab) giveUp();
      this.closeParagraph();
    } else if (indent.hasTab || relative >= 4) giveUp();
    this.items.length = matched;
    this.startBlocks(line, text, indent.chars);
  }

  private matchedItems(columns: number): number {
    let n = 0;
    while (n < this.items.length && this.items[n].contentColumn <= columns) n++;
    return n;
  }

  /** Whether a block start ends the open paragraph (else the line is paragraph text). */
  private interrupts(start: LineStart, allMatched: boolean): boolean {
    if (start.kind === 'unsure' || start.kind === 'thematic') giveUp();
    if (start.kind === 'bullet' || start.kind === 'ordered') {
      if (start.empty) giveUp();
      // Only a non-empty bullet or an ordered item numbered 1 may interrupt a paragraph; on a
      // lazy line the paragraph is not the innermost matched block, so any item starts.
      return !allMatched || start.kind === 'bullet' || start.one;
    }
    return true;
  }

  /** Starts the blocks of a line from `at` (leading whitespace already measured). */
  private startBlocks(line: number, text: string, at: number): void {
    const lineOffset = this.src.lineStarts[line - 1];
    const start = lineStart(text.slice(at), false);
    const parent = this.items[this.items.length - 1];
    const firstChild = parent !== undefined && !parent.hasChildren;
    if (parent) parent.hasChildren = true;
    const item = parent?.block.index;
    const depth = this.items.length;
    if (!start) {
      this.paragraph = {
        startLine: line,
        endLine: line,
        startOffset: lineOffset + at,
        item,
        firstOf: firstChild ? parent.block : undefined,
      };
      return;
    }
    switch (start.kind) {
      case 'heading':
        this.outline.headings.push({ ...this.lineSpan(line, line, lineOffset + at), depth: start.depth, text: inlineToPlain(start.text) });
        return this.leafEnded(line);
      case 'thematic':
        return this.leafEnded(line);
      case 'fence': {
        const container = parent?.contentColumn ?? 0;
        this.fence = {
          char: start.char,
          length: start.length,
          indent: at - container,
          depth,
          startLine: line,
          startOffset: lineOffset + at,
          lang: start.lang,
          item,
          lines: [],
          values: [],
        };
        return;
      }
      case 'comment': {
        const comment = { depth, startLine: line, startOffset: lineOffset + (parent?.contentColumn ?? 0), item };
        if (start.closed) return this.closeComment(comment, line);
        this.comment = comment;
        return;
      }
      case 'bullet':
      case 'ordered':
        return this.startItem(line, text, at, start.width, start.empty);
      default:
        giveUp();
    }
  }

  private startItem(line: number, text: string, at: number, width: number, empty: boolean): void {
    if (empty) giveUp();
    const spaces = /^ */.exec(text.slice(at + width))![0].length;
    // A tab after the marker, or five or more spaces (content then starts as indented code).
    if (spaces === 0 || spaces > 4 || text[at + width + spaces] === '\t') giveUp();
    const parent = this.items[this.items.length - 1];
    const offset = this.src.lineStarts[line - 1] + at;
    const block: ItemBlock = {
      ...this.lineSpan(line, line, offset),
      index: this.outline.items.length,
      column: at + 1,
      parent: parent?.block.index,
      depth: this.items.length,
      firstParagraph: undefined,
    };
    this.outline.items.push(block);
    this.items.push({ block, contentColumn: at + width + spaces, hasChildren: false });
    this.startBlocks(line, text, at + width + spaces);
  }

  private continueParagraph(line: number): void {
    this.paragraph!.endLine = line;
  }

  private closeParagraph(): void {
    const p = this.paragraph;
    if (!p) return;
    this.paragraph = undefined;
    const span = this.lineSpan(p.startLine, p.endLine, p.startOffset);
    this.outline.paragraphs.push({ ...span, item: p.item });
    this.leafEnded(p.endLine);
    if (p.firstOf) {
      p.firstOf.firstParagraph = { ...span };
      addPseudoItems(this.src, this.outline, p.firstOf);
    }
  }

  private fenceLine(line: number, text: string): void {
    const fence = this.fence!;
    const indent = indentOf(text);
    if (indent.hasTab) giveUp();
    const container = fence.depth === 0 ? 0 : this.items[fence.depth - 1].contentColumn;
    if (!isBlank(text)) {
      // A line outside the fence's item would end the fence unclosed.
      if (indent.columns < container) giveUp();
      const close = /^(`{3,}|~{3,})[ \t]*$/.exec(text.slice(indent.chars));
      if (indent.columns - container < 4 && close && close[1][0] === fence.char && close[1].length >= fence.length) {
        this.fence = undefined;
        this.outline.excluded.push({
          ...this.lineSpan(fence.startLine, line, fence.startOffset),
          kind: 'code',
          item: fence.item,
          lang: fence.lang,
          value: this.fenceValue(fence),
        });
        return this.leafEnded(line);
      }
    }
    const content = text.slice(Math.min(container, text.length));
    const strip = Math.min(fence.indent, /^ */.exec(content)![0].length);
    fence.lines.push(line);
    fence.values.push(content.slice(strip));
  }

  /** Content lines joined by their own line endings, as mdast keeps them. */
  private fenceValue(fence: OpenFence): string {
    const { masked, lineStarts, lineEnds } = this.src;
    return fence.values
      .map((value, k) => (k === 0 ? value : masked.slice(lineEnds[fence.lines[k] - 2], lineStarts[fence.lines[k] - 1]) + value))
      .join('');
  }

  private commentLine(line: number, text: string): void {
    const comment = this.comment!;
    if (!isBlank(text)) {
      const indent = indentOf(text);
      const container = comment.depth === 0 ? 0 : this.items[comment.depth - 1].contentColumn;
      if (indent.hasTab || indent.columns < container) giveUp();
      if (text.includes('-->')) {
        this.comment = undefined;
        this.closeComment(comment, line);
      }
    }
  }

  private closeComment(comment: OpenComment, line: number): void {
    this.outline.excluded.push({ ...this.lineSpan(comment.startLine, line, comment.startOffset), kind: 'html', item: comment.item });
    this.leafEnded(line);
  }

  /** Every open item contains the block that just ended there. */
  private leafEnded(line: number): void {
    const end = this.src.lineEnds[line - 1];
    for (const { block } of this.items) {
      block.endLine = line;
      block.endOffset = end;
    }
  }

  private lineSpan(startLine: number, endLine: number, startOffset: number) {
    return { startLine, endLine, startOffset, endOffset: this.src.lineEnds[endLine - 1] };
  }
}
