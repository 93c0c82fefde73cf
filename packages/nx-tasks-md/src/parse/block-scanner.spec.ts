import { readOutline, type OutlineStats } from './markdown-outline';
import { createSource } from './source';
import { seededRandom } from '../testing/seeded-random';
import { randomMarkdown } from './__fixtures__/random-markdown';
import { describeCorpus, readCorpusFile } from '../testing/corpus';

function newStats(): OutlineStats {
  return { scannedPieces: 0, scannedLines: 0, remarkPieces: 0, remarkLines: 0 };
}

/** The line scanner (with remark where it gives up) must give exactly remark's outline. */
function expectSameAsRemark(text: string, stats = newStats()): OutlineStats {
  const src = createSource(text);
  const fast = readOutline(src, { stats });
  const reference = readOutline(src, { engine: 'remark' });
  expect({ text, outline: fast }).toStrictEqual({ text, outline: reference });
  return stats;
}

/** Scanned without any help from remark. */
function expectScanned(text: string): void {
  const stats = expectSameAsRemark(text);
  expect({ text, remarkPieces: stats.remarkPieces }).toEqual({ text, remarkPieces: 0 });
}

describeCorpus('line scanner against remark on the corpus', (corpus) => {
  it('gives the same outline on every corpus file, mostly without remark', () => {
    const total = newStats();
    for (const file of corpus) expectSameAsRemark(readCorpusFile(file), total);
    expect(total.scannedLines / (total.scannedLines + total.remarkLines)).toBeGreaterThan(0.9);
    expect(total.scannedPieces / (total.scannedPieces + total.remarkPieces)).toBeGreaterThan(0.9);
  });
});

describe('line scanner against remark', () => {
  it('gives the same outline on seeded random documents', () => {
    const random = seededRandom(11);
    const total = newStats();
    for (let n = 0; n < 1500; n++) expectSameAsRemark(randomMarkdown(random, 60), total);
    // The fragments are mostly what the scanner handles, so it must not give up on everything.
    expect(total.scannedPieces).toBeGreaterThan(total.remarkPieces / 4);
  });

  it.each([
    ['nesting', '# T\n\n- [ ] T001 a\n  - [ ] T002 b\n    - c\n  - d\n- e\n\n1. one\n2. two\n   3. not an item\n10) ten\n'],
    ['lazy lines', '- a\nlazy\n  - b\nlazy too\n - sibling\n\n  para in item\nnot lazy after blank\n'],
    [
      'fences in items',
      '- [ ] T001 run\n  ```bash\n  npm test\n   indented\n\n  ```\n- [ ] T002\n\n  ~~~~ yaml  meta\n  a: 1\n  ```\n  ~~~~~\n',
    ],
    ['top-level fences', '```\n\n# inside\n```\n\n  ```sh\n x\n    y\n  ```  \n````\n```\n````\n'],
    ['CRLF', '## Phase 1\r\n\r\n- [ ] T001 a\r\n  ```\r\n  x\r\n\r\n  y\r\n  ```\r\n- [x] T002\r\n'],
    ['lone CR', '# A\r- [ ] T001\r  more\r\rtext\r'],
    ['BOM', '\uFEFF# Tasks\n\n- [ ] T001 a\n'],
    ['front matter', '---\ntitle: x\n---\n# Tasks\n- [ ] T001\n'],
    ['HTML comments', '  <!-- i -->\n<!-- a -->\n- b\n  <!-- c\n\n  d -->\n  <!-- e --> trailing\n- <!-- f -->\n\n  <!--\n  g\n  -->\n'],
    ['thematic breaks', '# A\n\n---\n\n- a\n\n  ***\n- b\n___\n'],
    ['headings', '#\n# \n#  x  #\n#\tx\n# a #b\n####### seven\n  ## indented ##   \n- # in item\n# `code` **bold** [l](x)\n'],
    ['paragraph edges', 'a  \nb\t\n   c\n\n|a|b|\n|-|-|\n|1|2|\n'],
    ['over-indented checkbox lines', '- [x] parent\n\t\t- [x] child one\n\t\t- [ ] child two\n- [ ] next\n        - [ ] deep\n'],
    ['tabs', '- a\n\tb\n-\tc\n\t- d\n'],
    ['interrupting items', 'para\n- bullet\npara\n2. two\npara\n1. one\n'],
    ['items starting with blocks', '- # h\n- ```\n  x\n  ```\n- - nested\n  - - deeper\n'],
  ])('gives the same outline for %s', (_name, text) => {
    expectSameAsRemark(text);
  });

  it.each([
    [
      'a spec-kit task list',
      '# Tasks: X\n\n**Input**: docs\n\n## Phase 1: Setup\n\n- [ ] T001 [P] Create src/a.ts\n- [x] T002 [US1] Do b\n  - detail\n\n---\n\n## Dependencies\n\n- T001 → T002\n',
    ],
    ['fences and comments in items', '<!-- x -->\n- [ ] T001 run\n  ```bash\n  npm test\n  ```\n- [ ] T002\n'],
    ['lazy continuation', '- [ ] T001 a\ncontinued\n- [ ] T002\n'],
  ])('reads %s without remark', (_name, text) => {
    expectScanned(text);
  });

  it.each([
    ['a blockquote', '> - [ ] T001\n'],
    ['an HTML block', '<details>\n\n- [ ] T001\n</details>\n'],
    ['a setext heading', 'Title\n---\n'],
    ['an unclosed fence', '```\n- [ ] T001\n'],
    ['indented code', '    - [ ] T001\n'],
  ])('leaves %s to remark', (_name, text) => {
    const stats = expectSameAsRemark(text);
    expect(stats.remarkPieces).toBeGreaterThan(0);
  });
});
