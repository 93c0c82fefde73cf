import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type * as Execa from 'execa';
import type { ExecaError, Result } from 'execa';

/** Loaded on the first spawn: the pre-run hook imports the runners on every `nx run` (~150 modules). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadExeca = () => require('execa') as typeof Execa;

/**
 * Runs one program in its own process group and stops the whole group (the program and everything
 * it started) on timeout or abort: SIGTERM, then SIGKILL after a grace period. When the program
 * exits on its own, whatever it left running in its group is stopped the same way, so nothing a
 * task started outlives it and its output pipes close.
 *
 * execa starts the program, feeds its stdin and reports how it ended. Its `timeout`,
 * `cancelSignal` and `forceKillAfterDelay` signal the program alone, not its group, so stopping
 * is done here: `process.kill(-pgid)` reaches the grandchildren too.
 */

export interface SpawnSpec {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, then stdin is closed. Without it stdin is /dev/null. */
  input?: string;
}

/** Where output goes: a stream, or anything else that takes chunks. */
export interface OutputSink {
  write(chunk: Buffer): unknown;
}

export interface SpawnControls {
  timeoutMs?: number;
  signal?: AbortSignal;
  killGraceMs?: number;
  stdout: OutputSink;
  stderr: OutputSink;
  log: OutputSink;
  /** Called once the program runs, with the id of the process group it leads (not on Windows). */
  onProcessGroup?: (pgid: number) => void;
}

export interface SpawnOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  /** The program could not be started (e.g. ENOENT: not on PATH). */
  spawnError?: NodeJS.ErrnoException;
}

const USE_PROCESS_GROUPS = process.platform !== 'win32';

/** The first executable `name` in the directories of `envPath`. */
export function findOnPath(name: string, envPath: string | undefined): string | undefined {
  for (const dir of (envPath ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function spawnTree(spec: SpawnSpec, controls: SpawnControls): Promise<SpawnOutcome> {
  if (controls.signal?.aborted) return { exitCode: null, signal: null, timedOut: false, aborted: true };
  const grace = controls.killGraceMs ?? 2000;
  const subprocess = loadExeca().execa(spec.file, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    extendEnv: false,
    detached: USE_PROCESS_GROUPS,
    ...(spec.input === undefined ? { stdin: 'ignore' as const } : { input: spec.input }),
    buffer: false,
    reject: false,
  });
  const pid = subprocess.pid;
  if (USE_PROCESS_GROUPS && pid !== undefined) controls.onProcessGroup?.(pid);

  let timedOut = false;
  let aborted = false;
  let exited = false;
  const timers: NodeJS.Timeout[] = [];
  const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (pid === undefined) return;
    try {
      if (USE_PROCESS_GROUPS) process.kill(-pid, signal);
      else subprocess.kill(signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  let stopping = false;
  const stopGroup = () => {
    if (stopping) return;
    stopping = true;
    signalGroup('SIGTERM');
    later(grace, () => signalGroup('SIGKILL'));
  };
  const onAbort = () => {
    if (exited) return;
    aborted = true;
    stopGroup();
  };
  controls.signal?.addEventListener('abort', onAbort, { once: true });
  if (controls.timeoutMs && controls.timeoutMs > 0) {
    later(controls.timeoutMs, () => {
      if (exited) return;
      timedOut = true;
      stopGroup();
    });
  }

  const forward = (target: OutputSink) => (chunk: Buffer) => {
    target.write(chunk);
    controls.log.write(chunk);
  };
  subprocess.stdout?.on('data', forward(controls.stdout));
  subprocess.stderr?.on('data', forward(controls.stderr));
  subprocess.on('exit', () => {
    exited = true;
    stopGroup();
    // A grandchild that left the group could keep our pipes open forever; stop waiting for them.
    later(grace * 2, () => {
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
    });
  });

  const result: Result | ExecaError = await subprocess;
  timers.forEach(clearTimeout);
  controls.signal?.removeEventListener('abort', onAbort);
  const exitCode = result.exitCode ?? null;
  const signal = (result.signal as NodeJS.Signals | undefined) ?? null;
  const spawnError = exitCode === null && signal === null ? startError(result) : undefined;
  return { exitCode, signal, timedOut, aborted, ...(spawnError ? { spawnError } : {}) };
}

/** Why the program did not start (it has neither an exit code nor a signal). */
function startError(result: Result | ExecaError): NodeJS.ErrnoException | undefined {
  // Not `instanceof Error`: under Jest the error comes from another realm.
  const cause = 'cause' in result ? result.cause : undefined;
  return typeof cause === 'object' && cause !== null && 'message' in cause ? (cause as NodeJS.ErrnoException) : undefined;
}
