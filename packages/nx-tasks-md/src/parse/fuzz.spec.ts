import { parseTasksMd } from './parse-tasks-md';
import { randomGenerator, randomMarkdown } from './__fixtures__/random-markdown';

describe('parseTasksMd on random input', () => {
  it('never throws and keeps its invariants on 3000 seeded random documents', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const text = randomMarkdown(randomGenerator(seed));
      let doc;
      try {
        doc = parseTasksMd(text, { path: 'fuzz.md' });
      } catch (error) {
        throw new Error(`seed ${seed} threw ${String(error)} on ${JSON.stringify(text)}`);
      }
      const context = `seed ${seed}: ${JSON.stringify(text).slice(0, 400)}`;
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
        expect(d.file).toBe('fuzz.md');
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('reads binary garbage without throwing', () => {
    const random = randomGenerator(42);
    for (let n = 0; n < 50; n++) {
      const bytes = Buffer.from(Array.from({ length: 2000 }, () => Math.floor(random() * 256)));
      expect(() => parseTasksMd(bytes.toString('latin1'), { path: 'bin.md' })).not.toThrow();
      expect(() => parseTasksMd(bytes.toString('utf8'), { path: 'bin.md' })).not.toThrow();
    }
  });

  it('reads edge-case texts without throwing', () => {
    const texts = ['', '\n', '\r', '\r\n', '\uFEFF', '\uD800', '- [', '- [ ]', '- [x]', '---', '---\n', '[ ]', '#', '```', '<!--', '- [ ] T001'];
    for (const text of texts) expect(parseTasksMd(text, { path: 'edge.md' }).path).toBe('edge.md');
    expect(parseTasksMd('- [ ] T001 no newline at the end', { path: 'edge.md' }).tasks).toHaveLength(1);
  });
});
