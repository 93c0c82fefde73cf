import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';

/**
 * Runs one program in its own process group and stops the whole group (the program and everything
 * it started) on timeout or abort: SIGTERM, then SIGKILL after a grace period. When the program
 * exits on its own, whatever it left running in its group is stopped the same way, so nothing a
 * task started outlives it and its output pipes close.
 */

export interface SpawnSpec {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, then stdin is closed. Without it stdin is /dev/null. */
  input?: string;
}

export interface SpawnControls {
  timeoutMs?: number;
  signal?: AbortSignal;
  killGraceMs?: number;
  stdout: Writable;
  stderr: Writable;
  log: Writable;
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

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (USE_PROCESS_GROUPS) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export function spawnTree(spec: SpawnSpec, controls: SpawnControls): Promise<SpawnOutcome> {
  const grace = controls.killGraceMs ?? 2000;
  return new Promise((resolve) => {
    if (controls.signal?.aborted) {
      resolve({ exitCode: null, signal: null, timedOut: false, aborted: true });
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(spec.file, spec.args, {
        cwd: spec.cwd,
        env: spec.env,
        detached: USE_PROCESS_GROUPS,
        stdio: [spec.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      resolve({ exitCode: null, signal: null, timedOut: false, aborted: false, spawnError: error as NodeJS.ErrnoException });
      return;
    }

    if (USE_PROCESS_GROUPS && child.pid !== undefined) controls.onProcessGroup?.(child.pid);

    let timedOut = false;
    let aborted = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms));

    let stopping = false;
    const stopGroup = () => {
      if (stopping) return;
      stopping = true;
      signalGroup(child, 'SIGTERM');
      later(grace, () => signalGroup(child, 'SIGKILL'));
    };
    const onAbort = () => {
      if (exited) return;
      aborted = true;
      stopGroup();
    };

    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      controls.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode: code, signal, timedOut, aborted, spawnError });
    };

    const forward = (target: Writable) => (chunk: Buffer) => {
      target.write(chunk);
      controls.log.write(chunk);
    };
    child.stdout?.on('data', forward(controls.stdout));
    child.stderr?.on('data', forward(controls.stderr));
    if (spec.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // EPIPE when the program does not read stdin
      child.stdin.end(spec.input);
    }

    controls.signal?.addEventListener('abort', onAbort, { once: true });
    if (controls.timeoutMs && controls.timeoutMs > 0) {
      later(controls.timeoutMs, () => {
        if (exited) return;
        timedOut = true;
        stopGroup();
      });
    }

    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
      if (child.pid === undefined) finish(null, null);
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      stopGroup();
      // A grandchild that left the group could keep our pipes open forever; stop waiting for them.
      later(grace * 2, () => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal);
      });
    });
    child.on('close', (code, signal) => finish(exited?.code ?? code, exited?.signal ?? signal));
  });
}
