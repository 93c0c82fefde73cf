/**
 * The corpus: real tasks.md files beside the repository (../shared/corpus, described by its
 * MANIFEST.tsv; see ../shared/README.md), read in place and never copied. A checkout without it
 * skips the suites that read it; a CI run (CI=true) must have it, and there those suites fail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS_DIR = resolve(__dirname, '../../../../../shared/corpus');

/** The corpus' tasks.md files by name, sorted; none where it is missing outside CI. */
export function corpusFiles(dir = CORPUS_DIR, env: NodeJS.ProcessEnv = process.env): string[] {
  if (existsSync(join(dir, 'MANIFEST.tsv')))
    return readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .sort();
  if (env.CI === 'true')
    throw new Error(`the corpus is missing: no ${join(dir, 'MANIFEST.tsv')} (see ../shared/README.md), and CI=true runs need it`);
  return [];
}

export function readCorpusFile(name: string): string {
  return readFileSync(join(CORPUS_DIR, name), 'utf8');
}

/** A `describe` over the corpus files; skipped, with the reason in its title, where the corpus is missing outside CI. */
export function describeCorpus(name: string, suite: (files: string[]) => void): void {
  const files = corpusFiles();
  if (files.length > 0) describe(name, () => suite(files));
  else describe.skip(`${name} (skipped: no corpus at ${CORPUS_DIR})`, () => suite(files));
}
