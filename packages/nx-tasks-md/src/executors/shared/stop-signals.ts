const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** After a stop signal, the runners' trees are killed and the boxes reset; never hang longer than this. */
const STOP_DEADLINE_MS = 15_000;
/** How long a runner's death by a stop signal waits for the stop to reach this process. */
export const STOP_SETTLE_MS = 2_000;
/** 128 + SIGHUP, SIGINT, SIGTERM: a shell (or an agent that handles the signal) ended by a stop. */
const STOP_EXIT_CODES = new Set([129, 130, 143]);

/** How often the parent (Nx) is checked for. */
const PARENT_POLL_MS = 250;

/**
 * A stop signal aborts `controller` (runners stop, boxes go back to `[ ]`), and so does the death of
 * the parent process: Nx 22, sent SIGINT alone (a CI cancel), exits before its tree kill reaches a
 * batch process, which is left an orphan with nobody to report to. Returns the unsubscribe.
 */
export function onStopSignals(controller: AbortController): () => void {
  const onSignal = () => {
    if (controller.signal.aborted) return;
    controller.abort();
    setTimeout(() => process.exit(130), STOP_DEADLINE_MS).unref();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) onSignal();
  }, PARENT_POLL_MS);
  watch.unref();
  return () => {
    clearInterval(watch);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}

/** Runs `body` with an AbortSignal that a stop (see onStopSignals) fires, e.g. to stop a gate's command tree. */
export async function withStopSignal<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stopListening = onStopSignals(controller);
  try {
    return await body(controller.signal);
  } finally {
    stopListening();
  }
}

/** Whether a runner that this process did not stop (no timeout, no abort) ended the way a stop signal ends it. */
export function endedLikeAStop(run: { signal: string | null; exitCode: number | null; timedOut: boolean; aborted: boolean }): boolean {
  if (run.timedOut || run.aborted) return false;
  return run.signal !== null
    ? (SIGNALS as readonly string[]).includes(run.signal)
    : run.exitCode !== null && STOP_EXIT_CODES.has(run.exitCode);
}

/**
 * Whether the run is being stopped, when a runner has just died of a stop signal this process did
 * not send. Nx stops a task's process tree leaves first (SIGTERM, for a stop signal to nx, Ctrl-C in
 * its terminal UI, a CI cancel): the runner dies, and this process is signalled only once its
 * children are gone, a few hundred milliseconds later. True as soon as the stop reaches this
 * process (`signal` aborts: see onStopSignals); false after `ms` without it: the runner was killed
 * by someone else, or exited 143 on its own, and that is a failure.
 */
export function stopFollows(signal: AbortSignal, ms = STOP_SETTLE_MS): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(true);
    const finish = (stopping: boolean) => {
      clearTimeout(deadline);
      signal.removeEventListener('abort', onAbort);
      resolve(stopping);
    };
    const onAbort = () => finish(true);
    const deadline = setTimeout(() => finish(false), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
