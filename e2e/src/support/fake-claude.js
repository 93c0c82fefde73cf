#!/usr/bin/env node
// Stand-in for the `claude` CLI (Claude Code), installed on PATH by the e2e tests. nx-tasks-md's
// `claude` preset runs `claude -p --dangerously-skip-permissions <prompt>` in the workspace root with
// TASK_ID, TASK_FILES (one path per line) and more in the environment. This script appends one
// JSON line per call (argv, cwd, TASK_ID, files) to $FAKE_CLAUDE_LOG, then writes every file the
// task names, as an agent doing the task would. Switches (comma-separated task IDs):
// FAKE_CLAUDE_FAIL makes those tasks exit 1 without writing; FAKE_CLAUDE_HANG makes them wait to be
// stopped (a long-running agent to interrupt). FAKE_CLAUDE_WRITE_BACK=<ms> makes every task read each
// file, wait that long and write it back with a line of its own appended (as an agent editing a
// file does: two such agents on one file at once lose an edit). FAKE_CLAUDE_TICK makes those tasks
// tick their own box in tasks.md (TASKS_FILE), as agents told to "mark the task done" do.
const fs = require('node:fs');
const path = require('node:path');

const id = process.env.TASK_ID || '';
const files = (process.env.TASK_FILES || '').split('\n').filter(Boolean);
const listed = (name) =>
  (process.env[name] || '')
    .split(',')
    .map((s) => s.trim())
    .includes(id);
const record = (event, extra = {}) =>
  fs.appendFileSync(
    process.env.FAKE_CLAUDE_LOG,
    JSON.stringify({ event, id, project: process.env.NX_TASK_TARGET_PROJECT, pid: process.pid, ...extra }) + '\n',
  );

record('start', { argv: process.argv.slice(2), cwd: process.cwd(), files });

if (listed('FAKE_CLAUDE_HANG')) {
  // Waits to be stopped; gives up after two minutes so a failed test leaves nothing behind.
  setTimeout(() => process.exit(2), 120_000);
  return;
}
if (listed('FAKE_CLAUDE_FAIL')) {
  console.error(`${id}: the model gave up (FAKE_CLAUDE_FAIL)`);
  record('end', { code: 1 });
  process.exit(1);
}
const text = process.env.TASK_TEXT || '';
const contentFor = (file) => {
  // Valid content per kind: Nx itself reads some of these files (tsconfig.json, package.json).
  if (file.endsWith('.json')) return JSON.stringify({ description: `${id}: ${text}` }, null, 2) + '\n';
  if (file.endsWith('.md')) return `# ${id}\n\n${text}\n`;
  return `// ${id}: ${text}\n`;
};
const writeBack = Number(process.env.FAKE_CLAUDE_WRITE_BACK || 0);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
for (const file of files) {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (writeBack > 0) {
    const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    sleep(writeBack);
    fs.writeFileSync(target, `${before}// ${id}: ${text}\n`);
  } else {
    fs.writeFileSync(target, contentFor(file));
  }
}
if (listed('FAKE_CLAUDE_TICK') && process.env.TASKS_FILE) {
  const tasksFile = path.resolve(process.env.TASKS_FILE);
  const ticked = fs.readFileSync(tasksFile, 'utf8').replace(new RegExp(`^(\\s*- )\\[[ >]\\]( ${id}\\b)`, 'm'), '$1[x]$2');
  fs.writeFileSync(tasksFile, ticked);
}
console.log(`${id}: wrote ${files.join(', ')}`);
record('end', { code: 0 });
