/**
 * A stand-in AI agent CLI for tests: an executable `fake-agent` in a temporary bin folder, to be
 * put first on PATH. Every run appends `start`/`end` records (task ID, argv, pid, time) to a JSONL
 * file, sleeps a little so parallel runs overlap, writes each file the task names (TASK_FILES),
 * and exits 0. Environment switches: FAKE_AGENT_FAIL / FAKE_AGENT_PHANTOM (comma-separated task IDs
 * that exit 3 / succeed without writing their files), FAKE_AGENT_SLEEP_MS, FAKE_AGENT_HANG (IDs
 * that sleep for a minute, to be killed), FAKE_AGENT_APPEND (any value: read each file at the start
 * and write it back with the task ID line appended, as an agent editing a file does).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const SCRIPT = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const records = process.env.FAKE_AGENT_RECORDS;
const id = process.env.TASK_ID;
const list = (name) => (process.env[name] || '').split(',').filter(Boolean);
const record = (event) => fs.appendFileSync(records, JSON.stringify({ ...event, id, pid: process.pid, t: Date.now() }) + '\\n');
record({ event: 'start', argv: process.argv.slice(2), files: (process.env.TASK_FILES || '').split('\\n').filter(Boolean) });
const sleep = list('FAKE_AGENT_HANG').includes(id) ? 60000 : Number(process.env.FAKE_AGENT_SLEEP_MS || 300);
// An agent edits what it read at the start: with FAKE_AGENT_APPEND it writes that back plus its line.
const targets = (process.env.TASK_FILES || '').split('\\n').filter(Boolean).map((file) => path.resolve(file))
  .filter((target) => target.startsWith(process.cwd() + path.sep)); // a well-behaved agent stays inside
const read = new Map(targets.map((t) => [t, process.env.FAKE_AGENT_APPEND && fs.existsSync(t) ? fs.readFileSync(t, 'utf8') : '']));
setTimeout(() => {
  if (!list('FAKE_AGENT_PHANTOM').includes(id)) {
    for (const target of targets) {
      if (fs.existsSync(target) && fs.statSync(target).isDirectory()) continue; // a folder it names is there
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, read.get(target) + id + '\\n');
    }
  }
  const failed = list('FAKE_AGENT_FAIL').includes(id);
  if (failed) console.error(id + ': fake agent failing on purpose');
  else console.log(id + ': fake agent done');
  record({ event: 'end', code: failed ? 3 : 0 });
  process.exit(failed ? 3 : 0);
}, sleep);
`;

export interface AgentRecord {
  event: 'start' | 'end';
  id: string;
  pid: number;
  t: number;
  argv?: string[];
  files?: string[];
  code?: number;
}

export interface FakeAgent {
  /** Environment for nx calls: PATH with the agent first, and where it records. */
  env: Record<string, string>;
  records(): AgentRecord[];
  /** Task IDs in the order their runs started. */
  started(): string[];
  clear(): void;
  cleanup(): void;
}

export function createFakeAgent(): FakeAgent {
  const dir = mkdtempSync(join(tmpdir(), 'nx-tasks-md-agent-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'fake-agent'), SCRIPT);
  chmodSync(join(bin, 'fake-agent'), 0o755);
  const file = join(dir, 'records.jsonl');
  const records = (): AgentRecord[] =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line))
      : [];
  return {
    env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, FAKE_AGENT_RECORDS: file },
    records,
    started: () =>
      records()
        .filter((r) => r.event === 'start')
        .map((r) => r.id),
    clear: () => rmSync(file, { force: true }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Plugin options that run every task without a command of its own with the fake agent. */
export const FAKE_AGENT_PLUGIN_OPTIONS = {
  runner: 'fake',
  runners: { fake: { command: ['fake-agent', '--task', '{id}', '{prompt}'] } },
};
