import type { TaskDocument } from '../model';
import { parseTasksMd } from './parse-tasks-md';
import { seededRandom } from '../testing/seeded-random';
import { randomMarkdown } from './__fixtures__/random-markdown';

/**
 * What holds for every document, whatever its text: parseTasksMd never throws (a bug becomes a
 * `parse-failed` error on the file), so the checks are that no such error was reported and that
 * what it did read points into the text.
 */
function expectSound(doc: TaskDocument, text: string, context: string): void {
  expect({ context, failed: doc.diagnostics.filter((d) => d.code === 'parse-failed') }).toEqual({ context, failed: [] });
  const ids = new Set(doc.tasks.map((t) => t.id));
  const phases = new Set(doc.phases.map((p) => p.key));
  for (const t of doc.tasks) {
    const { offset } = t.checkbox;
    const around = { context, id: t.id, around: text.slice(offset - 1, offset + 2) };
    expect(around).toEqual({ ...around, around: `[${t.marker}]` });
    expect(t.text).not.toContain('\r');
    expect(phases.has(t.phase)).toBe(true);
    if (t.parent !== undefined) expect(ids.has(t.parent)).toBe(true);
  }
  for (const d of doc.dependencies) {
    for (const id of [...d.before, ...d.after]) expect({ context, id, known: ids.has(id) }).toEqual({ context, id, known: true });
  }
  for (const d of doc.diagnostics) {
    expect(d.file).toBe(doc.path);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
}

describe('parseTasksMd on random input', () => {
  it('keeps its invariants on 3000 seeded random documents', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const text = randomMarkdown(seededRandom(seed));
      expectSound(parseTasksMd(text, { path: 'fuzz.md' }), text, `seed ${seed}: ${JSON.stringify(text).slice(0, 400)}`);
    }
  });

  it('reads binary garbage', () => {
    const random = seededRandom(42);
    for (let n = 0; n < 50; n++) {
      const bytes = Buffer.from(Array.from({ length: 2000 }, () => Math.floor(random() * 256)));
      for (const encoding of ['latin1', 'utf8'] as const) {
        const text = bytes.toString(encoding);
        expectSound(parseTasksMd(text, { path: 'bin.md' }), text, `garbage ${n} as ${encoding}`);
      }
    }
  });

  it('reads edge-case texts', () => {
    const texts = [
      '',
      '\n',
      '\r',
      '\r\n',
      '\uFEFF',
      '\uD800',
      '- [',
      '- [ ]',
      '- [x]',
      '---',
      '---\n',
      '[ ]',
      '#',
      '```',
      '<!--',
      '- [ ] T001',
    ];
    for (const text of texts) expectSound(parseTasksMd(text, { path: 'edge.md' }), text, JSON.stringify(text));
    expect(parseTasksMd('- [ ] T001 no newline at the end', { path: 'edge.md' }).tasks).toHaveLength(1);
  });
});
