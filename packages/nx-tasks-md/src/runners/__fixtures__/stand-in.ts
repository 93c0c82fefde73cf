import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PassThrough } from 'node:stream';

export interface Recording {
  name: string;
  argv: string[];
  stdin: string;
  cwd: string;
  env: Record<string, string>;
}

/**
 * A temporary workspace with a bin/ folder of stand-in agent CLIs. Each stand-in records its argv,
 * stdin, cwd and TASK_* environment to records/<name>.json and exits with $STANDIN_EXIT (default 0).
 */
export class StandInWorkspace {
  readonly root = mkdtempSync(join(tmpdir(), 'nx-tasks-md-runners-'));
  readonly bin = join(this.root, '.bin');
  readonly records = join(this.root, '.records');
  readonly logs = join(this.root, '.logs');
  readonly sink = new PassThrough();

  constructor() {
    mkdirSync(this.bin);
    mkdirSync(this.records);
    this.sink.resume();
  }

  addAgent(name: string): this {
    const script = `#!${process.execPath}
const fs = require('fs');
const path = require('path');
let stdin = '';
try { stdin = fs.readFileSync(0, 'utf8'); } catch {}
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) =>
  /^(TASK_|FEATURE_DIR$|TASKS_FILE$|WORKSPACE_ROOT$|RUNNER_)/.test(k)));
const record = { name: ${JSON.stringify(name)}, argv: process.argv.slice(2), stdin, cwd: process.cwd(), env };
fs.writeFileSync(path.join(${JSON.stringify(this.records)}, ${JSON.stringify(name)} + '.json'), JSON.stringify(record));
process.stdout.write('stand-in ' + ${JSON.stringify(name)} + ' ran\\n');
process.exit(Number(process.env.STANDIN_EXIT || 0));
`;
    const file = join(this.bin, name);
    writeFileSync(file, script);
    chmodSync(file, 0o755);
    return this;
  }

  recording(name: string): Recording {
    return JSON.parse(readFileSync(join(this.records, `${name}.json`), 'utf8'));
  }

  hasRecording(name: string): boolean {
    return existsSync(join(this.records, `${name}.json`));
  }

  /** Environment for runTask: the stand-ins first on PATH. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { PATH: `${this.bin}${delimiter}${process.env.PATH ?? ''}`, ...extra };
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  write(relative: string, content: string): void {
    const file = this.path(relative);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Alive and not a zombie (a container's PID 1 may never reap orphans). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Polls a condition (no timing assertion: the deadline only bounds a hang). */
export async function eventually(condition: () => boolean, limitMs = 3_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}
