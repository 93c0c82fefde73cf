import { parseTasksMd } from '.';
import { showControlCharacters } from './control-characters';

const doc = (text: string) => parseTasksMd(text, { path: 'specs/001-x/tasks.md' });

describe('control characters in a task', () => {
  it('reports a NUL byte as an error at its line and column, and leaves the text as written', () => {
    const text = '# Tasks\n\n## Phase 1\n\n- [ ] T001 first\n- [ ] T002 do a\u0000b thing\n';
    const parsed = doc(text);
    const nul = parsed.diagnostics.filter((d) => d.code === 'nul-byte');
    expect(nul).toEqual([expect.objectContaining({ file: 'specs/001-x/tasks.md', line: 6, column: 16, severity: 'error' })]);
    expect(nul[0].message).toMatch(/T002 contains a NUL byte \(U\+0000\)/);
    expect(parsed.tasks.find((t) => t.id === 'T002')!.text).toContain('\u0000');
  });

  it('finds it on a continuation line and in a numbered (Kiro) item', () => {
    const parsed = doc('# Tasks\n\n- [ ] 1. Build it\n  - details\u0000 here\n- [ ] 2. Other\n');
    expect(parsed.diagnostics.filter((d) => d.code === 'nul-byte').map((d) => [d.line, d.column])).toEqual([[4, 12]]);
  });

  it('warns about other control characters, and ignores them outside tasks', () => {
    const parsed = doc('# Tasks \u001b[2J\n\n- [ ] T001 paint \u001b[31mred\n');
    const found = parsed.diagnostics.filter((d) => d.code === 'control-character');
    expect(found).toEqual([expect.objectContaining({ line: 3, severity: 'warning' })]);
    expect(found[0].message).toMatch(/U\+001B/);
  });
});

it('shows control characters escaped for a terminal', () => {
  expect(showControlCharacters('a\u0000b\u001b[31m\tc')).toBe('a\\x00b\\x1b[31m\tc');
});
