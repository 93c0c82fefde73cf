import { IdGenerator, slugify } from './generated-ids';

describe('generated IDs', () => {
  it('slugs titles, dropping markdown and punctuation', () => {
    expect(slugify('Implement `FullscreenSession` controller (state machine).')).toBe('implement-fullscreensession-controller-state');
    expect(slugify('See [the docs](https://x.io) **now**')).toBe('see-the-docs-now');
    expect(slugify('データベーススキーマの実装')).toBe('データベーススキーマの実装');
    expect(slugify('!!!')).toBe('');
  });

  it('keeps slugs short, at a word boundary', () => {
    const slug = slugify('one two three four five six seven eight nine ten eleven twelve');
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug).toBe('one-two-three-four-five-six-seven-eight-nine-ten');
  });

  it('makes IDs unique in order of appearance', () => {
    const ids = new IdGenerator();
    expect(['Review', 'Review', 'review 2', '!!!', 'Review'].map((t) => ids.next(t))).toEqual([
      'review',
      'review-2',
      'review-2-2',
      'task',
      'review-3',
    ]);
  });
});
