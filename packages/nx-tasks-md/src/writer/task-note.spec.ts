import { parseTasksMd } from '../parse/parse-tasks-md';
import { getTaskNote, sanitizeNote, setTaskNote } from './task-note';
import { TaskWriteError } from './task-write-error';

const PATH = 'specs/001-demo/tasks.md';

const plan = [
  '## Phase 1: Setup',
  '',
  '- [ ] T001 Create the project structure',
  '  in src/ and tests/',
  '  - run: `npm init -y`',
  '- [ ] T002 [P] Configure linting',
  '',
  '- [ ] 2. Kiro-style parent',
  '  - [ ] 2.1 Child task',
  '    - detail bullet',
].join('\n');

describe('setTaskNote', () => {
  it("puts the note right under the task's first paragraph, indented like its content", () => {
    const out = setTaskNote(plan, 'T001', 'failed: exit code 1', { path: PATH });
    expect(out.split('\n').slice(2, 6)).toEqual([
      '- [ ] T001 Create the project structure',
      '  in src/ and tests/',
      '  <!-- nx-tasks-md: failed: exit code 1 -->',
      '  - run: `npm init -y`',
    ]);
  });

  it('indents the note of a nested task like that task', () => {
    const out = setTaskNote(plan, '2.1', 'failed: boom');
    expect(out.split('\n').slice(8, 11)).toEqual([
      '  - [ ] 2.1 Child task',
      '    <!-- nx-tasks-md: failed: boom -->',
      '    - detail bullet',
    ]);
  });

  it('adds a note to the last line of a file without a final newline', () => {
    const text = '- [ ] T001 Only task';
    const out = setTaskNote(text, 'T001', 'failed: x');
    expect(out).toBe('- [ ] T001 Only task\n  <!-- nx-tasks-md: failed: x -->');
    expect(setTaskNote(out, 'T001', null)).toBe(text);
  });

  it('replaces an existing note instead of adding a second one', () => {
    const once = setTaskNote(plan, 'T002', 'failed: first');
    const twice = setTaskNote(once, 'T002', 'failed: second');
    expect(twice).toBe(once.replace('failed: first', 'failed: second'));
    expect(getTaskNote(twice, 'T002')).toBe('failed: second');
  });

  it('removes the note, giving back the original text byte for byte', () => {
    const noted = setTaskNote(setTaskNote(plan, 'T001', 'failed: a'), '2', 'failed: b');
    expect(setTaskNote(setTaskNote(noted, '2', null), 'T001', null)).toBe(plan);
    expect(setTaskNote(plan, 'T001', null)).toBe(plan);
  });

  it("uses the file's line endings and keeps a BOM", () => {
    const text = '\uFEFF## Phase 1\r\n\r\n- [ ] T001 First\r\n- [ ] T002 Second\r\n';
    const out = setTaskNote(text, 'T001', 'failed: crlf');
    expect(out).toBe('\uFEFF## Phase 1\r\n\r\n- [ ] T001 First\r\n  <!-- nx-tasks-md: failed: crlf -->\r\n- [ ] T002 Second\r\n');
    expect(setTaskNote(out, 'T001', null)).toBe(text);
  });

  it('keeps tab indentation under a tab-indented task', () => {
    const text = '- [ ] T001 Parent\n\t- [ ] T002 Child\n';
    expect(setTaskNote(text, 'T002', 'failed: t')).toBe('- [ ] T001 Parent\n\t- [ ] T002 Child\n\t  <!-- nx-tasks-md: failed: t -->\n');
  });

  it('does not change what the parser reads from the task', () => {
    const before = parseTasksMd(plan, { path: PATH });
    const after = parseTasksMd(setTaskNote(plan, 'T001', 'failed: parse check'), { path: PATH });
    const summary = (t: (typeof before.tasks)[number]) => ({
      id: t.id,
      state: t.state,
      description: t.description,
      parent: t.parent,
      commands: t.commands.map((c) => c.command),
    });
    expect(after.tasks.map(summary)).toEqual(before.tasks.map(summary));
  });

  it('puts the note below lines indented 4+ columns deeper, which a note above would turn into code', () => {
    const text = '- [x] T001 Parent\n\t\t- [x] T002 Child\n\t\t- [x] T003 Another child\n- [ ] T004 Next\n';
    expect(setTaskNote(text, 'T001', 'failed: p')).toBe(
      '- [x] T001 Parent\n\t\t- [x] T002 Child\n\t\t- [x] T003 Another child\n  <!-- nx-tasks-md: failed: p -->\n- [ ] T004 Next\n',
    );
  });

  it('refuses a note that the markdown would swallow into a task', () => {
    // Items indented 4+ columns deeper than their parent's text are one paragraph in CommonMark.
    const text = '- [x] T001 Parent\n\t\t- [x] T002 Child\n\t\t- [x] T003 Another child\n';
    expect(() => setTaskNote(text, 'T002', 'failed: x')).toThrow(expect.objectContaining({ code: 'note-changes-plan' }));
    expect(setTaskNote(text, 'T002', 'failed: x', { verify: false })).not.toBe(text);
  });

  it('reports an unknown task', () => {
    expect(() => setTaskNote(plan, 'T404', 'x', { path: PATH })).toThrow(
      new TaskWriteError('unknown-task', `T404 is not a task in ${PATH}`),
    );
  });

  it('reads no note from a task without one', () => {
    expect(getTaskNote(plan, 'T001')).toBeNull();
  });
});

describe('sanitizeNote', () => {
  it('makes the note one line that cannot close the comment early', () => {
    expect(sanitizeNote('  npm ERR!\n  --> see log -- at /tmp/x.log\r\n')).toBe('npm ERR! —> see log — at /tmp/x.log');
    expect(sanitizeNote('a'.repeat(600))).toHaveLength(500);
  });
});
