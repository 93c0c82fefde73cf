import { parseTasksMd } from '../parse/parse-tasks-md';
import type { Task, TaskDocument, TaskState } from '../model';
import { setTaskState } from './set-task-state';
import { getTaskNote, setTaskNote } from './task-note';
import { TaskWriteError } from './task-write-error';
import { describeCorpus, readCorpusFile } from '../testing/corpus';

const STATES: TaskState[] = ['pending', 'in-progress', 'done', 'failed', 'skipped', 'blocked'];

const loaded = new Map<string, { text: string; doc: TaskDocument; unique: Task[] }>();

/** The file, its parse and its tasks whose ID is unique; parsed once per file (parsing is the slow part). */
function load(file: string): { text: string; doc: TaskDocument; unique: Task[] } {
  const cached = loaded.get(file);
  if (cached) return cached;
  const text = readCorpusFile(file);
  const doc = parseTasksMd(text, { path: file });
  const count = new Map<string, number>();
  for (const t of doc.tasks) count.set(t.id, (count.get(t.id) ?? 0) + 1);
  const result = { text, doc, unique: doc.tasks.filter((t) => count.get(t.id) === 1) };
  loaded.set(file, result);
  return result;
}

/** Positions at which two equally long strings differ. */
function differences(a: string, b: string): number[] {
  if (a.length !== b.length) throw new Error(`length changed from ${a.length} to ${b.length}`);
  const at: number[] = [];
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) at.push(i);
  return at;
}

function canWrite(doc: TaskDocument, state: TaskState): boolean {
  return Object.values(doc.legend).includes(state);
}

describeCorpus('writer on every corpus file', (FILES) => {
  it.each(FILES)('%s: each state changes exactly the one checkbox character and reads back', (file) => {
    const { text, doc, unique } = load(file);
    const states = STATES.filter((s) => canWrite(doc, s));
    // Every task in every state, one at a time: exactly its checkbox character changes, or nothing
    // when it is in that state already.
    for (const state of states) {
      for (const task of unique) {
        const changed = differences(text, setTaskState(text, task.id, state, { doc }));
        expect({ id: task.id, state, changed }).toEqual({
          id: task.id,
          state,
          changed: task.state === state ? [] : [task.checkbox.offset],
        });
      }
    }
    // The marker written for a state depends on the file and the state only, so one text in which
    // the tasks take turns through the states checks, when parsed again, that each marker reads back.
    let mixed = text;
    unique.forEach((task, i) => {
      const out = setTaskState(text, task.id, states[i % states.length], { doc });
      mixed = mixed.slice(0, task.checkbox.offset) + out[task.checkbox.offset] + mixed.slice(task.checkbox.offset + 1);
    });
    const reread = parseTasksMd(mixed, { path: file });
    expect(reread.tasks.map((t) => t.id)).toEqual(doc.tasks.map((t) => t.id));
    const byId = new Map(reread.tasks.map((t) => [t.id, t]));
    unique.forEach((task, i) =>
      expect({ id: task.id, state: byId.get(task.id)!.state }).toEqual({ id: task.id, state: states[i % states.length] }),
    );
  });

  it.each(FILES)('%s: the whole path (parse, write, parse again) ticks a task', (file) => {
    const { text, unique } = load(file);
    const task = unique[Math.floor(unique.length / 2)];
    if (!task) return;
    const target: TaskState = task.state === 'done' ? 'failed' : 'done';
    const out = setTaskState(text, task.id, target, { path: file });
    expect(parseTasksMd(out, { path: file }).tasks.find((t) => t.id === task.id)!.state).toBe(target);
  });

  it.each(FILES)('%s: duplicate IDs are refused', (file) => {
    const { text, doc, unique } = load(file);
    const duplicated = doc.tasks.filter((t) => !unique.includes(t));
    for (const task of duplicated) {
      expect(() => setTaskState(text, task.id, 'done', { doc })).toThrow(TaskWriteError);
    }
  });

  it.each(FILES)('%s: a note under every task leaves the tasks as they were, and goes away without a trace', (file) => {
    const { text, doc, unique } = load(file);
    const lines = text.split(/\r\n|\r|\n/);
    const listed = unique.filter((t) => /^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[/.test(lines[t.line - 1]));
    // All notes at once, from the last task to the first so that each insertion leaves the earlier
    // lines where they were; parsed once at the end (verifying each insertion would parse per task).
    let noted = text;
    for (const task of [...listed].sort((a, b) => b.line - a.line)) {
      noted = setTaskNote(noted, task.id, `failed: ${task.id} -- check the log`, { doc, verify: false });
    }
    const reread = parseTasksMd(noted, { path: file });
    const summary = (t: Task) => ({
      id: t.id,
      state: t.state,
      description: t.description,
      parent: t.parent,
      phase: t.phase,
      files: t.files,
    });
    expect(reread.tasks.map((t) => t.id)).toEqual(doc.tasks.map((t) => t.id));
    const changed = doc.tasks.filter((t, i) => JSON.stringify(summary(t)) !== JSON.stringify(summary(reread.tasks[i])));
    // Where a note does change a task (markdown that CommonMark reads as one paragraph), the
    // verifying write refuses it instead.
    for (const task of changed) {
      expect(() => setTaskNote(text, task.id, 'failed: x', { doc })).toThrow(expect.objectContaining({ code: 'note-changes-plan' }));
    }
    expect(changed.length).toBeLessThanOrEqual(listed.length / 4);
    for (const task of listed) expect(getTaskNote(noted, task.id, { doc: reread })).toBe(`failed: ${task.id} — check the log`);

    let cleaned = noted;
    const rereadByLine = reread.tasks.filter((t) => listed.some((l) => l.id === t.id)).sort((a, b) => b.line - a.line);
    for (const task of rereadByLine) cleaned = setTaskNote(cleaned, task.id, null, { doc: reread });
    expect(cleaned === text).toBe(true);
  });
});
