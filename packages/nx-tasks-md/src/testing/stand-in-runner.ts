/**
 * A stand-in agent CLI in bash, `stand-in` in a temporary bin folder to put first on PATH: records
 * `start <id> <pid> <ms> <others>` in a file, where <others> counts the stand-ins recorded before it
 * that are still running, sleeps as a child process for STANDIN_SLEEP seconds (default 60), writes
 * the files the task names, records `end <id> <pid> <ms>`. A SIGTERM to the sleep alone makes the
 * script exit 143 (as a wrapper script, or an agent that handles SIGTERM, does).
 * STANDIN_EXIT=<code> exits with that code at once.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const SCRIPT = `#!/usr/bin/env bash
set -e
now() { local t=\${EPOCHREALTIME/[.,]/}; echo "\${t:0:-3}"; }
others=0
if [ -f "$STANDIN_RECORDS" ]; then
  while read -r event _ pid _; do
    [ "$event" = start ] && [ "$pid" != $$ ] || continue
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    case "\${stat##*) }" in Z*|X*) continue ;; esac
    tr '\\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q stand-in && others=$((others + 1))
  done < "$STANDIN_RECORDS"
fi
echo "start $TASK_ID $$ $(now) $others" >> "$STANDIN_RECORDS"
if [ -n "$STANDIN_EXIT" ]; then exit "$STANDIN_EXIT"; fi
sleep "\${STANDIN_SLEEP:-60}"
printf '%s\\n' "$TASK_FILES" | while IFS= read -r file; do
  [ -n "$file" ] || continue
  mkdir -p "$(dirname "$file")"
  echo "$TASK_ID" > "$file"
done
echo "end $TASK_ID $$ $(now)" >> "$STANDIN_RECORDS"
`;

export interface StandInEvent {
  event: 'start' | 'end';
  id: string;
  pid: number;
  t: number;
  /** At a start: how many stand-ins that started before were still running. */
  others?: number;
}

export interface StandInRunner {
  /** PATH with the stand-in first, and where it records. */
  env: Record<string, string>;
  /** Plugin options that run every task with the stand-in. */
  pluginOptions: Record<string, unknown>;
  events(): StandInEvent[];
  clear(): void;
  cleanup(): void;
}

export function createStandInRunner(): StandInRunner {
  const dir = mkdtempSync(join(tmpdir(), 'nx-tasks-md-stand-in-'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'stand-in'), SCRIPT);
  chmodSync(join(dir, 'bin', 'stand-in'), 0o755);
  const records = join(dir, 'records.txt');
  return {
    env: { PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH ?? ''}`, STANDIN_RECORDS: records },
    pluginOptions: { runner: 'stand-in', runners: { 'stand-in': { command: ['stand-in', '{id}'] } } },
    events: () =>
      existsSync(records)
        ? [...readFileSync(records, 'utf8').matchAll(/^(start|end) (\S+) (\d+) (\d+)(?: (\d+))?$/gm)].map((m) => ({
            event: m[1] as 'start' | 'end',
            id: m[2],
            pid: Number(m[3]),
            t: Number(m[4]),
            ...(m[5] === undefined ? {} : { others: Number(m[5]) }),
          }))
        : [],
    clear: () => rmSync(records, { force: true }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Whether a process runs (exists and is not a zombie waiting to be reaped). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    try {
      process.kill(pid, 0);
      return !existsSync('/proc/self');
    } catch {
      return false;
    }
  }
}
