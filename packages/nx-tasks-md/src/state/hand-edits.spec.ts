import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheckboxTask } from '../executors/task/run-checkbox-task';
import { setTaskState } from '../writer';
import { updateFeature } from './locked-update';
import { featurePaths } from './paths';

/**
 * An editor writes tasks.md without taking our lock. An update that read the file before the
 * editor saved must not put the old text back, and a file read in the middle of a save must not
 * make a task look missing.
 */
const TASKS_FILE = 'specs/001-x/tasks.md';
const plan = (count: number) =>
  ['# Tasks', '', '## Phase 1: Setup', '']
    .concat(
      Array.from({ length: count }, (_, i) => [
        `- [ ] T${String(i + 1).padStart(3, '0')} Write out/t${i + 1}.txt`,
        '  ```sh',
        `  mkdir -p out && echo ${i + 1} > out/t${i + 1}.txt`,
        '  ```',
      ]).flat(),
    )
    .concat([''])
    .join('\n');

describe('hand edits while an update runs', () => {
  let root: string;
  const paths = () => featurePaths(root, TASKS_FILE);
  const tasks = () => fs.readFileSync(paths().tasksFile, 'utf8');
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-hand-'));
    fs.mkdirSync(path.join(root, 'specs/001-x'), { recursive: true });
    fs.writeFileSync(path.join(root, TASKS_FILE), plan(4));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps an edit saved between the read and the write, and applies its own change to it', async () => {
    let calls = 0;
    await updateFeature(paths(), ({ tasksText }) => {
      if (++calls === 1) {
        // The user saves the file (a line added, a box ticked) while the update computes.
        const edited = setTaskState(tasksText, 'T003', 'done') + '- [ ] T005 Added by hand\n';
        fs.writeFileSync(paths().tasksFile, edited);
      }
      return { tasksText: setTaskState(tasksText, 'T001', 'done') };
    });
    expect(calls).toBe(2);
    const text = tasks();
    expect(text).toContain('- [x] T001 ');
    expect(text).toContain('- [x] T003 ');
    expect(text).toContain('- [ ] T005 Added by hand\n');
    expect(text).toContain('- [ ] T002 ');
  });

  it('sees a box ticked and a line added by hand while the task ran, and keeps them', async () => {
    // T001 takes a moment, and meanwhile "the user" ticks T002 and adds a line (sed -i: a rename).
    const text = plan(3).replace(
      'mkdir -p out && echo 1 > out/t1.txt',
      "sleep 0.3 && sed -i -e 's/^- \\[ \\] T002/- [x] T002/' -e '$a hand line' specs/001-x/tasks.md && mkdir -p out && echo 1 > out/t1.txt",
    );
    fs.writeFileSync(paths().tasksFile, text);
    const out: string[] = [];
    const run = (taskId: string) =>
      runCheckboxTask({
        workspaceRoot: root,
        tasksFile: TASKS_FILE,
        taskId,
        projectName: 'feature-001',
        runnerSettings: {},
        includeOptional: false,
        dryRun: false,
        commit: false,
        print: (line) => out.push(line),
        printError: (line) => out.push(line),
      });
    expect(await run('T001')).toEqual({ success: true, outcome: 'done' });
    expect(tasks()).toContain('- [x] T001 ');
    expect(tasks()).toContain('- [x] T002 ');
    expect(tasks()).toMatch(/hand line\n$/);
    // The progress line counts the hand-ticked task: the analysis saw the edit.
    expect(out.join('\n')).toMatch(/T001 done \(2\/3/);
    expect(await run('T002')).toMatchObject({ outcome: 'already-done' });
  });

  it('does not take a file caught mid-save for one without the task', async () => {
    fs.writeFileSync(paths().tasksFile, plan(60));
    const full = plan(60);
    // An editor that truncates the file, writes half of it, pauses, then writes the rest.
    const editor = spawn(process.execPath, [
      '-e',
      `const fs = require('fs');
       const [file, text] = process.argv.slice(1);
       const fd = fs.openSync(file, 'w');
       fs.writeSync(fd, text.slice(0, text.length >> 1));
       fs.writeFileSync(file + '.half', '');
       setTimeout(() => { fs.writeSync(fd, text.slice(text.length >> 1)); fs.closeSync(fd); }, 400);`,
      paths().tasksFile,
      full,
    ]);
    const exited = new Promise((resolve) => editor.on('exit', resolve));
    while (!fs.existsSync(`${paths().tasksFile}.half`)) await new Promise((r) => setTimeout(r, 5));
    const out: string[] = [];
    const result = await runCheckboxTask({
      workspaceRoot: root,
      tasksFile: TASKS_FILE,
      taskId: 'T058',
      projectName: 'feature-001',
      runnerSettings: {},
      includeOptional: false,
      dryRun: false,
      commit: false,
      print: (line) => out.push(line),
      printError: (line) => out.push(line),
    });
    await exited;
    fs.rmSync(`${paths().tasksFile}.half`);
    expect(out.join('\n')).not.toMatch(/is not a task/);
    expect(result).toEqual({ success: true, outcome: 'done' });
    // The second half of the editor's save is there: nothing of it was overwritten.
    expect(tasks().split('\n').length).toBe(full.split('\n').length);
    expect(tasks()).toContain('- [ ] T060 ');
    expect(tasks()).toContain('- [x] T058 ');
  });
});
