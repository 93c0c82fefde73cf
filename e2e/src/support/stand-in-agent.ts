/**
 * The stand-in agent CLI: `fake-claude.js` installed as `claude` in a temporary bin folder that the
 * tests put first on PATH, so nx-tasks-md's `claude` preset runs it exactly as it would run Claude
 * Code. Every call is appended to a JSON-lines log outside the workspace.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface AgentCall {
  event: 'start' | 'end';
  /** TASK_ID as the agent saw it. */
  id: string;
  /** NX_TASK_TARGET_PROJECT, the feature project that ran the task. */
  project: string;
  pid: number;
  argv?: string[];
  cwd?: string;
  files?: string[];
  code?: number;
}

export interface StandInAgent {
  /** PATH with the stand-in first, and where it logs; switches (FAKE_CLAUDE_FAIL, ...) go on top. */
  env(): Record<string, string>;
  /** Every record since the last clear, in the order they were written. */
  records(): AgentCall[];
  /** `project:taskId` of every call, in the order the calls started. */
  calls(): string[];
  clear(): void;
  /** Stops stand-ins that are still running (a hanging one left behind by a failed test). */
  stopAll(): void;
}

export function installStandInAgent(dir: string): StandInAgent {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  copyFileSync(join(__dirname, 'fake-claude.js'), join(bin, 'claude'));
  chmodSync(join(bin, 'claude'), 0o755);
  const log = join(dir, 'claude-calls.jsonl');
  const script = join(bin, 'claude');
  // A recorded pid is only ours while that process still runs this script (pids get reused).
  const isStandIn = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(script);
    } catch {
      return false;
    }
  };
  const records = (): AgentCall[] =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as AgentCall)
      : [];
  return {
    env: () => ({ PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, FAKE_CLAUDE_LOG: log }),
    records,
    calls: () =>
      records()
        .filter((r) => r.event === 'start')
        .map((r) => `${r.project}:${r.id}`),
    clear: () => rmSync(log, { force: true }),
    stopAll() {
      const ended = new Set(
        records()
          .filter((r) => r.event === 'end')
          .map((r) => r.pid),
      );
      for (const record of records()) {
        if (record.event !== 'start' || ended.has(record.pid) || !isStandIn(record.pid)) continue;
        try {
          process.kill(record.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}

/** Whether a process still exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
