import { parseTasksMd } from '../parse/parse-tasks-md';
import type { TaskState } from '../model';
import { setTaskState } from './set-task-state';
import { markerFor } from './state-markers';
import { TaskWriteError } from './task-write-error';
import { taskDoc } from '../testing/task-doc';

const PATH = 'specs/001-demo/tasks.md';

const speckit = [
  '# Tasks: Demo',
  '',
  '## Phase 1: Setup',
  '',
  '- [ ] T001 Create project structure in src/',
  '- [x] T002 [P] Configure linting in .eslintrc.json',
  '- [ ] T003 Write the README',
  '',
].join('\n');

function stateOf(text: string, id: string): TaskState {
  return parseTasksMd(text, { path: PATH }).tasks.find((t) => t.id === id)!.state;
}

/** The positions at which two equally long strings differ. */
function differences(a: string, b: string): number[] {
  expect(b).toHaveLength(a.length);
  const at: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) at.push(i);
  return at;
}

describe('setTaskState', () => {
  it.each<[TaskState, string]>([
    ['in-progress', '>'],
    ['done', 'x'],
    ['failed', '!'],
    ['skipped', '-'],
    ['blocked', 'B'],
  ])('writes %s as [%s] and changes nothing else', (state, marker) => {
    const out = setTaskState(speckit, 'T003', state, { path: PATH });
    expect(out).toBe(speckit.replace('- [ ] T003', `- [${marker}] T003`));
    expect(stateOf(out, 'T003')).toBe(state);
  });

  it('writes pending as a blank box', () => {
    const out = setTaskState(speckit, 'T002', 'pending');
    expect(out).toBe(speckit.replace('- [x] T002', '- [ ] T002'));
  });

  it('leaves a task that is already in the state untouched', () => {
    expect(setTaskState(speckit, 'T002', 'done')).toBe(speckit);
  });

  it("ticks with X in a file whose done tasks mostly use X, as spec-kit's /implement writes", () => {
    const upper = speckit.replace('- [ ] T001', '- [X] T001').replace('- [x] T002', '- [X] T002');
    expect(setTaskState(upper, 'T003', 'done')).toBe(upper.replace('- [ ] T003', '- [X] T003'));
    const mixed = upper.replace('- [X] T002', '- [x] T002');
    // One x, one X: a tie goes to the lowercase x.
    expect(setTaskState(mixed, 'T003', 'done')).toBe(mixed.replace('- [ ] T003', '- [x] T003'));
  });

  it('marks a running Kiro task [-], as the Kiro IDE does', () => {
    const kiro = ['# Implementation Plan', '', '- [ ] 1. Set up the project', '  - _Requirements: 1.1_', '', '- [ ] 2. Build it', ''].join(
      '\n',
    );
    const out = setTaskState(kiro, '2', 'in-progress', { path: '.kiro/specs/x/tasks.md' });
    expect(out).toBe(kiro.replace('- [ ] 2.', '- [-] 2.'));
    expect(stateOf(out, '2')).toBe('in-progress');
  });

  it('preserves CRLF line endings, a BOM, trailing spaces and a missing final newline', () => {
    const text = '\uFEFF# Tasks\r\n\r\n## Phase 1: Setup\r\n\r\n- [ ] T001 First   \r\n- [ ] T002 Second  ';
    const out = setTaskState(text, 'T002', 'done', { path: PATH });
    expect(out).toBe('\uFEFF# Tasks\r\n\r\n## Phase 1: Setup\r\n\r\n- [ ] T001 First   \r\n- [x] T002 Second  ');
    const first = setTaskState(text, 'T001', 'failed', { path: PATH });
    expect(differences(text, first)).toEqual([text.indexOf('[ ] T001') + 1]);
  });

  it('names the file when the task does not exist', () => {
    expect(() => setTaskState(speckit, 'T999', 'done', { path: PATH })).toThrow(
      new TaskWriteError('unknown-task', `T999 is not a task in ${PATH}`),
    );
  });

  it('refuses a duplicate ID, naming both lines', () => {
    const duplicated = `${speckit}- [ ] T001 Again\n`;
    let error: unknown;
    try {
      setTaskState(duplicated, 'T001', 'done', { path: PATH });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskWriteError);
    expect((error as TaskWriteError).code).toBe('duplicate-id');
    expect((error as TaskWriteError).message).toContain(`T001 is the ID of more than one task in ${PATH} (lines 5 and 8)`);
  });

  it('refuses a document that does not belong to the text', () => {
    const doc = parseTasksMd(speckit, { path: PATH });
    expect(() => setTaskState(`\n${speckit}`, 'T001', 'done', { doc })).toThrow(/stale|not where/);
  });
});

describe('markerFor', () => {
  it("uses the file's own legend when it gives a state another marker", () => {
    const doc = taskDoc().phase('1').task('T001').build();
    doc.legend = { ...doc.legend, '-': 'blocked', B: 'blocked', '>': 'in-progress' };
    expect(markerFor(doc, 'blocked')).toBe('-');
    expect(markerFor(doc, 'in-progress')).toBe('>');
  });

  it('uses a marker the legend gives a state we have no marker of our own for', () => {
    const doc = taskDoc().phase('1').task('T001').build();
    doc.legend = { ' ': 'pending', x: 'done', '?': 'queued' };
    expect(markerFor(doc, 'queued')).toBe('?');
  });

  it('refuses a state the file has no marker for', () => {
    const doc = taskDoc().phase('1').task('T001').build();
    doc.legend = { ' ': 'pending', x: 'done' };
    expect(() => markerFor(doc, 'failed')).toThrow(`${doc.path} has no checkbox marker for the state 'failed'`);
  });
});
