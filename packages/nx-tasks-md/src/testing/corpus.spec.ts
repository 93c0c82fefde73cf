import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFiles } from './corpus';

describe('corpusFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'corpus-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the corpus' tasks.md files in order", () => {
    for (const name of ['MANIFEST.tsv', 'b.md', 'a.md', 'notes.txt']) writeFileSync(join(dir, name), '');
    mkdirSync(join(dir, 'c.md.d'));
    expect(corpusFiles(dir, { CI: 'true' })).toEqual(['a.md', 'b.md']);
  });

  it('has no files where the corpus is missing outside CI, so its suites are skipped', () => {
    expect(corpusFiles(join(dir, 'missing'), {})).toEqual([]);
  });

  it('fails a CI run (CI=true) where the corpus is missing, naming where it was looked for', () => {
    expect(() => corpusFiles(join(dir, 'missing'), { CI: 'true' })).toThrow(`no ${join(dir, 'missing', 'MANIFEST.tsv')}`);
  });
});
