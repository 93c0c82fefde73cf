import type { Nodes, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { addPseudoItems, inlineToPlain, type ItemBlock, type Outline, type Span } from './outline-blocks';
import type { Source } from './source';

/**
 * The remark (micromark) reading of a piece of markdown, for what the line scanner gives up on.
 *
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

export function parseMarkdown(text: string): Root {
  return processor.parse(text) as Root;
}

/** Adds the blocks of `root`, parsed from the piece starting at `startLine`, to the outline. */
export function addRemarkBlocks(src: Source, outline: Outline, root: Root, startLine: number): void {
  walk(src, outline, root, { line: startLine - 1, offset: src.lineStarts[startLine - 1] });
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
function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}
