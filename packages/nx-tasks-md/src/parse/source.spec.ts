import { createSource, lineOf, lineText, pointAt } from './source';

describe('createSource', () => {
  it('splits lines at \\n, \\r\\n and \\r like CommonMark', () => {
    const src = createSource('a\nb\r\nc\rd');
    expect([1, 2, 3, 4].map((n) => lineText(src, n))).toEqual(['a', 'b', 'c', 'd']);
    expect(pointAt(src, src.text.indexOf('d'))).toEqual({ line: 4, column: 1, offset: 7 });
    expect(lineOf(src, 4)).toBe(2);
  });

  it('detects the dominant line ending', () => {
    expect(createSource('a\r\nb\r\nc\n').eol).toBe('\r\n');
    expect(createSource('a\nb').eol).toBe('\n');
    expect(createSource('').eol).toBe('\n');
  });

  it('blanks front matter and a BOM for the markdown parser, keeping every offset', () => {
    const text = '\uFEFF---\ntitle: "x"\nitems:\n  - a\n---\n# T';
    const src = createSource(text);
    expect(src.masked).toHaveLength(text.length);
    expect(
      src.masked
        .split('\n')
        .slice(0, 5)
        .every((l) => l.trim() === ''),
    ).toBe(true);
    expect(src.masked.endsWith('# T')).toBe(true);
  });

  it('leaves a leading thematic break alone when what follows is not YAML', () => {
    const text = '---\n# Tasks\n- [ ] T001 a\n---\n';
    expect(createSource(text).masked).toBe(text);
  });

  it('blanks lines nested too deeply to parse quickly, and says where', () => {
    const src = createSource(`ok\n${' '.repeat(60)}- deep\n${'- '.repeat(14)}[ ] x\n${' '.repeat(80)}\n`);
    expect(src.tooDeepLine).toBe(2);
    expect(lineText({ ...src, text: src.masked }, 2).trim()).toBe('');
    expect(lineText({ ...src, text: src.masked }, 3).trim()).toBe('');
    expect(createSource('    - normal\n        - nested').tooDeepLine).toBeUndefined();
  });
});
