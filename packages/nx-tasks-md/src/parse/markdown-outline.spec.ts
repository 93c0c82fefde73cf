import { parseInChunks, readOutline } from './markdown-outline';
import { createSource } from './source';
import { seededRandom } from '../testing/seeded-random';
import { randomMarkdown } from './__fixtures__/random-markdown';
import { corpusFiles, readCorpusFile } from '../testing/corpus';

/** Everything the parser reads from the outline, in comparable form. */
function shape(text: string, chunkLines?: number) {
  const outline = readOutline(createSource(text), { engine: 'remark', chunkLines });
  return {
    headings: outline.headings.map((h) => [h.startLine, h.depth, h.text]),
    items: outline.items.map((i) => [
      i.startLine,
      i.endLine,
      i.column,
      i.depth,
      i.parent === undefined ? -1 : outline.items[i.parent].startLine,
      i.firstParagraph?.endLine,
      i.pseudo ?? false,
    ]),
    paragraphs: outline.paragraphs.map((p) => [p.startLine, p.endLine, p.startOffset, p.endOffset]),
    excluded: outline.excluded.map((b) => [b.kind, b.startLine, b.endLine, b.lang, b.value]),
  };
}

describe('readOutline', () => {
  it('reads block structure with positions into the whole text', () => {
    const text = '# Title\n\n- [ ] T001 a\n  - detail\n\n```sh\necho\n```\n\n> quoted\n<!-- c -->\n';
    const outline = readOutline(createSource(text));
    expect(outline.headings).toEqual([{ startLine: 1, endLine: 1, startOffset: 0, endOffset: 7, depth: 1, text: 'Title' }]);
    expect(outline.items.map((i) => [i.startLine, i.endLine, i.depth, i.parent])).toEqual([
      [3, 4, 0, undefined],
      [4, 4, 1, 0],
    ]);
    expect(outline.excluded.map((b) => [b.kind, b.startLine, b.endLine])).toEqual([
      ['code', 6, 8],
      ['blockquote', 10, 10],
      ['html', 11, 11],
    ]);
    expect(text.slice(outline.items[0].startOffset, outline.items[0].startOffset + 5)).toBe('- [ ]');
  });

  it('gives heading text without inline markup', () => {
    const outline = readOutline(createSource('## **Phase 1**: `Setup` [docs](x.md) <!-- a -->'));
    expect(outline.headings[0].text).toBe('Phase 1: Setup docs');
  });

  it('reads over-indented checkbox lines inside a task paragraph as nested items', () => {
    const outline = readOutline(createSource('- [x] parent\n\t\t- [x] child one\n\t\t- [ ] child two\n- [ ] next'));
    expect(outline.items.map((i) => [i.startLine, i.endLine, i.pseudo ?? false, i.parent])).toEqual([
      [1, 3, false, undefined],
      [2, 2, true, 0],
      [3, 3, true, 0],
      [4, 4, false, undefined],
    ]);
    expect(outline.items[0].firstParagraph?.endLine).toBe(1);
  });

  it('cuts long documents only where the pieces parse like the whole', () => {
    const texts = corpusFiles().map(readCorpusFile);
    const random = seededRandom(7);
    for (let n = 0; n < 600; n++) texts.push(randomMarkdown(random, 80));
    texts.push('<div>\n\n</div>\n- [ ] T1\n<details>\n## not a heading\n- [ ] not an item\n\n## heading\n');
    texts.push('```\n\n# inside\n\n- [ ] inside\n```\n# outside\n~~~~\n```\n\n# still inside\n~~~~\n');
    texts.push('- [P] notes\n  ```\nplain\n  ```sh\n  ```\n+ [~] T004 inside the second fence\n');
    for (const text of texts) {
      const pieces = parseInChunks(createSource(text), 1);
      const whole = shape(text, Number.MAX_SAFE_INTEGER);
      const cut = shape(text, 1);
      expect({ text: text.slice(0, 200), pieces: pieces.length, ...cut }).toEqual({
        text: text.slice(0, 200),
        pieces: pieces.length,
        ...whole,
      });
    }
  });

  it('does cut long documents', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `## Phase ${i}\n\n- [ ] T${i} task`).join('\n\n');
    expect(parseInChunks(createSource(text)).length).toBeGreaterThan(5);
  });
});
