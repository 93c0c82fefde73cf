import type { Writable } from 'node:stream';
import { findOnPath, spawnTree, type OutputSink } from '../runners/process-tree';
import type { GateCommand } from './config';

export interface GateCommandIo {
  workspaceRoot: string;
  env: NodeJS.ProcessEnv;
  /** The gate's log file; every command's output and outcome is appended. */
  log: Writable;
  stdout?: Writable;
  stderr?: Writable;
  signal?: AbortSignal;
  killGraceMs?: number;
}

export interface GateCommandOutcome {
  command: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
  outputTail: string;
  /**
   * Why the command did not run to an exit code of its own (not found, not executable, timed out,
   * killed, interrupted); undefined when it did.
   */
  notRun?: string;
}

const TAIL_LINES = 40;
const TAIL_CHARS = 4000;

// eslint-disable-next-line no-control-regex -- ESC (U+001B) starts every terminal colour code
const COLOUR_CODES = /\x1b\[[0-9;]*[A-Za-z]/g;

/** The last lines of everything a command printed (bounded, for the state file and the report). */
class OutputTail {
  private text = '';
  add(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-TAIL_CHARS * 2);
  }
  toString(): string {
    const lines = this.text.replace(COLOUR_CODES, '').replace(/\r\n?/g, '\n').trimEnd().split('\n');
    return lines.slice(-TAIL_LINES).join('\n').slice(-TAIL_CHARS);
  }
}

function tee(target: Writable, tail: OutputTail): OutputSink {
  return {
    write(chunk: Buffer) {
      tail.add(chunk);
      return target.write(chunk);
    },
  };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}

/**
 * Runs one gate command with `bash -c` (else `sh -c`) in the workspace root, in its own process
 * group (a timeout or an interrupt stops everything it started), streaming its output to the
 * terminal and the log.
 */
export async function runGateCommand(gate: GateCommand, io: GateCommandIo): Promise<GateCommandOutcome> {
  const tail = new OutputTail();
  const startedAt = new Date();
  io.log.write(`$ ${gate.command}\n`);
  (io.stdout ?? process.stdout).write(`$ ${gate.command}\n`);
  const outcome = await spawnTree(
    { file: findOnPath('bash', io.env.PATH) ?? 'sh', args: ['-c', gate.command], cwd: io.workspaceRoot, env: io.env },
    {
      timeoutMs: gate.timeoutMs || undefined,
      signal: io.signal,
      killGraceMs: io.killGraceMs,
      stdout: tee(io.stdout ?? process.stdout, tail),
      stderr: tee(io.stderr ?? process.stderr, tail),
      log: io.log,
    },
  );
  const endedAt = new Date();
  const durationMs = endedAt.getTime() - startedAt.getTime();
  let notRun: string | undefined;
  if (outcome.spawnError) notRun = `could not start a shell: ${outcome.spawnError.message}`;
  else if (outcome.aborted) notRun = 'interrupted';
  else if (outcome.timedOut) notRun = `timed out after ${formatMs(gate.timeoutMs)}; its process tree was stopped`;
  else if (outcome.exitCode === null) notRun = `killed by ${outcome.signal ?? 'a signal'}`;
  else if (outcome.exitCode === 127) notRun = 'command not found (exit code 127)';
  else if (outcome.exitCode === 126) notRun = 'command not executable (exit code 126)';
  io.log.write(`# ${notRun ?? `exit code ${outcome.exitCode}`} after ${formatMs(durationMs)}\n`);
  return {
    command: gate.command,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    timedOut: outcome.timedOut,
    aborted: outcome.aborted,
    startedAt,
    endedAt,
    durationMs,
    outputTail: tail.toString(),
    ...(notRun ? { notRun } : {}),
  };
}
